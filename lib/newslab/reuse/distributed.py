"""Duplicate candidates and their exact overlaps on a Dask cluster, with the local engine's own functions.

Workers hash each partition's shingles (shingles.hash_chunk); document frequencies come from a Dask groupby;
each document's prefix (its rarest shingles, ties by hash, as shingles.prefix_matrix orders them) is cut per
partition after a shuffle by document; prefix postings meet full postings in a merge shuffled by shingle hash,
which forms the candidate pairs; each block pair's candidates get exact overlaps on a worker
(shingles.overlaps). The client keeps the (small) pairs, and classifies, clusters and finds passages with the
local code (passages need every shingle's position, so the client also holds the shingle matrix).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

import time

from ..engine import partitions_for
from .passages import SPAN_DTYPES, doc_runs, doc_set_keys, held_by_two
from .shingles import hash_chunk, matrix_from_chunks, overlaps


def _meta(**dtypes) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in dtypes.items()})


POSTINGS_META = _meta(doc=np.int64, hash=np.uint64)
PAIRS_META = _meta(a=np.int64, b=np.int64)
STATS_META = _meta(hash=np.uint64, df=np.int64, key=np.uint64)
STREAM_META = _meta(doc=np.int64, pos=np.int32, end=np.int32, hash=np.uint64)
SPANS_META = _meta(**SPAN_DTYPES)


def chunk_postings(part: dict, offset: int, keep: np.ndarray | None = None) -> pd.DataFrame:
    """One (doc, hash) row per distinct shingle of each document of a hash_chunk output (`keep`: documents kept)."""
    rows = pd.DataFrame({"doc": part["doc"].astype(np.int64), "hash": part["hash"]}).drop_duplicates()
    if keep is not None:
        rows = rows[keep[rows["doc"].to_numpy()]]
    return rows.assign(doc=rows["doc"] + offset).reset_index(drop=True)


def prefix_postings(ranked: pd.DataFrame, min_similarity: float) -> pd.DataFrame:
    """Each document's rarest shingles (by df, then hash), as many as shingles.prefix_matrix keeps."""
    ranked = ranked.sort_values(["doc", "df", "hash"], kind="stable")
    sizes = ranked.groupby("doc", sort=False)["hash"].transform("size").to_numpy()
    keep = np.minimum(sizes - np.ceil(min_similarity * sizes - 1e-9).astype(np.int64) + 1, sizes)
    chosen = ranked.groupby("doc", sort=False).cumcount().to_numpy() < keep
    return ranked.loc[chosen, ["doc", "hash"]].reset_index(drop=True)


def candidate_pairs(joined: pd.DataFrame) -> pd.DataFrame:
    """Distinct pairs (a < b) of a prefix × full postings join on hash."""
    a, b = joined["doc_p"].to_numpy(), joined["doc_f"].to_numpy()
    out = pd.DataFrame({"a": np.minimum(a, b), "b": np.maximum(a, b)})[a != b]
    return out.drop_duplicates().reset_index(drop=True)


def chunk_subset(part: dict, docs: np.ndarray) -> dict:
    """The hash_chunk output of only `docs` (sorted chunk-local indices), renumbered 0..len(docs)-1."""
    where = np.searchsorted(docs, part["doc"])
    kept = (where < len(docs)) & (docs[np.minimum(where, len(docs) - 1)] == part["doc"])
    return {"doc": where[kept], "pos": part["pos"][kept], "hash": part["hash"][kept], "exact": part["exact"][docs],
            "n_tokens": part["n_tokens"][docs]}


def block_overlaps(part_a: dict, part_b: dict | None, pairs: np.ndarray, offset_a: int, offset_b: int) -> np.ndarray:
    """Exact shared shingles for `pairs` (global indices) whose first side is in block a, second in block b
    (None: the same block): the matrix of the documents involved, then shingles.overlaps."""
    docs_a = np.unique(pairs[:, 0] - offset_a)
    docs_b = np.unique(pairs[:, 1] - offset_b)
    if part_b is None:
        docs_a = docs_b = np.union1d(docs_a, docs_b)
        sm = matrix_from_chunks([chunk_subset(part_a, docs_a)], [0], len(docs_a))
    else:
        sm = matrix_from_chunks([chunk_subset(part_a, docs_a), chunk_subset(part_b, docs_b)], [0, len(docs_a)],
                                len(docs_a) + len(docs_b))
    shift = 0 if part_b is None else len(docs_a)
    local = np.stack([np.searchsorted(docs_a, pairs[:, 0] - offset_a),
                      np.searchsorted(docs_b, pairs[:, 1] - offset_b) + shift], axis=1)
    return overlaps(sm, local)


def doc_vectors(part: dict) -> dict:
    """What the client keeps of a hashed partition: per document its word-sequence hash, words and distinct
    shingles (the row sizes of the local shingle matrix), never the shingles themselves."""
    n = len(part["n_tokens"])
    distinct = pd.DataFrame({"doc": part["doc"], "hash": part["hash"]}).drop_duplicates()
    return {"exact": part["exact"], "n_tokens": part["n_tokens"],
            "sizes": np.bincount(distinct["doc"].to_numpy(), minlength=n).astype(np.int64)}


def hash_stats(postings: pd.DataFrame) -> pd.DataFrame:
    """Per shingle hash of a partition of distinct (doc, hash) postings shuffled by hash: its document
    frequency and the key of its set of documents (passages.doc_set_keys, as the local engine computes it)."""
    postings = postings.sort_values(["hash", "doc"], kind="stable")
    hashes = postings["hash"].to_numpy()
    if len(hashes) == 0:
        return STATS_META.copy()
    starts = np.flatnonzero(np.concatenate([[True], hashes[1:] != hashes[:-1]]))
    return pd.DataFrame({"hash": hashes[starts], "df": np.diff(np.append(starts, len(hashes))).astype(np.int64),
                         "key": doc_set_keys(postings["doc"].to_numpy(), starts)})


def chunk_stream(part: dict, offset: int, k: int) -> pd.DataFrame:
    """Every shingle of a hashed partition in text order (repeats included): global doc, position, the end of
    its words (a document shorter than k words ends early) and hash."""
    doc = part["doc"].astype(np.int64)
    end = np.minimum(part["pos"].astype(np.int64) + k, part["n_tokens"][doc]).astype(np.int32)
    return pd.DataFrame({"doc": doc + offset, "pos": part["pos"].astype(np.int32), "end": end, "hash": part["hash"]})


def partition_runs(keyed: pd.DataFrame, min_words: int, max_gap: int) -> pd.DataFrame:
    """passages.doc_runs on a partition of shared shingles shuffled by document (whole documents)."""
    keyed = keyed.sort_values(["doc", "pos"], kind="stable")
    return doc_runs(keyed["doc"].to_numpy(), keyed["pos"].to_numpy(), keyed["end"].to_numpy(),
                    keyed["key"].to_numpy(), min_words=min_words, max_gap=max_gap)


class DaskShingles:
    """A corpus hashed on a Dask cluster: the partitions stay on the workers, the client holds per-document
    vectors only; candidates, passage spans and overlaps are computed there with the local engine's functions."""

    def __init__(self, engine, texts: list[str], *, k: int):
        self.client, self.k, started = engine.client, k, time.perf_counter()
        n_parts = partitions_for(len(texts), engine.n_workers)
        self.offsets = np.linspace(0, len(texts), n_parts + 1).astype(np.int64)[:-1]
        bounds = np.append(self.offsets, len(texts))
        chunks = self.client.scatter([texts[lo:hi] for lo, hi in zip(bounds[:-1], bounds[1:])])
        self.hashed = self.client.map(hash_chunk, chunks, k=k)
        vectors = self.client.gather(self.client.map(doc_vectors, self.hashed))
        self.exact_keys = np.concatenate([v["exact"] for v in vectors]).astype(np.uint64)
        self.n_tokens = np.concatenate([v["n_tokens"] for v in vectors]).astype(np.int64)
        self.sizes = np.concatenate([v["sizes"] for v in vectors])
        self._stats = None
        self.info = {"engine": "dask", "scheduler": engine.address, "workers": engine.n_workers,
                     "partitions": n_parts, "dashboard": engine.dashboard_link}
        self.cluster_s = time.perf_counter() - started  # time waiting on the cluster, for benchmarks/scale.py

    def _frame(self, function, meta, *args):
        import dask.dataframe as dd
        from dask import delayed

        return dd.from_delayed([delayed(function)(h, int(o), *args) for h, o in zip(self.hashed, self.offsets)],
                               meta=meta, verify_meta=False)

    def stats(self):
        """Per shingle hash: df and document-set key (a Dask frame persisted on the workers, made once)."""
        if self._stats is None:
            postings = self._frame(chunk_postings, POSTINGS_META)
            self._stats = self.client.persist(postings.shuffle("hash").map_partitions(hash_stats, meta=STATS_META))
        return self._stats

    def candidates(self, unique: np.ndarray, min_similarity: float) -> np.ndarray:
        """Candidate pairs among the `unique` documents (indices; prefix filter with corpus-wide df), formed by
        Dask shuffles."""
        import dask.dataframe as dd
        from dask import delayed

        started = time.perf_counter()
        keep = np.zeros(len(self.n_tokens), dtype=bool)
        keep[unique] = True
        bounds = np.append(self.offsets, len(keep))
        kept = dd.from_delayed([delayed(chunk_postings)(h, int(o), keep[o:e])
                                for h, o, e in zip(self.hashed, self.offsets, bounds[1:])],
                               meta=POSTINGS_META, verify_meta=False)
        ranked = kept.merge(self.stats()[["hash", "df"]], on="hash", how="inner")
        prefix = ranked.shuffle("doc").map_partitions(prefix_postings, min_similarity, meta=POSTINGS_META)
        joined = prefix.merge(kept, on="hash", suffixes=("_p", "_f"))
        pairs = joined.map_partitions(candidate_pairs, meta=PAIRS_META).drop_duplicates().compute()
        out = pairs[["a", "b"]].to_numpy(dtype=np.int64)
        self.cluster_s += time.perf_counter() - started
        return out[np.lexsort((out[:, 1], out[:, 0]))] if len(out) else out.reshape(0, 2)

    def spans(self, *, min_words: int, max_gap: int) -> pd.DataFrame:
        """passages.shared_runs on the cluster: shared shingles get their key by a merge on hash, runs form per
        document after a shuffle by document; only the spans come back."""
        started = time.perf_counter()
        keys = self.stats()
        keys = keys[keys["key"] != 0][["hash", "key"]]
        keyed = self._frame(chunk_stream, STREAM_META, self.k).merge(keys, on="hash", how="inner")
        runs = keyed.shuffle("doc").map_partitions(partition_runs, min_words, max_gap, meta=SPANS_META)
        spans = held_by_two(runs.compute())
        self.cluster_s += time.perf_counter() - started
        return spans

    def overlaps(self, pairs: np.ndarray) -> np.ndarray:
        """Exact overlaps of `pairs` (a < b), one worker task per pair of blocks holding candidates."""
        started = time.perf_counter()
        out = np.zeros(len(pairs), dtype=np.int64)
        block = np.searchsorted(self.offsets, pairs, side="right") - 1
        tasks = []
        for (i, j), rows in pd.DataFrame({"i": block[:, 0], "j": block[:, 1]}).groupby(["i", "j"]).indices.items():
            tasks.append((rows, self.client.submit(block_overlaps, self.hashed[i], None if i == j else self.hashed[j],
                                                   pairs[rows], int(self.offsets[i]), int(self.offsets[j]), pure=False)))
        for rows, future in tasks:
            out[rows] = future.result()
        self.cluster_s += time.perf_counter() - started
        return out

    def close(self) -> None:
        """Release the partitions held on the workers (dropping the last reference frees them)."""
        self._stats, self.hashed = None, []
