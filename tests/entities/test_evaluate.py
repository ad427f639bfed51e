"""The gold-set measure of merges: pairs of surface forms, per-document gold rows, unknowns left out."""
import pandas as pd
import pytest

from newslab.entities.evaluate import merge_quality, read_gold, wrong_pairs
from newslab.errors import NewslabError


def _entities(rows):
    return pd.DataFrame(rows, columns=["doc_id", "text", "model_label", "canonical"])


GOLD = pd.DataFrame([("Gordon Brown", "PERSON", "Gordon Brown", ""), ("Brown", "PERSON", "Gordon Brown", ""),
                     ("Brown", "PERSON", "Wes Brown", "sport"), ("Wes Brown", "PERSON", "Wes Brown", ""),
                     ("UK", "GPE", "United Kingdom", ""), ("Britain", "GPE", "United Kingdom", ""),
                     ("GB", "GPE", "?", "")], columns=["surface", "label", "gold_id", "doc_id"])


def test_pairs_of_surface_forms_give_precision_and_recall():
    ents = _entities([("pol", "Gordon Brown", "PERSON", "Gordon Brown"), ("pol", "Brown", "PERSON", "Gordon Brown"),
                      ("pol", "Brown", "PERSON", "Wes Brown"),  # a stray: its unit (a tie, by name) is Gordon's
                      ("sport", "Wes Brown", "PERSON", "Wes Brown"), ("sport", "Brown", "PERSON", "Gordon Brown"),
                      ("sport", "Brown", "PERSON", "Gordon Brown"), ("a", "UK", "GPE", "United Kingdom"),
                      ("a", "Britain", "GPE", "Britain"), ("a", "GB", "GPE", "United Kingdom")])
    q = merge_quality(ents, GOLD)
    # units: Gordon Brown, Brown→Gordon, Brown→Wes (in sport), Wes Brown, UK, Britain; GB is unknown
    assert q["units"] == 6 and q["mentions"] == 8
    assert q["merged_pairs"] == 2 and q["correct_pairs"] == 1  # Gordon+Brown right; Brown(Wes)+Gordon wrong
    assert q["should_merge_pairs"] == 3  # Gordon+Brown, Brown(Wes)+Wes Brown, UK+Britain
    assert q["precision"] == 0.5 and q["recall"] == pytest.approx(1 / 3)
    assert q["misplaced_mentions"] == 1  # the stray; the Wes Brown unit itself counts among the pairs
    false, missed = wrong_pairs(ents, GOLD)
    assert [(a[2], b[2]) for a, b, _ in false] == [("Wes Brown", "Gordon Brown")]
    assert len(missed) == 2


def test_a_gold_file_needs_its_columns(tmp_path):
    path = tmp_path / "gold.csv"
    path.write_text("surface,gold_id\nUK,United Kingdom\n")
    with pytest.raises(NewslabError, match="gold.csv: missing column"):
        read_gold(path)
