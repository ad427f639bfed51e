"""The produced report, opened in a real headless Chromium: no failed requests, no console errors,
figures visible. Chromium comes from the system packages (`make browser`; the tests skip without it)."""
from __future__ import annotations

import pytest

from newslab.report import run_report

from conftest import SEEDS

pytestmark = pytest.mark.slow


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
