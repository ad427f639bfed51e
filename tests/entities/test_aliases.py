"""The alias table round trip: edit what normalisation wrote, pass it back, and the edit wins over every rule."""
import pandas as pd
import pytest

from entity_rows import canon, canonical_of, mentions
from newslab.entities.names import alias_table, normalize_entities
from newslab.errors import NewslabError

DOCS = {
    "a": ("Donald Trump spoke. Trump left. Smith agreed with John Smith.",
          [("Donald Trump", "PERSON"), ("Trump", "ORG"), ("Smith", "PERSON"), ("John Smith", "PERSON")]),
    "b": ("Jane Smith won. Smith thanked President Trump.", [("Jane Smith", "PERSON"), ("Smith", "PERSON"), ("President Trump", "PERSON")]),
    "c": ("The US praised Bibi.", [("US", "GPE"), ("Bibi", "PERSON")]),
    # a surname resolves corpus-wide only to a full name seen in several documents (issue 22)
    "d": ("Donald Trump flew.", [("Donald Trump", "PERSON")]),
    "e": ("Donald Trump landed.", [("Donald Trump", "PERSON")]),
}


def test_alias_table_lists_every_form_of_merged_entities():
    table = alias_table(canon(DOCS))
    assert list(table.columns) == ["alias", "canonical", "label", "mentions", "documents", "rule", "found"]
    trump = table[table.canonical == "Donald Trump"].set_index("alias")
    assert trump.loc["Trump", "mentions"] == 2 and trump.loc["Trump", "documents"] == 2  # "President Trump" is cleaned to "Trump"
    assert trump.loc["Donald Trump", "rule"] == ""  # the entity's own name is listed too: edit it to rename
    assert set(table.loc[table.alias == "Smith", "canonical"]) == {"John Smith", "Jane Smith"}
    assert "Bibi" not in set(table["alias"])  # nothing merged


def test_edited_alias_table_renames_and_splits(tmp_path):
    ents, texts = mentions(DOCS)
    table = alias_table(normalize_entities(ents, texts))
    table.loc[table.canonical == "Donald Trump", "canonical"] = "Trump, Donald"   # rename an entity
    table.loc[(table.alias == "Smith") & (table.canonical == "Jane Smith"), "canonical"] = "Smith"  # split one merge
    table.to_csv(tmp_path / "aliases.csv", index=False)
    result = normalize_entities(ents, texts, aliases=tmp_path / "aliases.csv")
    assert set(result.loc[result.text.str.contains("Trump"), "canonical"]) == {"Trump, Donald"}
    assert canonical_of(result, "b", "Smith") == {"Smith"}
    assert canonical_of(result, "a", "Smith") == {"John Smith"}  # the other Smith merge is untouched
    assert set(result.loc[result.canonical == "Trump, Donald", "rule"]) == {"user"}
    assert set(result.loc[result.canonical == "Trump, Donald", "found"]) == {"Donald Trump"}
    # the table written after the edit carries it: passing it back again gives the same entities
    again = normalize_entities(ents, texts, aliases=alias_table(result))
    pd.testing.assert_frame_equal(again, result)


def test_hand_written_aliases_match_forms_and_entities():
    aliases = pd.DataFrame({"alias": ["US", "Bibi", "Donald Trump"],
                            "canonical": ["USA", "Benjamin Netanyahu", "President Trump"]})
    result = canon(DOCS, aliases=aliases)
    assert canonical_of(result, "c", "US") == {"USA"}  # over the built-in variant table
    assert canonical_of(result, "c", "Bibi") == {"Benjamin Netanyahu"}
    assert set(result.loc[result.text.str.contains("Trump"), "canonical"]) == {"President Trump"}  # the whole entity


@pytest.mark.parametrize("content, message", [
    ("name,target\nUS,USA\n", "needs the columns alias,canonical"),
    ("alias,canonical\nUS,USA\nus,America\n", "'us' is given two canonical names"),
    ("", "cannot be read as CSV"),
])
def test_bad_alias_tables_name_the_file(tmp_path, content, message):
    path = tmp_path / "my-aliases.csv"
    path.write_text(content)
    with pytest.raises(NewslabError, match=message) as err:
        canon(DOCS, aliases=path)
    assert "my-aliases.csv" in str(err.value)


def test_missing_alias_file_is_named(tmp_path):
    with pytest.raises(NewslabError, match="nowhere.csv: no such file"):
        canon(DOCS, aliases=tmp_path / "nowhere.csv")
