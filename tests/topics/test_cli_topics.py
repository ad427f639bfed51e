"""The `newslab topics` command: default method, the --n-topics check, the tables it writes."""
from __future__ import annotations

import pandas as pd
import pytest

from newslab.cli import main


def test_topics_command_writes_tables_with_the_default_method(small_corpus_dir, tmp_path, capsys):
    assert main(["topics", str(small_corpus_dir), "--out", str(tmp_path), "--n-topics", "2"]) == 0
    metrics = pd.read_csv(tmp_path / "topic_metrics.csv").set_index("metric")["value"]
    assert metrics["method"] == "kmeans-consensus" and metrics["n_topics"] == "2"
    assert "stability=" in capsys.readouterr().out
    assert len(pd.read_csv(tmp_path / "doc_topics.csv")) == 9


@pytest.mark.parametrize("value", ["1", "0", "x"])
def test_too_few_or_non_numeric_topics_is_a_one_line_error(small_corpus_dir, tmp_path, capsys, value):
    assert main(["topics", str(small_corpus_dir), "--out", str(tmp_path / "out"), "--n-topics", value]) == 2
    err = capsys.readouterr().err
    assert "n_topics" in err.replace("--n-topics", "n_topics") and "Traceback" not in err
    assert not (tmp_path / "out").exists()
