"""Topic clustering: determinism per seed, the one stability figure, capping, label metrics, copies collapsed."""
from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import normalized_mutual_info_score
from sklearn.metrics import adjusted_rand_score

from newslab.corpus import load_corpus
from newslab.errors import NewslabWarning
from newslab.topics import fit_topics
from newslab.topics.metrics import npmi_coherence, topic_diversity
from newslab.topics.trends import document_map, topics_by_group, topics_over_time


@pytest.fixture(scope="module")
def small(small_corpus_dir):
    return load_corpus(small_corpus_dir)


@pytest.fixture(scope="module")
def syndicated(small_corpus_dir, tmp_path_factory):
    """The small corpus plus four word-for-word copies of one sport story (one more gains a sign-off line)."""
    root = tmp_path_factory.mktemp("syndicated")
    shutil.copytree(small_corpus_dir, root, dirs_exist_ok=True)
    story = (small_corpus_dir / "sport" / "000.txt").read_text(encoding="utf-8")
    for i in range(4):
        (root / "sport" / f"copy{i}.txt").write_text(story + ("\n\nReporting by the wire desk." if i == 3 else ""),
                                                     encoding="utf-8")
    return load_corpus(root)


@pytest.mark.parametrize("method", ["kmeans-consensus", "kmeans", "nmf", "lda"])
def test_same_seed_gives_identical_tables(small, method):
    a = fit_topics(small, n_topics=2, method=method, seed=3)
    b = fit_topics(small, n_topics=2, method=method, seed=3)
    for name, table in a.tables().items():
        pd.testing.assert_frame_equal(table, b.tables()[name], obj=name)


def test_default_method_is_the_kmeans_consensus_and_finds_the_obvious_answer(small):
    result = fit_topics(small, n_topics=2, seed=0)
    assert result.metrics["method"] == "kmeans-consensus"
    assert result.metrics["nmi"] == pytest.approx(1.0) and result.metrics["ari"] == pytest.approx(1.0)
    assert result.metrics["v_measure"] == pytest.approx(1.0)
    words = " ".join(result.topics["top_terms"])
    assert any(w in words for w in ("rates", "inflation", "bank")) and any(w in words for w in ("coach", "final", "match"))


def test_stability_is_the_ari_between_this_seed_and_the_next(small):
    m = fit_topics(small, n_topics=3, seed=1).metrics
    a = fit_topics(small, n_topics=3, seed=1).doc_topics["topic"]
    b = fit_topics(small, n_topics=3, seed=2).doc_topics["topic"]
    assert m["stability"] == pytest.approx(adjusted_rand_score(a, b))
    assert "stability_ari" not in m and -1 <= m["coherence_npmi"] <= 1 and 0 < m["diversity"] <= 1


def test_too_many_topics_are_capped_with_a_warning(small):
    with pytest.warns(NewslabWarning, match="n_topics=20"):
        result = fit_topics(small, n_topics=20, seed=0)
    assert result.metrics["n_topics"] == len(small) // 2


def test_seeds_give_a_meaningful_result(seed_corpus):
    result = fit_topics(seed_corpus, seed=42)
    assert result.metrics["documents"] == 8
    assert result.metrics["empty_left_out"] == len(seed_corpus) - 8
    assert 2 <= result.metrics["n_topics"] <= 4 and result.info["k_tried"] == (3, 4)  # 8 documents support 4
    assert result.selection is not None and len(result.selection) >= 2
    assert set(result.doc_topics["topic"]) <= set(range(result.metrics["n_topics"]))
    assert (result.topics["size"] > 0).sum() >= 2 and result.topics["top_terms"].str.len().min() > 0
    over_time = topics_over_time(result, seed_corpus)
    assert over_time.to_numpy().sum() == result.doc_topics.merge(seed_corpus, on="doc_id")["date"].notna().sum()
    assert "The Times of Israel" in " ".join(topics_by_group(result, seed_corpus, "outlet").index)
    assert len(document_map(result)) == 8


def test_collapse_duplicates_counts_copies_once_and_flags_a_topic_of_copies(syndicated):
    plain = fit_topics(syndicated, n_topics=3, seed=0)
    collapsed = fit_topics(syndicated, n_topics=3, seed=0, collapse_duplicates=True)
    # identical texts are always fitted once: the three word-for-word copies and the fixture's one identical pair
    assert plain.topics["size"].sum() == 9 and plain.metrics["copies_collapsed"] == plain.metrics["exact_copies"] == 4
    assert plain.doc_topics.set_index("doc_id")["copy_of"].dropna().str.split(":").str[0].value_counts().to_dict() == {
        "sport/000": 3, "economy/000": 1}
    every = syndicated.set_index("doc_id").loc[plain.doc_topics["doc_id"], "label"]  # NMI counts the copies too
    assert len(every) == 13 and plain.metrics["nmi"] == pytest.approx(
        normalized_mutual_info_score(every, plain.doc_topics["topic"]))
    assert collapsed.topics["size"].sum() == 8 and collapsed.metrics["copies_collapsed"] == 5  # the fixture had one pair
    assert collapsed.topics["copies"].sum() == 5 and len(collapsed.doc_topics) == 13
    story = collapsed.doc_topics["copy_of"].value_counts().idxmax()  # the syndicated story's representative
    copies = collapsed.doc_topics[collapsed.doc_topics["copy_of"] == story]
    assert {d.split(":")[0] for d in [*copies["doc_id"], story]} == {
        "sport/000", "sport/copy0", "sport/copy1", "sport/copy2", "sport/copy3"}  # one story, five copies in all
    original = collapsed.doc_topics.set_index("doc_id").loc[copies["copy_of"].iloc[0]]
    assert (copies["topic"] == original["topic"]).all()
    flagged = collapsed.topics[collapsed.topics["mostly_copies"]]
    assert list(flagged["topic"]) == [original["topic"]]
    assert flagged["largest_story_share"].iloc[0] > 0.5
    assert plain.topics.loc[plain.topics["mostly_copies"], "topic"].tolist() == [original["topic"]]
    assert plain.topics["largest_story_share"].max() < flagged["largest_story_share"].iloc[0]  # the edited copy too


def test_auto_never_leaves_k_range_and_picks_the_most_stable(small):
    result = fit_topics(small, n_topics="auto", k_range=(2, 4), seed=5)
    curve = result.selection
    assert list(curve["n_topics"]) == [2, 3, 4] and curve["chosen"].sum() == 1
    chosen = curve[curve["chosen"]].iloc[0]
    assert chosen["stability"] >= curve["stability"].max() - 0.01
    assert result.metrics["n_topics"] == chosen["n_topics"]
    refit = fit_topics(small, n_topics=int(chosen["n_topics"]), seed=5)  # the chosen k is refitted as if asked for
    pd.testing.assert_frame_equal(result.doc_topics, refit.doc_topics)
    assert result.metrics["stability"] == refit.metrics["stability"]


def test_auto_selection_is_identical_with_one_or_several_workers(small):
    one = fit_topics(small, n_topics="auto", seed=5, n_jobs=1)
    many = fit_topics(small, n_topics="auto", seed=5, n_jobs=2)
    pd.testing.assert_frame_equal(one.selection, many.selection)
    pd.testing.assert_frame_equal(one.doc_topics, many.doc_topics)


def test_npmi_and_diversity_on_known_cases():
    import scipy.sparse as sp

    docs = sp.csr_matrix(np.array([[1, 1, 0], [1, 1, 0], [0, 0, 1], [0, 0, 1]]))
    vocab = {"a": 0, "b": 1, "c": 2}
    together, apart = npmi_coherence([["a", "b"], ["a", "c"]], docs, vocab)
    assert together == pytest.approx(1.0) and apart == pytest.approx(-1.0)
    assert topic_diversity([["a", "b"], ["a", "c"]]) == 0.75


def test_bbc_default_auto_picks_a_plausible_number_of_topics():
    from conftest import shared_path

    corpus = load_corpus(shared_path("corpora", "bbc", "articles"))
    result = fit_topics(corpus, n_topics="auto", seed=42)
    assert 4 <= result.metrics["n_topics"] <= 7
    assert result.metrics["nmi"] > 0.8 and result.metrics["stability"] > 0.9


def test_each_document_takes_its_k_means_cluster_as_topic():
    from sklearn.cluster import KMeans
    from sklearn.preprocessing import normalize

    from newslab.topics.methods import KMEANS_INITS, assign, fit_weights

    points = normalize(np.random.default_rng(0).normal(size=(300, 6)))  # no clear clusters: many borderline points
    _, topic = assign(fit_weights("kmeans", points, 7, seed=1))
    labels = KMeans(n_clusters=7, n_init=KMEANS_INITS, random_state=1).fit(points).labels_
    assert (topic == labels).all()
