"""Exact, near and contained pairs, the chaining guard, the LSH generator, and the seed expectations."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from tiny_corpora import corpus_of, words

from newslab.errors import ParameterError
from newslab.reuse.duplicates import find_duplicates, normalize_for_exact
from newslab.reuse.lsh import optimal_bands
from newslab.reuse.shingles import build_shingle_matrix, exact_candidates


def edit(rng, tokens, share):
    out = list(tokens)
    for i in rng.choice(len(out), int(share * len(out)), replace=False):
        out[i] = f"edit{i}"
    return out


def test_exact_copies_differ_only_in_case_and_punctuation():
    base = "The minister said on Monday that talks would resume. “We are ready,” she added."
    assert normalize_for_exact(base) == normalize_for_exact(base.upper().replace("“", '"').replace(",", " ,"))
    result = find_duplicates(corpus_of({"a": base, "b": base.upper(), "c": "Something else entirely, about football."}))
    assert list(zip(result.pairs.doc_a, result.pairs.doc_b, result.pairs.kind)) == [("a", "b", "exact")]


def test_planted_near_duplicate_with_five_percent_edits():
    rng = np.random.default_rng(1)
    original = words(rng, 400)
    copy = edit(rng, original, 0.05)
    copy = copy[:200] + copy[215:]  # and one sentence dropped
    texts = {"orig": " ".join(original), "copy": " ".join(copy), "other": " ".join(words(rng, 400))}
    result = find_duplicates(corpus_of(texts, {"orig": "2020-01-01", "copy": "2020-01-03"}))
    row = result.pairs.iloc[0]
    assert len(result.pairs) == 1 and (row.doc_a, row.doc_b, row.kind) == ("orig", "copy", "near")
    assert 0.5 <= row.jaccard < 0.9


def test_excerpt_and_embedded_copy_are_contained():
    rng = np.random.default_rng(2)
    story = words(rng, 300)
    roundup = words(rng, 500) + story + words(rng, 500)
    texts = {"story": " ".join(story), "excerpt": " ".join(story[:120]), "roundup": " ".join(roundup)}
    result = find_duplicates(corpus_of(texts))
    kinds = {frozenset((r.doc_a, r.doc_b)): r for r in result.pairs.itertuples()}
    assert kinds[frozenset(("story", "roundup"))].kind == "contained"
    assert kinds[frozenset(("story", "excerpt"))].kind == "contained"
    embedded = kinds[frozenset(("story", "roundup"))]
    inside = embedded.containment_a_in_b if embedded.doc_a == "story" else embedded.containment_b_in_a
    assert inside == 1.0


def test_chains_do_not_join_unrelated_documents():
    rng = np.random.default_rng(3)
    s = [words(rng, 100) for _ in range(5)]
    texts = {"A": " ".join(s[0] + s[1] + s[2]), "B": " ".join(s[1] + s[2] + s[3]), "C": " ".join(s[2] + s[3] + s[4])}
    result = find_duplicates(corpus_of(texts, {"A": "2020-01-01", "B": "2020-01-02", "C": "2020-01-03"}), threshold=0.45)
    linked = {frozenset((r.doc_a, r.doc_b)): r.kind for r in result.pairs.itertuples()}
    assert linked == {frozenset("AB"): "near", frozenset("BC"): "near", frozenset("AC"): "partial"}  # A, C share a third
    for members in result.members.groupby("cluster_id")["doc_id"]:
        assert not {"A", "C"} <= set(members[1])
    assert result.clusters.iloc[0]["representative"] == "A"


def test_prefix_filter_misses_no_qualifying_pair():
    rng = np.random.default_rng(4)
    pool = [words(rng, 60, vocab=300) for _ in range(6)]
    texts = [" ".join(sum((pool[i] for i in rng.choice(6, rng.integers(1, 4), replace=False)), [])) for _ in range(60)]
    sm = build_shingle_matrix(texts, k=3)
    found = {tuple(p) for p in exact_candidates(sm, 0.5)}
    m = sm.matrix.toarray().astype(bool)
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            shared = (m[i] & m[j]).sum()
            sim = max(shared / max(m[i].sum(), 1), shared / max(m[j].sum(), 1))
            if sim >= 0.5:
                assert (i, j) in found, (i, j, sim)


def test_lsh_finds_the_planted_pair_and_is_deterministic():
    rng = np.random.default_rng(5)
    base = words(rng, 500)
    texts = {f"d{i}": " ".join(words(rng, 500)) for i in range(30)}
    texts |= {"orig": " ".join(base), "copy": " ".join(edit(rng, base, 0.05))}
    corpus = corpus_of(texts)
    first = find_duplicates(corpus, method="lsh", seed=7)
    again = find_duplicates(corpus, method="lsh", seed=7)
    assert first.info["method"] == "lsh"
    assert {(r.doc_a, r.doc_b) for r in first.pairs.itertuples()} == {("orig", "copy")}
    pd.testing.assert_frame_equal(first.pairs, again.pairs)


def test_band_choice_keeps_recall_at_the_threshold():
    b, r = optimal_bands(0.5, 128)
    assert b * r <= 128 and (1 - 0.5**r) ** b <= 0.01


@pytest.mark.parametrize("kw, match", [({"threshold": 1.5}, "threshold"), ({"shingle_size": 0}, "shingle_size"),
                                       ({"method": "fast"}, "method")])
def test_bad_parameters_are_named(kw, match):
    with pytest.raises(ParameterError, match=match):
        find_duplicates(corpus_of({"a": "x y z"}), **kw)


def test_seed_posts_are_a_partial_reuse_pair_not_duplicates(seed_corpus):
    result = find_duplicates(seed_corpus)
    guards = seed_corpus.loc[seed_corpus.title.str.startswith("Iran Guards chief"), "doc_id"].iloc[0]
    nothing = seed_corpus.loc[seed_corpus.title.str.startswith("‘Nothing will be left"), "doc_id"].iloc[0]
    assert len(result.pairs) == 1 and result.clusters.empty  # partial reuse does not make a cluster
    row = result.pairs.iloc[0]
    assert (row.doc_a, row.doc_b, row.kind) == (nothing, guards, "partial")  # the earlier post first
    assert 0.35 < row.jaccard < 0.5 and max(row.containment_a_in_b, row.containment_b_in_a) < 0.8
    assert row.shared_words > 400 and 0.6 < max(row.share_a, row.share_b) < 0.85
    assert result.counts().to_dict() == {"exact": 0, "near": 0, "contained": 0, "partial": 1}


def test_chunked_shingling_gives_the_same_matrix():
    rng = np.random.default_rng(6)
    texts = [" ".join(words(rng, int(n))) for n in rng.integers(1, 80, 25)]
    whole, chunked = build_shingle_matrix(texts, k=3), build_shingle_matrix(texts, k=3, chunk=4)
    assert (whole.matrix != chunked.matrix).nnz == 0
    assert np.array_equal(whole.column_hashes, chunked.column_hashes) and np.array_equal(whole.exact_keys, chunked.exact_keys)


def test_a_corpus_with_nothing_to_compare_gives_empty_tables_not_a_traceback():
    corpus = corpus_of({"a": "short", "b": "tiny text"}).assign(is_empty=True)  # nothing is analysable
    result = find_duplicates(corpus)
    assert {name: len(table) for name, table in result.tables().items()} == dict.fromkeys(result.tables(), 0)


def test_documents_all_shorter_than_a_shingle_still_compare():
    corpus = corpus_of({"a": "short", "b": "tiny text", "c": "tiny text"})  # 5 words in all, shingle_size 5
    result = find_duplicates(corpus)
    assert result.pairs[["doc_a", "doc_b", "kind"]].values.tolist() == [["b", "c", "exact"]]
