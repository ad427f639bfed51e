"""Network figures (notebooks 20 and 40): a seeded layout, node size by mentions, colour by community; directed flows."""
from __future__ import annotations

import networkx as nx
import numpy as np
from matplotlib.figure import Figure

from .plots import NotebookFigure, Sentence, heatmap

PALETTE = ["#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c", "#ccb974", "#64b5cd"]
OTHER = "#c8c8c8"  # nodes outside the ten largest communities
WIRE = "#dd8452"  # wire sources (agencies credited) in a flow graph


def network_figure(graph: nx.Graph, *, title: str, seed: int = 42, labels: int = 20, focus: str | None = None,
                   width: float = 10, height: float = 8, caption: str | None = None) -> Figure:
    """The graph drawn with a seeded spring layout; node area ~ mentions, colour = community, edge width ~ weight.

    The `labels` most-mentioned nodes (and `focus`) are named; the others are left unlabelled so the names stay readable.
    """
    fig = NotebookFigure(figsize=(width, height), layout="constrained")
    fig.caption = caption  # the image's alt text on a report page
    fig.description = (f"Network, {title}: {graph.number_of_nodes()} entities and {graph.number_of_edges()} pairs; "
                       f"largest: {', '.join(sorted(graph.nodes(), key=lambda n: (-graph.nodes[n].get('mentions', 0), str(n)))[:5])}.")
    ax = fig.add_subplot()
    ax.set_title(title)
    ax.set_axis_off()
    names = sorted(graph.nodes(), key=str)
    if not names:
        return fig
    positions = nx.spring_layout(graph.subgraph(names), seed=seed, weight="weight", k=1.5 / np.sqrt(len(names)))
    weights = np.array([w for _, _, w in graph.edges(data="weight")], dtype=float)
    if len(weights):
        widths = 0.5 + 4.0 * weights / weights.max()
        for (a, b), lw in zip(graph.edges(), widths):
            (xa, ya), (xb, yb) = positions[a], positions[b]
            ax.plot([xa, xb], [ya, yb], color="#9a9a9a", linewidth=lw, alpha=0.45, zorder=1)
    mentions = np.array([graph.nodes[n].get("mentions", 1) for n in names], dtype=float)
    sizes = 60 + 1400 * np.sqrt(mentions / mentions.max())
    colours = [PALETTE[c] if 0 <= (c := int(graph.nodes[n].get("community", -1))) < len(PALETTE) else OTHER for n in names]
    xy = np.array([positions[n] for n in names])
    ax.scatter(xy[:, 0], xy[:, 1], s=sizes, c=colours, edgecolors="white", linewidths=1.0, zorder=2)
    named = set(sorted(names, key=lambda n: (-graph.nodes[n].get("mentions", 0), str(n)))[:labels]) | ({focus} & set(names))
    for n, (x, y) in zip(names, xy):
        if n in named:
            ax.annotate(str(n), (x, y), fontsize=10 if n == focus else 9, ha="center", va="center", zorder=4 if n == focus else 3,
                        fontweight="bold" if n == focus else "normal",
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7})
    ax.margins(0.08)
    return fig


def pair_heatmap(matrix, *, title: str, value: str = "count", caption: str | None = None) -> Figure:
    """plots.heatmap of an entity × entity table, with both axes labelled as entities."""
    fig = heatmap(matrix, title=title, fmt="{:.0f}" if value in ("count", "documents") else "{:.2f}", caption=caption)
    ax = fig.axes[0]
    ax.set_xlabel("entity")
    ax.set_ylabel("entity")
    fig.axes[-1].set_ylabel(value)
    return fig


def flow_figure(graph: nx.DiGraph, *, title: str, labels: int = 25, width: float = 10, height: float = 8,
                caption: str | None = None, empty: str = "Nothing to draw: no flows.") -> Figure | Sentence:
    """A directed graph on a circle (outlets in name order, so the same flows always look the same): arrow width ~
    weight, node area ~ weighted in- plus out-degree, wire sources in orange; the `labels` busiest nodes are named."""
    if graph.number_of_edges() == 0:
        return Sentence(empty)
    names = sorted(graph.nodes(), key=str)
    positions = nx.circular_layout(names) if len(names) > 2 else {n: (float(i), 0.0) for i, n in enumerate(names)}
    fig = NotebookFigure(figsize=(width, height), layout="constrained")
    fig.caption = caption
    ax = fig.add_subplot()
    ax.set_title(title)
    ax.set_axis_off()
    weights = np.array([w for _, _, w in graph.edges(data="weight")], dtype=float)
    for (a, b, w) in sorted(graph.edges(data="weight"), key=lambda e: (e[2], str(e[0]), str(e[1]))):
        ax.annotate("", xy=positions[b], xytext=positions[a], zorder=1,
                    arrowprops={"arrowstyle": "-|>", "color": "#6b6b6b", "alpha": 0.6, "shrinkA": 14, "shrinkB": 14,
                                "linewidth": 0.6 + 4.0 * w / weights.max(), "connectionstyle": "arc3,rad=0.12",
                                "mutation_scale": 12})
    strength = {n: graph.in_degree(n, weight="weight") + graph.out_degree(n, weight="weight") for n in names}
    top = max(strength.values()) or 1
    xy = np.array([positions[n] for n in names])
    colours = [WIRE if graph.nodes[n].get("kind") == "wire" else PALETTE[0] for n in names]
    ax.scatter(xy[:, 0], xy[:, 1], s=[80 + 900 * np.sqrt(strength[n] / top) for n in names], c=colours,
               edgecolors="white", linewidths=1.0, zorder=2)
    named = set(sorted(names, key=lambda n: (-strength[n], str(n)))[:labels])
    for n, (x, y) in zip(names, xy):
        if n in named:
            ax.annotate(str(n), (x, y), xytext=(0, 12), textcoords="offset points", ha="center", fontsize=9, zorder=3,
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7})
    ax.margins(0.15)
    busiest = sorted(graph.edges(data="weight"), key=lambda e: (-e[2], str(e[0]), str(e[1])))[:3]
    fig.description = (f"Directed graph, {title}: {len(names)} nodes and {graph.number_of_edges()} flows; strongest "
                       + "; ".join(f"{a} → {b} ({w:g})" for a, b, w in busiest) + ".")
    return fig
