"""The co-occurrence graph: weights, disparity backbone, seeded communities, metrics, ego networks, export."""
from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from newslab.network.graph import (backbone, backbone_edges, communities, ego, ego_edges, node_metrics, pick_focus,
                                   to_graph, write_graph)
from newslab.errors import ParameterError


def tables(weighted_pairs: list[tuple[str, str, int]], **extra) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes and edges tables (as cooccurrence() makes them) for the given pairs and counts."""
    names = sorted({n for a, b, _ in weighted_pairs for n in (a, b)})
    nodes = pd.DataFrame({"entity": names, "label": "PERSON", "mentions": 10, "documents": 2, "windows": 5,
                          "first_date": pd.Timestamp("2019-09-24"), "last_date": pd.NaT})
    edges = pd.DataFrame([{"source": min(a, b), "target": max(a, b), "count": w, "documents": 1, "expected": 1.0,
                           "pmi": extra.get("pmi", {}).get((a, b), 0.5), "npmi": 0.1, "jaccard": 0.2, "llr": 4.0}
                          for a, b, w in weighted_pairs])
    return nodes, edges


def two_cliques() -> nx.Graph:
    inside = [(f"{g}{i}", f"{g}{j}", 5) for g in "ab" for i in range(1, 5) for j in range(i + 1, 5)]
    return to_graph(*tables(inside + [("a1", "b1", 1)]))


def test_weight_is_the_chosen_column_and_association_weights_drop_pairs_below_chance():
    nodes, edges = tables([("Iran", "Israel", 7), ("Iran", "Syria", 2)], pmi={("Iran", "Syria"): -0.3})
    by_count = to_graph(nodes, edges, weight="count")
    assert by_count["Iran"]["Israel"]["weight"] == 7 and by_count.number_of_edges() == 2
    by_pmi = to_graph(nodes, edges, weight="pmi")
    assert by_pmi.has_edge("Iran", "Israel") and not by_pmi.has_edge("Iran", "Syria")
    assert by_count.nodes["Iran"]["first_date"] == "2019-09-24" and by_count.nodes["Iran"]["last_date"] == ""


def test_seeded_communities_are_stable_and_find_the_two_groups():
    graph = two_cliques()
    found = communities(graph, seed=7)
    assert found == communities(graph, seed=7)
    assert {n for n, c in found.items() if c == 0} == {"a1", "a2", "a3", "a4"}  # equal sizes: "a1" sorts first
    assert {n for n, c in found.items() if c == 1} == {"b1", "b2", "b3", "b4"}
    pd.testing.assert_frame_equal(node_metrics(graph, seed=7), node_metrics(graph, seed=7))


def test_node_metrics():
    metrics = node_metrics(two_cliques(), seed=0).set_index("entity")
    assert metrics.loc["a1", "weighted_degree"] == 16 and metrics.loc["a2", "weighted_degree"] == 15
    assert metrics.loc["a1", "degree"] == 4
    assert metrics["pagerank"].sum() == pytest.approx(1, abs=1e-5)
    assert metrics["betweenness"].idxmax() in ("a1", "b1")  # the bridge ends carry every path between groups
    assert metrics.loc["a2", "betweenness"] == 0
    graph = to_graph(*tables([("H", "x", 10), ("H", "y", 1), ("H", "z", 1), ("x", "y", 1), ("y", "w", 3), ("w", "z", 2)]))
    for a, b, w in graph.edges(data="weight"):
        graph[a][b]["distance"] = 1 / w
    expected = nx.betweenness_centrality(graph, weight="distance")
    got = node_metrics(graph).set_index("entity")["betweenness"]
    assert got.to_dict() == pytest.approx({n: round(v, 6) for n, v in expected.items()}, abs=1e-6)


def test_disparity_backbone_keeps_edges_that_dominate_a_node():
    # H: strength 12 over 3 edges; H–x carries 10/12: alpha = (1 - 10/12)^2 = 0.0278 < 0.05
    graph = to_graph(*tables([("H", "x", 10), ("H", "y", 1), ("H", "z", 1), ("x", "y", 1)]))
    core = backbone(graph, alpha=0.05)
    assert sorted(core.edges()) == [("H", "x")]
    assert core["H"]["x"]["disparity_alpha"] == pytest.approx((2 / 12) ** 2, abs=1e-6)
    assert set(core.nodes()) == {"H", "x"}
    assert backbone_edges(core)[["source", "target", "count"]].values.tolist() == [["H", "x", 10]]
    # at 0.6: y (strength 2, two edges) vouches for H–y and x–y at 0.5; H–z stays out (0.84 from H, z has degree 1)
    assert sorted(backbone(graph, alpha=0.6).edges()) == [("H", "x"), ("H", "y"), ("x", "y")]
    with pytest.raises(ParameterError, match="alpha"):
        backbone(graph, alpha=0)


def test_ego_network_and_its_table():
    graph = to_graph(*tables([("Hamas", "Israel", 6), ("Israel", "Iran", 9), ("Iran", "Iraq", 3)]))
    assert set(ego(graph, "Israel").nodes()) == {"Hamas", "Israel", "Iran"}
    assert set(ego(graph, "Israel", radius=2).nodes()) == {"Hamas", "Israel", "Iran", "Iraq"}
    assert ego_edges(graph, "Israel")[["entity", "count"]].values.tolist() == [["Iran", 9], ["Hamas", 6]]
    with pytest.raises(ParameterError, match="'Hamaz'.*did you mean 'Hamas'"):
        ego(graph, "Hamaz")


def test_the_focus_is_the_name_asked_for_or_else_the_most_connected_entity():
    nodes = pd.DataFrame({"entity": ["Iran", "Israel", "Hamas", "Oman"], "degree": [2, 2, 1, 0],
                          "weighted_degree": [9.0, 9.0, 6.0, 0.0]})
    assert pick_focus(nodes) == "Iran"  # tie on weighted degree: first by name
    assert pick_focus(nodes, "Hamas") == "Hamas" and pick_focus(nodes, " hamas") == "Hamas"
    assert pick_focus(nodes, "Hezbollah") == "Hezbollah"  # not found: kept, so the page can say so
    assert pick_focus(nodes.assign(degree=0)) == ""


def test_graph_files_open_in_networkx_with_their_attributes(tmp_path):
    graph = two_cliques()
    nx.set_node_attributes(graph, communities(graph, seed=1), "community")
    paths = write_graph(graph, tmp_path)
    assert [p.name for p in paths] == ["graph.gexf", "graph.graphml"]
    for read in (nx.read_gexf, nx.read_graphml):
        back = read(tmp_path / paths[0].name if read is nx.read_gexf else tmp_path / paths[1].name)
        assert back.number_of_edges() == graph.number_of_edges()
        assert int(back.nodes["a1"]["community"]) == graph.nodes["a1"]["community"]
        assert int(back["a1"]["a2"]["count"]) == 5
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_drawn_subgraph_keeps_the_focus_and_the_figure_is_titled():
    from newslab.network.graph import top_subgraph
    from newslab.show.network import network_figure

    nodes, edges = tables([("H", "x", 10), ("H", "y", 1), ("H", "z", 1), ("x", "y", 1)])
    nodes["mentions"] = [40, 30, 20, 5]  # H, x, y, z
    graph = to_graph(nodes, edges)
    assert set(top_subgraph(graph, top_n=2).nodes()) == {"H", "x"}
    assert set(top_subgraph(graph, top_n=2, keep="z").nodes()) == {"z", "H"}
    fig = network_figure(graph, title="Who is mentioned with whom", seed=1, labels=2, focus="z")
    shown = {t.get_text() for t in fig.axes[0].texts}
    assert fig.axes[0].get_title() == "Who is mentioned with whom" and shown == {"H", "x", "z"}


def test_betweenness_of_a_large_graph_is_a_seeded_estimate_close_to_the_exact_one(monkeypatch):
    import random

    import newslab.network.graph as graph_mod

    rng = random.Random(3)
    pairs = {(f"n{a}", f"n{b}", rng.randint(1, 9)) for a in range(120) for b in rng.sample(range(120), 4) if a != b}
    graph = to_graph(*tables(sorted({(min(a, b), max(a, b)): (a, b, w) for a, b, w in pairs}.values())))
    exact = node_metrics(graph, seed=1).set_index("entity")["betweenness"]
    assert graph_mod.betweenness_pivots(graph.number_of_nodes(), graph.number_of_edges()) is None
    monkeypatch.setattr(graph_mod, "EXACT_BETWEENNESS", 1000)  # this graph is now "large"
    monkeypatch.setattr(graph_mod, "MIN_PIVOTS", 40)
    assert graph_mod.betweenness_pivots(graph.number_of_nodes(), graph.number_of_edges()) == 40
    estimate = node_metrics(graph, seed=1).set_index("entity")["betweenness"]
    pd.testing.assert_series_equal(estimate, node_metrics(graph, seed=1).set_index("entity")["betweenness"])
    assert not estimate.equals(exact)
    assert estimate.corr(exact) > 0.85 and estimate.sum() == pytest.approx(exact.sum(), rel=0.15)
    assert set(estimate.nlargest(5).index) & set(exact.nlargest(5).index)
