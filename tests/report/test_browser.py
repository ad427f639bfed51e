"""The seeds report as a reader opens it in headless Chromium: a meaningful title per page, a way back to the
index, no code, no header-only tables, every figure described, no console errors, nothing fetched from outside.
Chromium is Debian's package (`make browser`); without it these tests are skipped."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow  # the browser and shared `browser` fixture come from conftest


def open_page(browser, path):
    """The page at `path` after load, with what it requested and logged."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    seen = {"outside": [], "failed": [], "errors": []}
    page.on("request", lambda r: seen["outside"].append(r.url) if not r.url.startswith(("file:", "data:", "about:")) else None)
    page.on("requestfailed", lambda r: seen["failed"].append(r.url))
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.goto(path.as_uri(), wait_until="load")
    return page, seen


VISIBLE = "es => es.filter(e => e.offsetHeight > 0)"


def test_report_pages_read_like_reports(browser, seed_report):
    out, manifest = seed_report
    pages = sorted(out.glob("[0-9][0-9]-*.html"))
    assert len(pages) == len(manifest["notebooks"]) >= 3
    titles = []
    for path in pages:
        page, seen = open_page(browser, path)
        title = page.title()
        titles.append(title)
        code = page.eval_on_selector_all(".jp-CodeCell .jp-InputArea", f"{VISIBLE}.length")
        empty_tables = page.eval_on_selector_all("table", f"ts => ({VISIBLE})(ts).filter(t => !t.querySelector('tbody tr')).length")
        images = page.eval_on_selector_all("img", "is => is.map(i => [i.alt, i.naturalWidth])")
        back = page.eval_on_selector_all('a[href="index.html"]', f"{VISIBLE}.length")
        findings_heading = page.eval_on_selector_all("h2", "hs => hs.map(h => h.textContent)")
        page.close()
        name = path.name
        assert title.endswith(" — seeds") and title != "Notebook", f"{name}: title {title!r}"
        assert back >= 1, f"{name}: no visible link back to index.html"
        assert code == 0, f"{name}: {code} code cells visible"
        assert empty_tables == 0, f"{name}: {empty_tables} header-only tables"
        assert images and all(w > 0 for _, w in images), f"{name}: a figure did not load"
        undescribed = [alt for alt, _ in images if not alt or alt.startswith(("No description", "Figure without"))]
        assert not undescribed, f"{name}: figures without a description"
        assert seen["outside"] == [] and seen["failed"] == [], f"{name}: requests {seen}"
        assert seen["errors"] == [], f"{name}: console errors {seen['errors']}"
        if name.startswith("00-"):
            assert findings_heading[0].startswith("Key findings"), findings_heading
    assert len(set(titles)) == len(titles), titles


def test_index_page_has_a_card_per_report_with_working_links(browser, seed_report):
    out, manifest = seed_report
    page, seen = open_page(browser, out / "index.html")
    cards = page.eval_on_selector_all(".card", "cs => cs.map(c => c.innerText)")
    hrefs = page.eval_on_selector_all(".card a", "as => as.map(a => a.getAttribute('href'))")
    page.close()
    assert len(cards) == len(manifest["notebooks"])
    assert seen["errors"] == [] and seen["outside"] == []
    assert "12 documents" in cards[0] and "ok" in cards[0]
    for href in hrefs:
        assert (out / href).is_file(), f"index links to a missing file: {href}"
    assert "data/corpus-overview/length_flags.csv" in hrefs
