"""Duplicate detection on a Dask cluster, with the local engine's functions doing each piece of work.

1. per corpus partition: shingle hashes (`hash_chunk`), one (row, hash) posting per distinct shingle;
2. shuffle postings by hash: each shingle's document frequency (the global rarest-first order);
3. shuffle by document: each document's prefix (`prefix_lengths` rarest shingles, as the local prefix join);
4. join prefix postings with all postings on the shingle (a hash shuffle): candidate pairs form per key;
5. per pair of corpus partitions: exact shared-shingle counts (`overlaps`) of the candidates between them;
6. on the client, from the small arrays: scores, kinds and clusters (`score_pairs`, `cluster_pairs`).
Only shingles held by two or more documents take part in steps 4 and 5's joins, and the verified pairs are
exactly the local engine's: prefix filtering is exact under any global order, and every candidate is verified.
"""
from __future__ import annotations

import time

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..engine import partitions_for, session
from .shingles import hash_chunk, overlaps, prefix_lengths

POSTING_META = pd.DataFrame({"row": pd.Series(dtype="int64"), "hash": pd.Series(dtype="uint64")})
RANKED_META = POSTING_META.assign(df=pd.Series(dtype="int64"))
DOC_META = pd.DataFrame({"row": pd.Series(dtype="int64"), "size": pd.Series(dtype="int64"),
                         "exact_key": pd.Series(dtype="uint64")})
PAIR_META = pd.DataFrame({"a": pd.Series(dtype="int64"), "b": pd.Series(dtype="int64")})


def partition_shingles(part: pd.DataFrame, k: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Distinct (row, hash) postings of a partition's texts, and per document its shingle count and exact key."""
    docs, hashes, exact = hash_chunk(part["text"].tolist(), k)
    rows = part["row"].to_numpy(dtype=np.int64)
    postings = pd.DataFrame({"row": rows[docs], "hash": hashes}).drop_duplicates(ignore_index=True)
    sizes = np.bincount(np.searchsorted(rows, postings["row"].to_numpy()), minlength=len(rows))
    return postings, pd.DataFrame({"row": rows, "size": sizes.astype(np.int64), "exact_key": exact})


def with_document_frequency(postings: pd.DataFrame) -> pd.DataFrame:
    """Postings (all postings of each hash are in this partition) with the hash's document frequency."""
    return postings.assign(df=postings.groupby("hash")["row"].transform("size").astype(np.int64))


def prefix_postings(ranked: pd.DataFrame, min_similarity: float) -> pd.DataFrame:
    """Each document's prefix (all its postings are in this partition), rarest first (ties by hash), keeping
    only shingles another document also holds (the others cannot make a pair)."""
    ranked = ranked.sort_values(["row", "df", "hash"], kind="stable")
    rows = ranked["row"].to_numpy()
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]]) if len(rows) else np.zeros(0, np.int64)
    sizes = np.diff(np.append(starts, len(rows)))
    rank_in_row = np.arange(len(rows)) - np.repeat(starts, sizes)
    chosen = (rank_in_row < np.repeat(prefix_lengths(sizes, min_similarity), sizes)) & (ranked["df"].to_numpy() >= 2)
    return ranked.loc[chosen, ["row", "hash"]]


def ordered_pairs(pairs: pd.DataFrame) -> pd.DataFrame:
    """Pairs (a < b) without self-pairs or repeats."""
    a, b = pairs["row_x"].to_numpy(), pairs["row_y"].to_numpy()
    keep = a != b
    out = pd.DataFrame({"a": np.minimum(a, b)[keep], "b": np.maximum(a, b)[keep]})
    return out.drop_duplicates(ignore_index=True)


def block_overlaps(left: pd.DataFrame, right: pd.DataFrame, pairs: np.ndarray) -> np.ndarray:
    """Shared shingles of each pair (a from the `left` postings, b from the `right` ones), with `overlaps`."""
    postings = pd.concat([left, right], ignore_index=True).drop_duplicates(ignore_index=True)
    rows, row_index = np.unique(postings["row"].to_numpy(), return_inverse=True)
    _, col_index = np.unique(postings["hash"].to_numpy(), return_inverse=True)
    matrix = sp.csr_matrix((np.ones(len(postings), dtype=np.int32), (row_index, col_index)),
                           shape=(len(rows), int(col_index.max()) + 1 if len(col_index) else 0))
    return overlaps(matrix, np.searchsorted(rows, pairs))


def shingle_and_verify(docs: pd.DataFrame, *, shingle_size: int, min_similarity: float, extra_pairs,
                       scheduler: str | None) -> dict:
    """Steps 1-5 on the cluster: document sizes and exact keys, candidate pairs and their shared counts.

    `extra_pairs(exact_keys)` gives pairs that must be scored whatever the prefix join finds (exact copies)."""
    import dask
    import dask.dataframe as dd
    from dask.delayed import delayed

    timings, t = {}, time.perf_counter()

    def lap(name):
        nonlocal t
        timings[f"{name}_s"] = round(time.perf_counter() - t, 3)
        t = time.perf_counter()

    with session(scheduler) as engine, dask.config.set({"dataframe.convert-string": False}):
        client = engine.client
        n_parts = partitions_for(len(docs), engine.n_workers)
        bounds = np.linspace(0, len(docs), n_parts + 1).astype(np.int64)
        texts = docs[["text"]].assign(row=np.arange(len(docs), dtype=np.int64))
        shingled = [delayed(partition_shingles, nout=2)(texts.iloc[lo:hi], shingle_size)
                    for lo, hi in zip(bounds[:-1], bounds[1:]) if hi > lo]
        postings, doc_info = client.persist([
            dd.from_delayed([s[0] for s in shingled], meta=POSTING_META, verify_meta=False),
            dd.from_delayed([s[1] for s in shingled], meta=DOC_META, verify_meta=False)])
        doc_info = doc_info.compute()
        lap("shingles")
        ranked = postings.shuffle("hash", npartitions=n_parts).map_partitions(with_document_frequency, meta=RANKED_META)
        shared = ranked[ranked["df"] >= 2][["row", "hash"]]
        prefix = ranked.shuffle("row", npartitions=n_parts).map_partitions(prefix_postings, min_similarity,
                                                                            meta=POSTING_META)
        joined = dd.merge(prefix, shared, on="hash", how="inner", npartitions=n_parts)
        found = joined.map_partitions(ordered_pairs, meta=PAIR_META).compute()
        exact_keys = doc_info["exact_key"].to_numpy(dtype=np.uint64)
        candidates = np.concatenate([found[["a", "b"]].to_numpy(dtype=np.int64).reshape(-1, 2), extra_pairs(exact_keys)])
        candidates = np.unique(candidates, axis=0) if len(candidates) else candidates.reshape(0, 2)
        lap("candidates")
        shared_counts = np.zeros(len(candidates), dtype=np.int64)
        part_of = np.searchsorted(bounds, candidates, side="right") - 1
        pieces = postings.to_delayed()
        tasks, where = [], []
        for (p, q), idx in pd.DataFrame(part_of, columns=["p", "q"]).groupby(["p", "q"]).indices.items():
            tasks.append(delayed(block_overlaps)(pieces[p], pieces[q], candidates[idx]))
            where.append(idx)
        for idx, counts in zip(where, client.compute(tasks, sync=True)):
            shared_counts[idx] = counts
        lap("verify")
        info = {"engine": "dask", "scheduler": engine.address, "workers": engine.n_workers, "partitions": n_parts,
                "dashboard": engine.dashboard_link}
    return {"sizes": doc_info["size"].to_numpy(dtype=np.int64), "exact_keys": exact_keys, "candidates": candidates,
            "shared": shared_counts, "shingles": int(doc_info["size"].sum()), "info": info, "timings": timings}


def find_duplicates_on_dask(docs: pd.DataFrame, *, threshold: float, containment_threshold: float, shingle_size: int,
                            method: str, scheduler: str | None):
    """find_duplicates(engine="dask") on already selected `docs`: the cluster shingles, joins and verifies;
    scores, exact groups and clusters are computed here by the local engine's functions."""
    from ..errors import ParameterError
    from .duplicates import DuplicateResult, cluster_pairs, exact_group_pairs, exact_groups, score_pairs

    if method == "lsh":
        raise ParameterError("method='lsh' runs on the local engine only; engine='dask' uses the exact prefix join")
    if len(docs) == 0:
        raise ParameterError("find_duplicates(engine='dask') needs at least one document")
    groups = {}

    def exact_pairs(exact_keys):
        groups["exact"] = exact_groups(docs, exact_keys)
        return exact_group_pairs(docs, groups["exact"])

    run = shingle_and_verify(docs, shingle_size=shingle_size, min_similarity=min(threshold, containment_threshold),
                             extra_pairs=exact_pairs, scheduler=scheduler)
    t = time.perf_counter()
    scored = score_pairs(docs, run["sizes"], run["candidates"], run["shared"], groups["exact"], threshold=threshold,
                         containment_threshold=containment_threshold)
    pairs = scored[scored["kind"] != "below"].reset_index(drop=True)
    clusters, members = cluster_pairs(pairs, docs)
    info = {"method": "exact", "documents": len(docs), "shingles": run["shingles"], "candidates": len(run["candidates"]),
            **run["timings"], "clusters_s": round(time.perf_counter() - t, 3), **run["info"]}
    return DuplicateResult(pairs=pairs, clusters=clusters, members=members, scored=scored, info=info)
