"""A corpus holds each text once: cleaning leaves a clean text as it is, a text with nothing cut is one object in
`text` and `raw_text` (also when read back from a corpus dataset), and the chunked Arrow fast paths give exactly
what textparse's Python gives, word counts and cleaned texts alike."""
from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from newslab.corpus import boilerplate as boilerplate_module
from newslab.corpus import columns, load_corpus
from newslab.corpus.boilerplate import strip_boilerplate
from newslab.corpus.dataset import write_dataset
from newslab.corpus.textparse import clean_text, count_words

TRICKY = [
    "", "word", "don't U.S. Iran-backed 3.5 a.b.c a..b -x- _under_score_ x_y", "trailing space \nnext",
    "tab\t\nnext", "\nleading newline", "closing newline\n", "\r\nwindows\r\nlines\r\n", "old mac\rline",
    "vertical\x0b\nform\x0c\nseparators\x1c\x1d\x1e\x1f\nend", "inner\x0bvertical tab stays", "a\n\n\n\nb  ",
    "curly ’quotes’ and “more” — dash", "café naïve e\u0301", "no\u00a0break\u200bzero width", "日本語のテキスト 漢字",
    "Ünïcödé Wörter-Verbindung O’Brien’s", "  \n  \n", "12,000 people; 3:45 p.m. on 1.2.2024",
]


def test_word_counts_equal_count_words_on_ascii_and_other_texts(monkeypatch):
    monkeypatch.setattr(columns, "CHUNK", 7)  # several chunks, a short last one
    monkeypatch.setattr(columns, "COUNT_DOCS", 3)  # and slices of them counted from the bytes
    rng = np.random.default_rng(0)
    ascii_only = ["".join(rng.choice(list("ab Z9'.-_\n"), size=int(rng.integers(0, 12)))) for _ in range(2000)]
    mixed = ["".join(rng.choice(list("ab Z9'.-_\n\t’é日"), size=int(rng.integers(0, 30)))) for _ in range(300)]
    texts = TRICKY + ascii_only + mixed
    assert columns.word_counts(texts).tolist() == [count_words(t) for t in texts]


def test_clean_texts_equal_clean_text_and_keep_clean_texts_as_they_are(monkeypatch):
    monkeypatch.setattr(columns, "CHUNK", 4)
    rng = np.random.default_rng(1)
    alphabet = list("ab \n\r\t\x0b\x1f\u00a0\u200b’e\u0301")
    texts = TRICKY + ["".join(rng.choice(alphabet, size=int(rng.integers(0, 20)))) for _ in range(300)]
    cleaned = columns.clean_texts(texts)
    assert cleaned == [clean_text(t) for t in texts]
    for given, out in zip(texts, cleaned):
        if out == given:
            assert out is given  # no second copy of a text that was clean already
    text = "Clean already.\n\nTwo paragraphs."
    assert clean_text(text) is text


@pytest.fixture
def news_table(tmp_path):
    rng = np.random.default_rng(2)
    words = np.array("the a markets prices rose fell week minister said that club won lost film band new old".split())
    texts = ["\n\n".join(" ".join(rng.choice(words, 12)).capitalize() + "." for _ in range(3)) for _ in range(30)]
    frame = pd.DataFrame({"id": [f"d{i}" for i in range(30)], "title": [f"Title {i}" for i in range(30)],
                          "text": texts, "outlet": ["A", "B", "C"] * 10})
    path = tmp_path / "news.parquet"
    frame.to_parquet(path, row_group_size=7)  # read a batch at a time: several batches
    return path


def test_an_uncut_text_is_one_object_in_text_and_raw_text(news_table, tmp_path, monkeypatch):
    monkeypatch.setattr("newslab.corpus.files.PARQUET_BATCH", 3)  # row groups of 7 read 3 rows at a time
    corpus = load_corpus(news_table)
    assert len(corpus) == 30 and corpus["doc_id"].tolist() == [f"d{i}" for i in range(30)]
    assert all(r is t for r, t in zip(corpus["raw_text"], corpus["text"]))
    monkeypatch.setattr("newslab.corpus.files.PARQUET_BATCH", 5)  # parts of 12 in row groups of 5, 5 and 2
    dataset = write_dataset(corpus, tmp_path / "news-dataset.parquet", partition_rows=12)
    assert pq.ParquetFile(dataset / "part-00000.parquet").num_row_groups == 3
    back = load_corpus(dataset)
    pd.testing.assert_frame_equal(back, corpus)
    assert all(r is t for r, t in zip(back["raw_text"], back["text"]))  # read back: still one copy per text


def test_a_dataset_keeps_raw_text_where_boilerplate_was_cut(tmp_path):
    corpus = pd.DataFrame({"doc_id": ["a", "b", "c"], "source_file": "x.csv", "position": [0, 1, 2],
                           "text": ["body one", "body two", ""], "raw_text": ["By X\nbody one", "body two", None],
                           "n_words": [2, 2, 0], "title": "", "title_source": "", "date": pd.NaT, "outlet": "",
                           "source_title": "", "url": "", "captions": "", "is_empty": True, "text_hash": ""})
    back = load_corpus(write_dataset(corpus, tmp_path / "cut.parquet"))
    assert back["raw_text"].tolist() == ["By X\nbody one", "body two", None]
    assert back["raw_text"][1] is back["text"][1]


def test_boilerplate_is_learned_and_cut_the_same_a_group_and_a_chunk_at_a_time(monkeypatch):
    from conftest import shared_path
    from realworld import bbc_stories, make_outlet_corpus

    planted = make_outlet_corpus(bbc_stories(shared_path("corpora", "bbc", "articles"), per_label=20, seed=3), seed=4)
    docs = planted.docs[["doc_id", "text", "outlet"]].assign(source_file="x.jsonl").reset_index(drop=True)
    whole, table = strip_boilerplate(docs)
    assert (whole["text"] != whole["raw_text"]).sum() > 20 and whole["credits"].ne("").any()
    monkeypatch.setattr(boilerplate_module, "CUT_DOCS", 7)
    monkeypatch.setattr(boilerplate_module, "KEEP_LINES_DOCS", 0)  # each outlet's lines computed in both passes
    chunked, again = strip_boilerplate(docs)
    pd.testing.assert_frame_equal(again, table)
    pd.testing.assert_frame_equal(chunked, whole)


def test_texts_handed_to_arrow_keep_no_second_copy_inside():
    from newslab.corpus.templates import line_frame

    texts = ["Café prices rose — again.\n\nBy Anna Kowalski in Kraków", "Plain ASCII text.", "日本語 text"]
    sizes = [sys.getsizeof(t) for t in texts]
    columns.word_counts(texts), columns.clean_texts(texts), line_frame(texts), columns.arrow_texts(texts)
    assert [sys.getsizeof(t) for t in texts] == sizes  # CPython caches a string's UTF-8 when Arrow asks for it


def test_a_parquet_file_read_a_row_group_at_a_time_equals_pandas_reading_it_whole(tmp_path, monkeypatch):
    from newslab.corpus.files import read_parquet

    frame = pd.DataFrame({"text": [f"text {i}" for i in range(50)], "n": np.arange(50),
                          "label": pd.Categorical(["x", "y"] * 20 + ["z"] * 10),
                          "date": pd.date_range("2024-01-01", periods=50, tz="UTC")})
    frame.to_parquet(tmp_path / "t.parquet", row_group_size=10)  # the last row group brings a new category
    monkeypatch.setattr("newslab.corpus.files.PARQUET_BATCH", 4)  # and each is read in batches
    pd.testing.assert_frame_equal(read_parquet(tmp_path / "t.parquet"), pd.read_parquet(tmp_path / "t.parquet"))
