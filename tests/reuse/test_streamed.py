"""The streamed shingle stage (spilled to many buckets) answers exactly as the whole shingle matrix does: the same
shared columns in the same rarest-first order, prefix candidates, passage spans, overlaps and MinHash signatures,
and it leaves no spill files behind."""
from __future__ import annotations

import dataclasses
import tempfile

import numpy as np
import pandas as pd
import pytest
from tiny_corpora import corpus_of, words

from newslab.reuse.duplicates import find_duplicates
from newslab.reuse.lsh import minhash_signatures
from newslab.reuse.passages import shared_keys, shared_runs
from newslab.reuse.shingles import build_shingle_matrix, exact_candidates, overlaps
from newslab.reuse.streamed import stream_shingles


@pytest.fixture(scope="module")
def texts() -> list[str]:
    """Texts from a small vocabulary (many 3-word shingles recur by chance), with copies, excerpts, a passage shared
    by several texts, short texts and an empty one."""
    rng = np.random.default_rng(11)
    out = [" ".join(words(rng, int(n), vocab=60)) for n in rng.integers(1, 120, 70)]
    passage = words(rng, 40, vocab=5000)
    for i in range(3, 60, 9):
        out[i] = " ".join(out[i].split()[:20] + passage + out[i].split()[20:])
    return out + [out[5].upper(), " ".join(out[8].split()[10:60]), "", out[12]]


def test_streamed_shingles_match_the_whole_matrix(texts, tmp_path):
    k = 3
    sm = build_shingle_matrix(texts, k=k)
    st = stream_shingles(texts, k=k, chunk=7, bucket_windows=200, num_perm=64, seed=3, folder=str(tmp_path))
    assert st.info["spill_buckets"] > 4 and st.info["doc_ranges"] > 4  # the files' path, not the in-memory one
    first_shared = int(np.searchsorted(sm.df, 2))
    assert (st.matrix != sm.matrix[:, first_shared:].astype(bool)).nnz == 0  # same shared columns, same order
    assert np.array_equal(st.sizes, sm.sizes) and np.array_equal(st.exact_keys, sm.exact_keys)
    assert np.array_equal(st.unshared, np.asarray((sm.matrix[:, :first_shared]).sum(axis=1)).ravel())
    assert np.array_equal(st.signatures, minhash_signatures(sm, num_perm=64, seed=3))
    unique = np.arange(0, len(texts), 2)  # any subset compared, as find_duplicates passes first copies only
    for similarity in (0.3, 0.5, 0.8):
        expected = unique[exact_candidates(dataclasses.replace(sm, matrix=sm.matrix[unique]), similarity)]
        assert np.array_equal(st.candidates(unique, similarity, block=5), expected)
    pairs = np.array([(a, b) for a in range(len(texts)) for b in range(a + 1, len(texts))])
    assert np.array_equal(overlaps(st, pairs), overlaps(sm, pairs))
    for min_words, max_gap in ((3, 0), (8, 4)):
        expected = shared_runs(sm, shared_keys(sm), k=k, min_words=min_words, max_gap=max_gap)
        assert len(expected) > 10
        pd.testing.assert_frame_equal(st.spans(k=k, min_words=min_words, max_gap=max_gap), expected)
    st.close()
    assert list(tmp_path.iterdir()) == []


def test_find_duplicates_leaves_no_spill_folder(texts, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    corpus = corpus_of({f"d{i}": t for i, t in enumerate(texts) if t})
    for method in ("exact", "lsh"):
        assert len(find_duplicates(corpus, method=method, shingle_size=3, min_passage_words=3).pairs) > 0
        assert list(tmp_path.iterdir()) == []
