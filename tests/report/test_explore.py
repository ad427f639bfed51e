"""The seeds report as a researcher explores it in headless Chromium: tables sort and search, the network
explorer finds an entity and shows the passages behind it, a document id opens the document's text; nothing
leaves the page and nothing logs an error. Hooks: every interactive table and the explorer hold an
input[type=search]; the explorer's container is [data-role=network]."""
from __future__ import annotations

import pytest

from test_browser import open_page

pytestmark = pytest.mark.slow  # the seeds report and a browser (both shared per session)


def page_named(out, prefix):
    return next(out.glob(f"{prefix}-*.html"))


def test_every_table_is_interactive_and_has_a_search_box(browser, seed_report):
    out, _ = seed_report
    for path in sorted(out.glob("[0-9][0-9]-*.html")):
        page, seen = open_page(browser, path)
        boxes = page.eval_on_selector_all("[data-newslab-table]", "bs => bs.map(b => [b.classList.contains('newslab-live'),"
                                          " !!b.querySelector('input[type=search]')])")
        page.close()
        assert boxes, f"{path.name}: no table"
        assert all(live and search for live, search in boxes), f"{path.name}: {boxes}"
        assert seen["errors"] == [] and seen["outside"] == [], (path.name, seen)


def test_a_table_sorts_by_a_column_and_searches_its_rows(browser, seed_report):
    out, _ = seed_report
    page, seen = open_page(browser, page_named(out, "00"))
    table = page.locator("[data-newslab-table]").filter(has=page.locator("th", has_text="n_words")).last
    cells = "(t, name) => { const ths = [...t.querySelectorAll('.newslab-sortable th')].map(h => h.textContent);"\
            " const i = ths.indexOf(name); return [...t.querySelectorAll('.newslab-sortable tbody tr')]"\
            ".map(r => r.children[i] ? r.children[i].textContent : null); }"
    table.locator(".newslab-sortable th", has_text="n_words").click()
    words = [int(w.replace(",", "")) for w in table.evaluate(cells, "n_words")]
    assert len(words) > 3 and words == sorted(words, reverse=True), words  # numbers first click: largest first
    table.locator(".newslab-sortable th", has_text="n_words").click()
    again = [int(w.replace(",", "")) for w in table.evaluate(cells, "n_words")]
    assert again == sorted(again), again
    titles = table.evaluate(cells, "title")
    word = "Trump"
    expected = [t for t in titles if word.lower() in t.lower()]
    assert 0 < len(expected) < len(titles)
    table.locator("input[type=search]").fill(word)
    shown = table.evaluate(cells, "title")
    assert sorted(shown) == sorted(expected), shown
    table.locator("input[type=search]").fill("no such words anywhere")
    assert table.locator(".newslab-sortable tbody tr").count() == 1  # one row saying nothing matches
    assert "No row matches" in table.locator(".newslab-sortable tbody").inner_text()
    page.close()
    assert seen["errors"] == [] and seen["outside"] == []


def test_the_network_explorer_finds_an_entity_and_shows_its_evidence(browser, seed_report):
    out, _ = seed_report
    page, seen = open_page(browser, page_named(out, "20"))
    box = page.locator('[data-role="network"]')
    assert box.count() == 1
    box.scroll_into_view_if_needed()
    canvas = box.locator("canvas")
    assert canvas.count() >= 1  # sigma drew into the page
    name = page.evaluate("() => document.querySelector('[data-role=network]').newslab.data.nodes"
                         ".filter(n => n[2] > 3)[3][0]")
    search = box.locator("input[type=search]")
    search.fill(name[:5])
    search.press("Enter")
    page.wait_for_timeout(500)  # the camera moves to it
    where = page.evaluate("""name => { const b = document.querySelector('[data-role=network]'), x = b.newslab;
        const key = String(x.data.nodes.findIndex(n => n[0] === name));
        const p = x.renderer.graphToViewport(x.graph.getNodeAttributes(key));
        const r = b.querySelector('.nx-stage').getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }""", name)
    page.locator(".nx-panel").evaluate("p => { p.textContent = ''; }")  # what follows comes from the click
    page.mouse.click(*where)
    page.wait_for_timeout(300)
    panel = box.locator(".nx-panel")
    assert panel.locator("h3").inner_text() == name
    evidence = panel.locator('[data-role="evidence"]').first
    assert evidence.locator("mark").count() >= 2  # both names of the pair marked in a passage
    assert name in evidence.inner_text() or "mark" in evidence.inner_html()
    page.close()
    assert seen["errors"] == [] and seen["outside"] == [], seen


def test_a_document_id_opens_the_documents_text(browser, seed_report, seed_corpus):
    out, _ = seed_report
    page, seen = open_page(browser, page_named(out, "00"))
    link = page.locator("[data-newslab-table] a[data-role=doc-link]").first
    doc_id = link.inner_text()
    link.click()
    page.wait_for_load_state("load")
    assert page.url.split("#")[0].endswith("/documents.html")
    reader = page.locator('[data-role="reader"]')
    row = seed_corpus.set_index("doc_id").loc[doc_id]
    assert reader.locator("h2").first.inner_text() == (row["title"] or "(untitled)")
    assert row["text"].split("\n")[0][:60] in reader.inner_text()
    page.close()
    assert seen["errors"] == [] and seen["outside"] == [], seen


def test_documents_page_marks_entities_and_shows_a_pair_side_by_side(browser, seed_report):
    out, _ = seed_report
    page, seen = open_page(browser, page_named(out, "30"))
    page.locator("a[data-role=pair-link]").first.click()
    page.wait_for_load_state("load")
    articles = page.locator('[data-role="reader"] section')
    assert articles.count() == 2
    assert page.locator('[data-role="reader"] .nd-shared').count() > 0  # the passages both share
    assert page.locator('[data-role="reader"] mark.nd-ent').count() > 0  # names the entity notebook found
    page.close()
    assert seen["errors"] == [] and seen["outside"] == [], seen


def test_pages_open_fast_and_stay_small(browser, seed_report):
    out, _ = seed_report
    for path in sorted(out.glob("*.html")):
        assert path.stat().st_size <= 6_000_000, f"{path.name}: {path.stat().st_size:,} bytes"
        page, _ = open_page(browser, path)
        loaded = page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
        page.close()
        assert loaded < 2_000, f"{path.name}: {loaded:.0f} ms to load"


def test_the_topic_map_shows_a_documents_title_on_hover_and_opens_it_on_click(browser, seed_report, seed_corpus):
    out, _ = seed_report
    page, seen = open_page(browser, page_named(out, "10"))
    chart = page.locator('[data-role="topic-map"]')
    chart.scroll_into_view_if_needed()
    dot = chart.locator("circle").first
    doc_id = dot.get_attribute("data-doc")
    dot.hover()
    row = seed_corpus.set_index("doc_id").loc[doc_id]
    tip = chart.locator(".tm-tip").inner_text()
    assert (row["title"] or doc_id) in tip and (row["outlet"] or "") in tip
    dot.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("documents.html#doc=" + doc_id.replace(":", "%3A"))
    assert page.locator('[data-role="reader"] h2').first.inner_text() == (row["title"] or "(untitled)")
    page.close()
    assert seen["errors"] == [] and seen["outside"] == [], seen


CLEAREST_EDGE = """() => { const b = document.querySelector('[data-role=network]'), x = b.newslab;
  const r = b.querySelector('.nx-stage').getBoundingClientRect();
  const at = k => x.renderer.graphToViewport(x.graph.getNodeAttributes(String(k)));
  const nodes = x.graph.nodes().map(at);
  let best = null;
  x.data.edges.forEach(e => { const a = at(e[0]), c = at(e[1]), m = {x: (a.x + c.x) / 2, y: (a.y + c.y) / 2};
    const clear = Math.min(...nodes.map(p => Math.hypot(p.x - m.x, p.y - m.y)));
    if (!best || clear > best[0]) best = [clear, r.left + m.x, r.top + m.y, x.data.nodes[e[0]][0], x.data.nodes[e[1]][0]]; });
  return best; }"""
VISIBLE_NODES = """() => { const x = document.querySelector('[data-role=network]').newslab;
  return x.graph.nodes().filter(k => !x.renderer.getNodeDisplayData(k).hidden).length; }"""


def test_a_click_on_a_line_shows_its_passages_and_filters_hide_entities(browser, seed_report):
    out, _ = seed_report
    page, seen = open_page(browser, page_named(out, "20"))
    box = page.locator('[data-role="network"]')
    box.scroll_into_view_if_needed()
    _, x, y, a, b = page.evaluate(CLEAREST_EDGE)
    page.mouse.click(x, y)
    evidence = box.locator('.nx-panel [data-role="evidence"]')
    assert evidence.locator("h4").inner_text().startswith(f"{a} – {b}")
    assert evidence.locator("mark").count() >= 2
    everyone = page.evaluate(VISIBLE_NODES)
    box.locator(".nx-min").fill("10")
    frequent = page.evaluate(VISIBLE_NODES)
    mentions = page.evaluate("() => document.querySelector('[data-role=network]').newslab.data.nodes.map(n => n[2])")
    assert frequent == sum(m >= 10 for m in mentions) < everyone
    box.locator(".nx-labels input[value=GPE]").uncheck()
    assert page.evaluate(VISIBLE_NODES) < frequent
    page.close()
    assert seen["errors"] == [] and seen["outside"] == [], seen
