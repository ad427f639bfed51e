"""Topics above `fit_sample` distinct documents: the model is the seeded sample's, every document gets a topic,
and the result depends only on the corpus, the parameters and the seed."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from newslab.cli import main
from newslab.topics import fit_topics, key_findings
from newslab.topics.scale import sample_rows

THEMES = {
    "markets": "shares bank rates inflation bonds investors profit dividend stocks traders currency earnings".split(),
    "football": "striker goal match league coach penalty keeper season stadium fans midfield referee".split(),
    "weather": "storm rain flood forecast wind snow temperature drought cloud thunder frost humid".split(),
}


def theme_corpus(n: int, *, seed: int = 0) -> pd.DataFrame:
    """`n` distinct documents, each 40 words drawn from one theme's words, labelled with the theme."""
    rng = np.random.default_rng(seed)
    labels = [list(THEMES)[i % len(THEMES)] for i in range(n)]
    texts = [" ".join(rng.choice(THEMES[label], size=40)) + f" item{i}" for i, label in enumerate(labels)]
    return pd.DataFrame({"doc_id": [f"d{i:03d}" for i in range(n)], "title": "", "text": texts, "is_empty": False,
                         "label": labels})


@pytest.fixture(scope="module")
def corpus():
    return theme_corpus(150)


def test_above_fit_sample_the_model_is_the_samples_and_every_document_gets_a_topic(corpus):
    result = fit_topics(corpus, n_topics=3, seed=5, fit_sample=45, n_jobs=1)
    assert result.metrics["fit_sample"] == 45 and result.info["fit_sample"] == 45
    assert len(result.doc_topics) == len(corpus) and (result.doc_topics["topic"] >= 0).all()
    assert result.metrics["nmi"] == pytest.approx(1.0)  # the assigned documents follow their theme too
    assert result.topics["size"].sum() == len(corpus) and result.weights.shape == (len(corpus), 3)
    # the fitted documents are exactly the seed's sample, fitted as that sample alone would be
    rows = sample_rows(len(corpus), 45, 5)
    alone = fit_topics(corpus.iloc[rows].reset_index(drop=True), n_topics=3, seed=5, fit_sample=None, n_jobs=1)
    fitted = result.doc_topics.set_index("doc_id").loc[alone.doc_topics["doc_id"]]
    assert (fitted["topic"].to_numpy() == alone.doc_topics["topic"].to_numpy()).all()
    for metric in ("vocabulary", "stability"):  # top terms (and so coherence) count every document
        assert result.metrics[metric] == alone.metrics[metric], metric
    assert any(line.startswith("Fitted on a random sample of 45 distinct documents") for line in key_findings(result))


def test_a_sampled_fit_is_identical_for_a_seed_with_any_number_of_processes(corpus):
    import newslab.topics.scale as scale

    a = fit_topics(corpus, n_topics=3, seed=7, fit_sample=40, n_jobs=1)
    previous, scale.ASSIGN_BATCH = scale.ASSIGN_BATCH, 25  # several batches, over two processes
    try:
        b = fit_topics(corpus, n_topics=3, seed=7, fit_sample=40, n_jobs=2)
    finally:
        scale.ASSIGN_BATCH = previous
    for name, table in a.tables().items():
        pd.testing.assert_frame_equal(table, b.tables()[name], obj=name)
    pd.testing.assert_frame_equal(a.representative_docs, b.representative_docs)
    other = fit_topics(corpus, n_topics=3, seed=8, fit_sample=40, n_jobs=1)
    assert not np.array_equal(sample_rows(len(corpus), 40, 7), sample_rows(len(corpus), 40, 8))
    assert other.metrics["fit_sample"] == 40


def test_up_to_fit_sample_nothing_changes(corpus):
    whole = fit_topics(corpus, n_topics=3, seed=5, fit_sample=None, n_jobs=1)
    for fit_sample in (len(corpus), len(corpus) + 1):
        same = fit_topics(corpus, n_topics=3, seed=5, fit_sample=fit_sample, n_jobs=1)
        assert "fit_sample" not in same.metrics and same.info["fit_sample"] is None
        for name, table in whole.tables().items():
            pd.testing.assert_frame_equal(table, same.tables()[name], obj=name)


def test_fit_sample_below_the_minimum_is_named():
    from newslab.errors import ParameterError

    with pytest.raises(ParameterError, match="fit_sample"):
        fit_topics(theme_corpus(10), n_topics=2, fit_sample=3)


def test_cli_fit_sample_option_fits_a_sample_and_writes_every_document(tmp_path, capsys):
    path = tmp_path / "corpus.csv"
    theme_corpus(60).drop(columns=["is_empty"]).to_csv(path, index=False)
    out = tmp_path / "out"
    assert main(["topics", str(path), "--out", str(out), "--n-topics", "3", "--fit-sample", "30"]) == 0
    assert "fitted on:  a sample of 30 of the 60 distinct documents" in capsys.readouterr().out
    doc_topics = pd.read_csv(out / "doc_topics.csv")
    assert len(doc_topics) == 60 and (doc_topics["topic"] >= 0).all()
    metrics = pd.read_csv(out / "topic_metrics.csv").set_index("metric")["value"]
    assert metrics["fit_sample"] == "30"


def test_identical_texts_are_found_exactly_even_where_hashes_collide(monkeypatch):
    import newslab.topics.scale as scale

    corpus = theme_corpus(30)
    corpus.loc[[7, 19, 25], "text"] = corpus.loc[3, "text"]  # three later copies of document 3
    docs, exact = scale.without_exact_copies(corpus)
    assert exact["doc_id"].tolist() == ["d007", "d019", "d025"] and set(exact["copy_of"]) == {"d003"}
    monkeypatch.setattr(scale.pd.util, "hash_array", lambda values: np.zeros(len(values), dtype=np.uint64))
    collided_docs, collided = scale.without_exact_copies(corpus)  # every hash equal: the texts decide
    pd.testing.assert_frame_equal(collided, exact)
    pd.testing.assert_frame_equal(collided_docs, docs)
