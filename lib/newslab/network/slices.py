"""Co-occurrence over time: pair counts per week or month, and the pairs that appear, grow, shrink or vanish."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..checks import check_choice, check_int

PERIOD_COLUMNS = ["period", "source", "target", "count", "documents"]
CHANGE_COLUMNS = ["period_before", "period_after", "source", "target", "count_before", "count_after", "change",
                  "documents_before", "documents_after"]
CHANGE_ORDER = {"appears": 0, "grows": 1, "shrinks": 2, "vanishes": 3}
WEEKLY_UP_TO_DAYS = 183  # "auto": weeks for spans up to about six months, months beyond


def pick_freq(dates: pd.Series, freq: str = "auto") -> str:
    """"W" or "M": as given, or for "auto" weeks when the dated span is at most about six months."""
    check_choice("freq", freq, ("auto", "W", "M"))
    if freq != "auto":
        return freq
    dates = pd.to_datetime(pd.Series(dates)).dropna()
    return "W" if dates.empty or (dates.max() - dates.min()).days <= WEEKLY_UP_TO_DAYS else "M"


def period_labels(dates: pd.Series, freq: str) -> pd.Series:
    """The first day of each date's week (Monday) or month, as YYYY-MM-DD text; missing for undated."""
    dates = pd.to_datetime(pd.Series(dates))
    starts = dates.dt.to_period(freq).dt.start_time
    return starts.dt.strftime("%Y-%m-%d").where(dates.notna())


def edges_by_period(occurrences: pd.DataFrame, *, freq: str = "W") -> pd.DataFrame:
    """Windows (and documents) per pair per period, from pair occurrences with a `date`; undated ones are left out."""
    check_choice("freq", freq, ("W", "M"))
    dated = occurrences.dropna(subset=["date"])
    if dated.empty:
        return pd.DataFrame(columns=PERIOD_COLUMNS)
    dated = dated.assign(period=period_labels(dated["date"], freq).to_numpy())
    grouped = dated.groupby(["period", "source", "target"])
    table = pd.DataFrame({"count": grouped.size(), "documents": grouped["doc_id"].nunique()}).reset_index()
    return table.sort_values(["period", "count", "source", "target"], ascending=[True, False, True, True]).reset_index(drop=True)


def edge_changes(period_edges: pd.DataFrame, periods: dict[str, int], *, min_count: int = 2) -> pd.DataFrame:
    """Pairs whose count changes between consecutive `periods` (period -> documents in it) by at least `min_count`.

    appears: absent before, at least `min_count` after; vanishes: the reverse; grows / shrinks: up or down by
    at least `min_count` windows and by at least half, so noise of one or two mentions is not called a trend.
    """
    check_int("min_count", min_count, minimum=1)
    rows = []
    counts = period_edges.set_index(["period", "source", "target"])["count"] if len(period_edges) else pd.Series(dtype="int64")
    names = sorted(periods)
    for before, after in zip(names, names[1:]):
        b = counts.xs(before, level="period") if before in counts.index.get_level_values(0) else pd.Series(dtype="int64")
        a = counts.xs(after, level="period") if after in counts.index.get_level_values(0) else pd.Series(dtype="int64")
        both = pd.concat([b.rename("count_before"), a.rename("count_after")], axis=1).fillna(0).astype("int64")
        cb, ca = both["count_before"].to_numpy(), both["count_after"].to_numpy()
        change = np.select(
            [(cb == 0) & (ca >= min_count), (ca == 0) & (cb >= min_count),
             (cb > 0) & (ca - cb >= min_count) & (ca >= 1.5 * cb), (ca > 0) & (cb - ca >= min_count) & (cb >= 1.5 * ca)],
            ["appears", "vanishes", "grows", "shrinks"], default="",
        )
        both = both.assign(change=change, period_before=before, period_after=after, documents_before=periods[before],
                           documents_after=periods[after])[change != ""]
        rows.append(both.reset_index())
    if not rows or all(r.empty for r in rows):
        return pd.DataFrame(columns=CHANGE_COLUMNS)
    table = pd.concat(rows, ignore_index=True)
    table = table.assign(order=table["change"].map(CHANGE_ORDER), size=(table["count_after"] - table["count_before"]).abs())
    table = table.sort_values(["period_after", "order", "size", "source", "target"], ascending=[True, True, False, True, True])
    return table[CHANGE_COLUMNS].reset_index(drop=True)
