"""Wire-scale reuse: syndicated passages in many documents, exact groups as stars, digests that must not
chain, boilerplate as a reported rule, and LSH that keeps excerpts and embedded copies."""
from __future__ import annotations

import numpy as np
import pandas as pd

from newslab.reuse.duplicates import find_duplicates
from newslab.reuse.lsh import bucket_pairs
from newslab.reuse.passages import find_passages

from tiny_corpora import corpus_of, words


def test_a_passage_in_200_documents_is_one_passage_with_200_documents():
    rng = np.random.default_rng(20)
    wire = " ".join(words(rng, 40, vocab=50_000)) + "."
    texts = {f"s{i:03d}": " ".join(words(rng, 120, vocab=50_000)) + ". " + wire + " " + " ".join(words(rng, 80, vocab=50_000))
             for i in range(200)}
    texts |= {f"x{i}": " ".join(words(rng, 200, vocab=50_000)) for i in range(30)}
    dates = {d: f"2021-03-{1 + i % 28:02d}" for i, d in enumerate(texts)}
    texts["s000"] = texts["s000"] + " " + wire  # the passage twice in one document: still one document
    result = find_passages(corpus_of(texts, dates))
    assert len(result.passages) == 1
    row = result.passages.iloc[0]
    assert row.n_documents == 200 and len(row.documents.split(" | ")) == 200
    assert row.first_doc == "s000" and row.text == wire and row.days_spread == 27
    assert (result.occurrences.doc_id == "s000").sum() == 2


def test_passages_are_numbered_by_first_appearance():
    rng = np.random.default_rng(21)
    p1, p2 = (" ".join(words(rng, 40)) for _ in range(2))
    texts = {"late": p1 + " " + " ".join(words(rng, 50)), "early": p2 + " " + " ".join(words(rng, 50)),
             "both": " ".join(words(rng, 30)) + " " + p1 + " " + " ".join(words(rng, 30)) + " " + p2}
    result = find_passages(corpus_of(texts, {"early": "2020-01-01", "both": "2020-01-02", "late": "2020-01-03"}))
    assert result.passages[["first_doc", "passage_id"]].values.tolist() == [["early", 0], ["both", 1]]


def test_an_outlet_footer_is_reported_as_boilerplate_and_not_counted_as_reuse():
    rng = np.random.default_rng(22)
    footer = " ".join(words(rng, 30, vocab=50_000))
    texts = {f"d{i}": " ".join(words(rng, 60, vocab=50_000)) + " " + footer for i in range(8)}
    corpus = corpus_of(texts)
    corpus["outlet"] = ["Daily"] * 7 + ["Other"]  # in every Daily story, and 7 of its 8 holders are Daily
    result = find_duplicates(corpus)
    assert result.passages.passages.boilerplate_outlet.tolist() == ["Daily"]
    assert result.pairs.empty  # the footer covers a third of each text, but is no partial reuse
    unmarked = find_duplicates(corpus.assign(outlet=""))  # without outlets nothing is boilerplate
    assert set(unmarked.pairs.kind) == {"partial"} and len(unmarked.pairs) == 28  # every two of its 8 holders


def test_an_exact_group_of_1000_is_one_cluster_and_999_pairs():
    rng = np.random.default_rng(23)
    text = " ".join(words(rng, 60))
    texts = {f"c{i:04d}": text for i in range(1000)} | {"other": " ".join(words(rng, 60))}
    result = find_duplicates(corpus_of(texts))
    assert len(result.pairs) == 999 and set(result.pairs.kind) == {"exact"} and set(result.pairs.doc_a) == {"c0000"}
    assert len(result.clusters) == 1 and result.clusters.iloc[0]["size"] == 1000
    assert result.members.is_representative.sum() == 1 and result.passages.passages.empty


def _digest_corpus(rng, dates=None):
    stories = {f"story{i}": " ".join(words(rng, 150)) for i in range(3)}
    texts = stories | {"digest": "\n\n".join(stories.values())}
    return corpus_of(texts, dates)


def test_a_digest_does_not_chain_its_stories_undated():
    result = find_duplicates(_digest_corpus(np.random.default_rng(24)))
    contained = result.pairs[result.pairs.kind == "contained"]
    assert len(contained) == 3  # every story is inside the digest ...
    for _, members in result.members.groupby("cluster_id")["doc_id"]:
        assert sum(m.startswith("story") for m in members) <= 1  # ... but no cluster holds two stories
    assert result.clusters.representative.tolist() == ["story0"]  # the core, not the longest document


def test_a_digest_does_not_chain_its_stories_dated():
    dates = {"story0": "2020-01-01", "story1": "2020-01-02", "story2": "2020-01-03", "digest": "2020-01-04"}
    result = find_duplicates(_digest_corpus(np.random.default_rng(25), dates))
    for _, members in result.members.groupby("cluster_id")["doc_id"]:
        assert sum(m.startswith("story") for m in members) <= 1
    assert result.clusters.representative.tolist() == ["story0"]
    early_digest = dict(dates, digest="2019-12-31")  # a digest dated before its stories still joins none of them
    result = find_duplicates(_digest_corpus(np.random.default_rng(25), early_digest))
    for _, members in result.members.groupby("cluster_id")["doc_id"]:
        assert sum(m.startswith("story") for m in members) <= 1


def test_an_original_keeps_later_excerpts_that_overlap_but_not_unrelated_ones():
    rng = np.random.default_rng(26)
    story = words(rng, 300)
    texts = {"story": " ".join(story), "lead": " ".join(story[:150]), "lead2": " ".join(story[30:180]),
             "end": " ".join(story[200:])}
    dates = {"story": "2020-01-01", "lead": "2020-01-02", "lead2": "2020-01-03", "end": "2020-01-04"}
    result = find_duplicates(corpus_of(texts, dates))
    assert result.clusters.members.tolist() == ["story | lead | lead2"]
    assert result.members.relation.tolist() == ["representative", "excerpt", "excerpt"]
    assert {"story", "end"} == set(result.pairs.loc[result.pairs.kind == "contained"].iloc[-1][["doc_a", "doc_b"]])


def test_lsh_finds_excerpts_and_embedded_copies():
    rng = np.random.default_rng(27)
    texts = {f"n{i}": " ".join(words(rng, 300, vocab=20_000)) for i in range(40)}
    story = words(rng, 300, vocab=20_000)
    texts |= {"story": " ".join(story), "excerpt": " ".join(story[50:170]),
              "roundup": " ".join(words(rng, 700, vocab=20_000) + story + words(rng, 700, vocab=20_000))}
    corpus = corpus_of(texts)
    lsh, exact = find_duplicates(corpus, method="lsh"), find_duplicates(corpus, method="exact")
    found = {frozenset((r.doc_a, r.doc_b)): r.kind for r in lsh.pairs.itertuples()}
    assert found[frozenset(("story", "roundup"))] == "contained" and found[frozenset(("story", "excerpt"))] == "contained"
    pd.testing.assert_frame_equal(lsh.pairs, exact.pairs)


def test_an_oversized_lsh_bucket_is_split_not_dropped():
    keys = np.zeros((10, 3), dtype=np.uint64)  # ten documents in one bucket of band 0
    keys[:, 1] = [1, 1, 1, 1, 1, 2, 2, 2, 3, 3]  # band 1 tells three groups apart
    stats: dict = {}
    pairs = {tuple(p) for p in np.concatenate(bucket_pairs(np.arange(10), keys, 0, 5, stats))}
    assert pairs == {(a, b) for g in ([0, 1, 2, 3, 4], [5, 6, 7], [8, 9]) for a in g for b in g if a < b}
    assert stats == {"split_buckets": 1}
    same = np.zeros((10, 3), dtype=np.uint64)  # whole signatures agree: each is paired with the first
    pairs = {tuple(p) for p in np.concatenate(bucket_pairs(np.arange(10), same, 0, 5, stats))}
    assert pairs == {(0, b) for b in range(1, 10)} and stats["star_buckets"] == 1


def test_an_exact_copy_linked_twice_is_one_member():
    rng = np.random.default_rng(28)
    story = words(rng, 200)
    shared = " ".join(story)
    texts = {"orig": shared, "copy": shared, "copy2": shared, "edited": " ".join(story[:190] + words(rng, 10))}
    result = find_duplicates(corpus_of(texts, {"orig": "2020-01-01", "copy": "2020-01-02", "copy2": "2020-01-03",
                                               "edited": "2020-01-04"}))
    assert sorted(result.members.doc_id) == ["copy", "copy2", "edited", "orig"]
    assert len(result.clusters) == 1 and result.clusters.representative.iat[0] == "orig"
