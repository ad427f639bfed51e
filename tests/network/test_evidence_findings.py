"""What readers see of co-occurrence: evidence passages (escaped), time slices, key findings, notebook 20's
parameters, and `newslab cooccurrence` on the seeds."""
from __future__ import annotations

import pandas as pd
import pytest

from newslab.cli import main
from newslab.entities import Annotations
from newslab.network import cooccurrence, evidence, key_findings
from newslab.show.html import evidence_html
from newslab.network.slices import edge_changes, edges_by_period, pick_freq
from newslab.errors import ParameterError
from newslab.report.params import check_overrides, read_notebook_parameters

from conftest import ROOT, SEEDS
from test_cooccurrence import HAND, make_annotations

TEXT = "Talks stalled. Iran & <b>Israel</b> traded threats. Nobody else spoke. Then Iran replied to Israel again."


def annotations_of(text: str, doc_id: str = "d1") -> tuple[Annotations, pd.DataFrame]:
    """Sentences split at '. ' and every mention of Iran and Israel, over one real text."""
    sents, start = [], 0
    for i, piece in enumerate(text.split(". ")):
        sents.append({"doc_id": doc_id, "sent_idx": i, "para_idx": 0, "start_char": start, "end_char": start + len(piece)})
        start += len(piece) + 2
    ents = []
    for name, label in (("Iran", "GPE"), ("Israel", "GPE")):
        pos = text.find(name)
        while pos != -1:
            sent = max(i for i, s in enumerate(sents) if s["start_char"] <= pos)
            ents.append({"doc_id": doc_id, "sent_idx": sent, "para_idx": 0, "start_char": pos, "end_char": pos + len(name),
                         "text": name, "label": label, "canonical": name, "model_label": label, "rule": ""})
            pos = text.find(name, pos + 1)
    corpus = pd.DataFrame({"doc_id": [doc_id], "title": ["<i>Threats</i>"], "date": [pd.Timestamp("2019-09-29")],
                           "outlet": ["Times & Co"], "text": [text]})
    ents = pd.DataFrame(ents).sort_values("start_char").reset_index(drop=True)
    return Annotations(sentences=pd.DataFrame(sents), entities=ents, model="hand", model_version="0"), corpus


def test_evidence_marks_both_names_and_escapes_corpus_text():
    annotations, corpus = annotations_of(TEXT)
    rows = evidence(annotations, "Iran", "Israel", corpus=corpus)
    assert rows["text"].tolist() == ["Iran & <b>Israel</b> traded threats", "Then Iran replied to Israel again."]
    assert rows.loc[0, "html"] == "<mark>Iran</mark> &amp; &lt;b&gt;<mark>Israel</mark>&lt;/b&gt; traded threats"
    page = evidence_html(rows, heading="Iran – Israel")
    assert "<b>" not in page and "<i>" not in page and "&lt;i&gt;Threats&lt;/i&gt;" in page and "Times &amp; Co" in page
    assert "2019-09-29" in page


def test_evidence_in_a_document_window_shows_the_closest_sentences():
    text = "Iran spoke first. Then came a long pause. Everyone waited. Israel answered later."
    annotations, corpus = annotations_of(text)
    sentence = evidence(annotations, "Iran", "Israel", corpus=corpus)
    assert sentence.empty  # never in one sentence
    document = evidence(annotations, "Iran", "Israel", corpus=corpus, window="document")
    assert document["text"].tolist() == ["Iran spoke first … Israel answered later."]
    with pytest.raises(ParameterError, match="'Syria'"):
        evidence(annotations, "Iran", "Syria", corpus=corpus)


def occurrences(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame([{"source": s, "target": t, "doc_id": d, "unit": i, "date": pd.Timestamp(day)}
                         for i, (s, t, d, day) in enumerate(rows)])


def test_edges_per_week_and_what_changes_between_weeks():
    week1, week2 = "2019-09-24", "2019-10-01"  # Tuesdays: weeks starting 2019-09-23 and 2019-09-30
    rows = ([("A", "B", "d1", week1)] * 3 + [("A", "C", "d2", week1)] * 2 + [("B", "C", "d3", week1)] * 4
            + [("C", "D", "d4", week1)] * 5 + [("A", "B", "d5", week2)] * 8 + [("B", "C", "d6", week2)]
            + [("A", "D", "d7", week2)] * 2 + [("C", "D", "d8", week2)] * 4)
    periods = edges_by_period(occurrences(rows), freq="W")
    assert periods[periods.period == "2019-09-23"].set_index(["source", "target"])["count"].to_dict() == {
        ("C", "D"): 5, ("B", "C"): 4, ("A", "B"): 3, ("A", "C"): 2}
    changes = edge_changes(periods, {"2019-09-23": 4, "2019-09-30": 4}, min_count=2)
    assert changes[["source", "target", "count_before", "count_after", "change"]].values.tolist() == [
        ["A", "D", 0, 2, "appears"], ["A", "B", 3, 8, "grows"], ["B", "C", 4, 1, "shrinks"], ["A", "C", 2, 0, "vanishes"]]
    # C–D 5 → 4 is noise, not a trend
    assert pick_freq(pd.Series(pd.to_datetime(["2019-01-01", "2019-03-01"]))) == "W"
    assert pick_freq(pd.Series(pd.to_datetime(["2019-01-01", "2020-03-01"]))) == "M"


def test_key_findings_name_the_strongest_pair_with_its_numbers():
    result = cooccurrence(make_annotations(HAND), window="paragraph", min_count=1)
    lines = key_findings(result, focus_entity="C")
    assert lines[0] == "3 pairs of 3 entities are mentioned together in at least 1 paragraph, across 2 documents."
    assert lines[1].startswith("Strongest by count: A – B (3 paragraphs in 2 documents, NPMI 0.00)")
    assert any(line == "C is mentioned with 2 entities; most often with A (2 paragraphs), B (2)." for line in lines)
    assert "Nobody has no partner" not in " ".join(key_findings(result, focus_entity="Nobody"))
    assert "Nobody is not among the entities." in key_findings(result, focus_entity="Nobody")


def test_key_findings_of_an_empty_result_is_one_sentence():
    result = cooccurrence(make_annotations(HAND), window="sentence", min_count=3)
    assert key_findings(result, focus_entity="A") == [
        "No two entities are mentioned together in at least 3 sentences (2 entities in 2 documents)."]


def test_notebook_parameters_carry_their_constraints():
    params = read_notebook_parameters(ROOT / "notebooks" / "20-entity-cooccurrence.ipynb")
    assert {"corpus", "out_dir", "window", "labels", "min_count", "weight", "collapse_duplicates", "focus_entity",
            "top_n", "seed", "aliases"} <= set(params)
    assert params["window"].choices == ("sentence", "paragraph", "document")
    assert params["min_count"].bounds[0] == 1 and params["focus_entity"].default == ""
    for bad in ({"window": "line"}, {"min_count": 0}, {"weight": "mi"}, {"labels": "PERSON"}):
        with pytest.raises(ParameterError):
            check_overrides("20-entity-cooccurrence.ipynb", params, bad)


@pytest.mark.slow  # the real spaCy model
def test_cooccurrence_command_on_the_seeds(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["cooccurrence", str(SEEDS), "--out", str(out), "--cache-dir", str(tmp_path / "cache")])
    assert code == 0
    for name in ("nodes.csv", "edges.csv", "period_edges.csv", "edge_changes.csv", "graph.gexf", "graph.graphml"):
        assert (out / name).is_file(), name
    nodes, edges = pd.read_csv(out / "nodes.csv"), pd.read_csv(out / "edges.csv")
    assert [e for e in nodes["entity"] if "Netanyahu" in e] == ["Benjamin Netanyahu"]
    strongest = list(zip(edges["source"], edges["target"]))[:5]
    assert ("Iran", "Israel") in strongest
    assert "Strongest by count: Iran" in capsys.readouterr().out


@pytest.mark.slow  # the real spaCy model
def test_cooccurrence_command_rejects_bad_options_before_annotating(tmp_path, capsys):
    assert main(["cooccurrence", str(SEEDS), "--out", str(tmp_path / "o"), "--labels", "PERSON,FOO",
                 "--cache-dir", str(tmp_path / "cache")]) == 2
    assert "FOO" in capsys.readouterr().err
    assert not (tmp_path / "o").exists() and not (tmp_path / "cache").exists()
