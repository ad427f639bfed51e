"""Outlet boilerplate is learned from the corpus, cut from the analysed text and kept aside: every kind planted
(short ones and templates with varying parts included), never a story's copies or a wire passage."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from conftest import SEEDS, shared_path
from newslab.corpus import load_corpus, load_with_boilerplate
from newslab.corpus.boilerplate import learn_boilerplate, strip_boilerplate
from newslab.errors import CorpusError, ParameterError
from realworld import bbc_stories, cut_masks, make_outlet_corpus

WORD = re.compile(r"\S+")


@pytest.fixture(scope="module")
def planted():
    stories = bbc_stories(shared_path("corpora", "bbc", "articles"), per_label=60, seed=1)
    return make_outlet_corpus(stories, seed=2, copies=10)


@pytest.fixture(scope="module")
def jsonl(planted, tmp_path_factory):
    return planted.write_jsonl(tmp_path_factory.mktemp("planted") / "corpus.jsonl")


@pytest.fixture(scope="module")
def cleaned(jsonl):
    return load_with_boilerplate(jsonl)



def words_cut(planted, docs, kinds) -> tuple[int, int]:
    """(words cut, words planted) over the planted spans of `kinds`."""
    masks = cut_masks(docs)
    cut = total = 0
    for row in planted.spans[planted.spans["kind"].isin(kinds)].itertuples():
        for m in WORD.finditer(row.text):
            total += 1
            cut += bool(masks[row.doc_id][row.start + m.start():row.start + m.end()].all())
    return cut, total


def test_every_kind_of_boilerplate_is_cut(planted, cleaned):
    docs, _ = cleaned
    for kind in sorted(set(planted.spans["kind"]) - {"wire_passage", "copy"}):
        cut, total = words_cut(planted, docs, [kind])
        assert total and cut / total >= 0.98, (kind, cut, total)
    other = total = 0
    masks = cut_masks(docs)
    planted_mask = {d: np.zeros(len(t), dtype=bool) for d, t in zip(planted.docs["doc_id"], planted.docs["text"])}
    for row in planted.spans.itertuples():
        if row.kind not in ("wire_passage", "copy"):
            planted_mask[row.doc_id][row.start:row.end] = True
    for doc_id, text in zip(planted.docs["doc_id"], planted.docs["text"]):
        for m in WORD.finditer(text):
            if not planted_mask[doc_id][m.start():m.end()].any():
                total += 1
                other += bool(masks[doc_id][m.start():m.end()].any())
    assert other / total <= 0.005
    assert (docs.set_index("doc_id")["text"] == planted.docs.set_index("doc_id")["clean_text"]).mean() >= 0.98


def test_short_boilerplate_of_three_to_eight_words_is_cut(planted, cleaned):
    spans = planted.spans[~planted.spans["kind"].isin(["wire_passage", "copy"])]
    short = spans[spans["text"].str.split().str.len().between(3, 8)]
    assert len(short) > 100 and short["kind"].nunique() >= 3
    masks = cut_masks(cleaned[0])
    assert all(masks[r.doc_id][r.start:r.end].all() for r in short.itertuples())


def test_templates_with_varying_parts_are_learned_once_and_cut_everywhere(planted, cleaned):
    docs, table = cleaned
    datelines = planted.spans[planted.spans["kind"] == "dateline"]
    assert datelines.groupby("outlet")["text"].nunique().min() > 5  # cities and dates vary
    masks = cut_masks(docs)
    assert all(masks[r.doc_id][r.start:r.end].all() for r in datelines.itertuples())
    openings = table[table["kind"] == "opening"]
    assert openings.groupby("outlet").size().max() <= 3  # one template (or a few), not one row per city
    assert openings["template"].str.contains("{month}", regex=False).any()


def test_copies_of_one_story_are_not_boilerplate(planted):
    docs = planted.docs.copy()
    outlet = docs["outlet"].iloc[0]
    story = docs[docs["outlet"] == outlet].iloc[3]
    copies = pd.DataFrame([story] * 6).assign(doc_id=[f"{story['doc_id']}-copy{i}" for i in range(6)])
    cleaned, table = strip_boilerplate(pd.concat([docs, copies], ignore_index=True).assign(source_file="c.jsonl"))
    for text in cleaned.loc[cleaned["doc_id"].str.contains("-copy"), "text"]:
        assert text == story["clean_text"]  # the story's own paragraphs, repeated 7 times in one outlet, all stay


def test_copies_of_a_story_of_short_lines_are_not_boilerplate(planted):
    docs = planted.docs.copy()
    story = docs[docs["outlet"] == docs["outlet"].iloc[0]].iloc[5]
    short = re.sub(r"(?<=[.!?\"]) (?=[A-Z\"])", "\n\n", story["clean_text"])  # one sentence per line
    assert short.count("\n\n") > 5
    copies = pd.DataFrame([story] * 5).assign(doc_id=[f"short-copy{i}" for i in range(5)], text=short)
    cleaned, _ = strip_boilerplate(pd.concat([docs, copies], ignore_index=True).assign(source_file="c.jsonl"))
    assert (cleaned.loc[cleaned["doc_id"].str.startswith("short-copy"), "text"] == short).all()


def test_every_wire_passage_shared_across_outlets_is_kept(planted, cleaned):
    wires = planted.spans[planted.spans["kind"] == "wire_passage"]
    assert wires["doc_id"].nunique() > 20
    masks = cut_masks(cleaned[0])
    assert not any(masks[r.doc_id][r.start:r.end].any() for r in wires.itertuples())
    cut, total = words_cut(planted, cleaned[0], ["copy"])
    assert cut == 0 and total > 0


def test_without_an_outlet_column_the_folder_is_the_outlet_else_the_whole_corpus(planted, tmp_path):
    folder = planted.write_folder(tmp_path / "tree")
    docs = load_corpus(folder)
    assert (docs["outlet"] == "").all()
    assert not docs["text"].str.contains("Send Facebook Twitter reddit Print", regex=False).any()
    assert docs["raw_text"].str.contains("Send Facebook Twitter reddit Print", regex=False).any()
    one = planted.docs[planted.docs["outlet"] == "Northgate Daily"].drop(columns="outlet")
    path = tmp_path / "one.jsonl"
    one.rename(columns={"doc_id": "id"})[["id", "title", "text"]].to_json(path, orient="records", lines=True)
    docs = load_corpus(path)
    assert not docs["text"].str.contains("Northgate Media Group. All rights reserved.", regex=False).any()


def test_boilerplate_csv_round_trip_keeps_the_rows_set_to_keep(cleaned, jsonl, tmp_path):
    docs, table = cleaned
    path = tmp_path / "boilerplate.csv"
    table.to_csv(path, index=False)
    share = table[table["example"] == "Send Facebook Twitter reddit Print"].index
    assert len(share) == 1
    edited = table.copy()
    edited.loc[share, "action"] = "keep"
    edited.to_csv(path, index=False)
    again = load_corpus(jsonl, boilerplate=path)
    northgate = again["outlet"] == "Northgate Daily"
    assert again.loc[northgate, "text"].str.contains("Send Facebook Twitter reddit Print", regex=False).all()
    others = ~again["raw_text"].str.contains("Send Facebook Twitter reddit Print", regex=False)
    assert (again.loc[others, "text"] == docs.loc[others, "text"]).all()
    assert not again.loc[northgate, "text"].str.contains("All rights reserved", regex=False).any()


def test_agency_credits_come_from_datelines_bylines_and_footers(planted, cleaned):
    docs = cleaned[0].set_index("doc_id")
    truth = planted.docs.set_index("doc_id")["credits"].map(lambda s: sorted(filter(None, s.split(", "))))
    found = docs["credits"].map(lambda s: sorted(filter(None, s.split("; "))))
    assert (truth.map(len) > 0).mean() > 0.5
    assert (found.reindex(truth.index) == truth).mean() >= 0.99


def test_keep_leaves_the_text_as_published(planted, jsonl):
    docs = load_corpus(jsonl, boilerplate="keep")
    assert (docs.set_index("doc_id")["text"] == planted.docs.set_index("doc_id")["text"]).all()
    assert (docs["text"] == docs["raw_text"]).all() and (docs["boilerplate_spans"] == "").all()


def test_same_corpus_gives_the_same_tables(jsonl, cleaned):
    again, table = load_with_boilerplate(jsonl)
    assert table.to_csv(index=False) == cleaned[1].to_csv(index=False)
    assert again.drop(columns="date").to_csv(index=False) == cleaned[0].drop(columns="date").to_csv(index=False)
    assert again["text_hash"].tolist() == cleaned[0]["text_hash"].tolist()


def test_the_seeds_load_as_before():
    removed, table = load_with_boilerplate(SEEDS)
    kept = load_corpus(SEEDS, boilerplate="keep")
    for col in ("doc_id", "title", "outlet", "source_title", "text", "n_words"):
        assert removed[col].tolist() == kept[col].tolist(), col
    assert len(removed) == 12 and table.empty


def test_bbc_as_shipped_loses_almost_nothing():
    docs = load_corpus(shared_path("corpora", "bbc", "articles"))
    raw = docs["raw_text"].str.split().str.len().sum()
    assert 1 - docs["text"].str.split().str.len().sum() / raw <= 0.005


def test_text_hash_and_n_words_are_of_the_analysed_text(cleaned):
    from newslab.corpus import text_hash
    from newslab.corpus.textparse import count_words

    docs = cleaned[0]
    assert (docs["text_hash"] == docs["text"].map(text_hash)).all()
    assert (docs["n_words"] == docs["text"].map(count_words)).all()
    assert (docs["text"] != docs["raw_text"]).mean() > 0.9


def test_bad_options_name_the_parameter_or_file(planted, tmp_path):
    with pytest.raises(ParameterError, match="boilerplate"):
        load_corpus(SEEDS, boilerplate="drop")
    with pytest.raises(ParameterError, match="missing.csv"):
        load_corpus(SEEDS, boilerplate=tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    pd.DataFrame({"outlet": ["x"], "kind": ["line"], "template": ["t"], "action": ["delete"]}).to_csv(bad, index=False)
    with pytest.raises(CorpusError, match="bad.csv"):
        load_corpus(SEEDS, boilerplate=bad)
    with pytest.raises(ParameterError, match="min_stories"):
        learn_boilerplate(planted.docs, min_stories=1)


def test_a_wire_passage_recurring_in_one_outlet_but_seen_once_elsewhere_is_kept(planted):
    docs = planted.docs.copy()
    wire = planted.spans[planted.spans["kind"] == "wire_passage"].iloc[0]
    paragraph = max(wire["text"].split("\n\n"), key=len)
    outlet = docs.loc[docs["doc_id"] == wire["doc_id"], "outlet"].iloc[0]
    hosts = docs.index[(docs["outlet"] == outlet) & (docs["doc_id"] != wire["doc_id"])][:4]
    docs.loc[hosts, "text"] = docs.loc[hosts, "text"] + "\n\n" + paragraph  # 5 stories of one outlet hold it
    cleaned, _ = strip_boilerplate(docs.assign(source_file="w.jsonl"))
    holders = cleaned["raw_text"].str.contains(paragraph, regex=False)
    assert holders.sum() >= 6 and cleaned.loc[holders, "outlet"].nunique() >= 2
    assert cleaned.loc[holders, "text"].str.contains(paragraph, regex=False).all()


def test_the_overview_shows_each_outlets_boilerplate_and_one_story_before_and_after(cleaned):
    from newslab import show
    from newslab.corpus import overview

    docs, table = cleaned
    per_outlet = overview.boilerplate_by_outlet(docs)
    assert len(per_outlet) == docs["outlet"].nunique() and (per_outlet["share_removed"] > 0.03).all()
    assert (per_outlet["words_published"] - per_outlet["words_analysed"] == per_outlet["words_removed"]).all()
    top = overview.top_boilerplate(table, per_outlet=3)
    assert top.groupby("outlet").size().max() == 3 and top["example"].str.len().gt(0).all()
    doc = overview.boilerplate_example(docs, seed=1)
    view = str(show.before_after(doc))
    assert "line-through" in view and "As analysed" in view
    assert "No boilerplate" in str(show.before_after(overview.boilerplate_example(docs.iloc[:0], seed=1)))
    finding = [f for f in overview.key_findings(docs) if "boilerplate" in f]
    assert len(finding) == 1 and f"cut from {len(docs):,} documents" in finding[0]


def test_a_recurring_sentence_shape_inside_stories_is_not_boilerplate():
    stories = bbc_stories(shared_path("corpora", "bbc", "articles"), per_label=100, seed=5)
    one_per_line = stories["text"].map(lambda t: re.sub(r'(?<=[.!?"]) (?=[A-Z"])', "\n\n", t))  # tabloid layout
    docs = pd.DataFrame({"doc_id": stories["story_id"], "text": one_per_line, "outlet": "One Outlet",
                         "source_file": "s.jsonl"})
    assert docs["text"].str.contains(r"\n\n(?:Mr|Ms|Mrs) \w+ (?:said|added)\.(?:\n|$)").sum() > 10  # "{name} said."
    cleaned, table = strip_boilerplate(docs)
    assert table.empty and (cleaned["text"] == docs["text"]).all()


def test_a_line_of_a_bylines_shape_but_not_its_first_word_stays(planted):
    docs = planted.docs.copy()
    herald = docs.index[docs["outlet"] == "The Harbour Herald"][:3]
    assert docs.loc[herald, "text"].str.startswith("By ").all()  # "By {name} ({name})" bylines
    results = ["P O'Brien (New Zealand)", "T Umaga (Samoa)", "J Smith (Australia)"]  # rugby results lines
    docs.loc[herald, "text"] = docs.loc[herald, "text"] + "\n\n" + pd.Series(results, index=herald)
    cleaned, table = strip_boilerplate(docs.assign(source_file="r.jsonl"))
    assert "By {name} ({name})" in set(table["template"])
    assert [t.rsplit("\n\n", 1)[-1] for t in cleaned.loc[herald, "text"]] == results
    assert not cleaned.loc[herald, "text"].str.contains("(AFP", regex=False).any()
