"""Pair numbers a researcher can quote: every listed pair's shared words, shares and passages follow one written
rule (docs/reuse.md, "Shared words") checked against passage_occurrences; exact pairs share all their words;
later holders of a passage are paired with each other; no passage is shorter than min_passage_words."""
from __future__ import annotations

import warnings
from collections import defaultdict

import numpy as np
import pandas as pd
import pytest
from tiny_corpora import corpus_of, words

from conftest import shared_path
from newslab.corpus import load_corpus
from newslab.corpus.textparse import tokenize
from newslab.reuse import find_duplicates, key_findings


def expected_numbers(result, corpus) -> pd.DataFrame:
    """The written rule, recomputed from passage_occurrences with plain dictionaries: per pair, the passages
    (not boilerplate) both hold, the smaller side's words of each summed; an exact pair shares all its words."""
    boiler = set(result.passages.passages.loc[result.passages.passages["boilerplate_outlet"] != "", "passage_id"])
    held: dict = defaultdict(lambda: defaultdict(int))  # doc -> passage -> words
    for row in result.passages.occurrences.itertuples():
        if row.passage_id not in boiler:
            held[row.doc_id][row.passage_id] += row.n_words
    n_words = {d: len(tokenize(t)) for d, t in zip(corpus["doc_id"], corpus["text"])}
    rows = []
    for pair in result.pairs.itertuples():
        common = set(held[pair.doc_a]) & set(held[pair.doc_b])
        shared = sum(min(held[pair.doc_a][p], held[pair.doc_b][p]) for p in common)
        if pair.kind == "exact":
            shared = min(n_words[pair.doc_a], n_words[pair.doc_b])
        rows.append({"doc_a": pair.doc_a, "doc_b": pair.doc_b, "shared_words": shared, "passages": len(common),
                     "share_a": round(shared / n_words[pair.doc_a], 4), "share_b": round(shared / n_words[pair.doc_b], 4)})
    return pd.DataFrame(rows, columns=["doc_a", "doc_b", "shared_words", "passages", "share_a", "share_b"])


def assert_numbers_follow_the_rule(result, corpus):
    got = result.pairs[["doc_a", "doc_b", "shared_words", "passages", "share_a", "share_b"]].reset_index(drop=True)
    want = expected_numbers(result, corpus)
    pd.testing.assert_frame_equal(got, want, check_dtype=False, check_exact=False, atol=1e-4)  # shares: rounding
    assert (got["shared_words"].to_numpy() == want["shared_words"].to_numpy()).all()
    exact = result.pairs[result.pairs["kind"] == "exact"]
    assert (exact["share_a"] == 1).all() and (exact["share_b"] == 1).all()  # exact pairs share all their words


def test_later_holders_of_a_passage_are_paired_with_their_common_words():
    rng = np.random.default_rng(40)
    passage = words(rng, 80)
    texts = {"A": " ".join(words(rng, 100) + passage + words(rng, 60)),
             "B": " ".join(words(rng, 70) + passage + words(rng, 40)),
             "C": " ".join(words(rng, 50) + passage + words(rng, 90))}
    corpus = corpus_of(texts, {"A": "2020-01-01", "B": "2020-01-02", "C": "2020-01-03"})
    result = find_duplicates(corpus)
    pairs = {(r.doc_a, r.doc_b): r for r in result.pairs.itertuples()}
    assert set(pairs) == {("A", "B"), ("A", "C"), ("B", "C")}
    bc = pairs[("B", "C")]
    assert bc.kind == "partial" and bc.passages == 1 and bc.shared_words == len(passage)
    assert bc.share_b == round(len(passage) / len(tokenize(texts["C"])), 4)
    assert_numbers_follow_the_rule(result, corpus)


def test_exact_pairs_share_all_their_words():
    rng = np.random.default_rng(41)
    story = " ".join(words(rng, 120))
    texts = {"orig": story, "copy": story.upper(), "quote": " ".join(words(rng, 50)) + " " + story[:400]}
    corpus = corpus_of(texts, {"orig": "2020-01-01", "copy": "2020-01-02", "quote": "2020-01-03"})
    result = find_duplicates(corpus)
    exact = result.pairs[result.pairs["kind"] == "exact"].iloc[0]
    assert (exact.doc_a, exact.doc_b, exact.shared_words, exact.share_a, exact.share_b) == ("orig", "copy", 120, 1.0, 1.0)
    assert_numbers_follow_the_rule(result, corpus)


def test_near_pairs_count_every_passage_both_hold():
    rng = np.random.default_rng(42)
    paragraphs = [words(rng, 40) for _ in range(5)]
    story = sum(paragraphs, [])
    texts = {"story": " ".join(story), "resent": " ".join(story[:150] + ["update"] + story[150:]),
             **{f"quote{i}": " ".join(words(rng, 60) + p) for i, p in enumerate(paragraphs)}}
    dates = {"story": "2020-01-02", "resent": "2020-01-03"} | {f"quote{i}": "2020-01-01" for i in range(5)}
    corpus = corpus_of(texts, dates)
    result = find_duplicates(corpus)
    near = result.pairs[result.pairs["kind"] == "near"].iloc[0]
    assert (near.doc_a, near.doc_b) == ("story", "resent")  # each paragraph first held by another document
    assert near.passages == 5 and near.shared_words == len(story)
    assert_numbers_follow_the_rule(result, corpus)


def test_no_passage_is_shorter_than_min_passage_words():
    rng = np.random.default_rng(43)
    x, y = words(rng, 40), words(rng, 22)  # y: shared by two of the three holders of x, right after it
    texts = {"D": " ".join(words(rng, 50) + x + y + words(rng, 50)),
             "E": " ".join(words(rng, 30) + x + y + words(rng, 70)),
             "F": " ".join(words(rng, 60) + x + words(rng, 40))}
    result = find_duplicates(corpus_of(texts))
    assert len(result.passages.passages) >= 1
    assert result.passages.passages["n_words"].min() >= 25
    assert result.passages.occurrences["n_words"].min() >= 25


def test_wire_passages_over_the_cap_pair_no_holders_and_info_says_so():
    rng = np.random.default_rng(44)
    wire = words(rng, 100)
    texts = {f"w{i}": " ".join(words(rng, 60) + wire + words(rng, 60)) for i in range(6)}
    corpus = corpus_of(texts, {f"w{i}": f"2020-01-0{i + 1}" for i in range(6)})
    capped = find_duplicates(corpus, max_pairs_per_passage=5)
    assert capped.pairs.empty and capped.passages.passages["n_documents"].tolist() == [6]
    assert capped.info["max_pairs_per_passage"] == 5 and capped.info["passages_over_cap"] == 1
    assert "1 passage held by more than 5 texts pairs none of its holders" in key_findings(capped, corpus)[-1]
    every = find_duplicates(corpus, max_pairs_per_passage=6)
    assert len(every.pairs) == 15 and every.info["passages_over_cap"] == 0  # every two of the six holders


def _shared_corpus(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # BBC sport/199.txt is cp1252
        if name == "bbc":
            return load_corpus(shared_path("corpora", "bbc", "articles"))
        return load_corpus(shared_path("corpora", "reuters21578", "reuters21578.jsonl.gz"), text_column="body",
                           id_column="newid")


@pytest.mark.slow
@pytest.mark.parametrize("name", ["bbc", "reuters"])
def test_every_pair_agrees_with_its_occurrences_on_real_corpora(name):
    corpus = _shared_corpus(name)
    result = find_duplicates(corpus)
    assert len(result.pairs) > 100
    assert_numbers_follow_the_rule(result, corpus)
    assert result.passages.occurrences["n_words"].min() >= 25


@pytest.mark.slow
def test_later_holders_of_planted_wire_passages_are_paired_on_a_nine_outlet_corpus(tmp_path):
    from realworld import bbc_stories, make_outlet_corpus

    stories = bbc_stories(shared_path("corpora", "bbc", "articles"), per_label=60, seed=0, drop_duplicates=True)
    planted = make_outlet_corpus(stories, n_outlets=9, seed=1, wire_passages=30, copies=20)
    path = tmp_path / "outlets.jsonl"
    planted.docs[["doc_id", "outlet", "date", "title", "text"]].rename(columns={"doc_id": "id"}).to_json(
        path, orient="records", lines=True, force_ascii=False)
    corpus = load_corpus(path)
    result = find_duplicates(corpus)
    assert_numbers_follow_the_rule(result, corpus)
    listed = set(map(frozenset, zip(result.pairs["doc_a"], result.pairs["doc_b"])))
    later = [frozenset((a, b)) for _, wire in planted.wires.groupby("passage_id")
             for a in wire["doc_id"] for b in wire["doc_id"] if a < b and wire["source_doc_id"].iat[0] not in (a, b)]
    assert sum(pair in listed for pair in later) > len(later) / 10  # two re-publishers of one wire passage
