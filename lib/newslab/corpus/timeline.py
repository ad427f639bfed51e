"""Dates across a corpus: which copy of a text came first, and the period that suits a span of dates."""
from __future__ import annotations

import numpy as np
import pandas as pd


def pick_time_freq(dates: pd.Series) -> str:
    """A period that gives a readable number of bars: day, week, month or year."""
    dates = dates.dropna()
    if dates.empty:
        return "D"
    span = (dates.max() - dates.min()).days
    return "D" if span <= 60 else "W" if span <= 365 else "M" if span <= 365 * 6 else "Y"


def copy_order(corpus: pd.DataFrame) -> pd.Series:
    """Rank of each document as 'the original': earliest date first, then longest, then corpus order."""
    frame = pd.DataFrame({
        "undated": corpus["date"].isna().to_numpy(), "date": corpus["date"].to_numpy(),
        "neg_len": -corpus["n_words"].to_numpy(), "pos": np.arange(len(corpus)),
    })
    order = frame.sort_values(["undated", "date", "neg_len", "pos"]).index.to_numpy()
    rank = np.empty(len(corpus), dtype=np.int64)
    rank[order] = np.arange(len(corpus))
    return pd.Series(rank, index=corpus["doc_id"].to_numpy())
