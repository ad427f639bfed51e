"""The display helpers and the page frame: what a reader sees of a table, a finding, a parameter."""
from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest

from newslab.show.tables import ROLE, findings_markdown, reading_order, table_bundle
from newslab.report.index import key_finding
from newslab.report.pages import PageFrame, frame_notebook, parameter_rows


def cells_of(markup: str) -> list[list[str]]:
    rows = re.findall(r"<tr>(.*?)</tr>", markup)
    return [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r) for r in rows]


def test_table_has_no_index_whole_numbers_and_dates_without_time():
    table = pd.DataFrame({"count": [12.0, 3.0], "date": pd.to_datetime(["2019-09-29", None]), "share": [0.4523, 0.1]},
                         index=[7, 9])
    head, first, second = cells_of(table_bundle(table)["text/html"])
    assert head == ["count", "date", "share"]  # the index (7, 9) is not a column
    assert first == ["12", "2019-09-29", "0.452"] and second == ["3", "", "0.100"]


def test_text_left_numbers_right_dates_never_wrap_and_long_text_wraps():
    table = pd.DataFrame({"title": ["A very long headline that goes on and on about the election results"],
                          "date": pd.to_datetime(["2019-09-29"]), "n_words": [579]})
    markup = table_bundle(table)["text/html"]
    cells = re.findall(r'<td style="([^"]*)">', markup)
    assert "white-space:normal" in cells[0] and "text-align:left" in cells[0]
    assert "white-space:nowrap" in cells[1]
    assert "text-align:right" in cells[2]


def test_titles_come_before_ids():
    assert reading_order(["doc_a", "doc_b", "jaccard", "title_a", "title_b"]) == ["title_a", "title_b", "doc_a", "doc_b", "jaccard"]
    assert reading_order(["flag", "doc_id", "title", "n_words"]) == ["flag", "title", "doc_id", "n_words"]
    assert reading_order(["a", "b"]) == ["a", "b"]


def test_long_tables_are_capped_with_a_link_to_the_csv(tmp_path):
    table = pd.DataFrame({"n": range(50)})
    markup = table_bundle(table, csv=tmp_path / "pairs.csv", max_rows=10)["text/html"]
    assert len(re.findall(r"<tr>", markup)) == 11  # header + 10
    assert "first 10 of 50 rows" in markup and f'href="{(tmp_path / "pairs.csv").as_posix()}"' in markup


def test_an_empty_table_is_one_sentence():
    bundle = table_bundle(pd.DataFrame(columns=["doc_a", "doc_b"]), empty="No near-duplicates at Jaccard 0.5.")
    assert "<table" not in bundle["text/html"] and "No near-duplicates at Jaccard 0.5." in bundle["text/html"]


def test_findings_are_a_bullet_list():
    assert findings_markdown(["2 posts share 6 passages.", "No duplicates."]) == "- 2 posts share 6 passages.\n- No duplicates."
    assert findings_markdown("- already written") == "- already written"


def _executed_notebook():
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('corpus: str = "../seeds"  # folder\nout_dir: str = "x"  # tables\n'
                                       'method: str = "auto"  # candidate generator, one of: auto, exact\n'
                                       'threshold: float = 0.5  # Jaccard [0, 1]')
    params.metadata["tags"] = ["parameters"]
    injected = nbformat.v4.new_code_cell('corpus = "/data/seeds"\nthreshold = 0.6')
    injected.metadata["tags"] = ["injected-parameters"]
    findings = nbformat.v4.new_code_cell("show_findings(...)")
    findings.outputs = [
        nbformat.v4.new_output("display_data", data={"text/markdown": "- 2 posts share 6 passages\n- none else"},
                               metadata={ROLE: {"role": "key-findings"}}),
        nbformat.v4.new_output("display_data", data={"text/markdown": "Chosen: method = exact"},
                               metadata={ROLE: {"resolved": {"method": "exact"}}}),
    ]
    nb.cells = [nbformat.v4.new_markdown_cell("# Duplicates\nWho copied whom."), params, injected,
                nbformat.v4.new_markdown_cell("## Key findings"), findings, nbformat.v4.new_markdown_cell("## Pairs")]
    nb.metadata["papermill"] = {"parameters": {"corpus": "/data/seeds", "out_dir": "/r/data", "threshold": 0.6}}
    return nb


def test_parameters_are_one_resolved_table():
    rows = parameter_rows(_executed_notebook())
    assert rows == [("method", "auto → exact", "candidate generator"), ("threshold", "0.6", "Jaccard")]


@pytest.mark.parametrize("show_code", [False, True])
def test_frame_titles_the_page_and_replaces_the_parameters_cells(show_code):
    nb = frame_notebook(_executed_notebook(), PageFrame(corpus_name="seeds", corpus_summary="12 documents",
                                                         data_files=["data/duplicates/pairs.csv"]), show_code=show_code)
    assert nb.metadata["title"] == "Duplicates — seeds"
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    assert ["parameters"] not in tags and (["injected-parameters"] in tags) == show_code
    raw = [c.source for c in nb.cells if c.cell_type == "raw"]
    assert 'href="index.html"' in raw[0] and 'href="data/duplicates/pairs.csv"' in raw[0]
    kinds = [c.cell_type for c in nb.cells]
    assert kinds.index("raw", kinds.index("code") if show_code else 3) > [i for i, c in enumerate(nb.cells)
                                                                         if "show_findings" in c.source][0]
    assert all("resolved" not in o.metadata.get(ROLE, {}) for c in nb.cells for o in c.get("outputs", []))


def test_a_corpus_folder_name_in_the_title_is_text_not_markup():
    from nbconvert.filters import markdown2html

    nb = frame_notebook(_executed_notebook(), PageFrame(corpus_name='<img src=x onerror="alert(1)">', corpus_summary=""))
    heading = next(c.source for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("# "))
    rendered = markdown2html(heading)
    assert "<img" not in rendered and "&lt;img" in rendered
    assert nb.metadata["title"] == 'Duplicates — <img src=x onerror="alert(1)">'  # the <title>, escaped by nbconvert


def test_index_quotes_the_first_key_finding(tmp_path):
    path = tmp_path / "nb.ipynb"
    nbformat.write(_executed_notebook(), path)
    assert key_finding(path) == "2 posts share 6 passages"


def test_helpers_display_bundles_with_the_metadata_the_page_reads(monkeypatch):
    import IPython.display

    from newslab.show import plots
    from newslab.show import tables as shown

    seen = []
    monkeypatch.setattr(IPython.display, "display", lambda data, metadata=None, raw=False: seen.append((data, metadata)))
    shown.show_figure(plots.histogram([1, 2], title="t", xlabel="x"), "Two documents.")
    shown.show_findings(["One.", "Two."])
    shown.note_resolved(n_topics=4)
    shown.show_table(pd.DataFrame({"n": [1]}))
    (png, png_meta), (md, md_meta), (_, resolved), (table, _) = seen
    assert png["image/png"].startswith(b"\x89PNG") and png_meta == {"image/png": {"alt": "Two documents."}}
    assert md["text/markdown"] == "- One.\n- Two." and md_meta == {ROLE: {"role": "key-findings", "items": ["One.", "Two."]}}
    assert resolved == {ROLE: {"resolved": {"n_topics": 4}}} and "<table" in table["text/html"]


def test_findings_render_corpus_text_as_text_never_markup():
    shown = findings_markdown(["Post <script>alert(1)</script> *copied* [x](y) & more", "see https://example.com/a"])
    assert shown.startswith("- Post \\<script\\>alert(1)\\</script\\> \\*copied\\* \\[x\\](y) \\& more\n- see https\\://")
    from nbconvert.filters import markdown2html

    rendered = markdown2html(shown)  # what the report page runs
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered and "<em>" not in rendered
    assert "<a " not in rendered and "https://example.com/a" in rendered
