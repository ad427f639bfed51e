"""Passage reuse and syndication: word runs that recur across documents, found in time linear in the corpus.

Every shingle held by two or more documents gets a key: a hash of the set of documents that hold it. Within a
document, consecutive shingles with the same key form a run (text shared by exactly that set of documents);
runs of one key separated by at most `max_gap` words (a small edit in one copy) are merged; a passage is a
key whose merged runs reach `min_words` in at least two documents. A wire passage in 5,000 documents is one
key, handled like one in two: no pair of documents is ever aligned.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..checks import check_fraction, check_int
from ..corpus import analysable, copy_order
from ..corpus.textparse import TOKEN
from .shingles import ShingleMatrix, splitmix, build_shingle_matrix

OCCURRENCE_COLUMNS = ["passage_id", "doc_id", "start_char", "end_char", "n_words", "date", "outlet", "is_first", "text"]
PASSAGE_COLUMNS = ["passage_id", "n_documents", "n_words", "first_doc", "first_date", "first_outlet", "first_title",
                   "last_date", "days_spread", "n_outlets", "boilerplate_outlet", "documents", "text"]
# Closing punctuation a passage keeps after its last word (the sentence's full stop, a closing quote).
_TRAILING = re.compile(r"[.!?…;:,]*[\"”’')\]]*[.!?…]?")


@dataclass
class PassageResult:
    """One row per recurring passage, and one per place it occurs (with character offsets)."""

    passages: pd.DataFrame
    occurrences: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables a report or the CLI saves, by file name."""
        return {"passages": self.passages, "passage_occurrences": self.occurrences}


def doc_set_keys(docs: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Per group of distinct document indices (`docs`, groups beginning at `starts`): a 64-bit hash of the set,
    the sum of splitmix(doc + 1) (so any order, on any engine, gives the same key), 0 when fewer than two hold it."""
    if len(starts) == 0:
        return np.zeros(0, dtype=np.uint64)
    with np.errstate(over="ignore"):
        sums = np.add.reduceat(splitmix(docs.astype(np.uint64) + np.uint64(1)), starts)
    held = np.diff(np.append(starts, len(docs)))
    return np.where(held >= 2, np.where(sums == 0, np.uint64(1), sums), np.uint64(0)).astype(np.uint64)


def shared_keys(sm: ShingleMatrix) -> np.ndarray:
    """Per shingle column: a 64-bit hash of the set of documents holding it, 0 when only one does."""
    keys = np.zeros(sm.matrix.shape[1], dtype=np.uint64)
    first_shared = int(np.searchsorted(sm.df, 2))  # columns run rarest first
    if first_shared == len(keys):
        return keys
    csc = sm.matrix[:, first_shared:].tocsc()
    csc.sort_indices()
    keys[first_shared:] = doc_set_keys(csc.indices, csc.indptr[:-1])
    return keys


def shared_runs(sm: ShingleMatrix, keys: np.ndarray, *, k: int, min_words: int, max_gap: int) -> pd.DataFrame:
    """Spans (doc, key, start, end in words, end exclusive) of text a document shares with exactly the
    documents of `key`, merged across gaps of ≤ `max_gap` words, at least `min_words` long."""
    key = keys[sm.stream_col]
    shared = key != 0
    doc, pos = sm.stream_doc[shared], sm.stream_pos[shared].astype(np.int64)
    end = np.minimum(pos + k, sm.n_tokens[doc])
    return held_by_two(doc_runs(doc, pos, end, key[shared], min_words=min_words, max_gap=max_gap))


SPAN_DTYPES = {"doc": np.int64, "key": np.uint64, "start": np.int64, "end": np.int64}


def doc_runs(doc: np.ndarray, pos: np.ndarray, end: np.ndarray, key: np.ndarray, *, min_words: int,
             max_gap: int) -> pd.DataFrame:
    """Each document's spans from its shared shingles (by document, then position; `end`: where a shingle's
    words end): runs of one key merged across gaps of ≤ `max_gap` words, ≥ `min_words` long, never counting a
    word twice. Per document only, so a Dask partition holding whole documents gives the local engine's spans."""
    if len(doc) == 0:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in SPAN_DTYPES.items()})
    doc, pos, end = doc.astype(np.int64), pos.astype(np.int64), end.astype(np.int64)
    new = np.ones(len(doc), dtype=bool)
    new[1:] = (doc[1:] != doc[:-1]) | (key[1:] != key[:-1]) | (pos[1:] != pos[:-1] + 1)
    first = np.flatnonzero(new)
    last = np.append(first[1:], len(doc)) - 1
    run_doc, run_key, run_start, run_end = doc[first], key[first], pos[first], end[last]
    order = np.lexsort((run_start, run_key, run_doc))
    run_doc, run_key, run_start, run_end = run_doc[order], run_key[order], run_start[order], run_end[order]
    new = np.ones(len(run_doc), dtype=bool)
    new[1:] = (run_doc[1:] != run_doc[:-1]) | (run_key[1:] != run_key[:-1]) | (run_start[1:] - run_end[:-1] > max_gap)
    heads = np.flatnonzero(new)  # within a (doc, key) group runs are disjoint, so ends grow with starts
    spans = pd.DataFrame({"doc": run_doc[heads], "key": run_key[heads], "start": run_start[heads],
                          "end": np.maximum.reduceat(run_end, heads)})
    spans = spans[spans["end"] - spans["start"] >= min_words]
    return without_overlaps(spans, min_words=min_words)


def without_overlaps(spans: pd.DataFrame, *, min_words: int) -> pd.DataFrame:
    """A document's spans cut so that no word counts twice, none shorter than `min_words`.

    Where text shared by the set {A, B, C} runs on as text shared by {A, B}, the two spans overlap (by up to k-1
    words, more where a span was merged across a gap): the later span starts where the earlier ones end. A
    remainder shorter than `min_words` is dropped, not merged into its neighbour (whose other holders may not
    hold those words), and does not push the start of the spans after it."""
    spans = spans.sort_values(["doc", "start", "end", "key"]).reset_index(drop=True)
    doc, start, end = (spans[c].to_numpy() for c in ("doc", "start", "end"))
    reach = spans.groupby("doc")["end"].cummax().groupby(spans["doc"]).shift(fill_value=0).to_numpy()
    cut = np.maximum(start, reach)
    keep = end - cut >= min_words
    short = ~keep & (end > reach)  # a dropped remainder that would still push the spans after it: go one by one
    for d in np.unique(doc[short]):
        lo, hi = np.searchsorted(doc, d, side="left"), np.searchsorted(doc, d, side="right")
        reached = 0
        for i in range(lo, hi):
            cut[i] = max(start[i], reached)
            keep[i] = end[i] - cut[i] >= min_words
            reached = max(reached, end[i]) if keep[i] else reached
    return spans.assign(start=cut)[keep].reset_index(drop=True)


def held_by_two(spans: pd.DataFrame) -> pd.DataFrame:
    """Spans of all documents (from doc_runs, in any order) whose key at least two documents still hold."""
    spans = spans.sort_values(["doc", "start", "end", "key"])
    holders = spans.groupby("key")["doc"].transform("nunique")
    return spans[holders >= 2].reset_index(drop=True).astype(SPAN_DTYPES)


def first_holders(spans: pd.DataFrame, rank: np.ndarray) -> pd.DataFrame:
    """Spans with `rank` (copy order of their document) and `first_doc`: the earliest document of their key."""
    spans = spans.assign(rank=rank[spans["doc"].to_numpy()])
    first = spans.loc[spans.groupby("key")["rank"].idxmin(), ["key", "doc"]].rename(columns={"doc": "first_doc"})
    return spans.merge(first, on="key", how="left")


def find_passages(
    corpus: pd.DataFrame,
    *,
    min_words: int = 25,
    shingle_size: int = 5,
    max_gap: int = 12,
    boilerplate_share: float = 0.5,
    include_empty: bool = False,
) -> PassageResult:
    """Passages of at least `min_words` words that recur across documents, with where each first appeared.

    `max_gap` words of edits inside a passage are tolerated. A passage in at least `boilerplate_share` of one
    outlet's documents (and mostly there) is marked with that outlet in `boilerplate_outlet`, not dropped.
    """
    check_int("min_words", min_words, minimum=shingle_size)
    check_int("shingle_size", shingle_size, minimum=1, maximum=50)
    check_int("max_gap", max_gap, minimum=0)
    docs = analysable(corpus, include_empty=include_empty).reset_index(drop=True)
    sm = build_shingle_matrix(docs["text"].tolist(), k=shingle_size)
    return passages_from_matrix(docs, sm, k=shingle_size, min_words=min_words, max_gap=max_gap,
                                boilerplate_share=boilerplate_share)


def passages_from_matrix(docs: pd.DataFrame, sm: ShingleMatrix, *, k: int, min_words: int, max_gap: int,
                         boilerplate_share: float = 0.5) -> PassageResult:
    """find_passages on an already shingled corpus (find_duplicates shares its shingles this way)."""
    check_fraction("boilerplate_share", boilerplate_share, allow_zero=False)
    spans = shared_runs(sm, shared_keys(sm), k=k, min_words=min_words, max_gap=max_gap)
    return passage_tables(docs, sm.exact_keys, spans, boilerplate_share=boilerplate_share)


def _char_spans(text: str, starts: np.ndarray, ends: np.ndarray) -> tuple[list[int], list[int]]:
    """Character offsets of word ranges, the end moved past the sentence's closing punctuation."""
    offsets = []
    last = int(ends.max())
    for m in TOKEN.finditer(text):  # the same words as token_spans, read only as far as needed
        offsets.append(m.span())
        if len(offsets) >= last:
            break
    lo = [offsets[s][0] for s in starts]
    hi = [offsets[e - 1][1] for e in ends]
    return lo, [h + len(_TRAILING.match(text, h).group()) for h in hi]


def passage_tables(docs: pd.DataFrame, exact_keys: np.ndarray, spans: pd.DataFrame, *,
                   boilerplate_share: float = 0.5) -> PassageResult:
    """Passages numbered by first appearance (copy order of the first holder, then position in it), from the
    spans, the texts and each document's word-sequence hash (`exact_keys`): no shingle matrix needed."""
    empty = PassageResult(pd.DataFrame(columns=PASSAGE_COLUMNS), pd.DataFrame(columns=OCCURRENCE_COLUMNS))
    if spans.empty:
        return empty
    rank = copy_order(docs).to_numpy()
    spans = first_holders(spans, rank)
    texts_held = spans.assign(text_key=exact_keys[spans["doc"].to_numpy()]).groupby("key")["text_key"].nunique()
    spans = spans[spans["key"].map(texts_held).to_numpy() > 1]  # all holders exact copies: the duplicates table's
    if spans.empty:
        return empty
    heads = spans[spans["doc"] == spans["first_doc"]].sort_values(["rank", "start"]).drop_duplicates("key")
    pid = pd.Series(np.arange(len(heads)), index=heads["key"].to_numpy())
    spans = spans.assign(passage_id=spans["key"].map(pid).to_numpy()).sort_values(["passage_id", "rank", "start"])
    spans = spans.reset_index(drop=True)
    start_char = np.zeros(len(spans), dtype=np.int64)
    end_char = np.zeros(len(spans), dtype=np.int64)
    texts = docs["text"].to_numpy()
    for d, rows in spans.groupby("doc", sort=False).indices.items():
        lo, hi = _char_spans(texts[d], spans["start"].to_numpy()[rows], spans["end"].to_numpy()[rows])
        start_char[rows], end_char[rows] = lo, hi
    d = spans["doc"].to_numpy()
    occurrences = pd.DataFrame({
        "passage_id": spans["passage_id"].to_numpy(), "doc_id": docs["doc_id"].to_numpy()[d],
        "start_char": start_char, "end_char": end_char,
        "n_words": (spans["end"] - spans["start"]).to_numpy(), "date": docs["date"].to_numpy()[d],
        "outlet": docs["outlet"].fillna("").to_numpy()[d], "is_first": False,
        "text": [texts[x][s:e] for x, s, e in zip(d, start_char, end_char)],
    })
    occurrences.loc[~occurrences["passage_id"].duplicated(), "is_first"] = True
    return PassageResult(_passage_rows(docs, occurrences, boilerplate_share), occurrences)


def _passage_rows(docs: pd.DataFrame, occ: pd.DataFrame, boilerplate_share: float) -> pd.DataFrame:
    """One row per passage: its first holder, spread over time and outlets, and the boilerplate rule."""
    firsts = occ[occ["is_first"]].set_index("passage_id")
    in_first = occ[occ["doc_id"].to_numpy() == firsts["doc_id"].reindex(occ["passage_id"]).to_numpy()]
    holders = occ.drop_duplicates(["passage_id", "doc_id"])
    by_holder = holders.groupby("passage_id")
    first_date, last_date = by_holder["date"].min(), by_holder["date"].max()
    rows = pd.DataFrame({
        "passage_id": firsts.index, "n_documents": by_holder.size().to_numpy(),
        "n_words": in_first.groupby("passage_id")["n_words"].sum().to_numpy(),
        "first_doc": firsts["doc_id"].to_numpy(), "first_date": firsts["date"].to_numpy(),
        "first_outlet": firsts["outlet"].to_numpy(),
        "first_title": firsts["doc_id"].map(dict(zip(docs["doc_id"], docs["title"]))).to_numpy(),
        "last_date": last_date.to_numpy(), "days_spread": (last_date - first_date).dt.days.to_numpy(),
        "n_outlets": holders[holders["outlet"] != ""].groupby("passage_id")["outlet"].nunique()
        .reindex(firsts.index, fill_value=0).to_numpy(),
        "boilerplate_outlet": boilerplate_outlets(holders, docs, share=boilerplate_share).reindex(firsts.index, fill_value="").to_numpy(),
        "documents": by_holder["doc_id"].agg(" | ".join).to_numpy(),
        "text": in_first.drop_duplicates(["passage_id", "text"]).groupby("passage_id")["text"].agg(" … ".join).to_numpy(),
    })
    return rows[PASSAGE_COLUMNS]


def boilerplate_outlets(holders: pd.DataFrame, docs: pd.DataFrame, *, share: float = 0.5,
                        min_outlet_docs: int = 5) -> pd.Series:
    """Per passage id, the outlet the passage is boilerplate of (a footer, a standing disclaimer).

    Rule: at least `share` of that outlet's documents (an outlet with ≥ `min_outlet_docs`) hold the passage
    and at least 80% of its holders are from that outlet. Documents without an outlet never make boilerplate,
    so wire copy spread across outlets, or a corpus without outlets, is always reported as reuse."""
    outlet_docs = docs["outlet"].fillna("").value_counts()
    counts = holders.groupby(["passage_id", "outlet"]).size().rename("count").reset_index()
    counts["outlet_docs"] = counts["outlet"].map(outlet_docs).fillna(0).to_numpy()
    counts["holders"] = counts["passage_id"].map(holders.groupby("passage_id").size()).to_numpy()
    hit = ((counts["outlet"] != "") & (counts["outlet_docs"] >= min_outlet_docs)
           & (counts["count"] >= share * counts["outlet_docs"]) & (counts["count"] >= 0.8 * counts["holders"]))
    return counts[hit].drop_duplicates("passage_id").set_index("passage_id")["outlet"].astype(str)
