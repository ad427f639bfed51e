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

from ..engine import partitions_for, session
from .shingles import ShingleMatrix, hash_chunk, matrix_from_chunks, overlaps

POSTINGS_META = pd.DataFrame({"doc": pd.Series(dtype=np.int64), "hash": pd.Series(dtype=np.uint64)})
PAIRS_META = pd.DataFrame({"a": pd.Series(dtype=np.int64), "b": pd.Series(dtype=np.int64)})


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


def prefix_candidates_on_dask(client, hashed: list, offsets: np.ndarray, unique: np.ndarray,
                              min_similarity: float) -> np.ndarray:
    """Candidate pairs among `unique` documents (prefix filter with corpus-wide df), formed by Dask shuffles."""
    import dask.dataframe as dd
    from dask import delayed

    n_docs = len(unique)
    bounds = np.append(offsets, n_docs)
    all_rows = dd.from_delayed([delayed(chunk_postings)(h, int(o)) for h, o in zip(hashed, offsets)],
                               meta=POSTINGS_META, verify_meta=False)
    kept = dd.from_delayed([delayed(chunk_postings)(h, int(o), unique[o:e])
                            for h, o, e in zip(hashed, offsets, bounds[1:])], meta=POSTINGS_META, verify_meta=False)
    df = all_rows.groupby("hash").size().rename("df").to_frame()
    ranked = kept.merge(df, left_on="hash", right_index=True, how="inner")
    prefix = ranked.shuffle("doc").map_partitions(prefix_postings, min_similarity, meta=POSTINGS_META)
    joined = prefix.merge(kept, on="hash", suffixes=("_p", "_f"))
    pairs = joined.map_partitions(candidate_pairs, meta=PAIRS_META).drop_duplicates().compute()
    out = pairs[["a", "b"]].to_numpy(dtype=np.int64)
    return out[np.lexsort((out[:, 1], out[:, 0]))] if len(out) else out.reshape(0, 2)


def overlaps_on_dask(client, hashed: list, offsets: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Exact overlaps of `pairs` (a < b), one worker task per pair of blocks holding candidates."""
    out = np.zeros(len(pairs), dtype=np.int64)
    if len(pairs) == 0:
        return out
    block = np.searchsorted(offsets, pairs, side="right") - 1
    groups = pd.DataFrame({"i": block[:, 0], "j": block[:, 1]}).groupby(["i", "j"]).indices
    tasks = {}
    for (i, j), rows in groups.items():
        tasks[(i, j)] = (rows, client.submit(block_overlaps, hashed[i], None if i == j else hashed[j], pairs[rows],
                                             int(offsets[i]), int(offsets[j]), pure=False))
    for rows, future in tasks.values():
        out[rows] = future.result()
    return out


def shingles_and_candidates_on_dask(texts: list[str], *, k: int, first_copies, min_similarity: float,
                                    scheduler: str | None) -> tuple[ShingleMatrix, np.ndarray, np.ndarray, np.ndarray, dict]:
    """(shingle matrix, first copy per document, prefix candidates, their exact overlaps, run info), hashing,
    candidate generation and verification on the cluster; `first_copies(exact_keys)` picks each text's first copy."""
    with session(scheduler) as engine:
        client = engine.client
        n_parts = partitions_for(len(texts), engine.n_workers)
        offsets = np.linspace(0, len(texts), n_parts + 1).astype(np.int64)[:-1]
        bounds = np.append(offsets, len(texts))
        chunks = client.scatter([texts[lo:hi] for lo, hi in zip(bounds[:-1], bounds[1:])])
        hashed = client.map(hash_chunk, chunks, k=k)
        parts = client.gather(hashed)
        sm = matrix_from_chunks(parts, offsets.tolist(), len(texts))  # the client's copy, for passages
        del parts
        first = first_copies(sm.exact_keys)
        unique = first == np.arange(len(texts))
        found = prefix_candidates_on_dask(client, hashed, offsets, unique, min_similarity)
        shared = overlaps_on_dask(client, hashed, offsets, found)
        info = {"engine": "dask", "scheduler": engine.address, "workers": engine.n_workers, "partitions": n_parts,
                "dashboard": engine.dashboard_link}
        del hashed, chunks
    return sm, first, found, shared, info
