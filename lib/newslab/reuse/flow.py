"""Outlet reuse flow and coordinated publishing (notebook 40): who takes from whom, how fast, and who publishes
the same texts in lock-step.

find_flows builds on one find_duplicates run: its passages and clusters of copies become items held by
documents (holdings.py), items make directed flows from the outlet that had them first (holdings.flow_lags),
and outlets that publish the same items within a time window, repeatedly, make the coordinated network
(coordinated.py). Every table is sorted by a fixed rule, so the same corpus and parameters give the same bytes.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from ..corpus import analysable
from ..io import write_graph, write_tables
from ..checks import check_call, document
from .coordinated import PARAMS as COORDINATION
from .coordinated import EDGE_COLUMNS, EVIDENCE_COLUMNS, GROUP_COLUMNS, check_durations, coordinated_network
from .duplicates import PARAMS as DUPLICATES
from .duplicates import DuplicateResult, find_duplicates
from .holdings import HOLDING_COLUMNS, exact_representatives, flow_lags, holdings, lag_columns, lag_unit, outlet_edges


# find_flows' options: the coordinated network's, and what it passes to find_duplicates when it runs it itself
PARAMS = {n: p for n, p in COORDINATION.items() if n != "seed"} | {
    "threshold": DUPLICATES["threshold"], "min_passage_words": DUPLICATES["min_passage_words"],
    "seed": COORDINATION["seed"]}


@dataclass
class FlowResult:
    """Outlet → outlet flows (`edges`, one row per flow of an item into a document in `lags`), the items'
    `holdings`, and the coordinated network: `coordinated` edges, outlet `groups` and their `evidence`."""

    edges: pd.DataFrame
    lags: pd.DataFrame
    holdings: pd.DataFrame
    coordinated: pd.DataFrame
    groups: pd.DataFrame
    evidence: pd.DataFrame
    info: dict = field(default_factory=dict)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables a report or the CLI saves, by file name."""
        return {"outlet_edges": self.edges, "flow_lags": self.lags, "coordinated_edges": self.coordinated,
                "coordinated_groups": self.groups, "coordinated_evidence": self.evidence}

    def flow_graph(self) -> nx.DiGraph:
        """The directed outlet graph: an edge per flow (weight = items), nodes marked outlet or wire source."""
        graph = nx.DiGraph(weight="passages")
        wires = set(self.edges.loc[self.edges["source_kind"] == "wire", "source"])
        targets = set(self.edges["target"])
        for name in sorted(set(self.edges["source"]) | targets):
            graph.add_node(name, kind="wire" if name in wires and name not in targets else "outlet")
        for row in self.edges.to_dict("records"):
            attrs = {k: graph_value(v) for k, v in row.items() if k not in ("source", "target")}
            graph.add_edge(row["source"], row["target"], weight=int(row["passages"]), **attrs)
        return graph

    def coordinated_graph(self) -> nx.Graph:
        """The coordinated network: outlets with their group and community, edges weighted by co-published items."""
        graph = nx.Graph(weight="co-published items")
        for row in self.groups.to_dict("records"):
            graph.add_node(row["outlet"], **{k: graph_value(v) for k, v in row.items() if k != "outlet"})
        for row in self.coordinated.to_dict("records"):
            attrs = {k: graph_value(v) for k, v in row.items() if k not in ("outlet_a", "outlet_b", "weight")}
            graph.add_edge(row["outlet_a"], row["outlet_b"], weight=int(row["weight"]), **attrs)
        return graph

    def export(self, out_dir: str | os.PathLike) -> list[Path]:
        """The tables as CSV, and flow.gexf/.graphml and coordinated.gexf/.graphml, in `out_dir`."""
        return (write_tables(out_dir, self.tables()) + write_graph(self.flow_graph(), out_dir, name="flow")
                + write_graph(self.coordinated_graph(), out_dir, name="coordinated"))


def graph_value(value):
    """A value GEXF and GraphML can store: dates as ISO text, missing as empty text, numpy as Python numbers."""
    if value is None or value is pd.NaT or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value.item() if isinstance(value, np.generic) else value


@document(PARAMS, extra="""duplicates : DuplicateResult or None, default None
    A find_duplicates result on the same corpus, used as found; None runs find_duplicates here.""")
def find_flows(
    corpus: pd.DataFrame,
    *,
    duplicates: DuplicateResult | None = None,
    time_window: str = "1d",
    fast_window: str = "1h",
    min_repeats: int = 3,
    min_share: float = 0.5,
    weight_percentile: float = 0.0,
    threshold: float = 0.5,
    min_passage_words: int = 25,
    seed: int = 42,
) -> FlowResult:
    """Outlet → outlet reuse flows with lags (in hours, or days when dates have no time) and wire sources from
    `credits`, and outlets co-publishing items within `time_window` at least `min_repeats` times (and for at least
    `min_share` of the items both hold), with groups."""
    check_call(PARAMS, locals())
    check_durations(time_window=time_window, fast_window=fast_window)
    docs = analysable(corpus)
    outlets = docs["outlet"].fillna("").astype(str)
    unit = lag_unit(docs["date"])
    info = {"documents": len(docs), "outlets": int(outlets[outlets != ""].nunique()),
            "dated": int(docs["date"].notna().sum()), "lag_unit": unit,
            "params": {"time_window": time_window, "fast_window": fast_window, "min_repeats": min_repeats,
                       "min_share": min_share, "weight_percentile": weight_percentile, "threshold": threshold,
                       "min_passage_words": min_passage_words, "seed": seed}}
    reason = ("fewer than two documents" if len(docs) < 2 else
              "no document names its outlet" if info["outlets"] == 0 else
              "no document has a date, so who published first is unknown" if info["dated"] == 0 else "")
    if reason:
        return empty_result(unit, info | {"reason": reason})
    if duplicates is None:
        duplicates = find_duplicates(corpus, threshold=threshold, min_passage_words=min_passage_words, seed=seed)
    held = holdings(corpus, duplicates)
    lags = flow_lags(held, unit=unit)
    exact = exact_representatives(duplicates)
    edges = outlet_edges(lags, corpus, unit=unit, exact=exact)
    net = coordinated_network(held, time_window=time_window, fast_window=fast_window, min_repeats=min_repeats,
                              min_share=min_share, weight_percentile=weight_percentile, seed=seed)
    usable = held[(held["outlet"] != "") & held["date"].notna()]
    spread = usable.groupby("item")["outlet"].nunique()
    firsts = usable[usable["date"] == usable["item"].map(usable.groupby("item")["date"].min())]
    info |= {"items": int(held["item"].nunique()), "holdings": len(held),
             "undated_holdings": int(held["date"].isna().sum()),
             "holdings_without_outlet": int((held["outlet"] == "").sum()),
             "items_across_outlets": int((spread > 1).sum()), "items_within_one_outlet": int((spread == 1).sum()),
             "items_tied_first": int((firsts.groupby("item")["outlet"].nunique() > 1).sum()),
             "co_published_pairs": len(net["pairs"]), "reason": ""}
    if edges.empty and net["edges"].empty:
        within = info["items_within_one_outlet"]
        stays = f" ({within} reused text{'s stay' if within != 1 else ' stays'} within one outlet)" if within else ""
        info["reason"] = ("no passage or copy is shared by two outlets" + stays if info["items_across_outlets"] == 0
                          else "no reused text moves from one outlet to a later one")
    return FlowResult(edges=edges, lags=lags, holdings=held, coordinated=net["edges"], groups=net["groups"],
                      evidence=net["evidence"], info=info)


def empty_result(unit: str, info: dict) -> FlowResult:
    """A FlowResult with every table empty (and its columns), for a corpus that cannot show any flow."""
    edge_columns = ["source", "target", "source_kind", "passages", "copies", "documents", "target_documents",
                    "target_share", f"min_lag_{unit}", f"median_lag_{unit}", "first_date", "last_date"]

    def frame(columns):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})

    return FlowResult(edges=frame(edge_columns), lags=frame(lag_columns(unit)), holdings=frame(HOLDING_COLUMNS),
                      coordinated=frame(EDGE_COLUMNS), groups=frame(GROUP_COLUMNS), evidence=frame(EVIDENCE_COLUMNS),
                      info=info)
