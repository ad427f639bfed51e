"""Interactive report pages: size and open time of every page of a report, on the seeds or on a bigger corpus.

Usage: python benchmarks/explore.py [REPORT_DIR]  (a folder `newslab report` wrote; default: renders the seeds
into a temporary folder). Open time is Chromium's loadEventEnd for a page opened from disk (file://), best of 3,
plus the time until every interactive part (tables, explorer, topic map) has drawn itself.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from _common import ROOT, machine

DRAWN = """() => [...document.querySelectorAll('[data-newslab-table]')].every(b => b.classList.contains('newslab-live'))
  && [...document.querySelectorAll('[data-role=network],[data-role=topic-map]')].every(b => b.getAttribute('data-ready'))"""


def measure(report: Path) -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("skipped: chromium not installed")
        return
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import CHROMIUM_FLAGS

    print(f"{machine()}; load average {os.getloadavg()[0]:.1f}")
    print(f"{'page':34} {'MB':>6} {'load ms':>8} {'drawn ms':>9}  errors")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        for path in sorted(report.glob("*.html")):
            best, drawn, errors = None, None, []
            for _ in range(3):
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.on("pageerror", lambda e: errors.append(str(e)))
                page.goto(path.as_uri(), wait_until="load")
                page.wait_for_function(DRAWN, timeout=10_000)
                load = page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
                ready = page.evaluate("() => performance.now()")
                best = load if best is None else min(best, load)
                drawn = ready if drawn is None else min(drawn, ready)
                page.close()
            print(f"{path.name:34} {path.stat().st_size / 1e6:6.2f} {best:8.0f} {drawn:9.0f}  {len(set(errors))}")
        browser.close()


def main() -> None:
    if len(sys.argv) > 1:
        measure(Path(sys.argv[1]))
        return
    from newslab.report import run_report

    with tempfile.TemporaryDirectory() as tmp:
        run_report(ROOT / "seeds", Path(tmp) / "report", log=lambda *a: None)
        measure(Path(tmp) / "report")


if __name__ == "__main__":
    main()
