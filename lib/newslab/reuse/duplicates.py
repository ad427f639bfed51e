"""Exact copies, near-duplicates and contained excerpts, verified pair by pair, and clusters of copies."""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..checks import check_choice, check_fraction, check_int
from ..corpus import analysable, copy_order
from ..engine import check_engine
from .shingles import (
    build_shingle_matrix, exact_candidates, lsh_candidates, minhash_signatures, optimal_bands, overlaps,
)
from ..corpus.textparse import tokenize

# Above this many documents "auto" switches from the exact prefix join to MinHash + LSH (benchmarks/duplicates.py).
LSH_ABOVE = 250_000
PAIR_COLUMNS = ["doc_a", "doc_b", "jaccard", "containment_a_in_b", "containment_b_in_a", "kind"]


@dataclass
class DuplicateResult:
    """Verified pairs, clusters of copies (one row each) and their members (one row per document)."""

    pairs: pd.DataFrame
    clusters: pd.DataFrame
    members: pd.DataFrame
    scored: pd.DataFrame  # every candidate pair with its exact scores, kept or not (kind "below")
    info: dict = field(default_factory=dict)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables a report or the CLI saves, by file name."""
        return {"pairs": self.pairs, "clusters": self.clusters, "cluster_members": self.members}

    def counts(self) -> pd.Series:
        """Pairs per kind: exact, near, contained."""
        return self.pairs["kind"].value_counts().reindex(["exact", "near", "contained"], fill_value=0)


def normalize_for_exact(text: str) -> str:
    """Text with case, quotes, punctuation and white space folded: equal for copies that differ only there."""
    return " ".join(tokenize(text))


def exact_groups(corpus: pd.DataFrame, keys: np.ndarray) -> pd.DataFrame:
    """Groups of documents whose normalised text is identical (doc_id, group, group size).

    `keys`: one hash per document of its word sequence (ShingleMatrix.exact_keys)."""
    keys = pd.Series(np.asarray(keys), index=corpus.index)
    sizes = keys.map(keys.value_counts())
    dup = corpus.loc[sizes > 1, ["doc_id"]].assign(key=keys[sizes > 1])
    dup["group"] = pd.factorize(dup["key"])[0]
    dup["size"] = dup["group"].map(dup["group"].value_counts())
    return dup[["doc_id", "group", "size"]].reset_index(drop=True)


def find_duplicates(
    corpus: pd.DataFrame,
    *,
    threshold: float = 0.5,
    containment_threshold: float = 0.8,
    shingle_size: int = 5,
    method: str = "auto",
    num_perm: int = 128,
    seed: int = 0,
    include_empty: bool = False,
    engine: str = "local",
    scheduler: str | None = None,
) -> DuplicateResult:
    """Pairs whose word-shingle Jaccard ≥ `threshold` (near) or whose smaller side is ≥ `containment_threshold`
    inside the other (contained), plus exact copies; every candidate is verified exactly.
    `engine="dask"` runs on a Dask cluster (`scheduler` address, or a LocalCluster when None); same pairs."""
    check_fraction("threshold", threshold, allow_zero=False)
    check_fraction("containment_threshold", containment_threshold, allow_zero=False)
    check_int("shingle_size", shingle_size, minimum=1, maximum=50)
    check_int("num_perm", num_perm, minimum=16, maximum=1024)
    check_choice("method", method, ("auto", "exact", "lsh"))
    docs = analysable(corpus, include_empty=include_empty).reset_index(drop=True)
    if check_engine(engine, scheduler) == "dask":
        from .distributed import find_duplicates_on_dask

        return find_duplicates_on_dask(docs, threshold=threshold, containment_threshold=containment_threshold,
                                       shingle_size=shingle_size, method=method, scheduler=scheduler)
    timings, started = {}, time.perf_counter()
    sm = build_shingle_matrix(docs["text"].tolist(), k=shingle_size)
    timings["shingles_s"] = time.perf_counter() - started
    chosen = method if method != "auto" else ("lsh" if len(docs) > LSH_ABOVE else "exact")
    info = {"method": chosen, "documents": len(docs), "shingles": int(sm.matrix.nnz)}
    t = time.perf_counter()
    if chosen == "exact":
        candidates = exact_candidates(sm, min(threshold, containment_threshold))
    else:
        bands, rows = optimal_bands(threshold, num_perm)
        candidates = lsh_candidates(minhash_signatures(sm, num_perm=num_perm, seed=seed), bands, rows)
        info |= {"bands": bands, "rows": rows, "num_perm": num_perm}
    groups = exact_groups(docs, sm.exact_keys)
    candidates = np.unique(np.concatenate([candidates, exact_group_pairs(docs, groups)]), axis=0)
    timings["candidates_s"] = time.perf_counter() - t
    t = time.perf_counter()
    scored = score_pairs(docs, sm.sizes, candidates, overlaps(sm, candidates), groups, threshold=threshold,
                         containment_threshold=containment_threshold)
    pairs = scored[scored["kind"] != "below"].reset_index(drop=True)
    timings["verify_s"] = time.perf_counter() - t
    t = time.perf_counter()
    clusters, members = cluster_pairs(pairs, docs)
    timings["clusters_s"] = time.perf_counter() - t
    info |= {"candidates": int(len(candidates)), **{k: round(v, 3) for k, v in timings.items()}}
    return DuplicateResult(pairs=pairs, clusters=clusters, members=members, scored=scored, info=info)


def exact_group_pairs(docs: pd.DataFrame, groups: pd.DataFrame) -> np.ndarray:
    """Index pairs (i < j) of documents in the same exact-copy group."""
    index_of = pd.Series(np.arange(len(docs)), index=docs["doc_id"].to_numpy())
    found = [np.zeros((0, 2), dtype=np.int64)]
    for _, g in groups.groupby("group"):
        idx = np.sort(index_of[g["doc_id"]].to_numpy())
        i, j = np.triu_indices(len(idx), k=1)
        found.append(np.stack([idx[i], idx[j]], axis=1))
    return np.concatenate(found).astype(np.int64)


def score_pairs(docs, sizes, candidates, shared, groups, *, threshold, containment_threshold) -> pd.DataFrame:
    """Exact Jaccard and containments for each candidate from its `shared` shingle count and the documents'
    shingle `sizes`, oldest copy first; kind is "below" under both thresholds."""
    if len(candidates) == 0:
        return pd.DataFrame(columns=PAIR_COLUMNS)
    a, b = candidates[:, 0], candidates[:, 1]
    size_a, size_b = sizes[a].astype(float), sizes[b].astype(float)
    union = size_a + size_b - shared
    jaccard = np.divide(shared, union, out=np.zeros(len(shared)), where=union > 0)
    c_ab = np.divide(shared, size_a, out=np.zeros(len(shared)), where=size_a > 0)
    c_ba = np.divide(shared, size_b, out=np.zeros(len(shared)), where=size_b > 0)
    group_of = pd.Series(groups["group"].to_numpy(), index=groups["doc_id"].to_numpy())
    ids = docs["doc_id"].to_numpy()
    ga, gb = group_of.reindex(ids[a]).to_numpy(), group_of.reindex(ids[b]).to_numpy()
    exact = (ga == gb) & ~pd.isna(ga)
    near = jaccard >= threshold
    contained = np.maximum(c_ab, c_ba) >= containment_threshold
    kind = np.where(exact, "exact", np.where(near, "near", np.where(contained, "contained", "below")))
    rank = copy_order(docs).to_numpy()
    swap = rank[a] > rank[b]  # doc_a is the earlier (or longer) copy
    first, second = np.where(swap, b, a), np.where(swap, a, b)
    out = pd.DataFrame({
        "doc_a": ids[first], "doc_b": ids[second], "jaccard": jaccard.round(4),
        "containment_a_in_b": np.where(swap, c_ba, c_ab).round(4),
        "containment_b_in_a": np.where(swap, c_ab, c_ba).round(4), "kind": kind,
    })
    return out.sort_values(["kind", "jaccard", "doc_a", "doc_b"], ascending=[True, False, True, True]).reset_index(drop=True)


def cluster_pairs(pairs: pd.DataFrame, corpus: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clusters in which every member matches the cluster's representative directly (no chaining).

    In each connected group the earliest (else longest) document becomes a representative with its direct
    matches; what is left is clustered again the same way.
    """
    import networkx as nx

    member_cols = ["cluster_id", "doc_id", "is_representative", "jaccard_to_representative"]
    cluster_cols = ["cluster_id", "representative", "size", "members", "outlets", "first_date", "last_date"]
    if pairs.empty:
        return pd.DataFrame(columns=cluster_cols), pd.DataFrame(columns=member_cols)
    graph = nx.Graph()
    graph.add_weighted_edges_from(zip(pairs["doc_a"], pairs["doc_b"], pairs["jaccard"]))
    rank = copy_order(corpus).to_dict()
    date_of = dict(zip(corpus["doc_id"], corpus["date"]))
    outlet_of = dict(zip(corpus["doc_id"], corpus["outlet"]))
    clusters, members = [], []
    components = sorted((sorted(c, key=rank.get) for c in nx.connected_components(graph)), key=lambda c: rank[c[0]])
    for component in components:
        left = list(component)
        while len(left) > 1:
            rep = left[0]
            group = [rep] + [d for d in left[1:] if graph.has_edge(rep, d)]
            taken = set(group)
            left = [d for d in left if d not in taken]
            if len(group) < 2:
                continue
            cid = len(clusters)
            dates = pd.Series([date_of[d] for d in group]).dropna()
            outlets = sorted({outlet_of[d] for d in group if outlet_of[d]})
            clusters.append({
                "cluster_id": cid, "representative": rep, "size": len(group), "members": " | ".join(group),
                "outlets": ", ".join(outlets), "first_date": dates.min() if len(dates) else pd.NaT,
                "last_date": dates.max() if len(dates) else pd.NaT,
            })
            for d in group:
                members.append({"cluster_id": cid, "doc_id": d, "is_representative": d == rep,
                                "jaccard_to_representative": 1.0 if d == rep else graph[rep][d]["weight"]})
    return pd.DataFrame(clusters, columns=cluster_cols), pd.DataFrame(members, columns=member_cols)


def with_titles(pairs: pd.DataFrame, corpus: pd.DataFrame) -> pd.DataFrame:
    """Pairs with each side's title, date and outlet, for reading."""
    meta = corpus.set_index("doc_id")[["title", "date", "outlet"]]
    out = pairs.copy()
    for side in ("a", "b"):
        m = meta.reindex(out[f"doc_{side}"])
        for col in ("title", "date", "outlet"):
            out[f"{col}_{side}"] = m[col].to_numpy()
    return out
