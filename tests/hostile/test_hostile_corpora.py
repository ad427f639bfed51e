"""Every hostile input ends in success (skips counted and named in one warning) or a one-line error naming
the input with exit code 2: never a traceback, a hang or a partial output. Run as `newslab corpus` would."""
from __future__ import annotations

import contextlib
import io
import signal
import warnings

import pandas as pd
import pytest

from newslab.cli import main
from newslab.corpus import load_corpus

from hostile_inputs import CASES, MARKUP

HANG_SECONDS = 120


@contextlib.contextmanager
def no_hang(seconds: int):
    def stop(*_):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run_corpus_command(*args: str) -> tuple[int, str]:
    """`newslab corpus ARGS` in this process: exit status and everything it wrote to stderr (warnings included)."""
    err = io.StringIO()
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stderr(err), no_hang(HANG_SECONDS):
        warnings.simplefilter("always")
        status = main(["corpus", *args])
    recorded = "".join(f"newslab: warning: {w.message}\n" for w in caught)
    return status, err.getvalue() + recorded


def params():
    return [pytest.param(name, marks=[pytest.mark.slow] if case.slow else [], id=name) for name, case in CASES.items()]


@pytest.mark.parametrize("name", params())
def test_hostile_input_ends_cleanly(tmp_path, name):
    case = CASES[name]
    source = case.make(tmp_path / "in")
    out = tmp_path / "out" / "corpus.parquet"
    status, stderr = run_corpus_command(str(source), "--out", str(out))
    assert "Traceback" not in stderr
    if case.ends == "error":
        assert status == 2, stderr
        lines = stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("newslab: error: "), stderr
        assert case.says in lines[0] and source.name in lines[0], lines[0]
        assert not out.exists()
    else:
        assert status == 0, stderr
        frame = pd.read_parquet(out)
        assert len(frame) >= 1 and frame["doc_id"].is_unique
        problems = [line for line in stderr.splitlines() if line.startswith("newslab: warning:")]
        if case.says:
            assert any(case.says in line for line in problems), stderr
            assert len([line for line in problems if "skipped" in line and "file(s)" in line]) <= 1, problems
        else:
            assert problems == [], problems
    if out.parent.exists():
        assert [p.name for p in out.parent.iterdir()] in ([], ["corpus.parquet"])  # no temp file left


def test_text_survives_verbatim(tmp_path):
    docs = load_corpus(CASES["markup, templates, markdown and LaTeX"].make(tmp_path))
    shown = set(docs["title"] + "\n\n" + docs["text"])
    for value in MARKUP.values():
        assert any(value.split(" The ")[0] in t for t in shown), value


def test_utf16_reads_as_the_same_text(tmp_path):
    le = load_corpus(CASES["UTF-16 LE with BOM"].make(tmp_path / "a"))
    be = load_corpus(CASES["UTF-16 BE with BOM"].make(tmp_path / "b"))
    assert le["text"].iloc[0].startswith("Café The council") and le["text"].iloc[0] == be["text"].iloc[0]


def test_encoded_tables_decode_to_the_right_characters(tmp_path):
    with pytest.warns(match="cp.csv: not valid UTF-8, read as cp1252"):
        cp = load_corpus(CASES["cp1252 CSV"].make(tmp_path))
    assert cp["text"].iloc[0].startswith("Café “quoted”")
    with pytest.warns(match="read as Latin-1"):
        latin = load_corpus(CASES["Latin-1 CSV"].make(tmp_path))
    assert "\ufffd" not in latin["text"].iloc[0] and latin["text"].iloc[0].startswith("Naïve résumé")


def test_archive_keeps_its_preamble_and_a_date_inside_a_post(tmp_path):
    docs = load_corpus(CASES["date line inside an archive post"].make(tmp_path), min_words=1)
    assert list(docs["title_source"]) == ["first_sentence", "post_title"]
    assert docs["text"].iloc[0] == "Intro before any post."
    assert "The deadline was\nMay 10, 2020\nand nobody met it." in docs["text"].iloc[1]


def test_labelled_folder_titles_only_files_in_sub_folders(tmp_path):
    root = tmp_path / "lab"
    (root / "sport").mkdir(parents=True)
    (root / "sport" / "a.txt").write_text("Team wins\n\nThe team won the final on Sunday night after extra time.")
    (root / "loose.txt").write_text("The committee said on Monday it would publish the report next week.\nMore lines.")
    docs = load_corpus(root).set_index("source_file")
    assert docs.loc["sport/a.txt", "title"] == "Team wins"
    assert docs.loc["loose.txt", "text"].startswith("The committee said")  # its first line is not taken away
    assert pd.isna(docs.loc["loose.txt", "label"])


def test_long_document_is_cut_with_one_warning_naming_it(tmp_path):
    (tmp_path / "long.txt").write_text("word " * 5000)
    (tmp_path / "short.txt").write_text("A short ordinary story about the weather today.")
    with pytest.warns(match=r"1 document\(s\) longer than max_doc_chars=1,000 .*long.txt"):
        docs = load_corpus(tmp_path, max_doc_chars=1000)
    assert docs["text"].str.len().max() <= 1000
    assert docs.set_index("source_file").loc["long.txt", "text"].endswith("word")  # cut at a word boundary


def test_bad_max_doc_chars_is_a_one_line_error(tmp_path):
    status, stderr = run_corpus_command(str(CASES["one-document corpus"].make(tmp_path)), "--out",
                                        str(tmp_path / "o.parquet"), "--max-doc-chars", "0")
    assert status == 2 and "--max-doc-chars must be at least 1" in stderr and stderr.count("\n") == 1


def test_many_skipped_files_make_one_warning_that_counts_them(tmp_path):
    root = tmp_path / "f"
    root.mkdir()
    (root / "a.txt").write_text("A perfectly ordinary news story about the weather and the harvest.")
    for i in range(25):
        (root / f"img{i:02d}.png").write_bytes(b"\x89PNG")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_corpus(root)
    assert len(caught) == 1
    message = str(caught[0].message)
    assert "skipped 25 file(s)" in message and "img00.png" in message and "… and 15 more" in message
