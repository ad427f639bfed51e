"""Entity normalisation on hand-made mentions: cleaning, built-in variants, acronyms, labels, row order."""
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from entity_rows import canon, canonical_of, mentions
from newslab.entities.names import clean_mention, entity_counts, find_acronym_definitions, normalize_entities


@pytest.mark.parametrize("raw, label, clean", [
    ("the United States", "GPE", "United States"),
    ("Iran’s", "GPE", "Iran"),
    ("“Hezbollah”", "ORG", "Hezbollah"),
    ("U.S.", "GPE", "U.S."),
    ("Prime Minister Benjamin Netanyahu", "PERSON", "Benjamin Netanyahu"),
    ("Supreme Leader Ayatollah Ali Khamenei", "PERSON", "Ali Khamenei"),
    ("him.- Israel", "PERSON", "Israel"),          # text debris before a name
    ("-The Syrian Army", "ORG", "Syrian Army"),
    ("Assad,”", "PERSON", "Assad"),
    ("@MSNBC", "ORG", "@MSNBC"),                   # handles are kept as they are
    ("al-Qaeda", "ORG", "al-Qaeda"),               # a name particle is not debris
    ("Charles de Gaulle", "PERSON", "Charles de Gaulle"),
    ("King Abdullah", "PERSON", "King Abdullah"),  # a royal title before one name stays
    ("President Trump", "PERSON", "Trump"),
    ("George W.", "PERSON", "George W."),
    ("US$", "MISC", "US$"),                        # a currency, not the country
])
def test_clean_mention(raw, label, clean):
    assert clean_mention(raw, label) == clean


def test_debris_never_makes_a_place_a_person():
    result = canon({
        "a": ("him.- Israel struck. Israel said it would. Israel again.",
              [("him.- Israel", "PERSON"), ("Israel", "GPE"), ("Israel", "GPE")]),
        "b": ("Dresden was bombed.", [("Dresden", "GPE")]),
        "c": ("Mr.- Dresden said.", [("Mr.- Dresden", "PERSON")]),
    })
    assert set(result["canonical"]) == {"Israel", "Dresden"}
    assert set(result["label"]) == {"GPE"}  # a tie (Dresden) goes to the place, never to the person


def test_builtin_variants_merge_across_labels():
    result = canon({"a": ("The US and the U.S. and the United States and Britain and the U.K.",
                          [("US", "GPE"), ("U.S.", "GPE"), ("the United States", "ORG"), ("Britain", "GPE"), ("U.K.", "GPE")])})
    assert list(result["canonical"]) == ["United States"] * 3 + ["United Kingdom"] * 2
    assert set(result.loc[result.canonical == "United States", "label"]) == {"GPE"}
    assert set(result["rule"]) == {"variant"}


def test_acronym_defined_in_text_joins_its_long_forms_everywhere():
    result = canon({
        "def": ("the deputy of the Iranian Revolutionary Guard Corps (IRGC) said. The IRGC denied it.",
                [("Iranian Revolutionary Guard Corps", "ORG"), ("IRGC", "ORG"), ("IRGC", "ORG")]),
        "other": ("Iran's Islamic Revolutionary Guard Corps spoke. IRGC troops marched.",
                  [("Islamic Revolutionary Guard Corps", "ORG"), ("IRGC", "ORG")]),
        "bare": ("IRGC commanders met.", [("IRGC", "ORG")]),
    })
    assert result["canonical"].nunique() == 1
    assert set(result.loc[result.text == "IRGC", "rule"]) == {"acronym"}


def test_acronyms_need_a_definition_or_a_well_known_long_form():
    result = canon({
        "x": ("Magnetic Anomaly research.", [("Magnetic Anomaly", "ORG")]),
        "a": ("MA said. NATO met.", [("MA", "ORG"), ("NATO", "ORG")]),
        "b": ("The North Atlantic Treaty Organisation expanded.", [("North Atlantic Treaty Organisation", "ORG")]),
    })
    assert canonical_of(result, "a", "MA") == {"MA"}  # initials of a long form elsewhere are no evidence
    assert canonical_of(result, "a", "NATO") == {"North Atlantic Treaty Organisation"}
    assert set(result.loc[result.text == "NATO", "rule"]) == {"acronym (known)"}


def test_a_two_letter_acronym_never_resolves_to_a_person():
    result = canon({
        "a": ("Mahmoud Abbas (MA) spoke. MA said. Abbas left.", [("Mahmoud Abbas", "PERSON"), ("MA", "PERSON"), ("Abbas", "PERSON")]),
        "b": ("MA was quoted.", [("MA", "ORG")]),
    })
    assert set(result.loc[result.text == "MA", "canonical"]) == {"MA"}
    assert canonical_of(result, "a", "Abbas") == {"Mahmoud Abbas"}


def test_unrelated_long_forms_keep_an_acronym_per_document():
    result = canon({
        "a": ("The Associated Press (AP) reported. AP said.", [("Associated Press", "ORG"), ("AP", "ORG"), ("AP", "ORG")]),
        "b": ("In Andhra Pradesh (AP) it rained. AP officials said.", [("Andhra Pradesh", "GPE"), ("AP", "GPE"), ("AP", "GPE")]),
        "c": ("AP reported from Andhra Pradesh.", [("AP", "ORG"), ("Andhra Pradesh", "GPE")]),
        "d": ("AP said.", [("AP", "ORG")]),
    })
    assert set(result.loc[result.doc_id == "a", "canonical"]) == {"Associated Press"}
    assert set(result.loc[result.doc_id == "b", "canonical"]) == {"Andhra Pradesh"}
    assert canonical_of(result, "d", "AP") == {"AP"}  # two meanings, no evidence here: left alone


def test_acronym_definitions_are_found():
    found = find_acronym_definitions("d", "commander of the Iranian Revolutionary Guard Corps (IRGC), in an interview")
    assert found == [("d", "IRGC", "Iranian Revolutionary Guard Corps")]
    assert find_acronym_definitions("d", "the Mujahedin-e Khalq (MEK) held") == [("d", "MEK", "Mujahedin-e Khalq")]


def test_one_label_per_canonical_with_a_fixed_tie_rule():
    docs = {"a": ("Mohammed Abrini was held.", [("Mohammed Abrini", "PERSON")]),
            "b": ("Mohammed Abrini was seen.", [("Mohammed Abrini", "GPE")]),
            "c": ("Hezbollah fought. Hezbollah said. Hezbollah left.", [("Hezbollah", "ORG"), ("Hezbollah", "ORG"), ("Hezbollah", "NORP")])}
    result = canon(docs)
    assert set(result.loc[result.canonical == "Mohammed Abrini", "label"]) == {"GPE"}  # 1:1, the fixed order decides
    assert set(result.loc[result.canonical == "Hezbollah", "label"]) == {"ORG"}  # the majority
    flipped = canon(dict(reversed(list(docs.items()))))
    assert set(flipped.loc[flipped.canonical == "Mohammed Abrini", "label"]) == {"GPE"}


HAND_MADE = {
    "a": ("Donald Trump met Ivanka Trump. Trump said. Smith agreed with Jane Smith and Netanyahu.",
          [("Donald Trump", "PERSON"), ("Ivanka Trump", "PERSON"), ("Trump", "PERSON"), ("Smith", "PERSON"),
           ("Jane Smith", "PERSON"), ("Netanyahu", "ORG")]),
    "b": ("Benjamin Netanyahu and Binyamin Netanyahu. Trump and MA and Tim Smith. The IRGC and the "
          "Islamic Revolutionary Guard Corps (IRGC).",
          [("Benjamin Netanyahu", "PERSON"), ("Binyamin Netanyahu", "PERSON"), ("Trump", "ORG"), ("MA", "ORG"),
           ("Tim Smith", "PERSON"), ("IRGC", "ORG"), ("Islamic Revolutionary Guard Corps", "ORG"), ("IRGC", "ORG")]),
    "c": ("Donald Trump. Donald Trump. Donald J. Trump. Trump. Tom Smith. Smith.",
          [("Donald Trump", "PERSON"), ("Donald Trump", "PERSON"), ("Donald J. Trump", "PERSON"), ("Trump", "PERSON"),
           ("Tom Smith", "PERSON"), ("Smith", "PERSON")]),
    "d": ("Trump spoke. Abdullah and Mahmoud Abbas (MA) met the U.S. envoy.",
          [("Trump", "PERSON"), ("Abdullah", "PERSON"), ("Mahmoud Abbas", "PERSON"), ("MA", "PERSON"), ("U.S.", "GPE")]),
}


def test_row_order_does_not_change_the_result():
    ents, texts = mentions(HAND_MADE)
    first = normalize_entities(ents, texts)
    for seed in range(3):
        shuffled = ents.sample(frac=1, random_state=seed)
        again = normalize_entities(shuffled, texts)
        assert list(again["text"]) == list(shuffled["text"])  # rows come back in the caller's order
        key = ["doc_id", "start_char"]
        pd.testing.assert_frame_equal(first.sort_values(key).reset_index(drop=True), again.sort_values(key).reset_index(drop=True))


def test_string_hashing_does_not_change_the_result(tmp_path):
    """Sets and dicts of strings iterate in a per-process order: two hash seeds must give the same table."""
    script = ("import sys; sys.path.insert(0, sys.argv[1]); from entity_rows import mentions, HAND; "
              "from newslab.entities.names import normalize_entities; e, t = mentions(HAND); "
              "normalize_entities(e, t).to_csv(sys.argv[2], index=False)")
    helpers = (Path(__file__).parent / "entity_rows.py").read_text()
    (tmp_path / "entity_rows.py").write_text(helpers + f"\nHAND = {HAND_MADE!r}\n")
    runs = [subprocess.Popen([sys.executable, "-c", script, str(tmp_path), str(tmp_path / f"out{seed}.csv")],
                             env=dict(os.environ, PYTHONHASHSEED=seed)) for seed in ("1", "2")]
    assert [run.wait() for run in runs] == [0, 0]
    assert (tmp_path / "out1.csv").read_bytes() == (tmp_path / "out2.csv").read_bytes()


def test_entity_counts_order_is_fixed():
    counts = entity_counts(canon({"a": ("Oslo and Bergen.", [("Oslo", "GPE"), ("Bergen", "GPE")])}))
    assert list(counts["canonical"]) == ["Bergen", "Oslo"]  # equal counts: by name


def test_an_acronym_pairs_with_the_one_long_form_of_its_document():
    result = canon({
        "a": ("The National Hockey League said. The NHL season starts.", [("National Hockey League", "ORG"), ("NHL", "ORG")]),
        "b": ("NHL players met.", [("NHL", "ORG")]),
        "c": ("New Zealand and the NZ team.", [("New Zealand", "GPE"), ("NZ", "GPE")]),
        "d": ("Nick Zhang spoke. NZ said.", [("Nick Zhang", "PERSON"), ("NZ", "ORG")]),
        "e": ("New Zealand and Nick Zhang. NZ won.", [("New Zealand", "GPE"), ("Nick Zhang", "PERSON"), ("NZ", "ORG")]),
    })
    assert canonical_of(result, "a", "NHL") == {"National Hockey League"}
    assert set(result.loc[(result.doc_id == "a") & (result.text == "NHL"), "rule"]) == {"acronym (document)"}
    assert canonical_of(result, "b", "NHL") == {"NHL"}  # no evidence in this document
    assert canonical_of(result, "c", "NZ") == {"New Zealand"}
    assert canonical_of(result, "d", "NZ") == {"NZ"}  # a person's initials are no evidence
    assert canonical_of(result, "e", "NZ") == {"NZ"}  # two long forms spell it: ambiguous


def test_no_mentions_give_empty_tables_of_the_right_kind():
    ents, texts = mentions({"a": ("nothing named here", [])})
    ents = pd.DataFrame(columns=["doc_id", "sent_idx", "para_idx", "start_char", "end_char", "text", "label"])
    result = normalize_entities(ents, texts)
    assert result.empty and list(result.columns[-4:]) == ["canonical", "model_label", "rule", "found"]
    assert entity_counts(result).empty
