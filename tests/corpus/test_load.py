"""load_corpus on the seeds, the BBC layout, tables, ids, captions and every kind of bad input."""
from __future__ import annotations

import gzip
import json
import warnings

import pandas as pd
import pytest

from newslab.corpus import corpus_hash, load_corpus, summarize_corpus
from newslab.errors import CorpusError, NewslabWarning

from conftest import SEEDS, shared_path


def test_seeds_give_twelve_documents(seed_corpus):
    df = seed_corpus
    assert len(df) == 12
    assert df["source_file"].value_counts().to_dict() == {
        "002_33de3122b3620273.txt": 10, "000_7afb8dda85272bda.txt": 1, "001_3127c393c494b689.txt": 1,
    }
    assert df["doc_id"].is_unique
    assert list(df.loc[df.source_file.str.startswith("002"), "position"]) == list(range(10))


def test_seed_archive_posts_have_titles_dates_and_outlets(seed_corpus):
    posts = seed_corpus[seed_corpus.source_file.str.startswith("002")]
    assert posts["date"].min() == pd.Timestamp("2019-09-24")
    assert posts["date"].max() == pd.Timestamp("2019-09-30")
    assert posts["outlet"][posts.outlet != ""].value_counts().to_dict() == {
        "The Times of Israel": 4, "DEBKAfile": 1, "Jerusalem Post": 1,
    }
    first = posts.iloc[0]
    assert first["title"] == "Iraqi PM blames Israel for spate of airstrikes targeting Iran-linked fighters"
    assert first["date"] == pd.Timestamp("2019-09-30")
    jpost = posts[posts.outlet == "Jerusalem Post"].iloc[0]
    assert jpost["source_title"] == "INSS expert: Trump has lost control of Iran standoff"
    assert not first["text"].startswith("Source:")


def test_seed_empty_posts_are_flagged(seed_corpus):
    empty = seed_corpus[seed_corpus.is_empty]
    titles = sorted(empty["title"])
    assert len(empty) == 4
    assert "Happy New Year, Jews!" in titles
    assert "One who believes is not afraid" in titles
    assert any(t.startswith("Off Topic:") for t in titles)
    assert any("נתניהו" in t for t in titles)  # right-to-left title kept intact


def test_untitled_seed_articles_get_first_sentence_titles(seed_corpus):
    loose = seed_corpus[~seed_corpus.source_file.str.startswith("002")]
    assert set(loose["title_source"]) == {"first_sentence"}
    assert loose.iloc[0]["title"].startswith("Israeli Prime Minister Benjamin Netanyahu")
    assert loose["date"].isna().all()


def test_captions_move_out_of_text(seed_corpus):
    first = seed_corpus.iloc[0]
    assert first["captions"] == "Featured image: President of Iran Hassan Rouhani. | Kremlin"
    assert "Featured image" not in first["text"]
    iraq = seed_corpus[seed_corpus.title.str.startswith("Iraqi PM")].iloc[0]
    assert "(AP Photo/Loay Hameed)" in iraq["captions"]
    assert "AP Photo" not in iraq["text"]
    assert "Iraqi Prime Minister Adel Abdul Mahdi said on Monday" in iraq["text"]


def test_subfolders_become_labels_and_first_line_is_title(small_corpus_dir):
    df = load_corpus(small_corpus_dir)
    assert df["label"].value_counts().to_dict() == {"economy": 5, "sport": 4}
    assert set(df["title_source"]) == {"first_line"}
    assert "Central bank raises interest rates" in set(df["title"])
    assert not df["text"].str.startswith("Central bank raises").any()


def test_doc_ids_are_stable_across_loads(small_corpus_dir):
    a, b = load_corpus(small_corpus_dir), load_corpus(small_corpus_dir)
    assert list(a["doc_id"]) == list(b["doc_id"])
    assert corpus_hash(a) == corpus_hash(b)
    assert corpus_hash(a) == corpus_hash(a.sample(frac=1, random_state=0))


def _rows():
    return [
        {"id": "a1", "text": "Rates rose again today in the capital, the bank said.", "title": "Rates", "date": "2020-01-02", "label": "econ"},
        {"id": "a2", "text": "The team won the final after extra time on Sunday night.", "title": "Final", "date": "2020-01-03", "label": "sport"},
    ]


@pytest.mark.parametrize("kind", ["csv", "tsv", "jsonl", "jsonl.gz", "parquet"])
def test_table_inputs(tmp_path, kind):
    rows, path = pd.DataFrame(_rows()), tmp_path / f"docs.{kind}"
    if kind == "csv":
        rows.to_csv(path, index=False)
    elif kind == "tsv":
        rows.to_csv(path, sep="\t", index=False)
    elif kind == "parquet":
        rows.to_parquet(path)
    else:
        opener = gzip.open if kind.endswith("gz") else open
        with opener(path, "wt", encoding="utf-8") as fh:
            fh.write("\n".join(json.dumps(r) for r in _rows()))
    df = load_corpus(path)
    assert list(df["doc_id"]) == ["a1", "a2"]
    assert list(df["title"]) == ["Rates", "Final"]
    assert list(df["label"]) == ["econ", "sport"]  # extra input columns are kept
    assert df["date"].iloc[1] == pd.Timestamp("2020-01-03")
    assert set(df["title_source"]) == {"column"}


def test_id_and_text_columns_can_be_named(tmp_path):
    path = tmp_path / "docs.csv"
    pd.DataFrame({"newid": [7, 9], "body": ["First story body text here.", "Second story body text."]}).to_csv(path, index=False)
    df = load_corpus(path, text_column="body", id_column="newid")
    assert list(df["doc_id"]) == ["7", "9"]
    assert df["text"].iloc[0] == "First story body text here."


def test_duplicate_ids_are_an_error(tmp_path):
    path = tmp_path / "docs.csv"
    pd.DataFrame({"id": [1, 1], "text": ["a b c", "d e f"]}).to_csv(path, index=False)
    with pytest.raises(CorpusError, match="duplicate"):
        load_corpus(path)


def test_cp1252_file_is_read_with_a_warning(tmp_path):
    (tmp_path / "old.txt").write_bytes("Caf\xe9 owners \x93welcome\x94 the new rules, the council said.".encode("latin-1"))
    with pytest.warns(NewslabWarning, match="old.txt"):
        df = load_corpus(tmp_path)
    assert "Café owners “welcome”" in df["text"].iloc[0]


def _write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


BAD_INPUTS = {
    "missing path": (lambda p: p / "missing", "no such file"),
    "empty folder": (lambda p: _write(p / "empty" / ".keep", b"").parent, "folder is empty"),
    "folder without text": (lambda p: _write(p / "imgs" / "a.png", b"\x89PNG").parent, "has no"),
    "empty file": (lambda p: _write(p / "blank.txt", b""), "no readable text"),
    "binary file": (lambda p: _write(p / "bin.txt", b"\x00\x01\x02binary"), "binary"),
    "binary csv": (lambda p: _write(p / "t.csv", b"\x00\x01id,text\n"), "binary file, not a csv table"),
    "csv without text column": (lambda p: _write(p / "t.csv", "id,body_html\n1,x\n"), "no text column 'text'"),
    "broken jsonl": (lambda p: _write(p / "t.jsonl", "{not json\n"), "cannot be read as jsonl"),
    "unsupported type": (lambda p: _write(p / "doc.pdf", b"%PDF"), "unsupported file type"),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_names_the_path(tmp_path, case):
    make, match = BAD_INPUTS[case]
    path = make(tmp_path)
    with pytest.raises(CorpusError, match=match) as info:
        load_corpus(path)
    assert str(path) in str(info.value)


def test_binary_file_inside_a_good_folder_is_skipped_with_one_warning(tmp_path):
    (tmp_path / "good.txt").write_text("A perfectly ordinary news story about the weather and the harvest.")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x00\xffjunk")
    (tmp_path / "worse.md").write_bytes(b"\x00junk")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = load_corpus(tmp_path)
    ours = [w for w in caught if issubclass(w.category, NewslabWarning)]
    assert len(ours) == 1 and "bad.txt" in str(ours[0].message) and "worse.md" in str(ours[0].message)
    assert len(df) == 1


def test_summary_counts(seed_corpus):
    s = summarize_corpus(seed_corpus)
    assert (s["documents"], s["empty"], s["first_date"], s["last_date"]) == (12, 4, "2019-09-24", "2019-09-30")


@pytest.mark.slow
def test_bbc_folder():
    root = shared_path("corpora", "bbc", "articles")
    with pytest.warns(NewslabWarning, match="sport/199.txt"):
        df = load_corpus(root)
    assert len(df) == 2225
    assert df["label"].nunique() == 5
    assert df.loc[df.source_file == "business/001.txt", "title"].iloc[0] == "Ad sales boost Time Warner profit"
    assert not df["text"].str.contains("\ufffd").any()


@pytest.mark.slow
def test_reuters_jsonl_gz():
    path = shared_path("corpora", "reuters21578", "reuters21578.jsonl.gz")
    df = load_corpus(path, text_column="body", id_column="newid")
    assert len(df) == 21578 and df["doc_id"].is_unique
    assert df["date"].notna().mean() > 0.99
