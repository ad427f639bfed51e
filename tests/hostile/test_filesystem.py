"""File system and interruption: odd output paths, read-only and full disks, outputs inside the corpus, killed
runs. Each case fails with one line naming the path (exit 2), or works, never with a traceback."""
from __future__ import annotations

import nbformat
import pytest

from newslab.report import run_report

from conftest import SEEDS

TABLE_NOTEBOOK = '''
from newslab import show
import pandas as pd
out = show.setup(out_dir, "tables")
rows = pd.DataFrame({"n": range(30)})
rows.to_csv(out / "rows.csv", index=False)
show.table(rows, csv=out / "rows.csv", max_rows=5)
'''


def table_notebook(folder):
    """A notebook that shows a long table cut to 5 rows with a link to its CSV."""
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('corpus: str = "x"  # corpus\nout_dir: str = "/tmp/x"  # out')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(TABLE_NOTEBOOK)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / "00-tables.ipynb")
    return folder


@pytest.mark.slow
def test_a_non_ascii_out_folder_keeps_every_link_working(tmp_path):
    import re
    from urllib.parse import unquote

    out = tmp_path / "Résumé über" / "ré"
    manifest = run_report(SEEDS, out, notebooks_dir=table_notebook(tmp_path / "nbs"), log=lambda *a: None)
    assert [r["status"] for r in manifest["notebooks"]] == ["ok"], manifest["notebooks"]
    page = (out / "00-tables.html").read_text(encoding="utf-8")
    links = [unquote(h) for h in re.findall(r'href="([^"#]+)"', page) if not h.startswith(("http", "data:"))]
    assert "data/tables/rows.csv" in links  # the "all of them are in rows.csv" link, relative to the page
    missing = [h for h in links if not (out / h).exists()]
    assert not missing, missing


def newslab(*argv):
    """Run the CLI in-process: (exit status, stderr lines)."""
    import contextlib
    import io

    from newslab.cli import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main([str(a) for a in argv])
    return status, [line for line in err.getvalue().splitlines() if line.strip()]


def test_out_that_is_a_file_or_under_a_file_is_one_line_naming_it(tmp_path):
    a_file = tmp_path / "taken.txt"
    a_file.write_text("mine")
    for out in (a_file, a_file / "sub"):
        status, err = newslab("duplicates", SEEDS, "--out", out)
        assert status == 2 and len(err) == 1 and str(out) in err[0] and "file" in err[0], err
    with pytest.raises(Exception, match="is a file"):
        run_report(SEEDS, a_file / "report", log=lambda *a: None)
    assert a_file.read_text() == "mine"


def test_an_unwritable_out_is_refused_before_any_work(tmp_path, monkeypatch):
    import newslab.io as nio
    import newslab.reuse as reuse

    real = nio.atomic_path

    def refuse(target):
        if "locked" in str(target):
            raise PermissionError(13, "Permission denied", str(target))
        return real(target)

    monkeypatch.setattr(nio, "atomic_path", refuse)
    monkeypatch.setattr(reuse, "find_duplicates", lambda *a, **k: pytest.fail("the work started"))
    (tmp_path / "locked").mkdir()
    status, err = newslab("duplicates", SEEDS, "--out", tmp_path / "locked")
    assert status == 2 and err == [f"newslab: error: --out {tmp_path / 'locked'}: cannot be written (Permission denied)"]


def test_a_full_disk_leaves_the_previous_tables_whole_and_says_so_in_one_line(tmp_path, monkeypatch):
    import pandas as pd

    out = tmp_path / "dups"
    assert newslab("duplicates", SEEDS, "--out", out)[0] == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (out / "my-notes.txt").write_text("kept")
    real, calls = pd.DataFrame.to_csv, []

    def fill_up(frame, path, *args, **kwargs):
        calls.append(path)
        if len(calls) == 3:  # the disk fills up in the middle of the set
            raise OSError(28, "No space left on device", str(path))
        return real(frame, path, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_csv", fill_up)
    status, err = newslab("duplicates", SEEDS, "--out", out, "--threshold", "0.4")
    assert status == 2 and len(err) == 1 and "No space left on device" in err[0], err
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.name != "my-notes.txt"}
    assert after == before  # the old set, whole: no new pairs.csv beside an old passage_occurrences.csv
    assert (out / "my-notes.txt").read_text() == "kept"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no stage left behind


def test_a_new_set_of_tables_replaces_the_old_one_and_keeps_other_files(tmp_path):
    out = tmp_path / "dups"
    assert newslab("duplicates", SEEDS, "--out", out)[0] == 0
    (out / "my-notes.txt").write_text("kept")
    assert newslab("duplicates", SEEDS, "--out", out, "--threshold", "0.4")[0] == 0
    assert (out / "my-notes.txt").read_text() == "kept"
    assert {"pairs.csv", "passage_occurrences.csv"} <= {p.name for p in out.iterdir()}


def test_out_inside_the_corpus_is_refused(tmp_path):
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    for out in (corpus / "out", corpus):
        status, err = newslab("duplicates", corpus, "--out", out)
        assert status == 2 and len(err) == 1 and "inside the corpus folder" in err[0], err
    with pytest.raises(Exception, match="inside the corpus folder"):
        run_report(corpus, corpus / "report", log=lambda *a: None)
    assert sorted(p.name for p in corpus.iterdir()) == sorted(p.name for p in SEEDS.iterdir())


def test_a_cache_folder_that_is_a_file_or_read_only_is_a_warning_and_an_uncached_run(tmp_path, monkeypatch):
    import pandas as pd

    from newslab.entities.cache import AnnotationCache
    from newslab.errors import NewslabWarning

    rows = pd.DataFrame({"text_hash": ["ab12"], "kind": ["doc"], "idx": [-1], "start": [0], "end": [3],
                         "sent_idx": [-1], "label": [""], "text": [""]})
    a_file = tmp_path / "cache.txt"
    a_file.write_text("not a folder")
    with pytest.warns(NewslabWarning, match="cannot be written"):
        cache = AnnotationCache(a_file, "m")
    cache.add(rows)
    assert cache.lookup({"ab12"}).empty and a_file.read_text() == "not a folder"

    import newslab.entities.cache as cache_mod

    real = cache_mod.atomic_path

    def read_only(target):
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(cache_mod, "atomic_path", read_only)
    with pytest.warns(NewslabWarning, match="Permission denied"):
        cache = AnnotationCache(tmp_path / "ro", "m")
    cache.add(rows)
    monkeypatch.setattr(cache_mod, "atomic_path", real)
    assert cache.lookup({"ab12"}).empty


@pytest.mark.slow
def test_a_killed_report_says_it_did_not_finish_and_the_next_run_cleans_up(tmp_path):
    import json
    import os
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "report"
    quick = table_notebook(tmp_path / "quick")
    assert run_report(SEEDS, out, notebooks_dir=quick, log=lambda *a: None)["status"] == "complete"
    slow = table_notebook(tmp_path / "slow")
    nb = nbformat.read(slow / "00-tables.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import time; time.sleep(120)"))
    nbformat.write(nb, slow / "00-tables.ipynb")
    run = subprocess.Popen([sys.executable, "-m", "newslab.cli", "report", str(SEEDS), "--out", str(out),
                            "--notebooks", str(slow)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not any(p.name.startswith(".00-tables-") for p in out.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1)
    finally:
        os.killpg(run.pid, signal.SIGKILL)  # the run and its kernel, as when the terminal is closed
        run.wait()
    assert json.loads((out / "manifest.json").read_text())["status"] == "running"
    assert "has not finished" in (out / "index.html").read_text()
    assert any(p.name.startswith(".00-tables-") for p in out.iterdir())  # the killed run's stage
    manifest = run_report(SEEDS, out, notebooks_dir=quick, log=lambda *a: None)
    assert manifest["status"] == "complete" and "has not finished" not in (out / "index.html").read_text()
    assert not [p.name for p in out.iterdir() if p.name.startswith(".00-")]


def test_two_reports_into_one_folder_the_second_is_refused(tmp_path):
    from newslab.errors import ParameterError
    from newslab.report.progress import exclusive_run

    with exclusive_run(tmp_path):
        with pytest.raises(ParameterError, match="another newslab report is writing into this folder"):
            with exclusive_run(tmp_path):
                pass
    with exclusive_run(tmp_path):  # released when the run ends, and nothing left in the folder
        pass
    assert list(tmp_path.iterdir()) == []


def test_a_bad_option_leaves_no_empty_output_folder_behind(tmp_path):
    status, err = newslab("duplicates", SEEDS, "--out", tmp_path / "x" / "y", "--partial-share", "2")
    assert status == 2 and "--partial-share" in err[0] and not (tmp_path / "x").exists()
