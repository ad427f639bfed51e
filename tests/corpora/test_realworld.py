"""The real-world-looking corpus generator plants what its truth tables say, exactly and deterministically."""
from __future__ import annotations

import json
import time

import numpy as np
import pandas as pd
import pytest

from conftest import shared_path
from realworld import KINDS, bbc_stories, make_coordinated_corpus, make_outlet_corpus

LABELS = ("business", "entertainment", "politics", "sport", "tech")


def fake_stories(n: int = 150, seed: int = 1) -> pd.DataFrame:
    """Stories of made-up words with BBC-like paragraphs (20-70 words, 4-9 per story), so no ../shared is needed."""
    rng = np.random.default_rng(seed)
    vocab = [a + b + c for a in ("ka", "lo", "mi", "su", "te", "ra") for b in ("ne", "vo", "pi", "da")
             for c in ("r", "s", "n", "l", "")]
    rows = []
    for i in range(n):
        paras = [" ".join(rng.choice(vocab, int(rng.integers(20, 70)))) + "." for _ in range(rng.integers(4, 10))]
        rows.append({"story_id": f"{LABELS[i % 5]}/{i:03d}", "label": LABELS[i % 5], "title": f"Story {i}",
                     "text": "\n\n".join(paras)})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def planted():
    return make_outlet_corpus(fake_stories(), seed=3, copies=12, wire_passages=10)


def test_same_seed_gives_the_same_bytes_and_another_seed_another_corpus():
    stories = fake_stories()
    a, b = (make_outlet_corpus(stories, seed=5, copies=5) for _ in range(2))
    for name in ("docs", "spans", "copies", "outlets", "wires"):
        assert getattr(a, name).to_csv() == getattr(b, name).to_csv(), name
    assert a.docs.to_csv() != make_outlet_corpus(stories, seed=6, copies=5).docs.to_csv()


def test_every_span_points_at_exactly_its_text_and_spans_never_overlap(planted):
    text = planted.docs.set_index("doc_id")["text"]
    for row in planted.spans.itertuples():
        assert text[row.doc_id][row.start:row.end] == row.text, row
        assert row.text == row.text.strip() and row.text
    for _, group in planted.spans.sort_values(["doc_id", "start"]).groupby("doc_id"):
        assert (group["start"].to_numpy()[1:] >= group["end"].to_numpy()[:-1]).all()


def test_every_kind_is_planted_with_short_and_long_ones(planted):
    kinds = set(planted.spans["kind"])
    assert kinds == set(KINDS) | {"wire_passage", "copy"}
    words = planted.spans.assign(n=planted.spans["text"].str.split().str.len())
    for kind in ("dateline", "footer"):  # at least one outlet's datelines and footers are short
        assert words[words["kind"] == kind].groupby("outlet")["n"].max().min() < 10, kind
    assert words[words["kind"] == "newsletter"]["n"].between(20, 60).all()
    assert words[words["kind"] == "share_bar"]["n"].max() <= 8
    assert words[words["kind"] == "wire_passage"]["n"].between(30, 120).all()


def test_agency_credits_planted_are_recorded_per_document(planted):
    credited = planted.docs[planted.docs["credits"] != ""]
    assert len(credited) > len(planted.docs) / 2
    boiler = planted.spans[planted.spans["kind"].isin(KINDS)].groupby("doc_id")["text"].agg(" ".join)
    for doc_id, credits in credited[["doc_id", "credits"]].itertuples(index=False):
        assert all(agency in boiler[doc_id] for agency in credits.split(", ")), doc_id


def test_each_outlet_has_its_own_wording_and_not_every_kind(planted):
    outlets = planted.outlets.set_index("outlet")
    for kind in KINDS:
        used = outlets[kind][outlets[kind] != ""]
        assert len(used) >= 1 and used.is_unique, kind
    assert (outlets[list(KINDS)] == "").any(axis=1).all()
    by_outlet = planted.spans[planted.spans["kind"].isin(KINDS)].groupby("outlet")["kind"].unique()
    for outlet, kinds in by_outlet.items():
        assert set(kinds) <= {k for k in KINDS if outlets.loc[outlet, k]}, outlet


def test_newsletter_goes_on_about_a_third_of_an_outlets_stories():
    p = make_outlet_corpus(fake_stories(400), seed=0)
    with_blurb = p.spans[p.spans["kind"] == "newsletter"].groupby("outlet")["doc_id"].nunique()
    share = with_blurb / p.docs.groupby("outlet").size()[with_blurb.index]
    assert share.between(0.2, 0.47).all(), share


def test_wire_passages_go_to_several_other_outlets_after_their_source(planted):
    docs = planted.docs.set_index("doc_id")
    wires = planted.wires
    assert wires["passage_id"].nunique() == 10
    for _, g in wires.groupby("passage_id"):
        source = g[g["doc_id"] == g["source_doc_id"]]
        hosts = g[g["doc_id"] != g["source_doc_id"]]
        assert len(source) == 1 and 3 <= hosts["outlet"].nunique() == len(hosts) <= 6
        assert source["outlet"].iloc[0] not in set(hosts["outlet"])
        assert (docs.loc[hosts["doc_id"], "date"] > docs.loc[source["doc_id"].iloc[0], "date"]).all()
        spans = planted.spans[(planted.spans["kind"] == "wire_passage") & planted.spans["doc_id"].isin(hosts["doc_id"])]
        assert len(spans) == len(hosts) and spans["text"].nunique() == 1
        assert spans["text"].iloc[0] in docs.loc[source["doc_id"].iloc[0], "clean_text"]


def test_copies_are_other_outlets_later_republishing_the_whole_body(planted):
    docs = planted.docs.set_index("doc_id")
    assert len(planted.copies) == 12 and planted.copies["edited"].any() and not planted.copies["edited"].all()
    for row in planted.copies.itertuples():
        copy, source = docs.loc[row.doc_id], docs.loc[row.source_doc_id]
        assert copy["outlet"] != source["outlet"] and copy["date"] > source["date"]
        assert copy["story_id"] == source["story_id"]
        added = len(copy["clean_text"].split()) - len(source["clean_text"].split())
        assert (added == 0 and copy["clean_text"] == source["clean_text"]) if not row.edited else 2 <= added <= 4
        spans = planted.spans[(planted.spans["doc_id"] == row.doc_id) & (planted.spans["kind"] == "copy")]
        assert "\n\n".join(spans["text"]) == copy["clean_text"]


def test_without_boilerplate_the_same_documents_are_the_clean_texts(planted):
    bare = make_outlet_corpus(fake_stories(), seed=3, copies=12, wire_passages=10, boilerplate=False)
    cols = ["doc_id", "outlet", "date", "title", "label", "story_id"]
    pd.testing.assert_frame_equal(bare.docs[cols], planted.docs[cols])
    assert (bare.docs["text"] == planted.docs["clean_text"]).all() and (bare.docs["text"] == bare.docs["clean_text"]).all()
    assert set(bare.spans["kind"]) == {"wire_passage", "copy"}
    assert bare.spans["text"].str.split().str.len().sum() == \
        planted.spans[planted.spans["kind"].isin(["wire_passage", "copy"])]["text"].str.split().str.len().sum()
    pd.testing.assert_frame_equal(bare.copies, planted.copies)
    assert (planted.docs["text"] != planted.docs["clean_text"]).all()


def test_dates_fall_in_the_window_and_stories_spread_over_outlets(planted):
    dates = pd.to_datetime(planted.docs["date"])
    assert dates.min() >= pd.Timestamp("2024-01-01") and dates.max() < pd.Timestamp("2024-01-01") + pd.Timedelta(days=120)
    assert planted.docs["outlet"].nunique() == 6
    assert pd.crosstab(planted.docs["label"], planted.docs["outlet"]).gt(0).all().all()


def test_written_files_are_what_newslab_reads(planted, tmp_path):
    from newslab.corpus import load_corpus

    planted.write_jsonl(tmp_path / "corpus.jsonl")
    first = json.loads((tmp_path / "corpus.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["id"] == planted.docs["doc_id"].iloc[0] and first["text"] == planted.docs["text"].iloc[0]
    loaded = load_corpus(tmp_path / "corpus.jsonl")
    assert list(loaded["doc_id"]) == list(planted.docs["doc_id"])
    assert list(loaded["outlet"]) == list(planted.docs["outlet"])
    planted.write_folder(tmp_path / "tree")
    doc = planted.docs.iloc[-1]
    assert (tmp_path / "tree" / f"{doc['doc_id']}.txt").read_text(encoding="utf-8").startswith(doc["title"] + "\n\n")
    assert len(list((tmp_path / "tree").glob("*/*.txt"))) == len(planted.docs)
    planted.truth(tmp_path / "truth")
    spans = pd.read_csv(tmp_path / "truth" / "spans.csv", keep_default_na=False)
    assert len(pd.read_csv(tmp_path / "truth" / "documents.csv")) == len(planted.docs)
    assert len(spans) == len(planted.spans) and list(spans["text"]) == list(planted.spans["text"])


def test_coordinated_outlets_publish_each_passage_on_one_day_independent_ones_weeks_apart():
    p = make_coordinated_corpus(fake_stories(400), n_passages=8, seed=2)
    assert p.groups["group"].value_counts().to_dict() == {"coordinated": 6, "independent": 6, "background": 6, "source": 1}
    dates = p.docs.set_index("doc_id")["date"].map(pd.Timestamp)
    lags = p.lags.assign(when=p.lags["doc_id"].map(dates), source_when=p.lags["source_doc_id"].map(dates))
    hours = (lags["when"] - lags["source_when"]).dt.total_seconds() / 3600
    assert np.allclose(hours, lags["lag_hours"], atol=0.01)
    for _, g in lags.groupby("passage_id"):
        coord, indep = g[g["group"] == "coordinated"], g[g["group"] == "independent"]
        assert len(coord) == len(indep) == 6 and coord["when"].dt.date.nunique() == 1
        assert coord["when"].max() - coord["when"].min() <= pd.Timedelta(hours=4)
        assert coord["lag_hours"].min() >= 24 and indep["lag_hours"].min() >= 8 * 24
        gaps = indep["when"].sort_values().diff().dropna()
        assert gaps.min() >= pd.Timedelta(days=2)
    background = set(p.groups.loc[p.groups["group"] == "background", "outlet"])
    assert not set(p.spans["outlet"]) & background
    text = p.docs.set_index("doc_id")["text"]
    assert all(text[r.doc_id][r.start:r.end] == r.text for r in p.spans.itertuples())


@pytest.mark.slow
def test_all_of_bbc_in_seconds_with_exact_spans():
    root = shared_path("corpora", "bbc", "articles")
    stories = bbc_stories(root)
    assert len(stories) == 2225 and "£15.8" in stories.set_index("story_id").loc["sport/199", "text"]
    sample = bbc_stories(root, per_label=10, seed=4)
    assert sample["label"].value_counts().eq(10).all() and sample.equals(bbc_stories(root, per_label=10, seed=4))
    began = time.perf_counter()
    p = make_outlet_corpus(stories, copies=40)
    assert time.perf_counter() - began < 20
    assert 350 < p.docs["clean_text"].str.split().str.len().mean() < 450
    text = p.docs.set_index("doc_id")["text"]
    assert all(text[r.doc_id][r.start:r.end] == r.text for r in p.spans.itertuples())


def test_house_vocabulary_adds_each_outlets_own_words_and_nothing_else():
    stories = fake_stories()
    plain = make_outlet_corpus(stories, seed=3, copies=12, wire_passages=10)
    house = make_outlet_corpus(stories, seed=3, copies=12, wire_passages=10, house_vocabulary=True)
    assert house.docs["clean_text"].equals(plain.docs["clean_text"])
    added = house.spans[house.spans["kind"].isin(["section", "house"])]
    assert set(added["kind"]) == {"section", "house"} and set(added["doc_id"]) == set(house.docs["doc_id"])
    text = house.docs.set_index("doc_id")["text"]
    assert all(text[r.doc_id][r.start:r.end] == r.text for r in added.itertuples())
    kicker = added[added["kind"] == "section"].assign(word=lambda s: s["text"].str.split().str[-1])
    assert kicker.groupby("word")["outlet"].nunique().max() == 1  # a section name belongs to one outlet
