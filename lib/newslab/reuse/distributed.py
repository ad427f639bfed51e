"""Duplicate detection on a Dask cluster with the local engine's own functions; the client never holds shingles.

Workers hash each partition's shingles (shingles.hash_chunk) and keep them; the client gets per-document
vectors only (word-sequence hash, words, distinct shingles). One graph then runs on the workers: the shingle
stream (doc, position, hash) shuffled by hash gives every shingle its document frequency and the key of the set
of documents holding it (passages.doc_set_keys); shared shingles shuffled by document form each document's
passage spans (passages.doc_runs); first copies' postings shuffled by document give each prefix of rarest
shingles (as shingles.prefix_matrix), which meets those postings in a merge on hash to form candidate pairs.
The spans and pairs come back (small); every candidate's exact overlap is counted on a worker per pair of blocks
(shingles.overlaps). The client builds the passage tables from the spans and its texts, scores and clusters.
"""
from __future__ import annotations

import time

import numpy as np
import pandas as pd

from ..engine import partitions_for
from .passages import SPAN_DTYPES, doc_runs, doc_set_keys, held_by_two
from .shingles import hash_chunk, matrix_from_chunks, overlaps, prefix_lengths


def _meta(**dtypes) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in dtypes.items()})


POSTINGS_META = _meta(doc=np.int64, hash=np.uint64)
PAIRS_META = _meta(a=np.int64, b=np.int64)
STREAM_META = _meta(doc=np.int64, pos=np.int32, end=np.int32, hash=np.uint64, kept=bool)
STATS_META = STREAM_META.assign(df=pd.Series(dtype=np.int64), key=pd.Series(dtype=np.uint64))
RANKED_META = _meta(doc=np.int64, hash=np.uint64, df=np.int64)
SPANS_META = _meta(**SPAN_DTYPES)


def prefix_postings(ranked: pd.DataFrame, min_similarity: float) -> pd.DataFrame:
    """Each document's rarest shingles (by df, then hash), as many as shingles.prefix_matrix keeps."""
    ranked = ranked.sort_values(["doc", "df", "hash"], kind="stable")
    sizes = ranked.groupby("doc", sort=False)["hash"].transform("size").to_numpy()
    keep = prefix_lengths(sizes, min_similarity)
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
    return {"exact": part["exact"], "n_tokens": part["n_tokens"], "stream": len(part["hash"]),
            "sizes": np.bincount(distinct["doc"].to_numpy(), minlength=n).astype(np.int64)}


def chunk_stream(part: dict, offset: int, k: int, keep: np.ndarray) -> pd.DataFrame:
    """Every shingle of a hashed partition in text order (repeats included): global doc, position, the end of
    its words (a document shorter than k words ends early), hash, and whether its document is `keep` (a first
    copy, compared for candidates)."""
    doc = part["doc"].astype(np.int64)
    end = np.minimum(part["pos"].astype(np.int64) + k, part["n_tokens"][doc]).astype(np.int32)
    return pd.DataFrame({"doc": doc + offset, "pos": part["pos"].astype(np.int32), "end": end, "hash": part["hash"],
                         "kept": keep[doc]})


def with_hash_stats(stream: pd.DataFrame) -> pd.DataFrame:
    """A partition of the shingle stream shuffled by hash, each row with its shingle's document frequency and
    the key of the set of documents holding it (passages.doc_set_keys, as the local engine computes it)."""
    distinct = stream[["hash", "doc"]].drop_duplicates().sort_values(["hash", "doc"])
    hashes = distinct["hash"].to_numpy()
    starts = np.flatnonzero(np.concatenate([[True], hashes[1:] != hashes[:-1]])) if len(hashes) else np.zeros(0, int)
    df = np.diff(np.append(starts, len(hashes))).astype(np.int64)
    key = doc_set_keys(distinct["doc"].to_numpy(), starts)
    where = np.searchsorted(hashes[starts], stream["hash"].to_numpy())
    return stream.assign(df=df[where] if len(df) else df, key=key[where] if len(key) else key)


def kept_postings(stream: pd.DataFrame) -> pd.DataFrame:
    """Distinct (doc, hash, df) of the first copies in a partition of the stream with its hash stats."""
    return stream.loc[stream["kept"].to_numpy(), ["doc", "hash", "df"]].drop_duplicates(["doc", "hash"])


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
        self.info = {"engine": "dask", "scheduler": engine.address, "workers": engine.n_workers,
                     "partitions": n_parts, "dashboard": engine.dashboard_link,
                     "stream_shingles": int(sum(v["stream"] for v in vectors))}
        self.cluster_s = time.perf_counter() - started  # time waiting on the cluster, for benchmarks/scale_dask.py

    def spans_and_candidates(self, unique: np.ndarray, min_similarity: float, *, min_words: int,
                             max_gap: int) -> tuple[pd.DataFrame, np.ndarray]:
        """passages.shared_runs and shingles.exact_candidates (among the `unique` documents) in one Dask graph:
        the shingle stream shuffled by hash gets each shingle's df and document-set key; shared shingles,
        shuffled by document, form each document's spans; first copies' postings, shuffled by document, give
        each prefix, which meets their postings in a merge on hash. Only the spans and pairs come back."""
        import dask
        import dask.dataframe as dd
        from dask import delayed

        started = time.perf_counter()
        keep = np.zeros(len(self.n_tokens), dtype=bool)
        keep[unique] = True
        bounds = np.append(self.offsets, len(keep))
        stream = dd.from_delayed([delayed(chunk_stream)(h, int(o), self.k, keep[o:e])
                                  for h, o, e in zip(self.hashed, self.offsets, bounds[1:])],
                                 meta=STREAM_META, verify_meta=False)
        stats = stream.shuffle("hash").map_partitions(with_hash_stats, meta=STATS_META)
        keyed = stats[stats["key"] != 0][["doc", "pos", "end", "key"]]
        runs = keyed.shuffle("doc").map_partitions(partition_runs, min_words, max_gap, meta=SPANS_META)
        ranked = stats.map_partitions(kept_postings, meta=RANKED_META)
        prefix = ranked.shuffle("doc").map_partitions(prefix_postings, min_similarity, meta=POSTINGS_META)
        joined = prefix.merge(ranked[["doc", "hash"]], on="hash", suffixes=("_p", "_f"))
        pairs = joined.map_partitions(candidate_pairs, meta=PAIRS_META).drop_duplicates()
        runs, pairs = dask.compute(runs, pairs)
        out = pairs[["a", "b"]].to_numpy(dtype=np.int64)
        self.cluster_s += time.perf_counter() - started
        return held_by_two(runs), out[np.lexsort((out[:, 1], out[:, 0]))] if len(out) else out.reshape(0, 2)

    def overlaps(self, pairs: np.ndarray) -> np.ndarray:
        """Exact overlaps of `pairs` (a < b), one worker task per pair of blocks holding candidates."""
        started = time.perf_counter()
        out = np.zeros(len(pairs), dtype=np.int64)
        block = np.searchsorted(self.offsets, pairs, side="right") - 1
        tasks = []
        for (i, j), rows in pd.DataFrame({"i": block[:, 0], "j": block[:, 1]}).groupby(["i", "j"]).indices.items():
            other = None if i == j else self.hashed[j]
            tasks.append((rows, self.client.submit(block_overlaps, self.hashed[i], other, pairs[rows],
                                                   int(self.offsets[i]), int(self.offsets[j]), pure=False)))
        for rows, future in tasks:
            out[rows] = future.result()
        self.cluster_s += time.perf_counter() - started
        return out

    def close(self) -> None:
        """Release the partitions held on the workers (dropping the last reference frees them)."""
        self.hashed = []
