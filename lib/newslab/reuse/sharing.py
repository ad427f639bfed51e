"""What two documents share, under one written definition (docs/reuse.md, "Shared words"), and which pairs of
passage holders are compared at all.

For a pair (a, b), over the passages that both hold and that are not marked boilerplate:
- `passages`: how many there are;
- `shared_words`: the sum, over those passages, of the smaller of the two sides' words in it (a side's words in a
  passage are the `n_words` of its occurrences there, in passage_occurrences); an exact pair shares all its words
  (the length of the text);
- `share_a`, `share_b`: shared_words over each side's words (as `tokenize` counts them), to 4 places.
A document's occurrences never overlap, so shared words never exceed either text, and they are never fewer than
the words of the passages both hold (equal to them except for exact pairs).

Pairs come from every two holders of a passage (exact copies count once, by their first copy) when at most
`max_holders` distinct texts hold it; a passage held by more (a wire story, a standing paragraph) pairs none
of its holders, and its row in passages.csv lists them all. The cost is linear in the passages' holders.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

NUMBER_COLUMNS = ["shared_words", "share_a", "share_b", "passages"]


def holder_pairs(passage: np.ndarray, holder: np.ndarray, *, max_holders: int) -> tuple[np.ndarray, int]:
    """Every pair (i < j) of distinct holders (`holder[n]` holds `passage[n]`) of a passage with 2 to
    `max_holders` holders, and how many passages have more holders than that (they pair none)."""
    frame = pd.DataFrame({"p": passage, "h": holder}).drop_duplicates()
    count = frame.groupby("p")["h"].transform("size").to_numpy()
    over = int(frame.loc[count > max_holders, "p"].nunique())
    frame = frame[(count >= 2) & (count <= max_holders)]
    if frame.empty:
        return np.zeros((0, 2), dtype=np.int64), over
    both = frame.merge(frame, on="p")
    both = both[both["h_x"].to_numpy() < both["h_y"].to_numpy()]
    pairs = np.stack([both["h_x"].to_numpy(), both["h_y"].to_numpy()], axis=1).astype(np.int64)
    return np.unique(pairs, axis=0), over


def pair_numbers(pairs: pd.DataFrame, occurrences: pd.DataFrame, n_tokens: pd.Series, *,
                 exclude: set | None = None, exact: np.ndarray | None = None) -> pd.DataFrame:
    """shared_words, share_a, share_b and passages of each row of `pairs` (doc_a, doc_b), in its order, by the
    module's definition; `n_tokens`: words per doc_id; `exclude`: passage ids not counted (boilerplate);
    `exact`: per row, whether the pair is an exact copy (it then shares all its words)."""
    occ = occurrences if not exclude else occurrences[~occurrences["passage_id"].isin(exclude)]
    words = occ.groupby(["passage_id", "doc_id"], sort=False)["n_words"].sum().rename("words").reset_index()
    rows = pairs[["doc_a", "doc_b"]].reset_index(drop=True).assign(row=np.arange(len(pairs)))
    both = rows.merge(words.rename(columns={"doc_id": "doc_a", "words": "words_a"}), on="doc_a")
    both = both.merge(words.rename(columns={"doc_id": "doc_b", "words": "words_b"}), on=["doc_b", "passage_id"])
    both["shared"] = np.minimum(both["words_a"].to_numpy(), both["words_b"].to_numpy())
    per_row = both.groupby("row").agg(shared=("shared", "sum"), passages=("passage_id", "nunique"))
    shared = per_row["shared"].reindex(rows["row"], fill_value=0).to_numpy().astype(np.int64)
    n_a = rows["doc_a"].map(n_tokens).to_numpy().astype(np.int64)
    n_b = rows["doc_b"].map(n_tokens).to_numpy().astype(np.int64)
    if exact is not None:
        shared = np.where(np.asarray(exact, dtype=bool), np.minimum(n_a, n_b), shared)
    return pd.DataFrame({
        "shared_words": shared,
        "share_a": np.divide(shared, n_a, out=np.zeros(len(rows)), where=n_a > 0).round(4),
        "share_b": np.divide(shared, n_b, out=np.zeros(len(rows)), where=n_b > 0).round(4),
        "passages": per_row["passages"].reindex(rows["row"], fill_value=0).to_numpy().astype(np.int64),
    })[NUMBER_COLUMNS]


def reaches_partial(numbers: pd.DataFrame, *, partial_share: float, partial_min_words: int) -> np.ndarray:
    """Per row of pair_numbers: whether its shared passages make partial reuse (≥ `partial_min_words` shared words,
    or ≥ `partial_share` of either side, with at least one passage)."""
    enough = (numbers["shared_words"] >= partial_min_words) | (numbers[["share_a", "share_b"]].max(axis=1) >= partial_share)
    return (enough & (numbers["passages"] > 0)).to_numpy()


def reuse_pairs(occurrences: pd.DataFrame, n_tokens: pd.Series | None = None, exclude: set | None = None, *,
                max_pairs_per_passage: int = 50) -> pd.DataFrame:
    """Every two holders of each passage held by ≤ `max_pairs_per_passage` documents, with their numbers (shares
    NaN without `n_tokens` by doc_id), most shared words first; `doc_a` is the one whose passages appear first."""
    columns = ["doc_a", "doc_b", "passages", "shared_words", "share_a", "share_b"]
    occ = occurrences if not exclude else occurrences[~occurrences["passage_id"].isin(exclude)]
    if occ.empty:
        return pd.DataFrame(columns=columns)
    order = pd.unique(occ["doc_id"])  # occurrences run by passage, then copy order: first appearance
    ids, _ = holder_pairs(occ["passage_id"].to_numpy(), pd.Index(order).get_indexer(occ["doc_id"]),
                          max_holders=max_pairs_per_passage)
    pairs = pd.DataFrame({"doc_a": order[ids[:, 0]], "doc_b": order[ids[:, 1]]})
    counted = n_tokens if n_tokens is not None else pd.Series(0, index=order)
    out = pd.concat([pairs, pair_numbers(pairs, occ, counted)], axis=1)
    if n_tokens is None:
        out["share_a"] = out["share_b"] = np.nan
    out = out.sort_values(["shared_words", "doc_a", "doc_b"], ascending=[False, True, True])
    return out.reset_index(drop=True)[columns]
