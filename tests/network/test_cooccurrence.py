"""cooccurrence() on hand-made annotations: counts per window, the association scores, no self-loops,
one node per canonical name, collapse_duplicates, determinism and parameter errors."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from newslab.corpus import load_corpus
from newslab.entities import Annotations
from newslab.network import cooccurrence
from newslab.errors import ParameterError

LABEL = {"A": "PERSON", "B": "GPE", "C": "ORG", "X": "PERSON", "Y": "GPE", "Z": "ORG"}


def make_annotations(mentions: list[tuple], sentences: list[tuple] | None = None) -> Annotations:
    """Annotations from (doc_id, sent_idx, para_idx, canonical[, text]) mentions; sentences default to those used."""
    ents = pd.DataFrame([
        {"doc_id": d, "sent_idx": s, "para_idx": p, "start_char": 10 * i, "end_char": 10 * i + 1,
         "text": m[4] if len(m) > 4 else c, "label": LABEL.get(c, "PERSON"), "canonical": c,
         "model_label": LABEL.get(c, "PERSON"), "rule": ""}
        for i, m in enumerate(mentions) for d, s, p, c in [m[:4]]
    ])
    sentences = sentences or sorted({(m[0], m[1], m[2]) for m in mentions})
    sents = pd.DataFrame([{"doc_id": d, "sent_idx": s, "para_idx": p, "start_char": 0, "end_char": 1}
                          for d, s, p in sentences])
    return Annotations(sentences=sents, entities=ents, model="hand", model_version="0")


# d1: sentence 0 and 1 in paragraph 0, sentence 2 in paragraph 1; d2: sentences 0 and 1 in paragraph 0
HAND = [
    ("d1", 0, 0, "A"), ("d1", 0, 0, "B"),
    ("d1", 1, 0, "A"), ("d1", 1, 0, "C"),
    ("d1", 2, 1, "A"), ("d1", 2, 1, "B"), ("d1", 2, 1, "B", "B again"),
    ("d2", 0, 0, "B"), ("d2", 0, 0, "C"),
    ("d2", 1, 0, "A"), ("d2", 1, 0, "A", "A's alias"),
]


def edge_counts(result) -> dict[tuple[str, str], int]:
    return {(s, t): c for s, t, c in zip(result.edges.source, result.edges.target, result.edges["count"])}


@pytest.mark.parametrize("window, expected, n_windows", [
    ("sentence", {("A", "B"): 2, ("A", "C"): 1, ("B", "C"): 1}, 5),
    ("paragraph", {("A", "B"): 3, ("A", "C"): 2, ("B", "C"): 2}, 3),
    ("document", {("A", "B"): 2, ("A", "C"): 2, ("B", "C"): 2}, 2),
])
def test_each_pair_is_counted_once_per_window(window, expected, n_windows):
    result = cooccurrence(make_annotations(HAND), window=window, min_count=1)
    assert edge_counts(result) == expected
    assert result.info["windows"] == n_windows


def test_min_count_keeps_pairs_and_entities_seen_often_enough():
    result = cooccurrence(make_annotations(HAND), window="sentence", min_count=2)
    assert edge_counts(result) == {("A", "B"): 2}
    assert result.edges.loc[0, "documents"] == 1  # both sentences are in d1
    nodes = result.nodes.set_index("entity")
    assert nodes.loc["A", ["mentions", "documents", "windows"]].tolist() == [5, 2, 4]
    assert nodes.loc["B", ["mentions", "documents", "windows"]].tolist() == [4, 2, 3]
    assert set(nodes.index) == {"A", "B", "C"}


def test_scores_match_hand_computed_values():
    edge = cooccurrence(make_annotations(HAND), window="sentence", min_count=1).edges.set_index(["source", "target"]).loc[("A", "B")]
    # 5 sentences; A in 4, B in 3, both in 2
    n, n_a, n_b, k = 5, 4, 3, 2
    assert edge["expected"] == pytest.approx(2.4)
    assert edge["pmi"] == pytest.approx(math.log(2 / 2.4), abs=1e-6)  # -0.182322
    assert edge["npmi"] == pytest.approx(math.log(2 / 2.4) / -math.log(2 / 5), abs=1e-6)  # -0.198977
    assert edge["jaccard"] == pytest.approx(2 / 5)
    cells = [(k, n_a * n_b / n), (n_a - k, n_a * (n - n_b) / n), (n_b - k, (n - n_a) * n_b / n),
             (n - n_a - n_b + k, (n - n_a) * (n - n_b) / n)]
    g2 = 2 * sum(o * math.log(o / e) for o, e in cells if o > 0)
    assert edge["llr"] == pytest.approx(-g2, abs=1e-6)  # rarer together than chance: negative


def test_pair_in_every_window_has_no_association_beyond_chance():
    edges = cooccurrence(make_annotations(HAND), window="document", min_count=1).edges
    assert (edges["pmi"] == 0).all() and (edges["npmi"] == 0).all() and (edges["jaccard"] == 1).all()


def test_no_self_loops_and_one_node_per_canonical_name():
    mentions = [("d1", 0, 0, "Benjamin Netanyahu", "Bibi"), ("d1", 0, 0, "Iran"),
                ("d1", 1, 0, "Benjamin Netanyahu", "Netanyahu"), ("d1", 1, 0, "Benjamin Netanyahu", "Binyamin Netanyahu"),
                ("d1", 1, 0, "Iran", "Iran’s")]
    result = cooccurrence(make_annotations(mentions), min_count=1)
    assert (result.edges["source"] != result.edges["target"]).all()
    assert edge_counts(result) == {("Benjamin Netanyahu", "Iran"): 2}
    assert sorted(result.nodes["entity"]) == ["Benjamin Netanyahu", "Iran"]
    assert result.nodes.set_index("entity").loc["Benjamin Netanyahu", "mentions"] == 3


def test_labels_choose_the_entities():
    result = cooccurrence(make_annotations(HAND), window="paragraph", labels=["PERSON", "GPE"], min_count=1)
    assert edge_counts(result) == {("A", "B"): 3}


TEXT = ("The minister of {x} met envoys from {y} on Tuesday to discuss the long dispute over water rights, border "
        "crossings, fishing quotas and the shared railway line that both governments have promised to rebuild "
        "before the winter, according to officials who spoke on condition of anonymity.")


@pytest.fixture
def copied_corpus(tmp_path):
    pd.DataFrame({"id": ["a", "b", "c"], "text": [
        TEXT.format(x="Xland", y="Yland"), TEXT.format(x="Xland", y="Yland"),  # b: a re-posted copy of a
        "Xland and Zland signed a treaty on Monday. Later that week Xland thanked Yland for its help.",
    ]}).to_csv(tmp_path / "corpus.csv", index=False)
    corpus = load_corpus(tmp_path / "corpus.csv")
    a, b, c = corpus["doc_id"]
    mentions = [(a, 0, 0, "X"), (a, 0, 0, "Y"), (b, 0, 0, "X"), (b, 0, 0, "Y"),
                (c, 0, 0, "X"), (c, 0, 0, "Z"), (c, 1, 0, "X"), (c, 1, 0, "Y")]
    return corpus, make_annotations(mentions), b


def test_collapse_duplicates_counts_a_cluster_once(copied_corpus):
    corpus, annotations, copy = copied_corpus
    full = cooccurrence(annotations, corpus=corpus, min_count=1)
    collapsed = cooccurrence(annotations, corpus=corpus, min_count=1, collapse_duplicates=True)
    assert edge_counts(full)[("X", "Y")] == 3
    without_copy = make_annotations([])
    without_copy.entities = annotations.entities[annotations.entities.doc_id != copy].reset_index(drop=True)
    without_copy.sentences = annotations.sentences[annotations.sentences.doc_id != copy].reset_index(drop=True)
    expected = cooccurrence(without_copy, corpus=corpus, min_count=1)
    pd.testing.assert_frame_equal(collapsed.edges, expected.edges)
    pd.testing.assert_frame_equal(collapsed.nodes, expected.nodes)
    assert collapsed.info["collapsed_documents"] == 1 and collapsed.info["duplicate_clusters"] == 1


def test_same_input_same_tables_byte_for_byte(tmp_path):
    for run in ("one", "two"):
        cooccurrence(make_annotations(HAND), window="sentence", min_count=1, seed=3).export(tmp_path / run)
    for name in ("nodes.csv", "edges.csv", "period_edges.csv", "edge_changes.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


@pytest.mark.parametrize("options, message", [
    ({"window": "line"}, "window"),
    ({"labels": ["PERSON", "FOO"]}, "FOO"),
    ({"labels": "PERSON"}, "labels"),
    ({"min_count": 0}, "min_count"),
    ({"weight": "mi"}, "weight"),
    ({"collapse_duplicates": True}, "corpus"),
])
def test_bad_options_name_the_parameter(options, message):
    with pytest.raises(ParameterError, match=message):
        cooccurrence(make_annotations(HAND), **options)
