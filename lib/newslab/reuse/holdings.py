"""Who copies whom, item by item: which documents hold each reused text, and the flows between outlets it makes.

A reused item is a passage (passages.py, boilerplate left out) or a cluster of whole-document copies
(clusters.py); a passage all of whose holders are one cluster's copies is that cluster, not a second item.
An item's holdings are its documents, exact copies within one outlet counted once. The earliest dated holding
is the item's origin; every later holding in another outlet is a flow from the origin's outlet (a star: linear
in holdings, never all pairs). When the earliest time is shared by two outlets nobody knows who copied whom, so
the item makes no outlet flow. A holding with no earlier holder in the corpus whose document credits agencies
(the `credits` column, when present) gets a flow from each agency: a wire source node.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..corpus import analysable
from .duplicates import DuplicateResult

HOLDING_COLUMNS = ["item", "kind", "doc_id", "outlet", "date", "credits", "label"]
LABEL_CHARS = 200  # an item's label: the start of its passage, or its copies' title


def lag_columns(unit: str) -> list[str]:
    """The columns of flow_lags, the lag's unit in its name."""
    return ["item", "kind", "source", "source_kind", "source_doc", "source_date", "target", "target_doc",
            "target_date", f"lag_{unit}"]
_SPLIT = re.compile(r"\s*[;,]\s*")


def credit_list(value) -> list[str]:
    """Agencies a `credits` cell names: a list, or text joined with ';' or ','; empty for missing values."""
    if isinstance(value, (list, tuple, np.ndarray)):
        items = [str(v).strip() for v in value]
    elif value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        items = []
    else:
        items = _SPLIT.split(str(value).strip())
    return sorted({v for v in items if v})


def lag_unit(dates: pd.Series) -> str:
    """'hours' when any date carries a time of day, else 'days' (dates alone cannot measure hours)."""
    dated = pd.to_datetime(dates.dropna())
    if dated.empty:
        return "days"
    return "hours" if bool((dated != dated.dt.normalize()).any()) else "days"


def exact_representatives(duplicates: DuplicateResult) -> dict:
    """doc_id → the first copy of its exact text, for documents that are exact copies of another."""
    exact = duplicates.pairs[duplicates.pairs["kind"] == "exact"]
    return dict(zip(exact["doc_b"], exact["doc_a"]))  # exact pairs run from a group's first copy


def reused_items(duplicates: DuplicateResult, titles: pd.Series) -> pd.DataFrame:
    """Item, kind and label per document holding a reused text: `p<passage_id>` for passages (boilerplate never
    counts; a passage held only by one cluster's copies is that cluster's text) and `c<cluster_id>` for copies (a
    member that embeds the cluster's text in a longer one is not a copy: it holds the text as a passage)."""
    found = duplicates.passages
    occ = found.occurrences if found is not None else pd.DataFrame(columns=["passage_id", "doc_id"])
    passages = found.passages if found is not None else pd.DataFrame(columns=["passage_id", "boilerplate_outlet", "text"])
    boiler = set(passages.loc[passages["boilerplate_outlet"].fillna("") != "", "passage_id"])
    occ = occ[~occ["passage_id"].isin(boiler)].drop_duplicates(["passage_id", "doc_id"])
    members = duplicates.members  # a text that embeds its cluster's item holds that item as a passage, not a copy
    members = members[members["relation"] != "embeds"] if "relation" in members.columns else members
    by = occ.assign(cluster=occ["doc_id"].map(dict(zip(members["doc_id"], members["cluster_id"])))).groupby("passage_id")
    inside = (by["cluster"].count() == by.size()) & (by["cluster"].nunique() == 1)
    occ = occ[~occ["passage_id"].map(inside).fillna(False).astype(bool).to_numpy()]
    texts = passages.set_index("passage_id")["text"]
    reps = duplicates.clusters.set_index("cluster_id")["representative"]
    rows = pd.concat([
        pd.DataFrame({"item": "p" + occ["passage_id"].astype(int).astype(str), "kind": "passage",
                      "doc_id": occ["doc_id"].to_numpy(),
                      "label": occ["passage_id"].map(texts).fillna("").astype(str).to_numpy()}),
        pd.DataFrame({"item": "c" + members["cluster_id"].astype(int).astype(str), "kind": "copy",
                      "doc_id": members["doc_id"].to_numpy(),
                      "label": members["cluster_id"].map(reps).map(titles).fillna("").astype(str).to_numpy()}),
    ], ignore_index=True)
    rows["label"] = [t if len(t) <= LABEL_CHARS else t[:LABEL_CHARS - 1].rstrip() + "…" for t in rows["label"]]
    return rows


def holdings(corpus: pd.DataFrame, duplicates: DuplicateResult) -> pd.DataFrame:
    """One row per reused item and document holding it (outlet, date, credits), exact copies within one outlet once,
    sorted by item, then date (undated last), outlet and document: the order flow_lags and co_publications rely on."""
    meta = analysable(corpus).drop_duplicates("doc_id").set_index("doc_id")
    rows = reused_items(duplicates, meta["title"] if "title" in meta else pd.Series(dtype=str))
    rows = rows[rows["doc_id"].isin(meta.index)]
    at = meta.reindex(rows["doc_id"])
    credits = at["credits"].map(lambda v: "; ".join(credit_list(v))) if "credits" in at else pd.Series("", index=at.index)
    rows = rows.assign(outlet=at["outlet"].fillna("").astype(str).to_numpy(), date=pd.to_datetime(at["date"]).to_numpy(),
                       credits=credits.to_numpy())
    exact = rows["doc_id"].map(exact_representatives(duplicates)).fillna(rows["doc_id"])
    rows = rows.assign(_exact=exact, _undated=rows["date"].isna(), _kind=rows["item"].str[0].map({"p": 0, "c": 1}),
                       _number=rows["item"].str[1:].astype(int))
    rows = rows.sort_values(["_kind", "_number", "_undated", "date", "outlet", "doc_id"], kind="stable")
    rows = rows.drop_duplicates(["item", "outlet", "_exact"])  # an outlet's exact copies of a text: the earliest, once
    return rows[HOLDING_COLUMNS].reset_index(drop=True)


def in_item_time_order(dated: pd.DataFrame) -> pd.DataFrame:
    """Dated holdings grouped by item and in time order within each (as holdings() returns them; sorted if not)."""
    code = pd.factorize(dated["item"], sort=False)[0]
    t = pd.to_datetime(dated["date"]).to_numpy().astype("datetime64[ns]").astype(np.int64)
    if len(code) < 2 or bool(np.all((np.diff(code) > 0) | ((np.diff(code) == 0) & (np.diff(t) >= 0)))):
        return dated
    return dated.sort_values(["item", "date", "outlet", "doc_id"], kind="stable")


def flow_lags(held: pd.DataFrame, *, unit: str = "hours") -> pd.DataFrame:
    """One row per flow of an item into a document: the origin's outlet (or a credited agency) → the holder, with
    the lag in `unit` (empty for wire sources, whose own time is not in the corpus)."""
    dated = held[(held["outlet"] != "") & held["date"].notna()]
    if dated.empty:
        return pd.DataFrame(columns=lag_columns(unit))
    dated = in_item_time_order(dated)
    first = dated.groupby("item", sort=False).head(1).set_index("item")
    earliest = dated["item"].map(first["date"])
    at_first = dated[dated["date"].to_numpy() == earliest.to_numpy()]
    tied = at_first.groupby("item")["outlet"].nunique() > 1  # the first appearance is shared: no direction
    origin = first.assign(tied=tied.reindex(first.index, fill_value=False))
    src = dated["item"].map(origin["outlet"])
    later = dated[(dated["date"].to_numpy() > earliest.to_numpy()) & (dated["outlet"] != src).to_numpy()
                  & ~dated["item"].map(origin["tied"]).to_numpy(dtype=bool)]
    scale = pd.Timedelta(hours=1) if unit == "hours" else pd.Timedelta(days=1)
    outlets = pd.DataFrame({
        "item": later["item"].to_numpy(), "kind": later["kind"].to_numpy(),
        "source": later["item"].map(origin["outlet"]).to_numpy(), "source_kind": "outlet",
        "source_doc": later["item"].map(origin["doc_id"]).to_numpy(),
        "source_date": later["item"].map(origin["date"]).to_numpy(),
        "target": later["outlet"].to_numpy(), "target_doc": later["doc_id"].to_numpy(),
        "target_date": later["date"].to_numpy(),
    })
    outlets[f"lag_{unit}"] = ((outlets["target_date"] - outlets["source_date"]) / scale).round(2)
    credited = at_first[at_first["credits"] != ""]
    wire = credited.assign(source=credited["credits"].str.split("; ")).explode("source")
    wire = pd.DataFrame({
        "item": wire["item"].to_numpy(), "kind": wire["kind"].to_numpy(), "source": wire["source"].to_numpy(),
        "source_kind": "wire", "source_doc": "", "source_date": pd.NaT, "target": wire["outlet"].to_numpy(),
        "target_doc": wire["doc_id"].to_numpy(), "target_date": wire["date"].to_numpy(), f"lag_{unit}": np.nan,
    })
    out = pd.concat([df for df in (outlets, wire) if len(df)], ignore_index=True) if len(outlets) or len(wire) else None
    if out is None:
        return pd.DataFrame(columns=lag_columns(unit))
    out["source_date"] = pd.to_datetime(out["source_date"])
    out = out.sort_values(["source", "target", "target_date", "item", "target_doc"], kind="stable")
    return out.reset_index(drop=True)[lag_columns(unit)]


def outlet_edges(lags: pd.DataFrame, corpus: pd.DataFrame, *, unit: str = "hours",
                 exact: dict | None = None) -> pd.DataFrame:
    """Per source → target: items (passages and whole copies), target documents, their share of the target's
    output (exact copies within it counted once), lags in `unit`, and the first and last date it was seen."""
    columns = ["source", "target", "source_kind", "passages", "copies", "documents", "target_documents",
               "target_share", f"min_lag_{unit}", f"median_lag_{unit}", "first_date", "last_date"]
    if lags.empty:
        return pd.DataFrame(columns=columns)
    output = outlet_output(corpus, exact=exact)
    g = lags.groupby(["source", "target", "source_kind"], sort=False)
    edges = g.agg(passages=("item", "nunique"), documents=("target_doc", "nunique"),
                  first_date=("target_date", "min"), last_date=("target_date", "max")).reset_index()
    copies = lags[lags["kind"] == "copy"].groupby(["source", "target", "source_kind"])["item"].nunique()
    edges["copies"] = [int(copies.get(k, 0)) for k in zip(edges["source"], edges["target"], edges["source_kind"])]
    lag = g[f"lag_{unit}"].agg(["min", "median"]).reset_index(drop=True).round(2)
    edges[f"min_lag_{unit}"], edges[f"median_lag_{unit}"] = lag["min"].to_numpy(), lag["median"].to_numpy()
    edges["target_documents"] = edges["target"].map(output).fillna(0).astype(int)
    edges["target_share"] = (edges["documents"] / edges["target_documents"].where(edges["target_documents"] > 0)).round(4)
    edges = edges.sort_values(["passages", "documents", "source", "target"], ascending=[False, False, True, True],
                              kind="stable")
    return edges.reset_index(drop=True)[columns]


def outlet_output(corpus: pd.DataFrame, *, exact: dict | None = None) -> pd.Series:
    """Documents per outlet, exact copies of one text within an outlet counted once (`exact`: doc → first copy)."""
    docs = analysable(corpus)
    docs = docs[docs["outlet"].fillna("") != ""]
    key = docs["doc_id"].map(lambda d: (exact or {}).get(d, d))
    return docs.assign(_key=key.to_numpy()).drop_duplicates(["outlet", "_key"]).groupby("outlet").size()


def flow_matrix(edges: pd.DataFrame, *, value: str = "passages") -> pd.DataFrame:
    """Outlet × outlet table of `value` (rows: where items came from; columns: who took them); wire sources as rows."""
    if edges.empty:
        return pd.DataFrame()
    names = sorted(set(edges["source"]) | set(edges["target"]))
    table = edges.groupby(["source", "target"])[value].sum().unstack(fill_value=0)
    rows = [n for n in names if n in table.index]
    return table.reindex(index=rows, columns=[n for n in names if n in set(edges["target"])], fill_value=0) \
        .rename_axis(index="from", columns="to")


def outlet_roles(held: pd.DataFrame, lags: pd.DataFrame, corpus: pd.DataFrame) -> pd.DataFrame:
    """Per outlet holding reused texts: its documents, the reused texts it holds, how many it had first (and others
    took later), how many it took from another outlet, from how many outlets, and how many stayed inside it."""
    columns = ["outlet", "documents", "reused_texts", "first_to_publish", "taken_from_others", "source_outlets",
               "within_outlet_only"]
    usable = held[held["outlet"] != ""]
    if usable.empty:
        return pd.DataFrame(columns=columns)
    outlets = lags[lags["source_kind"] == "outlet"] if len(lags) else pd.DataFrame(columns=["source", "target", "item"])
    spread = usable.groupby("item")["outlet"].nunique()
    only = usable[usable["item"].map(spread) == 1].groupby("outlet")["item"].nunique()
    output = analysable(corpus)["outlet"].fillna("").value_counts()
    roles = usable.groupby("outlet")["item"].nunique().rename("reused_texts").reset_index()
    roles["documents"] = roles["outlet"].map(output).fillna(0).astype(int)
    roles["first_to_publish"] = roles["outlet"].map(outlets.groupby("source")["item"].nunique()).fillna(0).astype(int)
    roles["taken_from_others"] = roles["outlet"].map(outlets.groupby("target")["item"].nunique()).fillna(0).astype(int)
    roles["source_outlets"] = roles["outlet"].map(outlets.groupby("target")["source"].nunique()).fillna(0).astype(int)
    roles["within_outlet_only"] = roles["outlet"].map(only).fillna(0).astype(int)
    roles = roles.sort_values(["reused_texts", "outlet"], ascending=[False, True], kind="stable")
    return roles.reset_index(drop=True)[columns]


def median_lags(lags: pd.DataFrame, *, unit: str = "hours") -> pd.Series:
    """Median lag (in `unit`) of the texts each outlet took from another outlet, fastest first."""
    taken = lags[lags["source_kind"] == "outlet"] if len(lags) else lags
    if taken.empty:
        return pd.Series(dtype=float, name=f"median_lag_{unit}")
    values = pd.to_numeric(taken[f"lag_{unit}"]).groupby(taken["target"]).median().round(1)
    return values.sort_values(kind="stable").rename(f"median_lag_{unit}")
