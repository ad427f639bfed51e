"""MinHash + LSH candidates for corpora too large for the exact join: one-permutation MinHash signatures,
band choice for a Jaccard threshold, and buckets that are split, never dropped, when they grow too big.

Containment (excerpts, stories embedded in round-ups) has low Jaccard and is not what bands find; in LSH
mode those candidates come from the pairs of holders of each passage (sharing.holder_pairs), see duplicates.find_duplicates."""
from __future__ import annotations

import numpy as np

from .shingles import ShingleMatrix, splitmix

EMPTY = np.iinfo(np.uint32).max


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


def minhash_signatures(sm: ShingleMatrix, *, num_perm: int = 128, seed: int = 42, max_rounds: int = 200) -> np.ndarray:
    """MinHash signatures (documents × num_perm, uint32) by one-permutation hashing with optimal
    densification (Shrivastava 2017): one hash per shingle, P[equal slot] = Jaccard, as classic MinHash.
    Documents without shingles keep EMPTY slots (and are left out of LSH buckets)."""
    m = sm.matrix
    rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    return signatures_of(rows, sm.column_hashes[m.indices], m.shape[0], num_perm=num_perm, seed=seed,
                         max_rounds=max_rounds)


def signatures_of(rows: np.ndarray, hashes: np.ndarray, n_docs: int, *, num_perm: int = 128, seed: int = 42,
                  max_rounds: int = 200) -> np.ndarray:
    """minhash_signatures from each shingle's document (`rows`) and hash value, repeats allowed (a minimum is
    the same however often a value comes): any chunk of whole documents gives its rows of the corpus's signatures."""
    salt = splitmix(np.asarray([seed], dtype=np.uint64))[0]
    h = splitmix(hashes ^ salt)
    slot = ((h >> np.uint64(40)) % np.uint64(num_perm)).astype(np.int64)
    value = (h & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    sig = np.full(n_docs * num_perm, EMPTY, dtype=np.uint32)
    np.minimum.at(sig, rows.astype(np.int64) * num_perm + slot, value)
    sig = sig.reshape(n_docs, num_perm)
    filled = sig != EMPTY
    has_any = filled.any(axis=1)
    todo_doc, todo_slot = np.nonzero(~filled & has_any[:, None])
    for attempt in range(1, max_rounds + 1):  # each empty slot borrows from a slot chosen by (slot, attempt) alone
        if len(todo_doc) == 0:
            break
        src = (splitmix((todo_slot.astype(np.uint64) << np.uint64(16)) + np.uint64(attempt) + salt) % np.uint64(num_perm)).astype(np.int64)
        ok = filled[todo_doc, src]
        sig[todo_doc[ok], todo_slot[ok]] = sig[todo_doc[ok], src[ok]]
        todo_doc, todo_slot = todo_doc[~ok], todo_slot[~ok]
    return sig


def band_keys(sig: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One 64-bit key per document and band (documents × bands): equal keys = all rows of the band agree."""
    keys = np.zeros((sig.shape[0], bands), dtype=np.uint64)
    for band in range(bands):
        key = np.zeros(sig.shape[0], dtype=np.uint64)
        for c in range(band * rows, (band + 1) * rows):
            key = splitmix(key ^ sig[:, c].astype(np.uint64))
        keys[:, band] = key
    return keys


def _groups(key: np.ndarray) -> list[np.ndarray]:
    """Indices sharing a key, for keys held by two or more."""
    order = np.argsort(key, kind="stable")
    sorted_keys = key[order]
    starts = np.flatnonzero(np.concatenate([[True], sorted_keys[1:] != sorted_keys[:-1]]))
    ends = np.append(starts[1:], len(order))
    return [order[s:e] for s, e in zip(starts, ends) if e - s > 1]


def bucket_pairs(members: np.ndarray, keys: np.ndarray, band: int, max_bucket: int, stats: dict) -> list[np.ndarray]:
    """All pairs of a bucket; a bucket over `max_bucket` is split by the next bands' keys, and members
    whose whole signatures agree (near-identical texts) are paired with the first of them only."""
    if len(members) <= max_bucket:
        i, j = np.triu_indices(len(members), k=1)
        return [np.stack([members[i], members[j]], axis=1)]
    stats["split_buckets"] = stats.get("split_buckets", 0) + 1
    key = keys[members, band].copy()
    for extra in range(1, keys.shape[1]):
        key = splitmix(key ^ keys[members, (band + extra) % keys.shape[1]])
        groups = _groups(key)
        if all(len(g) <= max_bucket for g in groups):
            return [np.stack([members[g][np.triu_indices(len(g), k=1)[0]], members[g][np.triu_indices(len(g), k=1)[1]]],
                             axis=1) for g in groups]
    stats["star_buckets"] = stats.get("star_buckets", 0) + 1
    out = []
    for g in _groups(key):
        out.append(np.stack([np.full(len(g) - 1, members[g[0]]), members[g[1:]]], axis=1))
    return out


def lsh_candidates(sig: np.ndarray, bands: int, rows: int, *, max_bucket: int = 2000,
                   stats: dict | None = None) -> np.ndarray:
    """Pairs (i < j) whose signatures agree on all rows of at least one band (big buckets split, not dropped)."""
    stats = stats if stats is not None else {}
    usable = np.flatnonzero((sig != EMPTY).any(axis=1))
    keys = band_keys(sig[usable], bands, rows)
    found = [np.zeros((0, 2), dtype=np.int64)]
    for band in range(bands):
        for members in _groups(keys[:, band]):
            found.extend(bucket_pairs(members, keys, band, max_bucket, stats))
    pairs = usable[np.concatenate(found).astype(np.int64)]
    if len(pairs) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.stack([pairs.min(axis=1), pairs.max(axis=1)], axis=1)
    return np.unique(pairs, axis=0)
