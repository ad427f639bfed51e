"""A report of a hostile corpus, opened in headless Chromium: corpus text is shown as text, never run.

No script from the corpus runs, no element it spells out is created, no request leaves the page. Corpus text
also travels as data (interactive tables, the network explorer, the documents page): inside inert
<script type="application/json"> blocks, with every '<' escaped, and drawn as text by newslab's scripts."""
from __future__ import annotations

import pytest

import yaml

from newslab.report import run_report
from newslab.report.params import INJECTED, read_notebook_parameters

from conftest import ROOT
from hostile_inputs import MARKUP, STORY, csv_bytes, folder

FREE_TEXT_PARAMETERS = ("focus_entity", "group_column")
# paths, columns and addresses: a markup value there is a file, column or host that does not exist (one error line)
NOT_SHOWN_AS_TEXT = (*INJECTED, "text_column", "id_column", "aliases", "scheduler", "reuse_cache", "boilerplate",
                     "time_window", "fast_window")  # durations: markup there fails the report's pre-check in one line

pytestmark = pytest.mark.slow  # runs every notebook and a browser

PROBE = """() => ({
  pwned: window.__pwned === undefined ? null : window.__pwned,
  handlers: [...document.querySelectorAll('*')].flatMap(el => [...el.attributes]
              .filter(a => a.name.startsWith('on')).map(a => el.tagName + ' ' + a.name)),
  remote: [...document.querySelectorAll('[src],[href]')].map(el => el.getAttribute('src') || el.getAttribute('href'))
              .filter(u => /^(https?:|javascript:|\\/\\/)/i.test(u)),
  corpusScripts: [...document.querySelectorAll('script')].filter(s => s.type !== 'application/json')
                   .filter(s => s.textContent.includes('__pwned')).length,
  rawMarkupInData: [...document.querySelectorAll('script[type="application/json"]')]
                   .filter(s => /<\\/?script|<!--|<img/i.test(s.textContent)).length,
  dataBlocks: document.querySelectorAll('script[type="application/json"]').length,
  text: document.body.innerText,
})"""


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    body = " ".join([STORY] * 4)
    files = {f"{name}.txt": f"{text}\n\n{body}" for name, text in MARKUP.items()}
    files["outlets.csv"] = csv_bytes([
        {"id": f"<i>{i}</i>", "title": MARKUP["script"] if i % 2 else MARKUP["img"], "outlet": MARKUP[key],
         "date": f"2020-0{1 + i % 9}-1{i % 9}", "text": f"{MARKUP[key]} {body} Story {i} about {key}."}
        for i, key in enumerate(list(MARKUP) * 2)])
    files["rtl.txt"] = "ראש הממשלה \u202eevil\u202c مرحبا 東京\n\n" + body
    corpus = folder(root / "corpus", files)
    params = root / "params.yaml"  # every free-text parameter a page shows, spelled as markup
    params.write_text(yaml.safe_dump({"common": {name: MARKUP["script"] for name in FREE_TEXT_PARAMETERS}}))
    manifest = run_report(corpus, root / "report", params_file=params, log=lambda *a: None)
    return root / "report", manifest


def test_every_free_text_parameter_of_every_notebook_is_in_the_hostile_run():
    """A new string parameter (not a path, column or address, and not one of a list of choices) fails this test
    until the hostile report gives it markup and shows that it stays text."""
    free = set()
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        for name, p in read_notebook_parameters(path).items():
            if str in p.types and not p.choices and name not in NOT_SHOWN_AS_TEXT:
                free.add(name)
    assert free == set(FREE_TEXT_PARAMETERS)


def test_every_notebook_runs_on_the_hostile_corpus(hostile_report):
    _, manifest = hostile_report
    assert {r["status"] for r in manifest["notebooks"]} == {"ok"}, [r.get("error") for r in manifest["notebooks"]]


def test_hostile_text_is_shown_not_run(browser, hostile_report):
    out, manifest = hostile_report
    pages = ["index.html", "documents.html"] + [r["html"] for r in manifest["notebooks"]]
    shown_anywhere, data_blocks = "", 0
    for name in pages:
        page = browser.new_page()
        left, errors = [], []
        page.on("request", lambda r: left.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
        page.goto((out / name).as_uri(), wait_until="load")
        page.wait_for_timeout(300)  # let any deferred handler (onerror of a broken image) fire
        found = page.evaluate(PROBE)
        page.close()
        assert found["pwned"] is None, f"{name}: corpus script ran"
        assert found["handlers"] == [], f"{name}: event-handler attributes injected: {found['handlers'][:5]}"
        assert found["remote"] == [] and left == [], f"{name}: requests left the page: {found['remote'] + left}"
        assert found["corpusScripts"] == 0 and errors == [], (name, errors)
        assert found["rawMarkupInData"] == 0, f"{name}: corpus markup unescaped in a data block"
        data_blocks += found["dataBlocks"]
        shown_anywhere += found["text"]
    assert "window.__pwned = 1" in shown_anywhere  # the markup reached the pages, as visible text
    assert "onerror=" in shown_anywhere
    assert data_blocks > 0  # the interactive parts were there to attack
