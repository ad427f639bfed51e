"""`newslab duplicates` on the seeds: pairs.csv carries the partial-reuse pair, with shared words and shares."""
import pandas as pd

from newslab.cli import main

from conftest import SEEDS


def test_duplicates_command_writes_the_partial_pair(tmp_path, capsys):
    assert main(["duplicates", str(SEEDS), "--out", str(tmp_path)]) == 0
    pairs = pd.read_csv(tmp_path / "pairs.csv")
    assert pairs["kind"].tolist() == ["partial"]
    assert {"shared_words", "share_a", "share_b", "passages"} <= set(pairs.columns)
    passages = pd.read_csv(tmp_path / "passages.csv")
    assert passages["passage_id"].tolist() == list(range(len(passages)))
    assert passages["text"].str.rstrip().str[-1].isin(list(".!?”’\"")).all()  # ends with its sentence's punctuation
    out = capsys.readouterr().out
    assert "0 exact, 0 near, 0 contained, 1 partial reuse" in out and "time:" in out


def test_bad_partial_share_is_one_line_error(tmp_path, capsys):
    assert main(["duplicates", str(SEEDS), "--out", str(tmp_path / "x"), "--partial-share", "2"]) == 2
    assert "--partial-share must be in (0, 1]" in capsys.readouterr().err and not (tmp_path / "x").exists()


def test_bad_max_pairs_per_passage_is_one_line_error(tmp_path, capsys):
    assert main(["duplicates", str(SEEDS), "--out", str(tmp_path / "x"), "--max-pairs-per-passage", "1"]) == 2
    assert "--max-pairs-per-passage must be" in capsys.readouterr().err and not (tmp_path / "x").exists()
