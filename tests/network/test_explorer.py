"""The network explorer's data: entities by mentions within the cap, every edge among them, and for each edge
the passages where both names occur, marked; attributes GEXF left empty do not break it."""
from __future__ import annotations

from types import SimpleNamespace

import networkx as nx
import pandas as pd

from newslab.network.evidence import edge_evidence
from newslab.network.explorer import explorer_data

TEXTS = {"d1": "Anna met Bert in Oslo. Bert left.", "d2": "Later Anna and Bert spoke. Carl stayed home."}


def annotations():
    """Hand-made annotations of TEXTS: sentences and the entity mentions in them."""
    sentences, entities = [], []
    for doc, text in TEXTS.items():
        start = 0
        for i, sentence in enumerate(text.split(". ")):
            end = start + len(sentence) + (1 if not sentence.endswith(".") else 0)
            sentences.append({"doc_id": doc, "sent_idx": i, "para_idx": 0, "start_char": start, "end_char": end})
            for name in ("Anna", "Bert", "Carl", "Oslo"):
                at = text.find(name, start, end)
                if at >= 0:
                    entities.append({"doc_id": doc, "sent_idx": i, "para_idx": 0, "start_char": at,
                                     "end_char": at + len(name), "canonical": name})
            start = end + 1
    return SimpleNamespace(sentences=pd.DataFrame(sentences), entities=pd.DataFrame(entities))


def corpus():
    return pd.DataFrame({"doc_id": list(TEXTS), "text": list(TEXTS.values()), "title": ["One", "Two"],
                         "outlet": ["Post", ""], "date": pd.to_datetime(["2020-01-02", None])})


def result():
    graph = nx.Graph()
    graph.add_node("Anna", label="PERSON", mentions=2, community=0)
    graph.add_node("Bert", label="PERSON", mentions=3, community=0)
    graph.add_node("Oslo", label="GPE", mentions="", community="")  # missing values, as to_graph stores them
    graph.add_node("Carl", label="PERSON", mentions=1, community=1)
    graph.add_edge("Anna", "Bert", weight=2.0, count=2)
    graph.add_edge("Anna", "Oslo", weight=1.0, count=1)
    occurrences = pd.DataFrame({"source": ["Anna", "Anna", "Anna"], "target": ["Bert", "Bert", "Oslo"],
                                "doc_id": ["d1", "d2", "d1"], "unit": [0, 2, 0],
                                "date": pd.to_datetime(["2020-01-02", None, "2020-01-02"])})
    return SimpleNamespace(graph=graph, occurrences=occurrences)


def test_edge_evidence_marks_both_names_in_each_documents_first_passage():
    found = edge_evidence(annotations(), result().occurrences, corpus=corpus(), window="sentence", limit=2)
    pairs = found[(found["source"] == "Anna") & (found["target"] == "Bert")]
    assert list(pairs["doc_id"]) == ["d1", "d2"]  # dated first
    for text, spans in zip(pairs["text"], pairs["spans"]):
        assert sorted(text[s:e] for s, e in spans) == ["Anna", "Bert"]
    assert pairs["text"].iloc[0] == "Anna met Bert in Oslo."


def test_explorer_data_ranks_entities_keeps_edges_and_passages():
    data = explorer_data(result(), annotations(), corpus=corpus(), window="sentence", seed=7)
    names = [n[0] for n in data["nodes"]]
    assert names == ["Bert", "Anna", "Carl", "Oslo"]  # by mentions; a missing count ranks last
    assert data["nodes"][3][2:4] == [0, -1]
    edges = {(names[a], names[b]): (count, ids) for a, b, count, ids in data["edges"]}
    count, ids = edges[("Bert", "Anna")] if ("Bert", "Anna") in edges else edges[("Anna", "Bert")]
    assert count == 2 and len(ids) == 2
    doc, text, spans = data["passages"][ids[0]]
    assert data["docs"][doc][:3] == ["d1", "One", "Post"] and sorted(text[s:e] for s, e in spans) == ["Anna", "Bert"]
    assert data == explorer_data(result(), annotations(), corpus=corpus(), window="sentence", seed=7)  # seeded


def test_explorer_keeps_the_most_mentioned_entities_within_its_cap():
    data = explorer_data(result(), annotations(), corpus=corpus(), max_nodes=2)
    assert [n[0] for n in data["nodes"]] == ["Bert", "Anna"] and data["total_nodes"] == 4
    assert len(data["edges"]) == 1
