"""Exact copies, near-duplicates, contained excerpts and partial reuse, verified pair by pair.

One pass shares its work: shingles are hashed once; exact copies are collapsed to their first copy before
candidate generation (a group yields its members against that copy, not all pairs); passages come from shared
word runs (passages.py), pairs of their holders are candidates, and each pair's shared words follow one
definition (sharing.py) and give the partial-reuse relation; clusters come from exact, near and contained
pairs only (clusters.py). Each stage is a pure function of the previous stage's arrays. The shingles stay
with the engine that hashed them (LocalShingles here, distributed.DaskShingles on a cluster), which answers
the same questions: per-document vectors, passage spans, prefix candidates, exact overlaps.
"""
from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..checks import COMMON, Choice, Interval, Param, check_call, document
from ..corpus import analysable, copy_order
from ..engine import check_engine, session
from ..errors import ParameterError
from ..corpus.textparse import tokenize
from .clusters import cluster_pairs
from .lsh import lsh_candidates, optimal_bands
from .passages import PassageResult, passage_tables
from .sharing import holder_pairs, pair_numbers, reaches_partial
from .shingles import overlaps
from .streamed import stream_shingles

# Above this many documents "auto" switches from the exact prefix join to MinHash + LSH: at 1M news-length articles
# the streamed exact join was faster, lighter and found more than LSH (benchmarks/scale_duplicates.py).
LSH_ABOVE = 1_000_000
SHARE = Interval(0, 1, closed="right")  # thresholds and shares: above 0, at most 1
PARAMS = {  # one line per parameter: find_duplicates validates against it, the CLI and notebook 30 follow it
    "threshold": Param(float, 0.5, SHARE, "word-shingle Jaccard at which two documents are near-duplicates"),
    "containment_threshold": Param(float, 0.8, SHARE, 'share of the smaller document inside the larger for "contained"'),
    "shingle_size": Param(int, 5, Interval(1, 50), "words per shingle"),
    "method": Param(str, "auto", Choice("auto", "exact", "lsh"), "candidate generator"),
    "num_perm": Param(int, 128, Interval(16, 1024), "MinHash permutations when the LSH generator is used"),
    "seed": COMMON["seed"],
    "include_empty": Param(bool, False, None, "also compare documents flagged empty"),
    "partial_share": Param(float, 0.3, SHARE, "shared passages covering this share of the shorter document make partial reuse"),
    "partial_min_words": Param(int, 150, Interval(1, None), "... or this many shared words, whatever the lengths"),
    "min_passage_words": Param(int, 25, Interval(1, None), "shortest shared passage reported, in words (at least shingle_size)"),
    "max_gap": Param(int, 12, Interval(0, None), "words of difference bridged inside one passage"),
    "boilerplate_share": Param(float, 0.5, SHARE, "a passage in more than this share of an outlet's documents is its boilerplate"),
    "max_pairs_per_passage": Param(int, 50, Interval(2, None), "every two holders of a passage held by at most this "
                                   "many texts are compared; a passage held by more pairs none (its row lists them)"),
    "engine": COMMON["engine"],
    "scheduler": COMMON["scheduler"],
}
KINDS = ["exact", "near", "contained", "partial"]
PAIR_COLUMNS = ["doc_a", "doc_b", "jaccard", "containment_a_in_b", "containment_b_in_a", "kind", "shared_words",
                "share_a", "share_b", "passages"]


@dataclass
class DuplicateResult:
    """Verified pairs, clusters of copies (one row each), their members (one row per document) and passages."""

    pairs: pd.DataFrame
    clusters: pd.DataFrame
    members: pd.DataFrame
    scored: pd.DataFrame  # every candidate pair with its exact scores, kept or not (kind "below")
    passages: PassageResult | None = None
    info: dict = field(default_factory=dict)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables a report or the CLI saves, by file name."""
        out = {"pairs": self.pairs, "clusters": self.clusters, "cluster_members": self.members}
        return out | (self.passages.tables() if self.passages is not None else {})

    def counts(self) -> pd.Series:
        """Pairs per kind: exact, near, contained, partial."""
        return self.pairs["kind"].value_counts().reindex(KINDS, fill_value=0)


def normalize_for_exact(text: str) -> str:
    """Text with case, quotes, punctuation and white space folded: equal for copies that differ only there."""
    return " ".join(tokenize(text))


def first_copies(exact_keys: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """Per document, the index of the first copy (by `rank`) of its exact text; itself when unique."""
    order = np.lexsort((rank, exact_keys))
    keys = exact_keys[order]
    if len(keys) == 0:
        return np.zeros(0, dtype=np.int64)
    heads = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
    out = np.empty(len(keys), dtype=np.int64)
    out[order] = np.repeat(order[heads], np.diff(np.append(heads, len(keys))))
    return out


@document(PARAMS, extra="""corpus : pandas.DataFrame
    A corpus as load_corpus returns it.""")
def find_duplicates(
    corpus: pd.DataFrame,
    *,
    threshold: float = 0.5,
    containment_threshold: float = 0.8,
    shingle_size: int = 5,
    method: str = "auto",
    num_perm: int = 128,
    seed: int = 42,
    include_empty: bool = False,
    partial_share: float = 0.3,
    partial_min_words: int = 150,
    min_passage_words: int = 25,
    max_gap: int = 12,
    boilerplate_share: float = 0.5,
    max_pairs_per_passage: int = 50,
    engine: str = "local",
    scheduler: str | None = None,
) -> DuplicateResult:
    """Pairs whose word-shingle Jaccard ≥ `threshold` (near), whose smaller side is ≥ `containment_threshold`
    inside the other (contained), exact copies, and partial reuse: shared passages (of ≥ `min_passage_words`,
    boilerplate excluded) covering ≥ `partial_share` of the shorter document or ≥ `partial_min_words` words.
    Every two holders of a passage held by ≤ `max_pairs_per_passage` texts are compared (a passage held by more
    pairs none: its row lists them all). Every candidate is verified exactly; the passages found on the way are in
    `.passages`. Each pair's shared_words, share_a, share_b and passages follow sharing.py's one definition.
    `engine="dask"` hashes, finds passage spans and prefix candidates and verifies them on a Dask cluster
    (`scheduler` address, or a LocalCluster when None); the client holds per-document vectors, never the
    shingles, and every table is the local engine's. It supports method "exact" (and "auto")."""
    check_call(PARAMS, locals())
    if min_passage_words < shingle_size:
        raise ParameterError(f"min_passage_words must be at least shingle_size ({shingle_size}), got {min_passage_words}")
    check_engine(engine, scheduler)
    if engine == "dask" and method == "lsh":
        raise ParameterError("method='lsh' runs on the local engine only; engine='dask' uses the exact prefix join")
    docs = analysable(corpus, include_empty=include_empty).reset_index(drop=True)
    timings, t = {}, time.perf_counter()

    def lap(name):
        nonlocal t
        timings[f"{name}_s"] = round(time.perf_counter() - t, 3)
        t = time.perf_counter()

    rank = copy_order(docs).to_numpy()
    chosen = "exact" if engine == "dask" else method if method != "auto" else ("lsh" if len(docs) > LSH_ABOVE else "exact")
    with contextlib.ExitStack() as stack:
        if engine == "dask":
            from .distributed import DaskShingles

            shingles = DaskShingles(stack.enter_context(session(scheduler)), docs["text"].tolist(), k=shingle_size)
        else:
            shingles = LocalShingles(docs["text"].tolist(), k=shingle_size,
                                     num_perm=num_perm if chosen == "lsh" else None, seed=seed)
        stack.callback(shingles.close)
        first = first_copies(shingles.exact_keys, rank)
        unique = np.flatnonzero(first == np.arange(len(docs)))
        lap("shingles")
        spans, found = shingles.spans_and_candidates(unique, min(threshold, containment_threshold) if chosen == "exact"
                                                     else None, min_words=min_passage_words, max_gap=max_gap)
        info = {"method": chosen, "documents": len(docs), "shingles": int(shingles.sizes.sum()), "params": {
            "threshold": threshold, "containment_threshold": containment_threshold, "partial_share": partial_share,
            "partial_min_words": partial_min_words, "min_passage_words": min_passage_words,
            "max_pairs_per_passage": max_pairs_per_passage}}
        if chosen == "lsh":
            bands, rows = optimal_bands(threshold, num_perm)
            stats: dict = {}
            sig = shingles.signatures if len(unique) == len(docs) else shingles.signatures[unique]
            found = unique[lsh_candidates(sig, bands, rows, stats=stats)]
            info |= {"bands": bands, "rows": rows, "num_perm": num_perm, **stats}
        lap("candidates")
        passages = passage_tables(docs, shingles.exact_keys, spans, boilerplate_share=boilerplate_share)
        lap("passages")
        copies = np.flatnonzero(first != np.arange(len(docs)))
        counted = passages.occurrences[~passages.occurrences["passage_id"].isin(boilerplate_ids(passages))]
        holders = first[pd.Index(docs["doc_id"]).get_indexer(counted["doc_id"])]  # exact copies count once
        shared_pairs, over_cap = holder_pairs(counted["passage_id"].to_numpy(), holders, max_holders=max_pairs_per_passage)
        if chosen == "exact":  # the prefix join found every pair that can be near or contained: of the other pairs
            # of holders, only those whose passages make partial reuse need an exact overlap
            ids = docs["doc_id"].to_numpy()
            numbers = pair_numbers(pd.DataFrame({"doc_a": ids[shared_pairs[:, 0]], "doc_b": ids[shared_pairs[:, 1]]}),
                                   counted, pd.Series(shingles.n_tokens, index=ids))
            shared_pairs = shared_pairs[reaches_partial(numbers, partial_share=partial_share,
                                                        partial_min_words=partial_min_words)]
        candidates = np.concatenate([found, shared_pairs, np.stack([first[copies], copies], axis=1)])
        candidates = np.unique(np.sort(candidates, axis=1), axis=0)
        candidates = candidates[candidates[:, 0] != candidates[:, 1]]
        shared = shingles.overlaps(candidates)
        run_info = shingles.info | ({"cluster_s": round(shingles.cluster_s, 3)} if engine == "dask" else {})
    scored = score_pairs(docs, shingles.sizes, shingles.exact_keys, candidates, shared, rank, threshold=threshold,
                         containment_threshold=containment_threshold)
    scored = with_partial(scored, passages, shingles.n_tokens, docs, partial_share=partial_share,
                          partial_min_words=partial_min_words)
    pairs = scored[scored["kind"] != "below"].reset_index(drop=True)
    lap("verify")
    clusters, members = cluster_pairs(pairs, docs, containment_threshold=containment_threshold)
    lap("clusters")
    info |= {"candidates": int(len(candidates)), "passages": len(passages.passages),
             "max_pairs_per_passage": max_pairs_per_passage, "passages_over_cap": over_cap, **run_info, **timings}
    return DuplicateResult(pairs=pairs, clusters=clusters, members=members, scored=scored, passages=passages, info=info)


class LocalShingles:
    """The shingles in this process, streamed (streamed.stream_shingles: only shared shingles are kept), behind
    what find_duplicates asks of an engine (distributed.DaskShingles is the cluster's): per-document vectors,
    prefix candidates, passage spans, exact overlaps; MinHash signatures when `num_perm` is given."""

    def __init__(self, texts: list[str], *, k: int, num_perm: int | None = None, seed: int = 42):
        self.streamed, self.k = stream_shingles(texts, k=k, num_perm=num_perm, seed=seed), k
        self.exact_keys, self.n_tokens, self.sizes = self.streamed.exact_keys, self.streamed.n_tokens, self.streamed.sizes
        self.signatures, self.info = self.streamed.signatures, {"engine": "local", **self.streamed.info}

    def spans_and_candidates(self, unique: np.ndarray, min_similarity: float | None, *, min_words: int,
                             max_gap: int) -> tuple[pd.DataFrame, np.ndarray | None]:
        """Passage spans, and prefix candidates among `unique` documents (None without `min_similarity`)."""
        spans = self.streamed.spans(k=self.k, min_words=min_words, max_gap=max_gap)
        return spans, None if min_similarity is None else self.streamed.candidates(unique, min_similarity)

    def overlaps(self, pairs: np.ndarray) -> np.ndarray:
        return overlaps(self.streamed, pairs, batch=20_000)  # unshared shingles add nothing to an overlap

    def close(self) -> None:
        self.streamed.close()


def score_pairs(docs: pd.DataFrame, sizes: np.ndarray, exact_keys: np.ndarray, candidates: np.ndarray,
                shared: np.ndarray, rank: np.ndarray, *, threshold: float, containment_threshold: float) -> pd.DataFrame:
    """Exact Jaccard and containments of each candidate from its exact overlap (`shared`, wherever counted) and
    each document's distinct shingles (`sizes`), earlier copy first (`rank`); kind "below" under both thresholds."""
    if len(candidates) == 0:
        return pd.DataFrame(columns=PAIR_COLUMNS[:6])
    a, b = candidates[:, 0], candidates[:, 1]
    size_a, size_b = sizes[a].astype(float), sizes[b].astype(float)
    union = size_a + size_b - shared
    jaccard = np.divide(shared, union, out=np.zeros(len(shared)), where=union > 0)
    c_ab = np.divide(shared, size_a, out=np.zeros(len(shared)), where=size_a > 0)
    c_ba = np.divide(shared, size_b, out=np.zeros(len(shared)), where=size_b > 0)
    exact = exact_keys[a] == exact_keys[b]
    near = jaccard >= threshold
    contained = np.maximum(c_ab, c_ba) >= containment_threshold
    kind = np.where(exact, "exact", np.where(near, "near", np.where(contained, "contained", "below")))
    swap = rank[a] > rank[b]  # doc_a is the earlier (or longer) copy
    ids = docs["doc_id"].to_numpy()
    return pd.DataFrame({
        "doc_a": ids[np.where(swap, b, a)], "doc_b": ids[np.where(swap, a, b)], "jaccard": jaccard.round(4),
        "containment_a_in_b": np.where(swap, c_ba, c_ab).round(4),
        "containment_b_in_a": np.where(swap, c_ab, c_ba).round(4), "kind": kind,
    })


def boilerplate_ids(passages: PassageResult) -> set:
    """Ids of the passages marked boilerplate of an outlet: they never count as reuse."""
    return set(passages.passages.loc[passages.passages["boilerplate_outlet"] != "", "passage_id"])


def with_partial(scored: pd.DataFrame, passages: PassageResult, n_tokens: np.ndarray, docs: pd.DataFrame, *,
                 partial_share: float, partial_min_words: int) -> pd.DataFrame:
    """Scored pairs with their shared words, shares and passages (sharing.pair_numbers); "below" pairs whose
    passages reach `partial_share` of the shorter side or `partial_min_words` words become "partial"."""
    numbers = pair_numbers(scored, passages.occurrences, pd.Series(n_tokens, index=docs["doc_id"].to_numpy()),
                           exclude=boilerplate_ids(passages), exact=(scored["kind"] == "exact").to_numpy())
    out = pd.concat([scored.reset_index(drop=True), numbers], axis=1)
    partial = reaches_partial(numbers, partial_share=partial_share, partial_min_words=partial_min_words)
    out.loc[(out["kind"] == "below").to_numpy() & partial, "kind"] = "partial"
    order = pd.Categorical(out["kind"], categories=KINDS + ["below"], ordered=True)
    out = out.assign(_k=order).sort_values(["_k", "jaccard", "shared_words", "doc_a", "doc_b"],
                                           ascending=[True, False, False, True, True])
    return out.drop(columns="_k").reset_index(drop=True)[PAIR_COLUMNS]


def with_titles(pairs: pd.DataFrame, corpus: pd.DataFrame, *, brief: bool = False) -> pd.DataFrame:
    """Pairs with each side's title, date and outlet, for reading; `brief` keeps only what fits a page
    (who, when, how similar: ids and containments stay in pairs.csv)."""
    meta = corpus.set_index("doc_id")[["title", "date", "outlet"]]
    out = pairs.copy()
    for side in ("a", "b"):
        m = meta.reindex(out[f"doc_{side}"])
        for col in ("title", "date", "outlet"):
            out[f"{col}_{side}"] = m[col].to_numpy()
    if brief:
        shown = ["title_a", "date_a", "outlet_a", "title_b", "date_b", "outlet_b", "kind", "jaccard", "shared_words",
                 "share_a", "share_b"]
        links = {f"title_{side}": out[f"doc_{side}"].copy() for side in ("a", "b")}  # titles link to the documents
        out = out[[c for c in shown if c in out.columns]]
        out.attrs["doc_links"] = links
    return out
