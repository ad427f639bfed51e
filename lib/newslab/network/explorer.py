"""The network explorer's data (notebook 20): every entity up to MAX_NODES, placed by a seeded layout, every
edge among them, and the first passages behind each edge, as compact lists for newslab.show.explorer."""
from __future__ import annotations

import math

import networkx as nx
import pandas as pd

from ..checks import check_int
from ..show.explorer import network_explorer
from .evidence import edge_evidence

MAX_NODES = 3_000  # the most-mentioned entities kept (a page must open in under 2 s and stay under 15 MB)
MAX_EDGES = 30_000  # the strongest edges among them
EVIDENCE_EDGES = 4_000  # edges whose passages are embedded (the strongest); the others say so


def _number(value, default: float = 0) -> float:
    """A node or edge attribute as a number; a missing one (stored as "" for GEXF) is `default`."""
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) and value == value else default


def _date(value) -> str:
    return "" if pd.isna(value) else pd.Timestamp(value).date().isoformat()


def layout(graph: nx.Graph, *, seed: int = 42) -> dict:
    """Seeded spring-layout positions, fewer iterations on large graphs so notebook 20 stays quick."""
    n = graph.number_of_nodes()
    if n == 0:
        return {}
    return nx.spring_layout(graph, seed=seed, weight="weight", k=1.5 / math.sqrt(n), iterations=50 if n <= 1000 else 25)


def explorer_data(result, annotations, *, corpus: pd.DataFrame, window: str = "sentence", seed: int = 42,
                  max_nodes: int = MAX_NODES, evidence_per_edge: int = 2) -> dict:
    """Nodes [name, label, mentions, community, x, y], edges [source index, target index, count, evidence index],
    evidence passages [doc index, text, spans] and documents [doc_id, title, outlet, date], for the explorer."""
    check_int("max_nodes", max_nodes, minimum=1)
    graph = result.graph
    names = sorted(graph.nodes(), key=lambda n: (-_number(graph.nodes[n].get("mentions")), str(n)))[:max_nodes]
    kept = graph.subgraph(names)
    edges = sorted(kept.edges(data=True), key=lambda e: (-_number(e[2].get("count")), str(e[0]), str(e[1])))[:MAX_EDGES]
    where = layout(nx.Graph([(a, b, {"weight": _number(d.get("weight"), 1.0)}) for a, b, d in edges]) if edges else nx.Graph(),
                   seed=seed)
    index = {name: i for i, name in enumerate(names)}
    spread = len(names) ** 0.5
    nodes = []
    for i, name in enumerate(names):
        a = graph.nodes[name]
        x, y = where.get(name, (math.cos(i) * 1.2, math.sin(i) * 1.2))  # unconnected: on a ring around the rest
        nodes.append([str(name), str(a.get("label", "")), int(_number(a.get("mentions"))), int(_number(a.get("community"), -1)),
                      round(float(x) * spread, 3), round(float(y) * spread, 3)])
    top = {frozenset((a, b)) for a, b, _ in edges[:EVIDENCE_EDGES]}
    occ = result.occurrences
    occ = occ[[frozenset(p) in top for p in zip(occ["source"], occ["target"])]] if len(occ) else occ
    found = edge_evidence(annotations, occ, corpus=corpus, window=window, limit=evidence_per_edge)
    meta = corpus.set_index("doc_id")
    docs, doc_index, passages, by_edge = [], {}, [], {}
    for row in found.itertuples(index=False):
        if row.doc_id not in doc_index:
            doc_index[row.doc_id] = len(docs)
            docs.append([str(row.doc_id), str(meta.at[row.doc_id, "title"] or ""), str(meta.at[row.doc_id, "outlet"] or ""),
                         _date(meta.at[row.doc_id, "date"])])
        by_edge.setdefault(frozenset((row.source, row.target)), []).append(len(passages))
        passages.append([doc_index[row.doc_id], row.text, [list(s) for s in row.spans]])
    links = [[index[a], index[b], int(_number(d.get("count"))), by_edge.get(frozenset((a, b)), [])] for a, b, d in edges]
    return {"nodes": nodes, "edges": links, "passages": passages, "docs": docs, "window": window,
            "total_nodes": graph.number_of_nodes(), "total_edges": graph.number_of_edges(),
            "evidence_edges": min(len(edges), EVIDENCE_EDGES)}


def explore(result, annotations, *, corpus: pd.DataFrame, window: str = "sentence", seed: int = 42,
            max_nodes: int = MAX_NODES):
    """The interactive network of a cooccurrence result: search, hover, click for neighbours and evidence."""
    return network_explorer(explorer_data(result, annotations, corpus=corpus, window=window, seed=seed,
                                          max_nodes=max_nodes))
