"""The report runner keeps going: a failure in any step of one notebook fails that notebook only; timeouts are
known by their type; column options reach every notebook; without a `newslab` kernel this Python runs them."""
from __future__ import annotations

import pytest

import newslab.report.kernel as kernel
import newslab.report.run as report
from newslab.errors import ParameterError
from newslab.report import run_report

from conftest import FIXTURES, ROOT, SEEDS

FIXTURE_NBS = FIXTURES / "notebooks"


def quiet(*_):
    pass


def fake_papermill(monkeypatch, behaviour):
    """papermill.execute_notebook replaced: `behaviour(input_path, output_path)` runs instead of a kernel."""
    import nbformat
    import papermill

    def execute(input_path, output_path, **kwargs):
        behaviour(input_path, output_path)
        nbformat.write(nbformat.read(input_path, as_version=4), output_path)

    monkeypatch.setattr(papermill, "execute_notebook", execute)


def test_html_conversion_failure_fails_that_notebook_and_the_others_run(tmp_path, monkeypatch):
    fake_papermill(monkeypatch, lambda i, o: None)
    real = report.notebook_to_html

    def convert(path, **kw):
        if "passes" in path.name:
            raise KeyError("an output nbconvert cannot render")
        return real(path, **kw)

    monkeypatch.setattr(report, "notebook_to_html", convert)
    manifest = run_report(SEEDS, tmp_path / "out", notebooks_dir=FIXTURE_NBS, log=quiet)
    runs = {r["name"]: r for r in manifest["notebooks"]}
    assert runs["00-passes"]["status"] == "failed" and "HTML conversion failed" in runs["00-passes"]["error"]
    assert runs["10-behaves"]["status"] == "ok"
    assert "HTML conversion failed" in (tmp_path / "out" / "00-passes.html").read_text()
    assert (tmp_path / "out" / "index.html").exists()


def test_a_crash_outside_the_kernel_fails_one_notebook_only(tmp_path, monkeypatch):
    def behaviour(i, o):
        if "passes" in str(i):
            raise MemoryError("papermill ran out of memory")

    fake_papermill(monkeypatch, behaviour)
    monkeypatch.setattr(report, "replace_dir", lambda *a: (_ for _ in ()).throw(OSError(28, "No space left on device"))
                        if "behaves" in str(a[1]) else report.os.replace(*a))
    manifest = run_report(SEEDS, tmp_path / "out", notebooks_dir=FIXTURE_NBS, log=quiet)
    errors = {r["name"]: r["error"] for r in manifest["notebooks"]}
    assert errors["00-passes"].startswith("MemoryError: papermill ran out of memory")
    assert "No space left on device" in errors["10-behaves"]
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]  # no working folders left


class NamedLikeATimeoutError(Exception):
    """Its name mentions Timeout, but it is not one: the runner must not call it a timeout."""


@pytest.mark.parametrize("raised, says", [
    (lambda: __import__("nbclient.exceptions", fromlist=["x"]).CellTimeoutError("cell ran 5 s"), "timed out after 5 s"),
    (lambda: TimeoutError("iopub"), "timed out after 5 s"),
    (lambda: NamedLikeATimeoutError("no"), "NamedLikeATimeoutError: no"),
])
def test_timeouts_are_recognised_by_type(tmp_path, monkeypatch, raised, says):
    def behaviour(i, o):
        raise raised()

    fake_papermill(monkeypatch, behaviour)
    manifest = run_report(SEEDS, tmp_path / "out", notebooks_dir=FIXTURE_NBS, only=["passes"], timeout=5, log=quiet)
    assert manifest["notebooks"][0]["error"] == says or manifest["notebooks"][0]["error"].startswith(says)


def test_column_options_reach_every_notebook_that_declares_them(tmp_path, monkeypatch):
    seen = {}
    import nbformat
    import papermill

    def execute(input_path, output_path, parameters, **kw):
        seen[input_path.rsplit("/", 1)[-1]] = parameters
        nbformat.write(nbformat.read(input_path, as_version=4), output_path)

    monkeypatch.setattr(papermill, "execute_notebook", execute)
    table = tmp_path / "t.csv"
    table.write_text("newid,body_text\n7,The council met on Tuesday and agreed a budget for schools.\n")
    run_report(table, tmp_path / "out", text_column="body_text", id_column="newid", log=quiet)
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    assert sorted(seen) == notebooks
    assert all(p["text_column"] == "body_text" and p["id_column"] == "newid" for p in seen.values())
    with pytest.raises(ParameterError, match="00-passes.ipynb: its parameters cell has no 'text_column'"):
        run_report(table, tmp_path / "o2", notebooks_dir=FIXTURE_NBS, text_column="body_text", log=quiet)


def test_a_missing_newslab_kernel_falls_back_to_this_python(monkeypatch, tmp_path):
    from jupyter_client.kernelspec import KernelSpecManager

    monkeypatch.setattr(KernelSpecManager, "find_kernel_specs", lambda self: {})
    assert kernel.kernel_uses_this_python("newslab") is True
    with pytest.raises(report.NewslabError, match="'other' is not installed"):
        kernel.kernel_uses_this_python("other")
    import sys

    manager = kernel.ipc_kernel_manager(tmp_path, this_python=True)(kernel_name="newslab")
    assert manager.kernel_spec.argv[0] == sys.executable
    assert manager.transport == "ipc" and manager.ip == str(tmp_path / "kernel")  # sockets private to this run
