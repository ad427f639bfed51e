"""The co-occurrence graph: built from nodes and edges, its backbone (disparity filter), seeded communities,
node metrics, ego networks, and export to GEXF (Gephi) and GraphML."""
from __future__ import annotations

import difflib

import networkx as nx
import numpy as np
import pandas as pd

from ..checks import SEED, check_choice, check_fraction, check_int
from ..errors import ParameterError
from ..io import write_graph  # noqa: F401  (the graph files are written by the base io module)

ASSOCIATION_WEIGHTS = ("pmi", "npmi", "llr")  # can be negative: such pairs are left out of a graph weighted by them
EDGE_ATTRIBUTES = ("count", "documents", "pmi", "npmi", "jaccard", "llr")


def attribute_value(value):
    """A value GEXF and GraphML can store: dates as ISO text, missing as empty text, numpy as Python numbers."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return value.item() if isinstance(value, np.generic) else value


def to_graph(nodes: pd.DataFrame, edges: pd.DataFrame, *, weight: str = "count") -> nx.Graph:
    """An undirected graph of `edges` (attribute `weight` = the chosen column) over `nodes` with their columns.

    With an association weight (pmi, npmi, llr) pairs that co-occur no more often than chance are left out.
    """
    check_choice("weight", weight, ("count", "documents", "jaccard", *ASSOCIATION_WEIGHTS))
    graph = nx.Graph(weight=weight)
    for row in nodes.to_dict("records"):
        name = row.pop("entity")
        graph.add_node(name, **{k: attribute_value(v) for k, v in row.items() if k in
                                ("label", "mentions", "documents", "windows", "first_date", "last_date")})
    for row in edges.to_dict("records"):
        value = float(row[weight])
        if value <= 0:
            continue
        attrs = {k: attribute_value(row[k]) for k in EDGE_ATTRIBUTES if k in row}
        graph.add_edge(row["source"], row["target"], weight=value, **attrs)
    return graph


def backbone(graph: nx.Graph, *, alpha: float = 0.05) -> nx.Graph:
    """The edges significant under the disparity filter (Serrano et al. 2009) for at least one end, at level `alpha`.

    For a node of degree k and strength s, an edge of weight w has alpha_ij = (1 - w/s)^(k-1); a node of
    degree 1 cannot vouch for its edge. Nodes left without edges are dropped; edges keep `disparity_alpha`.
    """
    check_fraction("alpha", alpha, allow_zero=False)
    strength = dict(graph.degree(weight="weight"))
    kept = nx.Graph(**graph.graph)
    for a, b, data in graph.edges(data=True):
        scores = [(1 - data["weight"] / strength[n]) ** (graph.degree(n) - 1) if graph.degree(n) > 1 else 1.0
                  for n in (a, b)]
        if min(scores) < alpha:
            for n in (a, b):
                kept.add_node(n, **graph.nodes[n])
            kept.add_edge(a, b, **data, disparity_alpha=round(min(scores), 6))
    return kept


def backbone_edges(graph: nx.Graph) -> pd.DataFrame:
    """The edges of a backbone as a table, most significant (smallest disparity_alpha) first."""
    rows = [{"source": min(a, b), "target": max(a, b), "count": d.get("count"), "weight": d["weight"],
             "disparity_alpha": d.get("disparity_alpha")} for a, b, d in graph.edges(data=True)]
    table = pd.DataFrame(rows, columns=["source", "target", "count", "weight", "disparity_alpha"])
    return table.sort_values(["disparity_alpha", "weight", "source", "target"], ascending=[True, False, True, True]).reset_index(drop=True)


def communities(graph: nx.Graph, *, seed: int = 42, resolution: float = 1.0) -> dict[str, int]:
    """Louvain communities (seeded), numbered by size, then by their alphabetically first member."""
    SEED.check("seed", seed)
    if graph.number_of_edges() == 0:
        return {}
    found = nx.community.louvain_communities(graph, weight="weight", resolution=resolution, seed=seed)
    ordered = sorted((sorted(c) for c in found if len(c) > 1), key=lambda c: (-len(c), c[0]))
    return {name: i for i, members in enumerate(ordered) for name in members}


def node_metrics(graph: nx.Graph, *, seed: int = 42) -> pd.DataFrame:
    """Per connected node: degree, weighted degree, betweenness (weights as closeness), PageRank and community."""
    # a copy, not a view: Louvain and PageRank walk it millions of times, and a view filters on every step
    connected = graph.subgraph([n for n, d in graph.degree() if d > 0]).copy()
    if connected.number_of_nodes() == 0:
        dtypes = {"entity": object, "degree": "int64", "weighted_degree": float, "betweenness": float,
                  "pagerank": float, "community": "int64"}
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})
    names = sorted(connected.nodes())
    between = betweenness(connected, names, seed=seed)
    rank = nx.pagerank(connected, weight="weight")
    community = communities(connected, seed=seed)
    strength = dict(connected.degree(weight="weight"))
    return pd.DataFrame({
        "entity": names, "degree": [connected.degree(n) for n in names],
        "weighted_degree": [round(strength[n], 6) for n in names],
        "betweenness": [round(between[n], 6) for n in names], "pagerank": [round(rank[n], 6) for n in names],
        "community": [community.get(n, -1) for n in names],
    })


EXACT_BETWEENNESS = 200_000_000  # nodes × edges up to which betweenness is exact (BBC's graphs: at most 2e8)
MIN_PIVOTS = 100


def betweenness_pivots(n_nodes: int, n_edges: int) -> int | None:
    """How many source nodes betweenness is estimated from on a graph this large; None when it is exact. The
    exact cost grows as nodes × edges (hours at a million articles); pivots keep it near EXACT_BETWEENNESS."""
    if n_nodes * n_edges <= EXACT_BETWEENNESS:
        return None
    pivots = max(MIN_PIVOTS, EXACT_BETWEENNESS // max(n_edges, 1))
    return pivots if pivots < n_nodes else None


def betweenness(graph: nx.Graph, names: list[str], *, seed: int = 42) -> dict[str, float]:
    """Betweenness with 1/weight as distance (strong ties are short), normalised as networkx does; igraph's C
    implementation, which takes seconds where networkx takes minutes on a BBC-sized graph. Exact, or on a graph
    beyond EXACT_BETWEENNESS estimated from seeded source nodes (Brandes and Pich 2007), scaled to the whole."""
    import igraph

    index = {n: i for i, n in enumerate(names)}
    pairs = [(index[a], index[b], 1.0 / w) for a, b, w in graph.edges(data="weight")]
    g = igraph.Graph(n=len(names), edges=[(a, b) for a, b, _ in pairs], directed=False)
    n = len(names)
    pivots = betweenness_pivots(n, len(pairs))
    if not pairs:
        raw = [0.0] * n
    elif pivots is None:
        raw = g.betweenness(weights=[d for _, _, d in pairs], directed=False)
    else:
        sources = np.sort(np.random.default_rng(seed).choice(n, size=pivots, replace=False)).tolist()
        raw = [v * n / pivots for v in g.betweenness(weights=[d for _, _, d in pairs], directed=False, sources=sources)]
    scale = 2 / ((n - 1) * (n - 2)) if n > 2 else 1.0
    return {name: value * scale for name, value in zip(names, raw)}


def ego(graph: nx.Graph, entity: str, *, radius: int = 1) -> nx.Graph:
    """`entity` and every entity within `radius` edges of it, with the edges among them."""
    check_int("radius", radius, minimum=1, maximum=5)
    if entity not in graph:
        close = difflib.get_close_matches(entity, [str(n) for n in graph.nodes()], n=3)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        raise ParameterError(f"entity {entity!r} is not in the co-occurrence graph{hint}")
    return nx.ego_graph(graph, entity, radius=radius)


def pick_focus(nodes: pd.DataFrame, requested: str = "") -> str:
    """The entity an ego view centres on: `requested` as written, else its unique case-insensitive match among
    the nodes; when empty, the most connected entity (highest weighted degree, ties by name)."""
    names = nodes["entity"].astype(str)
    if requested:
        if (names == requested).any():
            return requested
        same = names[names.str.casefold() == requested.strip().casefold()].unique()
        return str(same[0]) if len(same) == 1 else requested
    connected = nodes[nodes["degree"] > 0]
    if connected.empty:
        return ""
    return str(connected.sort_values(["weighted_degree", "entity"], ascending=[False, True])["entity"].iloc[0])


def ego_edges(graph: nx.Graph, entity: str) -> pd.DataFrame:
    """The direct neighbours of `entity` with the pair's count, documents and scores, strongest weight first."""
    rows = [{"entity": other, **{k: v for k, v in data.items()}} for other, data in ego(graph, entity)[entity].items()]
    table = pd.DataFrame(rows, columns=["entity", "weight", *EDGE_ATTRIBUTES])
    return table.sort_values(["weight", "entity"], ascending=[False, True]).reset_index(drop=True)


def top_subgraph(graph: nx.Graph, *, top_n: int = 30, keep: str | None = None) -> nx.Graph:
    """The `top_n` most-mentioned entities that have at least one edge (always including `keep`), with their edges."""
    check_int("top_n", top_n, minimum=2)
    connected = [n for n, d in graph.degree() if d > 0]
    chosen = sorted(connected, key=lambda n: (n != keep, -graph.nodes[n].get("mentions", 0), str(n)))[:top_n]
    return graph.subgraph(chosen).copy()
