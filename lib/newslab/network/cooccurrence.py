"""Who is mentioned with whom: entity pairs counted once per window (sentence, paragraph or document), with
PMI, NPMI, Jaccard and a signed log-likelihood ratio, a weighted graph with its metrics, and time slices."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..checks import COMMON, Choice, Interval, Param, check_call, document
from ..errors import ParameterError
from ..entities.annotate import NAMED_LABELS
from ..reuse import as_copy_map, copy_map, no_copies

WINDOWS = {"sentence": ["doc_id", "sent_idx"], "paragraph": ["doc_id", "para_idx"], "document": ["doc_id"]}
DEFAULT_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "EVENT")
WEIGHTS = ("count", "documents", "pmi", "npmi", "jaccard", "llr")
PARAMS = {  # one line per parameter: cooccurrence validates against it, the CLI and notebook 20 follow it
    "window": Param(str, "sentence", Choice(*WINDOWS), "what counts as mentioned together"),
    "labels": Param((list, tuple), list(DEFAULT_LABELS), None, "entity labels that become nodes"),
    "min_count": Param(int, 2, Interval(1, None), "fewest windows a pair must share to be an edge"),
    "collapse_duplicates": Param(bool, False, None, "count each cluster of near-duplicate documents once"),
    "weight": Param(str, "count", Choice(*WEIGHTS), "edge weight for ranking, layout and metrics"),
    "freq": Param(str, "auto", Choice("auto", "W", "M"), "period of the time slices"),
    "seed": COMMON["seed"],
}
NODE_COLUMNS = ["entity", "label", "mentions", "documents", "windows", "first_date", "last_date"]
EDGE_COLUMNS = ["source", "target", "count", "documents", "expected", "pmi", "npmi", "jaccard", "llr"]


@dataclass
class CooccurrenceResult:
    """Entities (nodes), pairs (edges), the graph with its metrics, edges per period and what changed."""

    nodes: pd.DataFrame
    edges: pd.DataFrame
    graph: object  # networkx.Graph of the edges, weighted by `weight`, node metrics as attributes
    period_edges: pd.DataFrame
    edge_changes: pd.DataFrame
    occurrences: pd.DataFrame = field(repr=False)  # one row per pair per window: source, target, doc_id, date
    info: dict = field(default_factory=dict)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables a report or the CLI saves, by file name."""
        return {"nodes": self.nodes, "edges": self.edges, "period_edges": self.period_edges,
                "edge_changes": self.edge_changes}

    def export(self, out_dir: str | os.PathLike) -> list[Path]:
        """Write the tables as CSV plus graph.gexf (Gephi) and graph.graphml, each atomically; return the paths."""
        from ..io import write_tables
        from .graph import write_graph

        return write_tables(out_dir, self.tables()) + write_graph(self.graph, out_dir)


def check_labels(labels) -> tuple[str, ...]:
    """Entity labels as a tuple; each must be one of the labels annotate() knows."""
    if isinstance(labels, str) or not isinstance(labels, (list, tuple)) or not labels:
        raise ParameterError(f"labels must be a non-empty list of entity labels, got {labels!r}")
    unknown = [lab for lab in labels if lab not in NAMED_LABELS]
    if unknown:
        raise ParameterError(f"labels: unknown label(s) {', '.join(map(repr, unknown))}; known: {', '.join(NAMED_LABELS)}")
    return tuple(labels)


def check_options(*, window: str = "sentence", labels=DEFAULT_LABELS, min_count: int = 2, weight: str = "count",
                  freq: str = "auto", seed: int = 42, collapse_duplicates: bool = False) -> tuple[str, ...]:
    """Validate cooccurrence()'s options against PARAMS (callers check them before the slow annotation); return the
    labels."""
    check_call(PARAMS, locals())
    return check_labels(labels)


def window_units(annotations, window: str, keep_docs: set | None = None) -> pd.DataFrame:
    """Every window of the annotated documents (doc_id, unit): the space co-occurrence is counted in."""
    keys = WINDOWS[window]
    units = annotations.sentences[keys].drop_duplicates()
    if keep_docs is not None:
        units = units[units["doc_id"].isin(keep_docs)]
    units = units.reset_index(drop=True)
    return units.assign(unit=np.arange(len(units), dtype=np.int64))


def association(count, n_a, n_b, n_windows: int) -> dict[str, np.ndarray]:
    """PMI, NPMI, Jaccard and signed log-likelihood ratio (Dunning's G², negative when rarer than chance)."""
    k11 = np.asarray(count, dtype=float)
    n_a, n_b, n = np.asarray(n_a, dtype=float), np.asarray(n_b, dtype=float), float(n_windows)
    expected = n_a * n_b / n
    pmi = np.log(k11 / expected)
    p_ab = k11 / n
    with np.errstate(divide="ignore", invalid="ignore"):
        npmi = np.where(p_ab < 1, pmi / -np.log(p_ab), 0.0)  # in every window: nothing beyond chance to see
    jaccard = k11 / (n_a + n_b - k11)
    observed = np.stack([k11, n_a - k11, n_b - k11, n - n_a - n_b + k11])
    row = np.stack([n_a, n_a, n - n_a, n - n_a])
    col = np.stack([n_b, n - n_b, n_b, n - n_b])
    cell_expected = row * col / n
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(observed > 0, observed * np.log(observed / cell_expected), 0.0)
    g2 = np.maximum(2 * terms.sum(axis=0), 0.0)
    return {"expected": expected, "pmi": pmi, "npmi": npmi, "jaccard": jaccard, "llr": np.sign(k11 - expected) * g2}


def count_pairs(annotations, *, window: str = "sentence", labels=DEFAULT_LABELS, min_count: int = 2,
                drop_docs: set | None = None, dates: pd.Series | None = None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, int]:
    """Nodes, edges (pairs in at least `min_count` windows), pair occurrences and the number of windows."""
    ents = annotations.entities
    ents = ents[ents["label"].isin(set(labels)) & (ents["canonical"].str.strip() != "")]
    docs = set(annotations.sentences["doc_id"]) - (drop_docs or set())
    units = window_units(annotations, window, docs)
    keys = WINDOWS[window]
    ents = ents[ents["doc_id"].isin(docs)].merge(units, on=keys, how="inner")
    date_of = dates if dates is not None else pd.Series(dtype="datetime64[ns]")
    in_unit = ents[["unit", "doc_id", "canonical"]].drop_duplicates(["unit", "canonical"])
    windows = in_unit.groupby("canonical").size()
    nodes = (ents.groupby("canonical")
             .agg(label=("label", "first"), mentions=("doc_id", "size"), documents=("doc_id", "nunique"))
             .assign(windows=windows))
    nodes = nodes[nodes["windows"] >= min_count]
    doc_dates = ents[["canonical", "doc_id"]].drop_duplicates().assign(date=lambda f: f["doc_id"].map(date_of))
    span = doc_dates.groupby("canonical")["date"].agg(["min", "max"])
    nodes = (nodes.assign(first_date=span["min"], last_date=span["max"]).rename_axis("entity").reset_index()
             .sort_values(["mentions", "entity"], ascending=[False, True]).reset_index(drop=True))[NODE_COLUMNS]
    # pairs: every two distinct entities of a window, once per window, source before target alphabetically
    frequent = in_unit[in_unit["canonical"].isin(set(nodes["entity"]))]
    pairs = frequent.merge(frequent[["unit", "canonical"]], on="unit", suffixes=("_a", "_b"))
    pairs = pairs[pairs["canonical_a"] < pairs["canonical_b"]].rename(columns={"canonical_a": "source", "canonical_b": "target"})
    grouped = pairs.groupby(["source", "target"])
    edges = pd.DataFrame({"count": grouped.size(), "documents": grouped["doc_id"].nunique()}).reset_index()
    edges = edges[edges["count"] >= min_count].reset_index(drop=True)
    n_windows = len(units)
    stats = association(edges["count"], edges["source"].map(windows), edges["target"].map(windows), n_windows)
    edges = edges.assign(**{k: np.round(v, 6) for k, v in stats.items()})
    edges = edges.sort_values(["count", "llr", "source", "target"], ascending=[False, False, True, True]).reset_index(drop=True)
    kept = pairs.merge(edges[["source", "target"]], on=["source", "target"])
    occurrences = (kept.assign(date=kept["doc_id"].map(date_of))[["source", "target", "doc_id", "unit", "date"]]
                   .sort_values(["source", "target", "unit"]).reset_index(drop=True))
    return nodes, edges[EDGE_COLUMNS], occurrences, n_windows


@document(PARAMS, extra="""annotations : Annotations
    What annotate() returned for `corpus`.
corpus : pandas.DataFrame, optional
    The corpus annotated: dates for nodes and time slices; needed to find copies with `collapse_duplicates`.
copies : pandas.DataFrame or DuplicateResult, optional
    The caller's copies (a reuse.copy_map table or a find_duplicates result, found with the caller's
    thresholds): left out, so each cluster counts once. Implies collapsing.""")
def cooccurrence(
    annotations,
    *,
    corpus: pd.DataFrame | None = None,
    window: str = "sentence",
    labels=DEFAULT_LABELS,
    min_count: int = 2,
    collapse_duplicates: bool = False,
    copies=None,
    weight: str = "count",
    freq: str = "auto",
    seed: int = 42,
) -> CooccurrenceResult:
    """Entity pairs mentioned together in at least `min_count` windows, by canonical name, never an entity with itself.

    Copies (the caller's `copies`, or with `collapse_duplicates` found in `corpus` with reuse's default thresholds)
    are left out, so a story and its copies count once. `weight` chooses the graph's edge weight; `seed` fixes
    the communities.
    """
    labels = check_options(window=window, labels=labels, min_count=min_count, weight=weight, freq=freq, seed=seed,
                           collapse_duplicates=collapse_duplicates)
    if collapse_duplicates and copies is None and corpus is None:
        raise ParameterError("collapse_duplicates=True needs the corpus (corpus=...) to find near-duplicates in")
    import networkx as nx

    from .graph import attribute_value, betweenness_pivots, node_metrics, to_graph
    from .slices import edge_changes, edges_by_period, period_labels, pick_freq

    if copies is not None:
        copies = as_copy_map(copies)
    else:
        copies = copy_map(corpus, seed=seed) if collapse_duplicates else no_copies()
    drop, clusters = set(copies["doc_id"]), int(copies["copy_of"].nunique())
    dates = corpus.set_index("doc_id")["date"] if corpus is not None and "date" in corpus else None
    nodes, edges, occurrences, n_windows = count_pairs(annotations, window=window, labels=labels, min_count=min_count,
                                                       drop_docs=drop, dates=dates)
    graph = to_graph(nodes, edges, weight=weight)
    metrics = node_metrics(graph, seed=seed)
    pivots = betweenness_pivots(int((metrics["degree"] > 0).sum()), graph.number_of_edges())
    nodes = nodes.merge(metrics, on="entity", how="left")
    for column in ("weighted_degree", "betweenness", "pagerank"):
        nodes[column] = nodes[column].fillna(0.0)
    nodes["degree"] = nodes["degree"].fillna(0).astype("int64")
    nodes["community"] = nodes["community"].fillna(-1).astype("int64")
    for column in ("degree", "weighted_degree", "betweenness", "pagerank", "community"):
        nx.set_node_attributes(graph, {e: attribute_value(v) for e, v in zip(nodes["entity"], nodes[column])}, column)
    kept_dates = dates.reindex(sorted(set(annotations.sentences["doc_id"]) - drop)) if dates is not None else pd.Series(dtype="datetime64[ns]")
    chosen_freq = pick_freq(kept_dates, freq)
    periods = edges_by_period(occurrences, freq=chosen_freq)
    with_documents = {str(p): int(n) for p, n in period_labels(kept_dates, chosen_freq).value_counts().sort_index().items()}
    info = {"window": window, "labels": list(labels), "min_count": min_count, "weight": weight, "seed": seed,
            "windows": n_windows, "documents": len(set(annotations.sentences["doc_id"]) - drop),
            "collapsed_documents": len(drop), "duplicate_clusters": clusters, "freq": chosen_freq, "periods": with_documents,
            "communities": int(nodes.loc[nodes["community"] >= 0, "community"].nunique()),
            "betweenness": "exact" if pivots is None else f"estimated from {pivots:,} seeded source nodes",
            "other_languages_left_out": annotations.info.get("other_languages_left_out", 0)}
    return CooccurrenceResult(nodes=nodes, edges=edges, graph=graph, period_edges=periods,
                              edge_changes=edge_changes(periods, with_documents, min_count=min_count),
                              occurrences=occurrences, info=info)
