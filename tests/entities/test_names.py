"""Entity normalisation on hand-made Docs and spans: no model needed."""
import pandas as pd
import pytest
import spacy
from spacy.tokens import Span

from newslab.entities.names import alias_table, clean_mention, find_acronym_definitions, normalize_entities

NLP = spacy.blank("en")


def make_doc(text: str, ents: list[tuple[str, str]]):
    """A Doc whose entities are the given (surface, label) pairs, found in order in the text."""
    doc = NLP(text)
    spans, pos = [], 0
    for surface, label in ents:
        start = text.index(surface, pos)
        span = doc.char_span(start, start + len(surface), label=label)
        assert span is not None, surface
        spans.append(span)
        pos = start + len(surface)
    doc.ents = spans
    return doc


def mentions(docs: dict) -> tuple[pd.DataFrame, pd.Series]:
    rows = [
        {"doc_id": d, "sent_idx": 0, "para_idx": 0, "start_char": e.start_char, "end_char": e.end_char,
         "text": e.text, "label": e.label_}
        for d, doc in docs.items() for e in doc.ents
    ]
    return pd.DataFrame(rows), pd.Series({d: doc.text for d, doc in docs.items()})


def canon(docs: dict, **kw) -> pd.DataFrame:
    ents, texts = mentions(docs)
    return normalize_entities(ents, texts, **kw)


def canonical_of(result: pd.DataFrame, doc_id: str, text: str) -> str:
    return result.loc[(result.doc_id == doc_id) & (result.text == text), "canonical"].iloc[0]


@pytest.mark.parametrize("raw, label, clean", [
    ("the United States", "GPE", "United States"),
    ("Iran’s", "GPE", "Iran"),
    ("“Hezbollah”", "ORG", "Hezbollah"),
    ("U.S.", "GPE", "U.S."),
    ("Prime Minister Benjamin Netanyahu", "PERSON", "Benjamin Netanyahu"),
    ("Supreme Leader Ayatollah Ali Khamenei", "PERSON", "Ali Khamenei"),
])
def test_clean_mention(raw, label, clean):
    assert clean_mention(raw, label) == clean


def test_seed_netanyahu_spellings_are_one_person():
    result = canon({
        "toi": make_doc("Prime Minister Benjamin Netanyahu spoke. Later Netanyahu left.",
                        [("Benjamin Netanyahu", "PERSON"), ("Netanyahu", "PERSON")]),
        "debka": make_doc("Binyamin Netanyahu said so. Netanyahu has never referred to war.",
                          [("Binyamin Netanyahu", "PERSON"), ("Netanyahu", "ORG")]),
        "other": make_doc("Benjamin Netanyahu again.", [("Benjamin Netanyahu", "PERSON")]),
    })
    assert set(result["canonical"]) == {"Benjamin Netanyahu"}
    assert set(result["label"]) == {"PERSON"}  # one label, though the model called one mention ORG


def test_surname_resolves_within_document_and_across_only_when_unambiguous():
    result = canon({
        "a": make_doc("John Smith met reporters. Smith said no.", [("John Smith", "PERSON"), ("Smith", "PERSON")]),
        "b": make_doc("Jane Smith won. Smith thanked fans.", [("Jane Smith", "PERSON"), ("Smith", "PERSON")]),
        "c": make_doc("Smith was not named in full here.", [("Smith", "PERSON")]),
        "d": make_doc("Hassan Rouhani travelled.", [("Hassan Rouhani", "PERSON")]),
        "e": make_doc("Rouhani spoke in Paris.", [("Rouhani", "PERSON")]),
    })
    assert canonical_of(result, "a", "Smith") == "John Smith"
    assert canonical_of(result, "b", "Smith") == "Jane Smith"
    assert canonical_of(result, "c", "Smith") == "Smith"  # two Smiths in the corpus: left alone
    assert canonical_of(result, "e", "Rouhani") == "Hassan Rouhani"
    assert result.loc[result.text == "John Smith", "canonical"].iloc[0] != result.loc[result.text == "Jane Smith", "canonical"].iloc[0]


def test_different_first_names_do_not_merge():
    result = canon({
        "a": make_doc("John Smith spoke.", [("John Smith", "PERSON")]),
        "b": make_doc("Joan Smith spoke.", [("Joan Smith", "PERSON")]),
    })
    assert set(result["canonical"]) == {"John Smith", "Joan Smith"}


def test_acronym_defined_in_text_and_paired_in_another_document():
    result = canon({
        "def": make_doc("the deputy of the Islamic Revolutionary Guard Corps (IRGC) said. The IRGC denied it.",
                        [("Islamic Revolutionary Guard Corps", "ORG"), ("IRGC", "ORG"), ("IRGC", "ORG")]),
        "pair": make_doc("Iran's Islamic Revolutionary Guard Corps spoke. IRGC troops marched.",
                         [("Islamic Revolutionary Guard Corps", "ORG"), ("IRGC", "ORG")]),
        "bare": make_doc("IRGC commanders met.", [("IRGC", "ORG")]),
    })
    assert set(result["canonical"]) == {"Islamic Revolutionary Guard Corps"}


def test_unrelated_long_forms_keep_an_acronym_per_document():
    result = canon({
        "a": make_doc("The Associated Press (AP) reported. AP said.", [("Associated Press", "ORG"), ("AP", "ORG"), ("AP", "ORG")]),
        "b": make_doc("In Andhra Pradesh (AP) it rained. AP officials said.", [("Andhra Pradesh", "GPE"), ("AP", "GPE"), ("AP", "GPE")]),
    })
    assert set(result.loc[result.doc_id == "a", "canonical"]) == {"Associated Press"}
    assert set(result.loc[result.doc_id == "b", "canonical"]) == {"Andhra Pradesh"}


def test_builtin_variants_merge_across_labels():
    result = canon({"a": make_doc("The US and the U.S. and the United States and Britain and the U.K.",
                                  [("US", "GPE"), ("U.S.", "GPE"), ("the United States", "ORG"), ("Britain", "GPE"), ("U.K.", "GPE")])})
    assert list(result["canonical"]) == ["United States"] * 3 + ["United Kingdom"] * 2
    assert set(result.loc[result.canonical == "United States", "label"]) == {"GPE"}


def test_user_aliases_override_everything(tmp_path):
    csv = tmp_path / "aliases.csv"
    csv.write_text("alias,canonical\nUS,USA\nBibi,Benjamin Netanyahu\n")
    result = canon({"a": make_doc("The US praised Bibi.", [("US", "GPE"), ("Bibi", "PERSON")])}, aliases=csv)
    assert list(result["canonical"]) == ["USA", "Benjamin Netanyahu"]
    assert set(result["rule"]) == {"user"}


def test_alias_table_lists_merges_with_counts():
    result = canon({
        "a": make_doc("Donald Trump spoke. Trump left. Trump returned.", [("Donald Trump", "PERSON"), ("Trump", "ORG"), ("Trump", "PERSON")]),
    })
    table = alias_table(result)
    row = table[table.alias == "Trump"].iloc[0]
    assert (row.canonical, row.mentions, row.documents, row.label) == ("Donald Trump", 2, 1, "PERSON")
    assert list(table.columns[:2]) == ["alias", "canonical"]  # loads back as a user alias CSV


def test_acronym_definitions_are_found():
    found = find_acronym_definitions("d", "commander of the Iranian Revolutionary Guard Corps (IRGC), in an interview")
    assert found == [("d", "IRGC", "Iranian Revolutionary Guard Corps")]
    assert find_acronym_definitions("d", "the Mujahedin-e Khalq (MEK) held") == [("d", "MEK", "Mujahedin-e Khalq")]
