"""Key findings of an outlet-flow run as short sentences, numbers and names taken from the results."""
from __future__ import annotations

import pandas as pd

from ..checks import Interval, Param
from ..show.prose import count_noun
from .flow import FlowResult

PARAMS = {  # what notebook 40 shows beyond the analysis
    "top_groups": Param(int, 3, Interval(0, 20), "how many coordinated groups to show with their evidence"),
}


def _lag(value, unit: str) -> str:
    if pd.isna(value):
        return "unknown"
    if unit == "hours" and value >= 48:
        return f"{value / 24:.1f} days"
    return f"{value:.1f} {unit}" if unit == "hours" else f"{value:.0f} {unit}"


def flow_findings(result: FlowResult) -> list[str]:
    """What a reader should know first: the strongest flows and how fast they run, wire sources, and groups of
    outlets publishing in lock-step; one sentence saying why when there is nothing."""
    info, edges = result.info, result.edges
    p = info.get("params", {})
    if info.get("reason") and edges.empty and result.coordinated.empty:
        return [f"No flow between outlets: {info['reason']}."]
    unit = info.get("lag_unit", "hours")
    out = []
    outlets = edges[edges["source_kind"] == "outlet"]
    if len(outlets):
        top = outlets.iloc[0]
        names = sorted(set(outlets["source"]) | set(outlets["target"]))
        out.append(f"{count_noun(len(outlets), 'flow')} between {len(names)} outlets; the strongest, {top['source']} → "
                   f"{top['target']}, carries {count_noun(int(top['passages']), 'reused text')} into "
                   f"{int(top['documents']):,} of {top['target']}'s {int(top['target_documents']):,} documents "
                   f"({top['target_share']:.0%}), a median {_lag(top[f'median_lag_{unit}'], unit)} after the source.")
        origin = outlets.groupby("source")["target"].nunique().sort_values(ascending=False, kind="stable")
        if origin.iloc[0] > 1:
            out.append(f"{origin.index[0]} is the first source of texts later found in "
                       f"{count_noun(int(origin.iloc[0]), 'other outlet')}.")
    else:
        out.append(f"No text moves from one outlet to a later one ({info.get('items_tied_first', 0)} reused texts "
                   "appear first in two outlets at once, so their direction is unknown).")
    wires = edges[edges["source_kind"] == "wire"]
    if len(wires):
        per = wires.groupby("source")["target"].nunique().sort_values(ascending=False, kind="stable")
        out.append("Wire sources credited where no earlier copy is in the corpus: "
                   + ", ".join(f"{name} ({count_noun(int(n), 'outlet')})" for name, n in per.head(5).items()) + ".")
    groups = result.groups
    window, repeats = p.get("time_window", "1d"), p.get("min_repeats", 3)
    if len(groups):
        sizes = groups.groupby("group")["outlet"].agg(list)
        first = sizes.iloc[0]
        items = result.evidence.loc[result.evidence["group"] == sizes.index[0], "item"].nunique()
        more = f" ({count_noun(len(sizes), 'group')} in all)" if len(sizes) > 1 else ""
        out.append(f"Coordinated publishing: {', '.join(first)} published the same {count_noun(items, 'text')} within "
                   f"{window} of each other, every pair at least {repeats} times{more}.")
    else:
        share = p.get("min_share", 0.5)
        rule = f"{repeats} or more of the texts they share" + (f" (and {share:.0%} of them)" if share else "")
        out.append(f"No two outlets publish {rule} within {window} of each other: no coordinated group.")
    return out
