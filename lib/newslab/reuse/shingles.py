"""Word shingles for text reuse: hashed word n-grams in text order, the document × shingle matrix,
rarest-first prefixes (exact candidates) and exact overlaps of candidate pairs."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..corpus.textparse import tokenize

_MIX = np.uint64(0x9E3779B97F4A7C15)


def splitmix(x: np.ndarray) -> np.ndarray:
    """A fast 64-bit mixer: turns token ids into well-spread hash values."""
    with np.errstate(over="ignore"):
        z = x.astype(np.uint64) + _MIX
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def word_hashes(words) -> np.ndarray:
    """A 64-bit hash per word, the same in every corpus (unlike ids that depend on corpus order)."""
    words = np.asarray(words, dtype=object)
    return pd.util.hash_array(words, categorize=True).astype(np.uint64) if len(words) else np.zeros(0, np.uint64)


def shingle_hashes(token_ids: np.ndarray, starts: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hashes of every k-word window inside each document of a concatenated token-id array.

    Returns (doc index, position of the window's first word, hash) per shingle, by document then position;
    a document shorter than k words gives one shingle of all its words (at position 0).
    """
    n = len(token_ids)
    lengths = np.diff(np.append(starts, n))
    mixed = splitmix(token_ids)
    with np.errstate(over="ignore"):
        acc = np.zeros(max(n - k + 1, 0), dtype=np.uint64)
        for j in range(k if len(acc) else 0):  # position-dependent rotation keeps "a b" and "b a" apart
            part = mixed[j : n - k + 1 + j]  # (fewer than k words in all: no window, only short documents)
            acc = acc * np.uint64(1099511628211) ^ part
    doc_of = np.repeat(np.arange(len(starts)), lengths)
    pos_in_doc = np.arange(n) - np.repeat(starts, lengths)
    valid = (pos_in_doc[: len(acc)] + k) <= lengths[doc_of[: len(acc)]]
    docs, pos, hashes = doc_of[: len(acc)][valid], pos_in_doc[: len(acc)][valid], acc[valid]
    short = np.flatnonzero((lengths < k) & (lengths > 0))
    if len(short):  # whole short document as one shingle
        extra = []
        with np.errstate(over="ignore"):
            for d in short:
                h = np.uint64(0)
                for t in mixed[starts[d] : starts[d] + lengths[d]]:
                    h = h * np.uint64(1099511628211) ^ t
                extra.append(h)
        order = np.argsort(np.concatenate([docs, short]), kind="stable")
        docs = np.concatenate([docs, short])[order]
        pos = np.concatenate([pos, np.zeros(len(short), dtype=pos.dtype)])[order]
        hashes = np.concatenate([hashes, np.asarray(extra, dtype=np.uint64)])[order]
    return docs, pos, hashes


@dataclass
class ShingleMatrix:
    """Binary document × shingle matrix (CSR). Columns are numbered rarest first (by document frequency,
    ties by hash value), so each row's indices list its shingles from the rarest up.

    The shingle stream (`stream_doc`, `stream_pos`, `stream_col`: every window in text order, repeats
    included) is kept for passages, which need where in a document each shingle stands."""

    matrix: sp.csr_matrix
    column_hashes: np.ndarray
    df: np.ndarray
    exact_keys: np.ndarray  # per document: hash of its word sequence (equal for copies up to case/punctuation)
    n_tokens: np.ndarray  # per document: words as `tokenize` counts them
    stream_doc: np.ndarray
    stream_pos: np.ndarray
    stream_col: np.ndarray

    @property
    def sizes(self) -> np.ndarray:
        return np.diff(self.matrix.indptr)


def hash_chunk(texts: list[str], k: int) -> dict[str, np.ndarray]:
    """Shingle stream (doc index, position, hash), word counts and word-sequence hashes of a few thousand
    texts: the per-partition step of shingling (pure: depends on the texts and k only)."""
    tokens = [tokenize(t) for t in texts]
    lengths = np.fromiter((len(t) for t in tokens), dtype=np.int64, count=len(tokens))
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    docs, pos, hashes = shingle_hashes(word_hashes([w for ws in tokens for w in ws]), starts, k)
    exact = pd.util.hash_array(np.asarray([" ".join(ws) for ws in tokens], dtype=object)).astype(np.uint64)
    return {"doc": docs, "pos": pos.astype(np.int32), "hash": hashes, "exact": exact, "n_tokens": lengths}


def build_shingle_matrix(texts: list[str], *, k: int = 5, chunk: int = 5000) -> ShingleMatrix:
    """Tokenise, hash k-word shingles and build the binary matrix (set semantics: a shingle counts once).

    Texts are tokenised `chunk` at a time so only hashes, not words, are held for the whole corpus."""
    parts = [hash_chunk(texts[lo : lo + chunk], k) for lo in range(0, len(texts), chunk)]
    return matrix_from_chunks(parts, [lo for lo in range(0, len(texts), chunk)], len(texts))


def matrix_from_chunks(parts: list[dict], offsets: list[int], n_docs: int) -> ShingleMatrix:
    """The corpus matrix from hash_chunk outputs (`offsets`: index of each chunk's first document)."""
    def cat(key, dtype, shift=False):
        arrays = [p[key] + (lo if shift else 0) for p, lo in zip(parts, offsets)]
        return np.concatenate(arrays).astype(dtype, copy=False) if arrays else np.zeros(0, dtype)

    docs, pos, hashes = cat("doc", np.int64, shift=True), cat("pos", np.int32), cat("hash", np.uint64)
    exact_keys, n_tokens = cat("exact", np.uint64), cat("n_tokens", np.int64)
    uniques, cols = np.unique(hashes, return_inverse=True)  # pd.factorize degrades badly on these hash values
    del hashes
    m = sp.csr_matrix((np.ones(len(cols), dtype=np.int32), (docs, cols)), shape=(n_docs, len(uniques)))
    m.sum_duplicates()
    m.data[:] = 1
    df = np.bincount(m.indices, minlength=len(uniques))  # documents per shingle
    rank = np.empty(len(uniques), dtype=np.int64)
    rank[np.argsort(df, kind="stable")] = np.arange(len(uniques))
    ranked = sp.csr_matrix((m.data, rank[m.indices], m.indptr), shape=m.shape)
    ranked.sort_indices()
    order = np.empty_like(rank)
    order[rank] = np.arange(len(uniques))
    return ShingleMatrix(matrix=ranked, column_hashes=np.asarray(uniques, dtype=np.uint64)[order], df=df[order],
                         exact_keys=exact_keys, n_tokens=n_tokens, stream_doc=docs, stream_pos=pos,
                         stream_col=rank[cols])


def prefix_lengths(sizes: np.ndarray, min_similarity: float) -> np.ndarray:
    """How many of its rarest shingles a document of each size keeps, so that any pair with overlap
    ≥ min_similarity × size shares at least one of them (prefix filtering: exact, no false negatives)."""
    return np.minimum(sizes - np.ceil(min_similarity * sizes - 1e-9).astype(np.int64) + 1, sizes)


def prefix_matrix(sm: ShingleMatrix, min_similarity: float) -> sp.csr_matrix:
    """Each row's rarest shingles, as many as needed so that any pair with overlap ≥ min_similarity × |row|
    shares at least one of them with the other document (prefix filtering: exact, no false negatives)."""
    m = sm.matrix  # indices within a row are already rarest first
    sizes = sm.sizes
    keep = prefix_lengths(sizes, min_similarity)
    rank_in_row = np.arange(m.nnz) - np.repeat(m.indptr[:-1], sizes)
    chosen = rank_in_row < np.repeat(keep, sizes)
    indptr = np.concatenate([[0], np.cumsum(keep)])
    return sp.csr_matrix((m.data[chosen], m.indices[chosen], indptr), shape=m.shape)


def exact_candidates(sm: ShingleMatrix, min_similarity: float) -> np.ndarray:
    """Every pair (i < j) that can reach `min_similarity` Jaccard or containment: prefix × full product."""
    product = (prefix_matrix(sm, min_similarity) @ sm.matrix.T).tocoo()
    i, j = product.row, product.col
    pairs = np.stack([np.minimum(i, j), np.maximum(i, j)], axis=1)[i != j]
    return np.unique(pairs, axis=0) if len(pairs) else pairs.reshape(0, 2)


def overlaps(sm: ShingleMatrix, pairs: np.ndarray, *, batch: int = 200_000) -> np.ndarray:
    """Exact number of shared shingles for each pair (row-wise dot products of `sm.matrix`, binary: a ShingleMatrix
    or streamed.StreamedShingles, whose matrix holds only the shingles that can be shared)."""
    out = np.zeros(len(pairs), dtype=np.int64)
    m = sm.matrix
    for lo in range(0, len(pairs), batch):
        p = pairs[lo : lo + batch]
        out[lo : lo + len(p)] = np.asarray(m[p[:, 0]].multiply(m[p[:, 1]]).sum(axis=1)).ravel()
    return out
