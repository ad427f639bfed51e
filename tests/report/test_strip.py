"""Notebooks reach git without outputs: the clean filter `make install` registers, in a throwaway repository."""
from __future__ import annotations

import shutil
import subprocess
import sys

import nbformat
import pytest

from newslab.report.strip import strip_outputs

from conftest import ROOT


def executed_copy(path, target):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        cell.execution_count = i + 1
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="12 documents\n")]
        cell.metadata["execution"] = {"iopub.status.busy": "2026-11-21T17:00:00"}
    nb.metadata["papermill"] = {"parameters": {"corpus": "/x"}}
    nbformat.write(nb, target)


def test_stripping_a_stored_notebook_changes_nothing():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        text = path.read_text(encoding="utf-8")
        assert strip_outputs(text) == text, f"{path.name} would change when committed"


def test_git_stores_the_notebook_without_outputs(tmp_path):
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    source = ROOT / "notebooks" / "00-corpus-overview.ipynb"
    git = lambda *a: subprocess.run(["git", *a], cwd=tmp_path, capture_output=True, text=True, check=True)  # noqa: E731
    git("init", "-q")
    git("config", "filter.nbstrip.clean", f"{sys.executable} -m newslab.report.strip")
    shutil.copy(ROOT / ".gitattributes", tmp_path / ".gitattributes")
    executed_copy(source, tmp_path / "nb.ipynb")
    git("add", "nb.ipynb", ".gitattributes")
    stored = git("show", ":nb.ipynb").stdout
    assert stored == source.read_text(encoding="utf-8")
    assert "12 documents" in (tmp_path / "nb.ipynb").read_text()  # the working copy keeps its outputs
