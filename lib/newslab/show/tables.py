"""How a notebook shows its results, so every report page reads the same way.

Conventions for notebooks (one line each):
- A table: ``show_table(df, csv=out / "pairs.csv", empty="No pairs at Jaccard 0.5 or above.")``: no index
  column, text left-aligned and wrapped, numbers right-aligned (whole numbers without ".0"), dates as dates,
  titles before ids; more than `max_rows` rows are cut with a link to the CSV; an empty table is the
  `empty` sentence.
- A figure: pass ``caption="…"`` to any `newslab.show` plot (or ``show_figure(fig, "…")`` for another
  Matplotlib figure). The caption is the image's alt text and is printed under it on the HTML page;
  without one, the figure describes its own data. A plot of nothing is a sentence (its ``empty=``).
- Key findings: under a "## Key findings" heading, ``show_findings(wing.key_findings(...))``
  (a Markdown bullet list, or a list of sentences). The report index shows its first bullet.
- Values a notebook chose itself (``n_topics="auto"`` → 4): ``note_resolved(n_topics=result.k)``; the page
  header's parameter table shows "auto → 4".
"""
from __future__ import annotations

import html
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .interactive import EMBED_ROWS, interactive_parts

ROLE = "newslab"  # output metadata key the report page reads
_WIDE_TEXT = 40  # characters above which a text column wraps instead of stretching the table
_CELL = "padding:.3em .7em;border-bottom:1px solid #e4e4e4;vertical-align:top;"


def _is_id(name: str) -> bool:
    return name == "doc_id" or name.endswith("_id") or name in ("doc_a", "doc_b", "first_doc", "representative")


def reading_order(columns: list[str]) -> list[str]:
    """Columns with every title column moved before the first id column (people read titles, not hashes)."""
    titles = [c for c in columns if "title" in c.lower()]
    first_id = next((i for i, c in enumerate(columns) if _is_id(c)), None)
    if first_id is None or not titles:
        return list(columns)
    rest = [c for c in columns if c not in titles]
    at = rest.index(columns[first_id])
    return rest[:at] + titles + rest[at:]


def _format_number(values: pd.Series) -> list[str]:
    finite = values[np.isfinite(values.astype(float))]
    if finite.empty or (finite == finite.round()).all():
        return ["" if pd.isna(v) else f"{int(v):,}" for v in values]
    top = finite.abs().max()
    decimals = 0 if top >= 1000 else 1 if top >= 10 else 2 if top >= 1 else 3
    return ["" if pd.isna(v) else f"{v:,.{decimals}f}" for v in values]


def _format_dates(values: pd.Series) -> list[str]:
    values = pd.to_datetime(values)
    with_time = (values.dropna() != values.dropna().dt.normalize()).any()
    fmt = "%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d"
    return ["" if pd.isna(v) else v.strftime(fmt) for v in values]


def _format_text(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, (list, tuple, np.ndarray)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)


def format_columns(table: pd.DataFrame) -> list[tuple[str, str, list[str]]]:
    """(name, kind, cell texts) per column in reading order; kind is number, date, id, wide or text."""
    labelled = table.index.name is not None or not pd.api.types.is_integer_dtype(table.index)  # e.g. counts by outlet
    frame = table.reset_index() if labelled else table.reset_index(drop=True)
    frame.columns = ["" if str(c) == "index" else str(c) for c in frame.columns]
    out = []
    for name in reading_order(list(frame.columns)):
        col = frame[name]
        if pd.api.types.is_bool_dtype(col):
            out.append((name, "text", ["yes" if v else "no" for v in col]))
        elif pd.api.types.is_numeric_dtype(col):
            out.append((name, "number", _format_number(col)))
        elif pd.api.types.is_datetime64_any_dtype(col):
            out.append((name, "date", _format_dates(col)))
        else:
            cells = [_format_text(v) for v in col]
            kind = "id" if _is_id(name) else "wide" if max(map(len, cells), default=0) > _WIDE_TEXT else "text"
            out.append((name, kind, cells))
    return out


_STYLE_BY_KIND = {
    "number": "text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums;",
    "date": "text-align:left;white-space:nowrap;",
    "id": "text-align:left;white-space:nowrap;color:#6e7781;font-size:85%;",
    "wide": "text-align:left;white-space:normal;min-width:14em;max-width:34em;overflow-wrap:anywhere;",
    "text": "text-align:left;white-space:nowrap;",
}


def _href(csv: str | os.PathLike) -> str:
    """An absolute path for the link; the report page makes it relative to itself."""
    return Path(csv).resolve().as_posix()


def table_bundle(table: pd.DataFrame, *, csv: str | os.PathLike | None = None, max_rows: int = 20,
                 empty: str = "No rows to show.") -> dict[str, str]:
    """The MIME bundle show_table displays: HTML for pages and JupyterLab, plain text for consoles."""
    if table is None or len(table) == 0:
        sentence = html.escape(empty)
        return {"text/html": f'<p class="newslab-empty">{sentence}</p>', "text/plain": empty}
    shown = table.head(max_rows)
    every = format_columns(table.head(EMBED_ROWS))  # the rows the interactive table may hold
    columns = [(name, kind, texts[:max_rows]) for name, kind, texts in every]
    head = "".join(
        f'<th style="{_CELL}{_STYLE_BY_KIND[kind].split(";")[0]};font-weight:600">{html.escape(name)}</th>'
        for name, kind, _ in columns
    )
    rows = []
    for i in range(len(shown)):
        cells = "".join(f'<td style="{_CELL}{_STYLE_BY_KIND[kind]}">{html.escape(texts[i])}</td>'
                        for _, kind, texts in columns)
        rows.append(f"<tr>{cells}</tr>")
    note = ""
    if len(table) > max_rows:
        note = f"Showing the first {max_rows:,} of {len(table):,} rows"
        if csv is not None:
            note += f'; all of them are in <a href="{html.escape(_href(csv))}">{html.escape(Path(csv).name)}</a>'
        note = f'<p class="newslab-more" style="color:#57606a;font-size:90%">{note}.</p>'
    elif csv is not None:
        note = (f'<p class="newslab-more" style="color:#57606a;font-size:90%">All rows are in '
                f'<a href="{html.escape(_href(csv))}">{html.escape(Path(csv).name)}</a>.</p>')
    markup = (
        '<div class="newslab-table" data-newslab-table style="overflow-x:auto;max-width:100%">'
        '<table class="newslab-static" style="border-collapse:collapse;table-layout:auto;font-size:13px;margin:.4em 0">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{note}"
        f"{interactive_parts(table, every, page=max_rows)}</div>"
    )
    plain = shown.to_string(index=False) + (f"\n… {len(table) - max_rows:,} more rows" if len(table) > max_rows else "")
    return {"text/html": markup, "text/plain": plain}


def show_table(table: pd.DataFrame, *, csv: str | os.PathLike | None = None, max_rows: int = 20,
               empty: str = "No rows to show.") -> None:
    """Display a DataFrame the report way (see the module docstring); an empty one as the `empty` sentence."""
    from IPython.display import display

    if max_rows < 1:
        from ..errors import ParameterError

        raise ParameterError(f"max_rows must be at least 1, got {max_rows}")
    display(table_bundle(table, csv=csv, max_rows=max_rows, empty=empty), raw=True)


def show_figure(figure, caption: str) -> None:
    """Display a Matplotlib figure as a PNG whose alt text (and caption on the page) is `caption`."""
    import io

    from IPython.display import display

    buf = io.BytesIO()
    figure.savefig(buf, format="png", dpi=100)
    display({"image/png": buf.getvalue(), "text/plain": caption}, metadata={"image/png": {"alt": caption}}, raw=True)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#|&~:!])")  # ":" stops URLs becoming links


def escape_markdown(text: str) -> str:
    """`text` with every character Markdown or HTML would act on backslash-escaped: corpus titles in a finding
    render as the words they are, never as markup or a script."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def findings_markdown(findings: str | list[str]) -> str:
    """Key findings as a Markdown bullet list, each sentence escaped (a string is taken as already written)."""
    if isinstance(findings, str):
        return findings
    return "\n".join(f"- {escape_markdown(line)}" for line in findings) or "- Nothing to report."


def show_findings(findings: str | list[str]) -> None:
    """Display the key findings, marked so the report index can quote the first one (as plain text)."""
    from IPython.display import display

    text = findings_markdown(findings)
    items = [findings] if isinstance(findings, str) else list(findings)
    display({"text/markdown": text, "text/plain": text}, metadata={ROLE: {"role": "key-findings", "items": items}},
            raw=True)


def note_resolved(**values) -> None:
    """Record values the notebook chose itself (e.g. the number of topics) for the page's parameter table."""
    from IPython.display import display

    clean = {k: v.item() if isinstance(v, np.generic) else v for k, v in values.items()}
    text = "Chosen by the analysis: " + " · ".join(f"{k} = {escape_markdown(str(v))}" for k, v in clean.items())
    display({"text/markdown": text, "text/plain": text}, metadata={ROLE: {"resolved": clean}}, raw=True)
