"""Directed flow figures: a sentence for no flows, a described figure for some, the same drawing every time."""
import io

import networkx as nx

from newslab import show
from newslab.show.plots import Sentence


def _flows():
    graph = nx.DiGraph()
    graph.add_node("Reuters", kind="wire")
    for a, b, w in [("A", "B", 12), ("A", "C", 3), ("Reuters", "A", 5), ("B", "C", 1)]:
        graph.add_edge(a, b, weight=w)
    return graph


def test_no_flows_is_a_sentence():
    out = show.flow_graph(nx.DiGraph(), title="Flows", empty="No flow between outlets.")
    assert isinstance(out, Sentence) and "No flow between outlets." in out._repr_html_()


def test_flows_are_drawn_described_and_identical_each_time():
    fig = show.flow_graph(_flows(), title="Flows", caption="Four flows.")
    png, meta = fig._repr_png_()
    assert png[:4] == b"\x89PNG" and meta["alt"] == "Four flows."
    assert "A → B (12)" in fig.description and "4 flows" in fig.description
    again = show.flow_graph(_flows(), title="Flows", caption="Four flows.")
    first, second = io.BytesIO(), io.BytesIO()
    fig.savefig(first, format="png", dpi=50)
    again.savefig(second, format="png", dpi=50)
    assert first.getvalue() == second.getvalue()
