"""Word shingles for duplicate detection: tokens with offsets, hashed n-grams, the document × shingle
matrix, rarest-first prefixes (exact candidates) and MinHash/LSH (approximate candidates at scale)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..corpus.textparse import tokenize

_MIX = np.uint64(0x9E3779B97F4A7C15)


def _splitmix(x: np.ndarray) -> np.ndarray:
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


def shingle_hashes(token_ids: np.ndarray, starts: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of every k-word window inside each document of a concatenated token-id array.

    Returns (doc index, hash) per shingle; a document shorter than k words gives one shingle of all its words.
    """
    n = len(token_ids)
    lengths = np.diff(np.append(starts, n))
    mixed = _splitmix(token_ids)
    with np.errstate(over="ignore"):
        acc = np.zeros(max(n - k + 1, 0), dtype=np.uint64)
        for j in range(k):  # position-dependent rotation keeps "a b" and "b a" apart
            part = mixed[j : n - k + 1 + j]
            acc = acc * np.uint64(1099511628211) ^ part
    doc_of = np.repeat(np.arange(len(starts)), lengths)
    pos_in_doc = np.arange(n) - np.repeat(starts, lengths)
    valid = (pos_in_doc[: len(acc)] + k) <= lengths[doc_of[: len(acc)]]
    docs, hashes = doc_of[: len(acc)][valid], acc[valid]
    short = np.flatnonzero((lengths < k) & (lengths > 0))
    if len(short):  # whole short document as one shingle
        extra = []
        with np.errstate(over="ignore"):
            for d in short:
                h = np.uint64(0)
                for t in mixed[starts[d] : starts[d] + lengths[d]]:
                    h = h * np.uint64(1099511628211) ^ t
                extra.append(h)
        docs = np.concatenate([docs, short])
        hashes = np.concatenate([hashes, np.asarray(extra, dtype=np.uint64)])
    return docs, hashes


@dataclass
class ShingleMatrix:
    """Binary document × shingle matrix (CSR). Columns are numbered rarest first (by document frequency,
    ties by first appearance), so each row's indices list its shingles from the rarest up."""

    matrix: sp.csr_matrix
    column_hashes: np.ndarray
    df: np.ndarray
    exact_keys: np.ndarray  # per document: hash of its word sequence (equal for copies up to case/punctuation)

    @property
    def sizes(self) -> np.ndarray:
        return np.diff(self.matrix.indptr)


def hash_chunk(texts: list[str], k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(document index, shingle hash) pairs and each document's word-sequence hash, for a few thousand texts:
    the per-partition step of shingling on every engine."""
    tokens = [tokenize(t) for t in texts]
    lengths = np.fromiter((len(t) for t in tokens), dtype=np.int64, count=len(tokens))
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    docs, hashes = shingle_hashes(word_hashes([w for ws in tokens for w in ws]), starts, k)
    exact = pd.util.hash_array(np.asarray([" ".join(ws) for ws in tokens], dtype=object)).astype(np.uint64)
    return docs, hashes, exact


def build_shingle_matrix(texts: list[str], *, k: int = 5, chunk: int = 5000) -> ShingleMatrix:
    """Tokenise, hash k-word shingles and build the binary matrix (set semantics: a shingle counts once).

    Texts are tokenised `chunk` at a time so only hashes, not words, are held for the whole corpus."""
    parts = [hash_chunk(texts[lo : lo + chunk], k) for lo in range(0, len(texts), chunk)]
    docs = np.concatenate([p[0] + lo for p, lo in zip(parts, range(0, len(texts), chunk))]) if parts else np.zeros(0, np.int64)
    hashes = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0, np.uint64)
    exact_keys = np.concatenate([p[2] for p in parts]) if parts else np.zeros(0, np.uint64)
    del parts
    cols, uniques = pd.factorize(hashes)
    del hashes
    m = sp.csr_matrix((np.ones(len(cols), dtype=np.int32), (docs, cols)), shape=(len(texts), len(uniques)))
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
                         exact_keys=exact_keys)


def prefix_lengths(sizes: np.ndarray, min_similarity: float) -> np.ndarray:
    """How many of a document's rarest shingles its prefix holds: |s| - ceil(min_similarity·|s|) + 1."""
    sizes = np.asarray(sizes, dtype=np.int64)
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


def optimal_bands(threshold: float, num_perm: int, *, max_miss: float = 0.01) -> tuple[int, int]:
    """(bands, rows) with the least false-positive mass below `threshold` among those that miss a pair
    exactly at the threshold with probability ≤ `max_miss` (verification removes false positives anyway,
    so recall is bought first; like datasketch's optimal_param, with the false-negative side as a bound)."""
    s_lo = np.linspace(0, threshold, 200)
    best, best_cost = (num_perm, 1), np.inf
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            if (1 - threshold**r) ** b > max_miss:
                continue
            cost = np.trapezoid(1 - (1 - s_lo**r) ** b, s_lo)
            if cost < best_cost:
                best, best_cost = (b, r), cost
    return best


EMPTY = np.iinfo(np.uint32).max


def minhash_signatures(sm: ShingleMatrix, *, num_perm: int = 128, seed: int = 0, max_rounds: int = 200) -> np.ndarray:
    """MinHash signatures (documents × num_perm, uint32) by one-permutation hashing with optimal
    densification (Shrivastava 2017): one hash per shingle, P[equal slot] = Jaccard, as classic MinHash.
    Documents without shingles keep EMPTY slots (and are left out of LSH buckets)."""
    m = sm.matrix
    n_docs = m.shape[0]
    salt = _splitmix(np.asarray([seed], dtype=np.uint64))[0]
    h = _splitmix(sm.column_hashes[m.indices] ^ salt)
    slot = ((h >> np.uint64(40)) % np.uint64(num_perm)).astype(np.int64)
    value = (h & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    rows = np.repeat(np.arange(n_docs), np.diff(m.indptr))
    sig = np.full(n_docs * num_perm, EMPTY, dtype=np.uint32)
    np.minimum.at(sig, rows * num_perm + slot, value)
    sig = sig.reshape(n_docs, num_perm)
    filled = sig != EMPTY
    has_any = filled.any(axis=1)
    todo_doc, todo_slot = np.nonzero(~filled & has_any[:, None])
    for attempt in range(1, max_rounds + 1):  # each empty slot borrows from a slot chosen by (slot, attempt) alone
        if len(todo_doc) == 0:
            break
        src = (_splitmix((todo_slot.astype(np.uint64) << np.uint64(16)) + np.uint64(attempt) + salt) % np.uint64(num_perm)).astype(np.int64)
        ok = filled[todo_doc, src]
        sig[todo_doc[ok], todo_slot[ok]] = sig[todo_doc[ok], src[ok]]
        todo_doc, todo_slot = todo_doc[~ok], todo_slot[~ok]
    return sig


def lsh_candidates(sig: np.ndarray, bands: int, rows: int, *, max_bucket: int = 2000) -> np.ndarray:
    """Pairs (i < j) whose signatures agree on all rows of at least one band."""
    n_docs = sig.shape[0]
    usable = np.flatnonzero((sig != EMPTY).any(axis=1))
    found = []
    for band in range(bands):
        block = sig[usable, band * rows : (band + 1) * rows].astype(np.uint64)
        key = np.zeros(len(usable), dtype=np.uint64)
        for c in range(rows):
            key = _splitmix(key ^ block[:, c])
        order = np.argsort(key, kind="stable")
        sorted_keys = key[order]
        starts = np.flatnonzero(np.concatenate([[True], sorted_keys[1:] != sorted_keys[:-1]]))
        sizes = np.diff(np.append(starts, len(order)))
        pairs_of_two = starts[sizes == 2]
        found.append(np.stack([order[pairs_of_two], order[pairs_of_two + 1]], axis=1))
        for start, size in zip(starts[(sizes > 2) & (sizes <= max_bucket)], sizes[(sizes > 2) & (sizes <= max_bucket)]):
            members = order[start : start + size]
            i, j = np.triu_indices(size, k=1)
            found.append(np.stack([members[i], members[j]], axis=1))
    if not found or n_docs == 0:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = usable[np.concatenate(found)]
    pairs = np.stack([pairs.min(axis=1), pairs.max(axis=1)], axis=1)
    return np.unique(pairs, axis=0)


def overlaps(sm: ShingleMatrix, pairs: np.ndarray, *, batch: int = 200_000) -> np.ndarray:
    """Exact number of shared shingles for each pair (row-wise dot products of the binary matrix; `sm` may
    also be the matrix itself)."""
    out = np.zeros(len(pairs), dtype=np.int64)
    m = getattr(sm, "matrix", sm)
    for lo in range(0, len(pairs), batch):
        p = pairs[lo : lo + batch]
        out[lo : lo + len(p)] = np.asarray(m[p[:, 0]].multiply(m[p[:, 1]]).sum(axis=1)).ravel()
    return out
