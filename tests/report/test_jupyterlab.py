"""A notebook as a researcher runs it: JupyterLab on 127.0.0.1 with `make lab`'s kernel settings, opened in
headless Chromium, every cell run on the newslab kernel, and no error output. Needs chromium (skipped without)."""
from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import pytest

from conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow  # JupyterLab, a kernel and a browser


def lab_flags() -> list[str]:
    """The flags `make lab` passes (one definition, in the Makefile)."""
    found = re.search(r"^LAB_FLAGS\s*:=\s*(.+)$", (ROOT / "Makefile").read_text(), re.M)
    assert found, "Makefile defines no LAB_FLAGS"
    return found.group(1).split()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab(tmp_path):
    """JupyterLab serving a copy of notebooks/ (beside a link to the seeds), stopped after the test."""
    pytest.importorskip("jupyterlab")
    (tmp_path / "notebooks").mkdir()
    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        shutil.copy(notebook, tmp_path / "notebooks")
    (tmp_path / "seeds").symlink_to(SEEDS)
    runtime = tempfile.mkdtemp(prefix="nl-lab-")  # short: IPC socket paths are limited to ~100 characters
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=runtime, JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"))
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={tmp_path / 'notebooks'}", "--LabApp.expose_app_in_browser=True", *lab_flags()]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(tmp_path / "lab.log", "w")
    server = subprocess.Popen(cmd, cwd=tmp_path / "notebooks", env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                assert server.poll() is None, (tmp_path / "lab.log").read_text()
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start in 60 s: " + (tmp_path / "lab.log").read_text()[-2000:])
        yield base, token, tmp_path
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        shutil.rmtree(runtime, ignore_errors=True)


CELLS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  return Array.from(panel.content.model.cells).filter(c => c.type === 'code')
    .map(c => ({count: c.executionCount, outputs: c.outputs.toJSON()}));
}"""


def run_all(page, base: str, token: str, notebook: str) -> str:
    """Open `notebook` in the lab, run every cell, wait until the kernel is idle; return the kernel's name."""
    page.goto(f"{base}/lab/tree/{notebook}?token={token}")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                           " && window.jupyterapp.shell.currentWidget.sessionContext", timeout=90_000)
    page.evaluate("async () => { const s = window.jupyterapp.shell.currentWidget.sessionContext; await s.ready; }")
    kernel = page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.name")
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(f"() => ({CELLS})().every(c => c.count !== null)"
                           " && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'idle'",
                           timeout=240_000, polling=500)
    return kernel


def test_notebook_runs_in_jupyterlab_without_errors(lab, browser):
    base, token, root = lab
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        kernel = run_all(page, base, token, "00-corpus-overview.ipynb")
        cells = page.evaluate(CELLS)
        stderr_shown = page.eval_on_selector_all('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]',
                                                 "es => es.map(e => e.innerText.slice(0, 300))")
        figures = page.eval_on_selector_all(".jp-RenderedImage img", "is => is.length")
    finally:
        page.close()
    assert kernel == "newslab"
    errors = [o for c in cells for o in c["outputs"] if o["output_type"] == "error"
              or (o["output_type"] == "stream" and o.get("name") == "stderr")]
    assert not errors, errors
    assert stderr_shown == []
    assert figures >= 3
    assert (root / "reports" / "data" / "corpus-overview" / "length_flags.csv").is_file()  # out_dir/<notebook name>/


def test_notebook_20_shows_the_network_explorer_in_jupyterlab(lab, browser):
    """Run in the lab (outputs of a cell run there are trusted), the explorer draws and its search finds an entity."""
    base, token, _ = lab
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        run_all(page, base, token, "20-entity-cooccurrence.ipynb")
        cells = page.evaluate(CELLS)
        box = page.locator('[data-role="network"]')
        box.scroll_into_view_if_needed()
        page.wait_for_function("() => document.querySelector('[data-role=network] canvas')", timeout=30_000)
        search = box.locator("input[type=search]")
        name = page.evaluate("() => document.querySelector('[data-role=network]').newslab.data.nodes[0][0]")
        search.fill(name)
        search.press("Enter")
        panel = box.locator(".nx-panel h3").inner_text(timeout=10_000)
        tables = page.eval_on_selector_all("[data-newslab-table]", "bs => bs.map(b => b.classList.contains('newslab-live'))")
    finally:
        page.close()
    assert not [o for c in cells for o in c["outputs"] if o["output_type"] == "error"]
    assert panel == name
    assert tables and all(tables)  # the tables are interactive in the lab too
    assert errors == [], errors
