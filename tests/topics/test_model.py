"""Topic clustering: determinism, stability figures, capping on small corpora, label metrics, outputs."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import warnings

from newslab.corpus import load_corpus
from newslab.errors import NewslabWarning, ParameterError
from newslab.topics.metrics import npmi_coherence, topic_diversity
from newslab.topics.trends import document_map, topics_by_group, topics_over_time
from newslab.topics import fit_topics


@pytest.fixture(scope="module")
def small(small_corpus_dir):
    return load_corpus(small_corpus_dir)


@pytest.mark.parametrize("method", ["nmf", "lda", "kmeans"])
def test_same_seed_gives_identical_doc_topics(small, method):
    a = fit_topics(small, n_topics=2, method=method, seed=3)
    b = fit_topics(small, n_topics=2, method=method, seed=3)
    pd.testing.assert_frame_equal(a.doc_topics, b.doc_topics)
    pd.testing.assert_frame_equal(a.topics, b.topics)


def test_labelled_fixture_has_the_obvious_answer(small):
    result = fit_topics(small, n_topics=2, seed=0)
    assert result.metrics["nmi"] == pytest.approx(1.0) and result.metrics["ari"] == pytest.approx(1.0)
    assert result.metrics["v_measure"] == pytest.approx(1.0)
    words = " ".join(result.topics["top_terms"])
    assert any(w in words for w in ("rates", "inflation", "bank")) and any(w in words for w in ("coach", "final", "match"))


def test_stability_and_quality_metrics_are_reported(small):
    m = fit_topics(small, n_topics=2, seed=1).metrics
    for key in ("coherence_npmi", "diversity", "stability_ari"):
        assert np.isfinite(m[key])
    assert -1 <= m["coherence_npmi"] <= 1 and 0 < m["diversity"] <= 1 and -1 <= m["stability_ari"] <= 1


def test_too_many_topics_are_capped_with_a_warning(small):
    with pytest.warns(NewslabWarning, match="n_topics=20"):
        result = fit_topics(small, n_topics=20, seed=0)
    assert result.metrics["n_topics"] == len(small) // 2


def test_seeds_give_a_meaningful_result(seed_corpus):
    result = fit_topics(seed_corpus, seed=42)
    assert result.metrics["documents"] == 8
    assert 2 <= result.metrics["n_topics"] <= 4
    assert result.selection is not None and len(result.selection) >= 2
    assert set(result.doc_topics["topic"]) <= set(range(result.metrics["n_topics"]))
    assert (result.topics["size"] > 0).sum() >= 2 and result.topics["top_terms"].str.len().min() > 0
    over_time = topics_over_time(result, seed_corpus)
    sums = over_time.sum(axis=1)
    assert (sums > 0).sum() == 4 and np.allclose(sums[sums > 0], 1.0)  # 4 dated days hold non-empty posts
    by_outlet = topics_by_group(result, seed_corpus, "outlet")
    assert "The Times of Israel" in by_outlet.index
    assert len(document_map(result)) == 8


def test_collapse_duplicates_counts_copies_once(small):
    plain = fit_topics(small, n_topics=2, seed=0)
    collapsed = fit_topics(small, n_topics=2, seed=0, collapse_duplicates=True)
    assert plain.topics["size"].sum() == 9 and collapsed.topics["size"].sum() == 8
    copy = collapsed.doc_topics[collapsed.doc_topics.copy_of.notna()].iloc[0]
    original = collapsed.doc_topics.set_index("doc_id").loc[copy.copy_of]
    assert copy.topic == original.topic


@pytest.mark.parametrize("kw, match", [({"n_topics": 0}, "n_topics"), ({"method": "bertopic"}, "method"),
                                       ({"n_topics": "many"}, "n_topics")])
def test_bad_parameters_are_named(small, kw, match):
    with pytest.raises(ParameterError, match=match):
        fit_topics(small, **kw)


def test_npmi_and_diversity_on_known_cases():
    import scipy.sparse as sp

    docs = sp.csr_matrix(np.array([[1, 1, 0], [1, 1, 0], [0, 0, 1], [0, 0, 1]]))
    vocab = {"a": 0, "b": 1, "c": 2}
    together, apart = npmi_coherence([["a", "b"], ["a", "c"]], docs, vocab)
    assert together == pytest.approx(1.0) and apart == pytest.approx(-1.0)
    assert topic_diversity([["a", "b"], ["a", "c"]]) == 0.75


def test_auto_selection_is_identical_with_one_or_several_workers(small):
    one = fit_topics(small, n_topics="auto", seed=5, n_jobs=1)
    many = fit_topics(small, n_topics="auto", seed=5, n_jobs=2)
    pd.testing.assert_frame_equal(one.selection, many.selection)
    pd.testing.assert_frame_equal(one.doc_topics, many.doc_topics)


def test_bbc_auto_picks_a_plausible_number_of_topics():
    from conftest import shared_path

    corpus = load_corpus(shared_path("corpora", "bbc", "articles"))
    result = fit_topics(corpus, n_topics="auto", seed=42)
    assert 4 <= result.metrics["n_topics"] <= 7
    assert result.metrics["nmi"] > 0.75
