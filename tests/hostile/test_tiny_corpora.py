"""Too little data ends in a sentence saying what is missing, not in a failed notebook."""
from __future__ import annotations

import pytest

from newslab.corpus import load_corpus
from newslab.report import run_report
from newslab.topics import fit_topics, key_findings

from conftest import SEEDS

STORIES = sorted(SEEDS.iterdir())


def corpus(tmp_path, texts):
    tmp_path.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        (tmp_path / f"{i}.txt").write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("make, distinct", [
    (lambda: [STORIES[0].read_text()[:3000]], 1),
    (lambda: [STORIES[0].read_text()[:3000], STORIES[1].read_text()[:3000]], 2),
    (lambda: [STORIES[0].read_text()[:3000]] * 5, 1),
])
def test_topics_of_too_few_documents_are_a_sentence_not_an_error(tmp_path, make, distinct):
    result = fit_topics(load_corpus(corpus(tmp_path, make())))
    assert result.topics.empty and result.metrics["n_topics"] == 0
    assert key_findings(result)[0] == (f"Topic clustering needs at least 4 distinct documents with text; this corpus "
                                       f"has {distinct}.")


def test_no_shared_terms_is_a_sentence_naming_the_options(tmp_path):
    texts = [f"Story {i}: " + " ".join(f"word{i}x{j}" for j in range(40)) for i in range(5)]  # no term in two texts
    result = fit_topics(load_corpus(corpus(tmp_path, texts)))
    assert result.topics.empty and "--min-df" in key_findings(result)[0]


@pytest.mark.slow
def test_the_topic_notebook_ends_ok_on_two_documents(tmp_path):
    texts = [STORIES[0].read_text()[:3000], STORIES[1].read_text()[:3000]]
    manifest = run_report(corpus(tmp_path / "c", texts), tmp_path / "r", only=["topic-clustering"], log=lambda *a: None)
    assert [r["status"] for r in manifest["notebooks"]] == ["ok"], manifest["notebooks"]
    page = (tmp_path / "r" / "10-topic-clustering.html").read_text(encoding="utf-8")
    assert "needs at least 4 distinct documents with text; this corpus has 2" in page


def test_the_topics_command_says_what_is_missing_and_takes_min_df(tmp_path, capsys):
    from newslab.cli import main

    texts = [STORIES[0].read_text()[:3000], STORIES[1].read_text()[:3000]]
    assert main(["topics", str(corpus(tmp_path / "c", texts)), "--out", str(tmp_path / "t"), "--min-df", "1",
                 "--max-df", "0.9"]) == 0
    assert "no topics: Topic clustering needs at least 4 distinct documents" in capsys.readouterr().out
    assert (tmp_path / "t" / "topics.csv").exists()
