"""Coordinated publishing: outlets that publish the same passages within a short time of each other, repeatedly.

The signature social-media research looks for with shared links (CooRnet, CooRTweet), applied to news text: two
outlets co-publish an item (a passage or a whole copy, flow.holdings) when their holdings of it lie within
`time_window`; a pair that does so at least `min_repeats` times, and for at least `min_share` of the items both
hold (lock-step, not two busy outlets meeting by chance now and then), is an edge weighted by its co-published items.
Each item is sorted by time once and only holdings inside the window are paired, so the cost is linear in
holdings times the outlets that publish one item inside one window. Groups are the network's components, and
seeded Louvain communities within them.
"""
from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from ..checks import COMMON, Duration, Interval, Param, check_call
from ..errors import ParameterError
from .holdings import in_item_time_order

_UNITS = {"s": "s", "sec": "s", "m": "min", "min": "min", "h": "h", "hr": "h", "d": "D", "day": "D", "days": "D",
          "w": "W", "week": "W", "weeks": "W"}
PARAMS = {  # one line per parameter: coordinated_network and find_flows validate against it, the CLI and notebook 40 follow it
    "time_window": Param(str, "1d", Duration(), "outlets publishing one text this close together co-publish it"),
    "fast_window": Param(str, "1h", Duration(), "a narrower window for the fast sub-network (at most time_window)"),
    "min_repeats": Param(int, 3, Interval(1, None), "fewest co-published texts that make two outlets a coordinated pair"),
    "min_share": Param(float, 0.5, Interval(0, 1), "... and the least share of the texts both hold that they co-publish"),
    "weight_percentile": Param(float, 0.0, Interval(0, 100, closed="left"),
                               "keep coordinated edges at or above this percentile of edge weight"),
    "seed": COMMON["seed"],
}
EDGE_COLUMNS = ["outlet_a", "outlet_b", "weight", "co_share", "contributions_a", "contributions_b", "edge_symmetry",
                "fast_weight", "fast", "group", "median_gap_hours", "first_date", "last_date"]
GROUP_COLUMNS = ["outlet", "group", "community", "group_size", "degree", "weight", "fast_degree", "passages"]
EVIDENCE_COLUMNS = ["group", "item", "kind", "outlet", "doc_id", "date", "label"]


def parse_duration(name: str, value) -> pd.Timedelta:
    """A positive duration such as '30m', '1h', '2d' or '1w' (a pandas Timedelta passes as it is)."""
    if isinstance(value, pd.Timedelta) and value > pd.Timedelta(0):
        return value
    if not isinstance(value, str) or value not in Duration():
        raise ParameterError(f"{name} must be {Duration()}, got {value!r}")
    m = Duration.PATTERN.match(value)
    return pd.Timedelta(float(m.group(1)), unit=_UNITS[m.group(2).lower()])


def check_durations(*, time_window, fast_window) -> tuple[pd.Timedelta, pd.Timedelta]:
    """Both windows as durations, the fast one no longer than the other; an error names the parameter."""
    window, fast = parse_duration("time_window", time_window), parse_duration("fast_window", fast_window)
    if fast > window:
        raise ParameterError(f"fast_window must not be longer than time_window ({time_window}), got {fast_window!r}")
    return window, fast


def co_publications(held: pd.DataFrame, *, window: pd.Timedelta) -> pd.DataFrame:
    """Pairs of holdings of one item by two outlets at most `window` apart (outlet_a < outlet_b by name), with
    the holding row of each side and the time between them."""
    cols = ["item", "outlet_a", "outlet_b", "row_a", "row_b", "gap"]
    dated = held[(held["outlet"] != "") & held["date"].notna()]
    if dated.empty:
        return pd.DataFrame(columns=cols)
    dated = in_item_time_order(dated)
    rows = dated.index.to_numpy()
    seconds = (pd.to_datetime(dated["date"]) - pd.to_datetime(dated["date"]).min()).dt.total_seconds().to_numpy()
    seconds = np.round(seconds).astype(np.int64)
    w = int(np.ceil(window.total_seconds()))
    code = pd.factorize(dated["item"], sort=False)[0].astype(np.int64)
    key = code * (int(seconds.max()) + w + 1) + seconds  # items laid end to end, never within a window of each other
    hi = np.searchsorted(key, key + w, side="right")
    n = hi - np.arange(len(key)) - 1
    i = np.repeat(np.arange(len(key)), n)
    j = i + 1 + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))
    outlet = dated["outlet"].to_numpy()
    keep = outlet[i] != outlet[j]
    i, j = i[keep], j[keep]
    swap = outlet[i] > outlet[j]
    a, b = np.where(swap, j, i), np.where(swap, i, j)
    return pd.DataFrame({"item": dated["item"].to_numpy()[i], "outlet_a": outlet[a], "outlet_b": outlet[b],
                         "row_a": rows[a], "row_b": rows[b], "gap": (seconds[j] - seconds[i]) / 3600})


def pair_weights(pairs: pd.DataFrame) -> pd.DataFrame:
    """Per outlet pair: co-published items, each side's holdings that took part, and their min/max."""
    if pairs.empty:
        return pd.DataFrame(columns=["outlet_a", "outlet_b", "weight", "contributions_a", "contributions_b",
                                     "edge_symmetry", "median_gap_hours"])
    g = pairs.groupby(["outlet_a", "outlet_b"], sort=True)
    out = g.agg(weight=("item", "nunique"), contributions_a=("row_a", "nunique"), contributions_b=("row_b", "nunique"),
                median_gap_hours=("gap", "median")).reset_index()
    low = np.minimum(out["contributions_a"], out["contributions_b"])
    out["edge_symmetry"] = (low / np.maximum(out["contributions_a"], out["contributions_b"])).round(4)
    out["median_gap_hours"] = out["median_gap_hours"].round(2)
    return out


def coordinated_network(held: pd.DataFrame, *, time_window: str = "1d", fast_window: str = "1h", min_repeats: int = 3,
                        min_share: float = 0.5, weight_percentile: float = 0.0,
                        seed: int = 42) -> dict[str, pd.DataFrame]:
    """Edges, groups and evidence of outlets co-publishing items within `time_window` at least `min_repeats` times
    and for at least `min_share` of the items both hold (`co_share`).

    Edges below the `weight_percentile` (0–100) of the edges' weights are dropped; `fast` marks pairs that also
    co-publish `min_repeats` times within the narrower `fast_window`. Groups are connected components (largest
    first), `community` the seeded Louvain community; the evidence is every co-published item of a group with
    each outlet's document and date."""
    check_call(PARAMS, locals())
    window, fast = check_durations(time_window=time_window, fast_window=fast_window)
    pairs = co_publications(held, window=window)
    edges = pair_weights(pairs)
    edges = edges[edges["weight"] >= min_repeats]
    edges = edges.assign(co_share=co_shares(held, edges))
    edges = edges[edges["co_share"] >= min_share]
    if len(edges) and weight_percentile > 0:
        edges = edges[edges["weight"] >= np.percentile(edges["weight"].to_numpy(dtype=float), weight_percentile)]
    fast_w = pair_weights(co_publications(held, window=fast)).set_index(["outlet_a", "outlet_b"])["weight"]
    edges = edges.assign(fast_weight=[int(fast_w.get(k, 0)) for k in zip(edges["outlet_a"], edges["outlet_b"])])
    edges["fast"] = edges["fast_weight"] >= min_repeats
    groups = outlet_groups(edges, seed=seed)
    group_of = dict(zip(groups["outlet"], groups["group"]))
    edges["group"] = edges["outlet_a"].map(group_of).astype("Int64") if len(edges) else pd.Series(dtype="Int64")
    kept = pairs.merge(edges[["outlet_a", "outlet_b", "group"]], on=["outlet_a", "outlet_b"])
    dates = held["date"]
    span = kept.assign(da=dates.reindex(kept["row_a"]).to_numpy(), db=dates.reindex(kept["row_b"]).to_numpy())
    first = np.minimum(span["da"], span["db"]) if len(span) else pd.Series(dtype="datetime64[ns]")
    bounds = span.assign(first=first).groupby(["outlet_a", "outlet_b"])["first"].agg(["min", "max"])
    edges["first_date"] = [bounds["min"].get(k, pd.NaT) for k in zip(edges["outlet_a"], edges["outlet_b"])]
    edges["last_date"] = [bounds["max"].get(k, pd.NaT) for k in zip(edges["outlet_a"], edges["outlet_b"])]
    edges = edges.sort_values(["group", "weight", "outlet_a", "outlet_b"], ascending=[True, False, True, True],
                              kind="stable")
    evidence = group_evidence(kept, held)
    items = evidence.groupby("outlet")["item"].nunique()
    groups["passages"] = groups["outlet"].map(items).fillna(0).astype(int)
    return {"edges": edges.reset_index(drop=True)[EDGE_COLUMNS], "groups": groups[GROUP_COLUMNS],
            "evidence": evidence, "pairs": pairs}


def co_shares(held: pd.DataFrame, edges: pd.DataFrame) -> np.ndarray:
    """Per edge: its weight over the items both outlets hold at any time (1: every text they share, in lock-step)."""
    if edges.empty:
        return np.zeros(0)
    dated = held[(held["outlet"] != "") & held["date"].notna()]
    items = dated.groupby("outlet")["item"].agg(set)
    both = [len(items[a] & items[b]) for a, b in zip(edges["outlet_a"], edges["outlet_b"])]
    return np.round(edges["weight"].to_numpy() / np.maximum(both, 1), 4)


def outlet_groups(edges: pd.DataFrame, *, seed: int = 42) -> pd.DataFrame:
    """Per outlet on a coordinated edge: its group (component, largest first, then by first name), its Louvain
    community (seeded; numbered within the network the same way), degree, weight and fast edges."""
    if edges.empty:
        return pd.DataFrame(columns=GROUP_COLUMNS[:-1])
    graph = nx.Graph()
    for a, b, w, f in sorted(zip(edges["outlet_a"], edges["outlet_b"], edges["weight"], edges["fast"])):
        graph.add_edge(a, b, weight=int(w), fast=bool(f))
    components = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    found = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    communities = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    community_of = {n: k for k, members in enumerate(communities) for n in members}
    rows = []
    for g, members in enumerate(components):
        for n in members:
            rows.append({"outlet": n, "group": g, "community": community_of[n], "group_size": len(members),
                         "degree": graph.degree(n), "weight": int(graph.degree(n, weight="weight")),
                         "fast_degree": sum(1 for _, _, f in graph.edges(n, data="fast") if f)})
    return pd.DataFrame(rows, columns=GROUP_COLUMNS[:-1])


def group_evidence(kept: pd.DataFrame, held: pd.DataFrame) -> pd.DataFrame:
    """Per group, every item two of its outlets co-published, with each outlet's document and date."""
    if kept.empty:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    rows = pd.concat([kept[["group", "row_a"]].rename(columns={"row_a": "row"}),
                      kept[["group", "row_b"]].rename(columns={"row_b": "row"})]).drop_duplicates()
    out = held.loc[rows["row"].to_numpy(), ["item", "kind", "outlet", "doc_id", "date", "label"]]
    first_row = pd.Series(held.index, index=held.index).groupby(held["item"]).min()  # items in holdings order
    out = out.assign(group=rows["group"].to_numpy(), _order=out["item"].map(first_row).to_numpy())
    out = out.sort_values(["group", "_order", "date", "outlet", "doc_id"], kind="stable")
    return out.reset_index(drop=True)[EVIDENCE_COLUMNS]


def evidence_table(evidence: pd.DataFrame, *, group: int) -> pd.DataFrame:
    """One group's evidence for reading: a row per co-published text (its label), a column per outlet, each
    outlet's date in the cells, texts in the order they first appeared."""
    rows = evidence[evidence["group"] == group]
    if rows.empty:
        return pd.DataFrame()
    first = rows.groupby("item", sort=False)["date"].min().sort_values(kind="stable")
    cells = rows.sort_values(["date", "doc_id"], kind="stable").drop_duplicates(["item", "outlet"])
    table = cells.pivot(index="item", columns="outlet", values="date").reindex(first.index)
    labels = rows.drop_duplicates("item").set_index("item")["label"]
    text = [t if len(t) <= 80 else t[:79].rstrip() + "…" for t in labels.reindex(table.index).fillna("").astype(str)]
    table.insert(0, "text", text)
    return table.reset_index().rename_axis(columns=None)
