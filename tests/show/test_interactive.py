"""Interactive tables and the explorer's markup: data a page can afford, inlined safely, scripts bundled once."""
from __future__ import annotations

import json
import re

import pandas as pd

from newslab.report.scripts import gather_scripts
from newslab.show.assets import LIBRARIES, VENDOR, safe_json
from newslab.show.interactive import EMBED_ROWS, rows_to_embed
from newslab.show.tables import format_columns, table_bundle


def payload(markup: str) -> dict:
    found = re.search(r'<script type="application/json" data-role="table-data">(.*?)</script>', markup, re.S)
    return json.loads(found.group(1))


def test_json_in_a_page_cannot_close_its_script_or_open_a_comment():
    hostile = '</script><script>alert(1)</script> <!-- x --> & \u2028'
    text = safe_json({"t": hostile})
    assert "</" not in text and "<!--" not in text and "<" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"t": hostile}  # the reader's text comes back unchanged


def test_the_interactive_table_holds_every_row_the_static_one_shows_twenty():
    table = pd.DataFrame({"outlet": ["A", "B"] * 50, "n": range(100),
                          "date": pd.date_range("2020-01-01", periods=100), "doc_id": [f"d{i}" for i in range(100)]})
    bundle = table_bundle(table, max_rows=20)
    markup = bundle["text/html"]
    assert markup.count("<tr>") == 21  # the static fallback: header and the first 20 rows
    data = payload(markup)
    assert len(data["rows"]) == 100 and data["total"] == 100 and data["page"] == 20
    specs = {c["name"]: c for c in data["columns"]}
    assert specs["outlet"]["filter"] == "select" and specs["outlet"]["options"] == ["A", "B"]
    assert specs["date"]["filter"] == "date" and specs["doc_id"]["doc"] is True
    assert "n" in specs and "filter" not in specs["n"]
    assert "… 80 more rows" in bundle["text/plain"]  # consoles and e-mail keep the short form


def test_a_table_over_the_budget_embeds_its_first_rows_and_says_so():
    wide = pd.DataFrame({"text": ["word " * 80] * 9_000})
    columns = format_columns(wide.head(EMBED_ROWS))
    n = rows_to_embed(columns)
    assert 1 <= n < EMBED_ROWS
    data = payload(table_bundle(wide, csv="x.csv")["text/html"])
    assert len(data["rows"]) == n and data["total"] == 9_000
    assert all(len(cell) <= 400 for row in data["rows"] for cell in row)


def test_corpus_markup_in_a_table_stays_inert():
    table = pd.DataFrame({"title": ['<script>window.__pwned=1</script>', "<!-- x"]})
    markup = table_bundle(table)["text/html"]
    assert "<script>window" not in markup and "<!-- x" not in markup
    assert payload(markup)["rows"] == [["<script>window.__pwned=1</script>"], ["<!-- x"]]


def test_titles_of_pairs_link_to_their_documents():
    from newslab.reuse.duplicates import with_titles

    corpus = pd.DataFrame({"doc_id": ["a", "b"], "title": ["A", "B"], "date": pd.to_datetime([None, None]),
                           "outlet": ["x", "y"]})
    pairs = pd.DataFrame({"doc_a": ["a"], "doc_b": ["b"], "kind": ["near"], "jaccard": [0.6]})
    data = payload(table_bundle(with_titles(pairs, corpus, brief=True))["text/html"])
    assert data["links"] == {"title_a": ["a"], "title_b": ["b"]}


def test_a_page_loads_each_library_once_at_its_end():
    tables = table_bundle(pd.DataFrame({"n": [1, 2]}))["text/html"]
    page = f"<html><body>{tables}{tables}<p>end</p></body></html>"
    framed = gather_scripts(page, documents_href="documents.html")
    assert framed.count('data-newslab-lib="tables"') == 1
    assert framed.index('data-newslab-lib="tables"') > framed.index("<p>end</p>")
    assert 'window.NEWSLAB_DOCUMENTS = "documents.html"' in framed
    assert gather_scripts("<html><body>plain</body></html>") == "<html><body>plain</body></html>"


def test_every_bundled_script_is_there_with_its_licence_and_cannot_end_a_script_early():
    for name, file in LIBRARIES.items():
        text = (VENDOR / file).read_text(encoding="utf-8")
        assert "</script" not in text.lower(), name
    for lib in ("sigma", "graphology"):
        assert (VENDOR / f"{lib}-LICENSE.txt").read_text().lower().count("permission is hereby granted") == 1


def test_a_topic_map_without_its_columns_is_a_one_line_error():
    import pytest

    from newslab.errors import ParameterError
    from newslab.show import topic_map

    with pytest.raises(ParameterError, match="points: lacks column"):
        topic_map(pd.DataFrame({"x": [0.0]}), pd.DataFrame({"doc_id": ["a"]}))
