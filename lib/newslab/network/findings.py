"""What the co-occurrence results say, in sentences and small tables for the notebook and the report."""
from __future__ import annotations

import pandas as pd

from ..checks import Interval, Param, check_int
from ..show.prose import count_noun

PARAMS = {  # what notebook 20 shows beyond the analysis
    "focus_entity": Param(str, "", None, "entity whose ego network is shown (empty: the most connected one)"),
    "top_n": Param(int, 30, Interval(2, 200), "entities drawn in the network and pairs listed"),
}

PERIOD = {"W": "week", "M": "month"}
PLURAL_VERB = {"appears": "appear", "grows": "grow", "shrinks": "shrink", "vanishes": "vanish"}


def strongest_pairs(edges: pd.DataFrame, *, weight: str = "count", top_n: int = 10) -> pd.DataFrame:
    """The `top_n` pairs by `weight` (ties: more windows first, then by name)."""
    check_int("top_n", top_n, minimum=1)
    order = [weight, "count", "source", "target"] if weight != "count" else ["count", "llr", "source", "target"]
    return edges.sort_values(order, ascending=[False, False, True, True]).head(top_n).reset_index(drop=True)


def pair_matrix(nodes: pd.DataFrame, edges: pd.DataFrame, *, top_n: int = 15, value: str = "count") -> pd.DataFrame:
    """A symmetric entity × entity table of `value` among the `top_n` most-mentioned connected entities (0 = no edge)."""
    check_int("top_n", top_n, minimum=2)
    connected = set(edges["source"]) | set(edges["target"])
    top = [e for e in nodes["entity"] if e in connected][:top_n]
    matrix = pd.DataFrame(0.0, index=top, columns=top)
    inside = edges[edges["source"].isin(top) & edges["target"].isin(top)]
    for s, t, v in zip(inside["source"], inside["target"], inside[value]):
        matrix.loc[s, t] = matrix.loc[t, s] = v
    return matrix


def community_table(nodes: pd.DataFrame, *, members: int = 6) -> pd.DataFrame:
    """Each community with its size and its most-mentioned members."""
    grouped = nodes[nodes["community"] >= 0].sort_values(["mentions", "entity"], ascending=[False, True]).groupby("community")
    return pd.DataFrame({"size": grouped.size(), "top members": grouped["entity"].agg(lambda e: ", ".join(e.head(members)))})


def key_findings(result, *, focus_entity: str = "", weight: str | None = None, top_pairs: int = 3) -> list[str]:
    """The headline facts of a co-occurrence result, as sentences with numbers and names taken from it."""
    info, nodes, edges = result.info, result.nodes, result.edges
    unit = info["window"]  # a window is named as its unit: sentence, paragraph, document
    weight = weight or info.get("weight", "count")
    collapsed = (f" ({count_noun(info['collapsed_documents'], 'near-duplicate copy')} in "
                 f"{count_noun(info['duplicate_clusters'], 'cluster')} counted once)" if info.get("collapsed_documents") else "")
    other = info.get("other_languages_left_out", 0)
    left_out = ([f"{count_noun(other, 'document')} in other languages than English left out (the entity model reads "
                 "English)."] if other else [])
    if edges.empty:
        return [f"No two entities are mentioned together in at least {count_noun(info['min_count'], unit)} "
                f"({count_noun(len(nodes), 'entity')} in {count_noun(info['documents'], 'document')}{collapsed}).",
                *left_out]
    found = [f"{count_noun(len(edges), 'pair')} of {count_noun(nodes['degree'].gt(0).sum(), 'entity')} are mentioned together "
             f"in at least {count_noun(info['min_count'], unit)}, across {count_noun(info['documents'], 'document')}{collapsed}."]
    beyond_chance = edges[edges[weight] > 0] if weight in ("pmi", "npmi", "llr") else edges  # the graph's edges
    top = strongest_pairs(beyond_chance, weight=weight, top_n=top_pairs)
    described = "; ".join(f"{r.source} – {r.target} ({count_noun(r.count, unit)} in {count_noun(r.documents, 'document')}, "
                          f"NPMI {r.npmi:.2f})" for r in top.itertuples())
    found.append(f"Strongest by {weight}: {described}." if len(top) else f"No pair is mentioned together more often than chance ({weight} > 0).")
    hub = nodes.sort_values(["weighted_degree", "entity"], ascending=[False, True]).iloc[0]
    if hub.degree > 0:
        found.append(f"Most connected: {hub.entity} ({count_noun(int(hub.degree), 'partner')}, weighted degree "
                     f"{hub.weighted_degree:g}, PageRank {hub.pagerank:.3f}).")
    groups = community_table(nodes, members=4)
    if len(groups):
        found.append(f"{count_noun(len(groups), 'community')}; the largest ({groups['size'].iloc[0]} entities): "
                     f"{groups['top members'].iloc[0]}.")
    if focus_entity:
        found.append(_focus_sentence(edges, focus_entity, unit, nodes))
    changes = result.edge_changes
    if len(changes):
        counts = changes["change"].value_counts()
        summary = ", ".join(f"{count_noun(counts[c], 'pair')} {c if counts[c] == 1 else PLURAL_VERB[c]}"
                            for c in ("appears", "grows", "shrinks", "vanishes") if c in counts)
        biggest = changes.assign(size=(changes["count_after"] - changes["count_before"]).abs()).sort_values(
            ["size", "period_after", "source", "target"], ascending=[False, True, True, True]).iloc[0]
        found.append(f"Between consecutive {PERIOD[info['freq']]}s: {summary}; the largest change: "
                     f"{biggest.source} – {biggest.target}, {biggest.count_before} → {biggest.count_after} "
                     f"{unit}s from {biggest.period_before} to {biggest.period_after}.")
    return found + left_out


def _focus_sentence(edges: pd.DataFrame, entity: str, unit: str, nodes: pd.DataFrame) -> str:
    """Who `entity` is mentioned with most, or that it is not in the graph."""
    mine = edges[(edges["source"] == entity) | (edges["target"] == entity)]
    if mine.empty:
        where = "has no partner at this threshold" if entity in set(nodes["entity"]) else "is not among the entities"
        return f"{entity} {where}."
    partners = [(t if s == entity else s, c) for s, t, c in zip(mine["source"], mine["target"], mine["count"])][:3]
    listed = ", ".join(f"{p} ({count_noun(c, unit) if i == 0 else c})" for i, (p, c) in enumerate(partners))
    return f"{entity} is mentioned with {count_noun(len(mine), 'entity')}; most often with {listed}."
