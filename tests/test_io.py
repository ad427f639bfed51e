"""Atomic writes: a failed write leaves the old file (or nothing), never a half-written one."""
import pandas as pd
import pytest

from newslab.errors import ParameterError
from newslab.io import atomic_path, write_table


def test_failed_write_keeps_the_previous_file(tmp_path):
    target = tmp_path / "t.csv"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("disk full")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]


def test_write_table_by_extension(tmp_path):
    frame = pd.DataFrame({"a": [1, 2]})
    for name in ("x.csv", "x.tsv", "x.parquet"):
        write_table(frame, tmp_path / name)
    assert pd.read_parquet(tmp_path / "x.parquet").equals(frame)
    assert (tmp_path / "x.tsv").read_text().startswith("a\n1")
    with pytest.raises(ParameterError, match="x.xlsx"):
        write_table(frame, tmp_path / "x.xlsx")


def test_new_files_follow_the_umask_of_the_moment(tmp_path):
    import subprocess
    import sys

    code = ("import os, sys; from newslab.io import write_text\n"
            "for mask in (0o077, 0o022):\n"
            "    os.umask(mask); p = write_text(f'{sys.argv[1]}/f{mask}', 'x'); print(oct(os.stat(p).st_mode & 0o777))")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["0o600", "0o644"]


def test_replaced_folder_never_goes_missing(tmp_path):
    import threading

    from newslab.io import replace_dir

    target = tmp_path / "out"
    target.mkdir()
    (target / "v").write_text("0")
    missing, done = [], threading.Event()

    def watch():
        while not done.is_set():
            if not target.is_dir():
                missing.append(1)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for i in range(1, 150):
            staged = tmp_path / f"stage{i}"
            staged.mkdir()
            (staged / "v").write_text(str(i))
            replace_dir(staged, target)
    finally:
        done.set()
        watcher.join()
    assert (target / "v").read_text() == "149"
    assert missing == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # old copies removed


def test_graph_files_carry_no_date_of_writing(tmp_path):
    import networkx as nx

    from newslab.io import write_graph

    graph = nx.DiGraph()
    graph.add_edge("A", "B", weight=2)
    gexf, graphml = write_graph(graph, tmp_path, name="flow")
    assert (gexf.name, graphml.name) == ("flow.gexf", "flow.graphml")
    assert b"lastmodifieddate" not in gexf.read_bytes()  # the same graph gives the same bytes on any day
    assert nx.read_gexf(gexf).has_edge("A", "B") and nx.read_graphml(graphml).has_edge("A", "B")


def _networkx_gexf(graph) -> bytes:
    import io
    import re

    import networkx as nx

    buffer = io.BytesIO()
    nx.write_gexf(graph, buffer)
    return re.sub(rb' lastmodifieddate="[^"]*"', b"", buffer.getvalue(), count=1)


def test_gexf_is_streamed_with_the_bytes_networkx_writes(tmp_path):
    import networkx as nx

    from newslab.io import gexf_plan, write_gexf

    odd = nx.Graph(weight="count", name='a "b" & <c>')
    odd.add_node('A&B "q" <x>\n\t\r', label="PERSON", mentions=3, flag=True, share=float("nan"), key="k")
    odd.add_node("Zoë ☃ x\ud800y", label="ORG", mentions=2, flag=False, share=float("inf"), note="only here")
    odd.add_node("bare")
    odd.add_node(5, label=7, mentions=1.5, share=-float("inf"))
    odd.add_edge('A&B "q" <x>\n\t\r', "Zoë ☃ x\ud800y", weight=2.0, count=2, pmi=float("nan"))
    odd.add_edge("bare", 5)
    odd.add_edge("bare", "Zoë ☃ x\ud800y", weight=3, extra="s")
    directed = nx.DiGraph()
    directed.add_edge("a", "b", weight=1.0, count=1)
    edges_only = nx.Graph()
    edges_only.add_edge("a", "b", count=1)
    dynamic = nx.Graph()  # list values: networkx's own writer
    dynamic.add_node("a", score=[(1, 0, 1)])
    dynamic.add_edge("a", "b")
    for graph, streamed in ((odd, True), (directed, True), (edges_only, True), (dynamic, False)):
        assert (gexf_plan(graph) is not None) == streamed
        write_gexf(graph, tmp_path / "g.gexf")
        assert (tmp_path / "g.gexf").read_bytes() == _networkx_gexf(graph)
