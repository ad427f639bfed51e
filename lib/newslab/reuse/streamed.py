"""The shingle stage in bounded memory: texts are hashed a chunk at a time and only the shingles that two or more
documents hold are kept, so memory grows with what documents share, not with what they hold.

Pass 1 hashes each chunk (shingles.hash_chunk), keeps per-document vectors and spills every window (hash,
document, position) to buckets by the hash's top bits (files in a temporary folder; one bucket in memory for
a small corpus). Pass 2 reads one bucket at a time: a shingle's holders are all in its bucket, which gives its
document frequency, its set key (passages.doc_set_keys), each document's distinct and unshared shingles; the
windows of shared shingles go on to buckets by document range. Pass 3 numbers the shared shingles rarest first
(document frequency, ties by hash value: the order of shingles.ShingleMatrix) and builds the binary document ×
shared-shingle matrix one document range at a time. A shingle held by one document never makes a candidate, an
overlap or a passage: the prefix join needs only how many of them stand ahead of a document's shared ones.
"""
from __future__ import annotations

import contextlib
import math
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from tqdm import tqdm

from .lsh import signatures_of
from .passages import doc_runs, doc_set_keys, held_by_two
from .shingles import hash_chunk, prefix_lengths

WINDOW = np.dtype([("hash", "<u8"), ("doc", "<i4"), ("pos", "<i4")])  # one shingle window of pass 1
SHARED = np.dtype([("doc", "<i4"), ("pos", "<i4"), ("key", "<u8"), ("sid", "<i4")])  # a window of a shared shingle
PROGRESS_ABOVE = 100_000  # documents from which a progress bar shows (on a terminal only)


class Buckets:
    """Records of one dtype appended to `n` numbered buckets: in memory when n is 1, else one file each."""

    def __init__(self, folder: Path | None, name: str, n: int, dtype: np.dtype):
        self.n, self.dtype, self.held = n, dtype, [[] for _ in range(n)] if n == 1 else None
        self.paths = [folder / f"{name}-{b:05d}.bin" for b in range(n)] if n > 1 else []

    def add(self, which: np.ndarray, records: np.ndarray) -> None:
        """Append `records` to their buckets (`which`: bucket per record), keeping their order within each."""
        if self.held is not None:
            self.held[0].append(records)
            return
        order = np.argsort(which.astype(np.uint16) if self.n <= 2**16 else which, kind="stable")  # radix sort
        bounds = np.searchsorted(which[order], np.arange(self.n + 1))
        for b in np.flatnonzero(np.diff(bounds)):
            with open(self.paths[b], "ab") as f:
                f.write(records[order[bounds[b] : bounds[b + 1]]].tobytes())

    def read(self, b: int, *, drop: bool = False) -> np.ndarray:
        """Bucket `b`'s records in the order they were added (`drop`: free them once read)."""
        if self.held is not None:
            out = np.concatenate(self.held[0]) if self.held[0] else np.zeros(0, self.dtype)
            self.held[0] = [] if drop else [out]
            return out
        path = self.paths[b]
        out = np.fromfile(path, dtype=self.dtype) if path.exists() else np.zeros(0, self.dtype)
        if drop:
            path.unlink(missing_ok=True)
        return out


def hash_bucket(hashes: np.ndarray, bits: int) -> np.ndarray:
    """The bucket of each hash: its top `bits` bits (so buckets hold hash ranges, in order)."""
    return (hashes >> np.uint64(64 - bits)).astype(np.int64) if bits else np.zeros(len(hashes), dtype=np.int64)


def by_hash(hashes: np.ndarray) -> np.ndarray:
    """np.argsort(hashes, kind="stable") (equal hashes keep their order: document, then position), faster: an
    unstable sort, then only the runs of equal hashes (a small part: most shingles occur once) put back in order."""
    order = np.argsort(hashes)
    h = hashes[order]
    tied = np.zeros(len(h), dtype=bool)
    tied[1:] = h[1:] == h[:-1]
    if not tied.any():
        return order
    run = np.cumsum(~tied)  # run of equal hashes, per position
    tied[:-1] |= tied[1:]  # positions inside runs of two or more
    at = np.flatnonzero(tied)
    order[at] = np.sort(run[at] * len(h) + order[at]) % len(h)
    return order


def distinct(values: np.ndarray) -> np.ndarray:
    """np.unique of integers (sorted, each once), by a plain sort."""
    values = np.sort(values)
    return values[np.concatenate([[True], values[1:] != values[:-1]])] if len(values) else values


def bucket_stats(windows: np.ndarray) -> dict[str, np.ndarray]:
    """From every window of the shingles of one hash bucket (in document order): the document frequency of its
    shared shingles (held by two or more documents) by hash value, each distinct posting's document and whether
    its shingle is shared, and the windows of shared shingles with their set key and shared-shingle number."""
    order = by_hash(windows["hash"])
    h, d, p = windows["hash"][order], windows["doc"][order], windows["pos"][order]
    new_hash = np.ones(len(h), dtype=bool)
    new_hash[1:] = h[1:] != h[:-1]
    new_post = new_hash.copy()
    new_post[1:] |= d[1:] != d[:-1]
    group = np.cumsum(new_hash) - 1  # shingle number within the bucket, per window
    post = np.flatnonzero(new_post)  # first window of each distinct (shingle, document)
    df = np.bincount(group[post], minlength=int(group[-1]) + 1 if len(group) else 0)
    shared = df >= 2
    number = np.cumsum(shared) - 1  # shared shingle number within the bucket
    shared_post = post[shared[group[post]]]
    starts = np.flatnonzero(np.diff(np.concatenate([[-1], group[shared_post]])) != 0)
    key = doc_set_keys(d[shared_post], starts)
    chosen = shared[group]
    out = np.empty(int(chosen.sum()), dtype=SHARED)
    out["doc"], out["pos"] = d[chosen], p[chosen]
    out["sid"] = number[group[chosen]]
    out["key"] = key[out["sid"]]
    return {"df": df[shared].astype(np.int32), "post_doc": d[post],
            "post_shared": shared[group[post]], "windows": out}


@dataclass
class StreamedShingles:
    """A corpus's shingles as find_duplicates needs them: per-document vectors, the binary document × shared-shingle
    matrix (columns rarest first), each document's unshared shingles, and its shared windows in document-range
    buckets (for passages); MinHash signatures when asked for. `close()` removes the spill folder."""

    exact_keys: np.ndarray  # per document: hash of its word sequence
    n_tokens: np.ndarray  # per document: words as `tokenize` counts them
    sizes: np.ndarray  # per document: distinct shingles
    unshared: np.ndarray  # per document: distinct shingles no other document holds
    matrix: sp.csr_matrix  # documents × shared shingles, bool, rarest first (df, then hash value)
    ranges: Buckets
    bounds: np.ndarray  # first document of each range, and the number of documents
    signatures: np.ndarray | None = None
    folder: Path | None = None
    info: dict = field(default_factory=dict)

    def spans(self, *, k: int, min_words: int, max_gap: int) -> pd.DataFrame:
        """passages.shared_runs, one document range at a time (doc_runs is per document)."""
        parts = []
        for r in range(self.ranges.n):
            w = self.ranges.read(r)
            w = w[np.lexsort((w["pos"], w["doc"]))]
            doc, pos = w["doc"].astype(np.int64), w["pos"].astype(np.int64)
            parts.append(doc_runs(doc, pos, np.minimum(pos + k, self.n_tokens[doc]), w["key"], min_words=min_words,
                                  max_gap=max_gap))
        return held_by_two(pd.concat(parts, ignore_index=True))

    def candidates(self, unique: np.ndarray, min_similarity: float, *, block: int = 50_000) -> np.ndarray:
        """shingles.exact_candidates among the `unique` documents (pairs of document indices, i < j, sorted):
        each prefix of rarest shingles, less the unshared ones that lead it, against every shared shingle."""
        n, m = len(self.sizes), self.matrix
        counts = np.diff(m.indptr)
        keep = np.zeros(n, dtype=np.int64)
        keep[unique] = np.clip(prefix_lengths(self.sizes[unique], min_similarity) - self.unshared[unique], 0,
                               counts[unique])
        is_unique = np.zeros(n, dtype=bool)
        is_unique[unique] = True
        holders = m.T.tocsr()
        found = [np.zeros(0, dtype=np.int64)]
        for lo in range(0, n, block):
            hi = min(lo + block, n)
            a, b = m.indptr[lo], m.indptr[hi]
            rank = np.arange(b - a) - np.repeat(m.indptr[lo:hi] - a, counts[lo:hi])
            chosen = rank < np.repeat(keep[lo:hi], counts[lo:hi])
            indptr = np.concatenate([[0], np.cumsum(keep[lo:hi])])
            prefix = sp.csr_matrix((m.data[a:b][chosen], m.indices[a:b][chosen], indptr), shape=(hi - lo, m.shape[1]))
            product = (prefix @ holders).tocoo()
            i, j = product.row.astype(np.int64) + lo, product.col.astype(np.int64)
            ok = (i != j) & is_unique[j]
            found.append(distinct(np.minimum(i[ok], j[ok]) * n + np.maximum(i[ok], j[ok])))
        codes = distinct(np.concatenate(found))
        return np.stack([codes // max(n, 1), codes % max(n, 1)], axis=1)

    def close(self) -> None:
        """Remove the spill folder (the shared windows' buckets)."""
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


def stream_shingles(texts: list[str], *, k: int, chunk: int = 2000, bucket_windows: int = 4_000_000,
                    num_perm: int | None = None, seed: int = 42, folder: str | None = None) -> StreamedShingles:
    """Hash `texts` `chunk` at a time into a StreamedShingles, spilling windows to buckets of about
    `bucket_windows` (in a temporary folder under `folder`, or the system's); with `num_perm`, MinHash
    signatures (lsh.minhash_signatures, `seed`) are computed on the way."""
    n = len(texts)
    spill = Path(tempfile.mkdtemp(prefix="newslab-shingles-", dir=folder))
    try:
        with contextlib.ExitStack() as stack:
            bar = stack.enter_context(tqdm(total=n, desc="shingling", unit="doc", mininterval=1,
                                           disable=None if n >= PROGRESS_ABOVE else True))
            out = _passes(texts, k=k, chunk=chunk, bucket_windows=bucket_windows, num_perm=num_perm, seed=seed,
                          spill=spill, bar=bar)
    except BaseException:
        shutil.rmtree(spill, ignore_errors=True)
        raise
    return out


def _passes(texts, *, k, chunk, bucket_windows, num_perm, seed, spill, bar) -> StreamedShingles:
    """The three passes of stream_shingles (see the module's docstring)."""
    n = len(texts)
    exact, n_tokens, sigs, buckets, bits, total = [], [], [], None, 0, 0
    for lo in range(0, n, chunk):
        part = hash_chunk(texts[lo : lo + chunk], k)
        if buckets is None:  # the first chunk tells how many windows a document has
            expected = len(part["hash"]) * n / max(len(part["n_tokens"]), 1)
            bits = max(0, min(12, math.ceil(math.log2(max(expected / bucket_windows, 1)))))
            buckets = Buckets(spill, "windows", 2**bits, WINDOW)
        windows = np.empty(len(part["hash"]), dtype=WINDOW)
        windows["hash"], windows["doc"], windows["pos"] = part["hash"], part["doc"] + lo, part["pos"]
        buckets.add(hash_bucket(part["hash"], bits), windows)
        exact.append(part["exact"])
        n_tokens.append(part["n_tokens"])
        if num_perm is not None:
            sigs.append(signatures_of(part["doc"], part["hash"], len(part["n_tokens"]), num_perm=num_perm, seed=seed))
        total += len(windows)
        bar.update(len(part["n_tokens"]))
    n_ranges = max(1, math.ceil(total / (2 * bucket_windows)))
    bounds = np.append((np.arange(n_ranges) * n + n_ranges - 1) // n_ranges, n).astype(np.int64)
    ranges = Buckets(spill, "shared", n_ranges, SHARED)
    sizes, unshared = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    dfs, offset, postings = [], 0, 0
    for b in range(buckets.n if buckets is not None else 0):
        stats = bucket_stats(buckets.read(b, drop=True))
        sizes += np.bincount(stats["post_doc"], minlength=n)
        unshared += np.bincount(stats["post_doc"][~stats["post_shared"]], minlength=n)
        w = stats["windows"]
        w["sid"] += offset
        ranges.add(np.searchsorted(bounds, w["doc"], side="right") - 1, w)
        dfs.append(stats["df"])
        offset += len(stats["df"])
        postings += int(stats["post_shared"].sum())
    df = np.concatenate(dfs) if dfs else np.zeros(0, dtype=np.int32)  # hashes run in order: buckets are hash ranges
    rank = np.empty(len(df), dtype=np.int32)
    rank[np.argsort(df, kind="stable")] = np.arange(len(df), dtype=np.int32)
    n_shared = len(df)
    del dfs, df
    indices, indptr, at = np.empty(postings, dtype=np.int32), np.zeros(n + 1, dtype=np.int64), 0
    for r in range(n_ranges):
        w = ranges.read(r)
        lo, hi = bounds[r], bounds[r + 1]
        codes = distinct((w["doc"].astype(np.int64) - lo) * max(n_shared, 1) + rank[w["sid"]])
        indices[at : at + len(codes)] = codes % max(n_shared, 1)
        indptr[lo + 1 : hi + 1] = at + np.cumsum(np.bincount(codes // max(n_shared, 1), minlength=hi - lo))
        at += len(codes)
    matrix = sp.csr_matrix((np.ones(postings, dtype=bool), indices, indptr), shape=(n, n_shared))
    return StreamedShingles(
        exact_keys=np.concatenate(exact).astype(np.uint64) if exact else np.zeros(0, np.uint64),
        n_tokens=np.concatenate(n_tokens).astype(np.int64) if n_tokens else np.zeros(0, np.int64),
        sizes=sizes, unshared=unshared, matrix=matrix, ranges=ranges, bounds=bounds,
        signatures=np.concatenate(sigs) if sigs else None, folder=spill,
        info={"stream_shingles": total, "shared_shingles": n_shared, "shared_postings": postings,
              "spill_buckets": buckets.n if buckets is not None else 0, "doc_ranges": n_ranges})
