"""Passage reuse: long word sequences two documents share even when the documents as wholes differ.

Candidate pairs share a winnowed fingerprint (every exact common run of `min_words // 2` words or more
yields one); each pair is aligned on its shared shingles, runs on nearby diagonals are merged across small
edits, and the aligned spans of all pairs are grouped into passages, each with the document that had it first.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from numpy.lib.stride_tricks import sliding_window_view

from ..checks import check_int
from ..corpus import analysable, copy_order
from ..corpus.textparse import token_spans
from .shingles import shingle_hashes, word_hashes

OCCURRENCE_COLUMNS = ["passage_id", "doc_id", "start_char", "end_char", "n_words", "date", "outlet", "is_first", "text"]
PASSAGE_COLUMNS = ["passage_id", "n_documents", "n_words", "first_doc", "first_date", "first_outlet", "first_title",
                   "documents", "text"]


@dataclass
class PassageResult:
    """One row per recurring passage, and one per place it occurs (with character offsets)."""

    passages: pd.DataFrame
    occurrences: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables a report or the CLI saves, by file name."""
        return {"passages": self.passages, "passage_occurrences": self.occurrences}


@dataclass
class _Doc:
    spans: np.ndarray   # (n_tokens, 2) character offsets
    shingles: np.ndarray  # uint64 hash per k-word window


def _prepare(texts: list[str], k: int) -> list[_Doc]:
    out = []
    for text in texts:
        words, spans = token_spans(text)
        spans = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
        if len(words) < k:
            out.append(_Doc(spans, np.zeros(0, dtype=np.uint64)))
            continue
        _, hashes = shingle_hashes(word_hashes(words), np.zeros(1, dtype=np.int64), k)
        out.append(_Doc(spans, hashes))
    return out


def winnow(hashes: np.ndarray, window: int) -> np.ndarray:
    """Winnowing fingerprints: the smallest hash of every `window` consecutive shingles (set of values)."""
    if len(hashes) == 0:
        return hashes
    if len(hashes) <= window:
        return np.unique(hashes[[int(np.argmin(hashes))]])
    views = sliding_window_view(hashes, window)
    return np.unique(views.min(axis=1))


def _candidate_pairs(docs: list[_Doc], window: int, max_doc_freq: int) -> np.ndarray:
    rows, values = [], []
    for i, d in enumerate(docs):
        fp = winnow(d.shingles, window)
        rows.append(np.full(len(fp), i))
        values.append(fp)
    if not rows:
        return np.zeros((0, 2), dtype=np.int64)
    cols, _ = pd.factorize(np.concatenate(values))
    m = sp.csr_matrix((np.ones(len(cols), dtype=np.int32), (np.concatenate(rows), cols)), shape=(len(docs), cols.max() + 1 if len(cols) else 0))
    df = np.diff(m.tocsc().indptr)
    m = m[:, np.flatnonzero((df >= 2) & (df <= max_doc_freq))]  # shared, but not boilerplate
    co = sp.triu(m @ m.T, k=1).tocoo()
    return np.stack([co.row, co.col], axis=1)


def align(a: _Doc, b: _Doc, *, k: int, min_words: int, max_gap: int) -> list[tuple[int, int, int, int]]:
    """Shared passages of two documents as token ranges (a_start, a_end, b_start, b_end), ends exclusive."""
    common = np.intersect1d(a.shingles, b.shingles)
    if len(common) == 0:
        return []
    pos_a = defaultdict(list)
    for i in np.flatnonzero(np.isin(a.shingles, common)):
        pos_a[a.shingles[i]].append(i)
    matches = sorted((i, j) for j in np.flatnonzero(np.isin(b.shingles, common)) for i in pos_a[b.shingles[j]])
    by_diag = defaultdict(list)
    for i, j in matches:
        by_diag[i - j].append(i)
    runs = []  # (a_start, a_end, b_start, b_end) in tokens
    for diag, starts in by_diag.items():
        run_start = prev = starts[0]
        for i in starts[1:] + [None]:
            if i is not None and i == prev + 1:
                prev = i
                continue
            runs.append((run_start, prev + k, run_start - diag, prev + k - diag))
            if i is not None:
                run_start = prev = i
    runs.sort()
    chains: list[list[int]] = []
    for a0, a1, b0, b1 in runs:  # join runs that continue each other after a small edit
        for c in reversed(chains):
            if a0 >= c[0] and b0 >= c[2] and a0 - c[1] <= max_gap and b0 - c[3] <= max_gap and a0 >= c[1] - k and b0 >= c[3] - k:
                c[1], c[3] = max(c[1], a1), max(c[3], b1)
                break
        else:
            chains.append([a0, a1, b0, b1])
    return [tuple(c) for c in chains if c[1] - c[0] >= min_words and c[3] - c[2] >= min_words]


class _UnionFind:
    def __init__(self):
        self.parent = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        self.parent[self.find(a)] = self.find(b)


def find_passages(
    corpus: pd.DataFrame,
    *,
    min_words: int = 25,
    shingle_size: int = 5,
    max_gap: int = 12,
    max_doc_freq: int = 50,
    include_empty: bool = False,
) -> PassageResult:
    """Passages of at least `min_words` words that recur across documents, with where each first appeared.

    `max_gap` words of edits inside a passage are tolerated; fingerprints in more than `max_doc_freq`
    documents count as boilerplate and do not make candidate pairs.
    """
    check_int("min_words", min_words, minimum=shingle_size)
    check_int("shingle_size", shingle_size, minimum=1, maximum=50)
    check_int("max_gap", max_gap, minimum=0)
    check_int("max_doc_freq", max_doc_freq, minimum=2)
    docs = analysable(corpus, include_empty=include_empty).reset_index(drop=True)
    prepared = _prepare(docs["text"].tolist(), shingle_size)
    window = max(1, (min_words - shingle_size + 1) // 2)
    uf, spans = _UnionFind(), defaultdict(list)  # spans[doc index] = [(tok_start, tok_end)]
    exact_copy = docs["text_hash"].to_numpy()
    for i, j in _candidate_pairs(prepared, window, max_doc_freq):
        if exact_copy[i] == exact_copy[j]:
            continue  # whole copies are the duplicates table's business
        for a0, a1, b0, b1 in align(prepared[i], prepared[j], k=shingle_size, min_words=min_words, max_gap=max_gap):
            spans[i].append((a0, a1))
            spans[j].append((b0, b1))
            uf.union((i, a0, a1), (j, b0, b1))
    # spans of one document that mostly overlap are the same passage seen from two pairs
    for d, found in spans.items():
        found = sorted(set(found))
        for x, (s1, e1) in enumerate(found):
            for s2, e2 in found[x + 1 :]:
                if s2 >= e1:
                    break
                if min(e1, e2) - s2 >= 0.5 * min(e1 - s1, e2 - s2):
                    uf.union((d, s1, e1), (d, s2, e2))
    return _tables(docs, prepared, uf, spans)


def _merge_intervals(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for s, e in sorted(intervals):
        if merged and s < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def _tables(docs: pd.DataFrame, prepared: list[_Doc], uf: _UnionFind, spans: dict) -> PassageResult:
    groups: dict = defaultdict(lambda: defaultdict(list))
    for d, found in spans.items():
        for s, e in found:
            groups[uf.find((d, s, e))][d].append((s, e))
    rank = copy_order(docs).to_numpy()
    texts, ids = docs["text"].to_numpy(), docs["doc_id"].to_numpy()
    occ_rows, passage_rows = [], []
    ordered = sorted(groups.values(), key=lambda g: min(rank[d] for d in g))
    for pid, per_doc in enumerate(ordered):
        first = min(per_doc, key=lambda d: rank[d])
        for d, found in sorted(per_doc.items(), key=lambda x: rank[x[0]]):
            for n, (s, e) in enumerate(_merge_intervals(found)):
                start, end = int(prepared[d].spans[s][0]), int(prepared[d].spans[e - 1][1])
                occ_rows.append({
                    "passage_id": pid, "doc_id": ids[d], "start_char": start, "end_char": end, "n_words": e - s,
                    "date": docs["date"].iat[d], "outlet": docs["outlet"].iat[d], "is_first": d == first and n == 0,
                    "text": texts[d][start:end],
                })
    occurrences = pd.DataFrame(occ_rows, columns=OCCURRENCE_COLUMNS)
    for pid, occ in occurrences.groupby("passage_id", sort=True):
        head = occ[occ["is_first"]].iloc[0]
        passage_rows.append({
            "passage_id": pid, "n_documents": occ["doc_id"].nunique(), "n_words": int(head["n_words"]), "first_doc": head["doc_id"],
            "first_date": head["date"], "first_outlet": head["outlet"],
            "first_title": docs.loc[docs["doc_id"] == head["doc_id"], "title"].iat[0],
            "documents": " | ".join(occ["doc_id"]), "text": head["text"],
        })
    passages = pd.DataFrame(passage_rows, columns=PASSAGE_COLUMNS)
    passages = passages.sort_values(["n_documents", "n_words"], ascending=False).reset_index(drop=True)
    return PassageResult(passages=passages, occurrences=occurrences)


def reuse_pairs(occurrences: pd.DataFrame) -> pd.DataFrame:
    """Document pairs ranked by how many words of shared passages they hold."""
    if occurrences.empty:
        return pd.DataFrame(columns=["doc_a", "doc_b", "passages", "shared_words"])
    rows = []
    for pid, occ in occurrences.groupby("passage_id"):
        occ = occ.sort_values("is_first", ascending=False)
        first = occ.iloc[0]
        for _, other in occ.iloc[1:].iterrows():
            rows.append((first["doc_id"], other["doc_id"], pid, min(first["n_words"], other["n_words"])))
    frame = pd.DataFrame(rows, columns=["doc_a", "doc_b", "passage_id", "words"])
    return (frame.groupby(["doc_a", "doc_b"]).agg(passages=("passage_id", "nunique"), shared_words=("words", "sum"))
            .sort_values("shared_words", ascending=False).reset_index())
