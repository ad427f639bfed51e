"""A report page: an executed notebook as one self-contained HTML page inside the newslab frame.

The frame works for any notebook without per-notebook code: title "<analysis> — <corpus>", a bar linking
the index, the notebook and its data tables, the corpus and run date, a contents list, the parameters as one
resolved table (after the key findings), code hidden unless asked for, figures with their captions as alt text.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ..errors import ParameterError
from ..show.tables import ROLE, escape_markdown
from .index import render_index  # noqa: F401  (re-exported: run.py imports the page writers from here)
from .manifest import build_manifest, write_manifest  # noqa: F401
from .params import INJECTED, RUN_SET, parse_parameters_cell
from .scripts import gather_scripts

TEMPLATES = Path(__file__).resolve().parent / "templates"
_CONTENTS = "<!--newslab-contents-->"


@dataclass
class PageFrame:
    """What the page header says beyond the notebook itself (all links relative to the page)."""

    corpus_name: str
    corpus_summary: str = ""  # "12 documents, 2019-09-24 … 2019-09-30"
    run_date: str = ""
    data_files: list[str] = field(default_factory=list)
    notebook_href: str | None = None
    index_href: str = "index.html"
    report_dir: Path | None = None  # absolute links into it become relative
    documents_href: str | None = None  # the report's documents page: document ids in tables link to it


def corpus_description(summary: dict) -> str:
    """'12 documents, 2019-09-24 … 2019-09-30' from a corpus summary."""
    text = f"{summary['documents']:,} documents"
    if summary.get("first_date"):
        text += f", {summary['first_date']} … {summary['last_date']}"
    return text


def _value(value) -> str:
    return "none" if value is None else "empty" if value == "" else str(value)


def parameter_rows(nb) -> list[tuple[str, str, str]]:
    """(name, value as resolved, what it is) per parameter, read from the executed notebook itself."""
    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    try:
        declared = parse_parameters_cell(cells[0].source) if cells else {}
    except ParameterError:
        declared = {}
    given = dict(nb.metadata.get("papermill", {}).get("parameters", {}) or {})
    resolved = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            resolved.update(output.get("metadata", {}).get(ROLE, {}).get("resolved", {}))
    rows = []
    for name, param in declared.items():
        if name in INJECTED or name in RUN_SET:
            continue
        value = _value(given.get(name, param.default))
        if name in resolved and _value(resolved[name]) != value:
            value = f"{value} → {_value(resolved[name])}"
        help_text = re.sub(r",?\s*((int|float) in [\[(].*|one of:.*|[\[(]\s*-?[\d.eE+]+\s*,\s*(-?[\d.eE+]+|inf)\s*[\])])$",
                           "", param.help)
        rows.append((name, value, help_text))
    rows += [(name, _value(v), "chosen by the analysis") for name, v in resolved.items() if name not in declared]
    return rows


def _parameters_block(rows: list[tuple[str, str, str]]) -> str:
    e = html.escape
    if not rows:
        return ""
    line = " · ".join(f"{e(n)} <b>{e(v)}</b>" for n, v, _ in rows)
    table = "".join(f"<tr><td><code>{e(n)}</code></td><td>{e(v)}</td><td>{e(h)}</td></tr>" for n, v, h in rows)
    return (f'<details class="newslab-params"><summary>Parameters: {line}</summary>'
            f"<table><thead><tr><th>parameter</th><th>value</th><th>what it is</th></tr></thead>"
            f"<tbody>{table}</tbody></table></details>")


def _header_blocks(frame: PageFrame) -> tuple[str, str]:
    """The link bar (above the title) and the corpus line with the contents placeholder (below the intro)."""
    e = html.escape
    links = [f'<a href="{e(frame.index_href)}">← all reports</a>']
    if frame.notebook_href:
        links.append(f'<a href="{e(frame.notebook_href)}">notebook</a>')
    if frame.data_files:
        files = ", ".join(f'<a href="{e(f)}">{e(Path(f).name)}</a>' for f in frame.data_files)
        links.append(f"data: {files}")
    else:
        links.append("no data tables")
    bar = f'<nav class="newslab-bar">{" · ".join(links)}</nav>'
    corpus = f"Corpus <b>{e(frame.corpus_name)}</b>" + (f" ({e(frame.corpus_summary)})" if frame.corpus_summary else "")
    run = f" · run {e(frame.run_date)}" if frame.run_date else ""
    return bar, f'<p class="newslab-meta">{corpus}{run}</p>{_CONTENTS}'


def _raw_html(source: str):
    cell = nbformat.v4.new_raw_cell(source)
    cell.metadata["raw_mimetype"] = "text/html"
    cell.metadata["newslab_frame"] = True  # the template writes it unsanitised: newslab made it, not the notebook
    return cell


def _findings_position(cells) -> int | None:
    for i, cell in enumerate(cells):
        if any(o.get("metadata", {}).get(ROLE, {}).get("role") == "key-findings" for o in cell.get("outputs", [])):
            return i
    for i, cell in enumerate(cells):
        if cell.cell_type == "markdown" and re.search(r"^#+\s*Key findings", cell.source, re.M | re.I):
            following = [j for j in range(i + 1, len(cells)) if cells[j].cell_type == "code"][:1]
            return following[0] if following else i
    return None


_EMPTY_TBODY = re.compile(r"<table[^>]*>.*?<tbody>\s*</tbody>\s*</table>", re.S)


def _no_header_only_table(output):
    """A DataFrame shown without show_table and without rows becomes a sentence, not a header-only table."""
    markup = output.get("data", {}).get("text/html", "")
    if isinstance(markup, str) and "dataframe" in markup and _EMPTY_TBODY.search(markup):
        output.data = {"text/markdown": "*No rows.*", "text/plain": "No rows."}
    return output


def frame_notebook(nb, frame: PageFrame | None, *, show_code: bool = False):
    """The notebook as the page shows it: framed, parameters cells replaced by the resolved table."""
    rows = parameter_rows(nb)
    cells = []
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if "parameters" in tags or ("injected-parameters" in tags and not show_code):
            continue
        if cell.cell_type == "code":
            cell.outputs = [_no_header_only_table(o) for o in cell.outputs
                            if "resolved" not in o.get("metadata", {}).get(ROLE, {})]
        cells.append(cell)
    title_at = next((i for i, c in enumerate(cells) if c.cell_type == "markdown" and re.search(r"^# ", c.source, re.M)), None)
    if frame is not None:
        bar, meta = _header_blocks(frame)
        if title_at is not None:
            heading = re.search(r"^# (.+)$", cells[title_at].source, re.M)
            title = f"{heading.group(1).strip()} — {frame.corpus_name}"
            shown = f"{heading.group(1).strip()} — {escape_markdown(frame.corpus_name)}"  # a folder name is not markup
            cells[title_at].source = cells[title_at].source.replace(heading.group(0), f"# {shown}", 1)
            nb.metadata["title"] = title
        at = title_at if title_at is not None else -1
        cells.insert(at + 1, _raw_html(meta))
        cells.insert(max(at, 0), _raw_html(bar))
    params = _parameters_block(rows)
    if params:
        found = _findings_position(cells)
        frames = [i for i, c in enumerate(cells) if c.metadata.get("newslab_frame")]
        at = found if found is not None else (frames[-1] if frames else -1)  # else under the corpus line
        cells.insert(at + 1, _raw_html(params))
    nb.cells = cells
    return nb


def _contents(page: str) -> str:
    found = re.findall(r'<h2 id="([^"]+)">(.*?)<a class="anchor-link"', page)
    if len(found) < 2:
        return ""
    items = " · ".join(f'<a href="#{anchor}">{text}</a>' for anchor, text in found)
    return f'<nav class="newslab-contents">Contents: {items}</nav>'


def notebook_to_html(notebook_path: Path, *, show_code: bool = False, frame: PageFrame | None = None) -> str:
    """An executed notebook as one framed HTML page: figures embedded, no remote scripts or stylesheets."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="newslab_html",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=not show_code,
        exclude_input_prompt=not show_code,
        exclude_output_prompt=not show_code,
    )
    nb = frame_notebook(nbformat.read(notebook_path, as_version=4), frame, show_code=show_code)
    page, _ = exporter.from_notebook_node(nb)
    page = page.replace(_CONTENTS, _contents(page))
    if frame is not None and frame.report_dir is not None:
        root = frame.report_dir.resolve().as_posix().rstrip("/") + "/"
        page = page.replace(f'href="file://{root}', 'href="').replace(f'href="{root}', 'href="')
    return gather_scripts(page, documents_href=frame.documents_href if frame is not None else None)
