"""The produced report, opened in a real headless Chromium: no failed requests, no console errors,
figures visible. Chromium comes from the system packages (installed here when missing, else skipped)."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from newslab.report import run_report

from conftest import SEEDS

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def find_or_install_chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip("chromium is not installed and this user cannot apt-get install it")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        if subprocess.run(cmd, env=env, capture_output=True, timeout=600).returncode != 0:
            pytest.skip(f"could not install chromium: `{' '.join(cmd)}` failed")
    return shutil.which("chromium") or pytest.skip("chromium still missing after apt-get install")


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    executable = find_or_install_chromium()
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("browser") / "reports"
    run_report(SEEDS, out, only=["corpus-overview"], log=lambda *a: None)
    return out


@pytest.mark.parametrize("page_name, min_images", [("index.html", 0), ("00-corpus-overview.html", 3)])
def test_page_loads_cleanly_with_visible_figures(browser, report_dir, tmp_path, page_name, min_images):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    failed, errors, remote = [], [], []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: remote.append(r.url) if r.url.startswith(("http:", "https:")) else None)
    page.goto((report_dir / page_name).as_uri(), wait_until="load")
    sizes = page.eval_on_selector_all(
        "img", "els => els.map(e => [e.naturalWidth, e.getBoundingClientRect().width, e.getBoundingClientRect().height])"
    )
    page.screenshot(path=str(tmp_path / f"{page_name}.png"), full_page=True)
    page.close()
    assert failed == [] and remote == [], f"requests failed or left the machine: {failed + remote}"
    assert errors == [], f"console errors: {errors}"
    visible = [s for s in sizes if s[0] > 0 and s[1] > 0 and s[2] > 0]
    assert len(visible) >= min_images, f"only {len(visible)} visible figures: {sizes}"
    assert (tmp_path / f"{page_name}.png").stat().st_size > 10_000
