"""The data behind an interactive table: every row a page can afford, as cell texts, sortable and filterable.

Budgets (a report page must stay small and open fast): at most EMBED_ROWS rows and about EMBED_CHARS characters
of cells per table, each cell cut at CELL_CHARS characters; the rest is in the table's CSV, which the page links.
"""
from __future__ import annotations

import re

import pandas as pd

from .assets import data_tag, library_tag

EMBED_ROWS = 5_000
EMBED_CHARS = 600_000
CELL_CHARS = 400
FILTER_VALUES = 60  # a column with more distinct values than this gets no drop-down filter
_FILTERED = re.compile(r"(^|_)(outlet|label|source|site|category)s?($|_)", re.I)
DOC_COLUMNS = ("doc_id", "doc_a", "doc_b", "first_doc", "representative", "copy_of", "example_doc_id")


def rows_to_embed(columns: list[tuple[str, str, list[str]]], *, budget: int = EMBED_CHARS, limit: int = EMBED_ROWS) -> int:
    """How many leading rows fit the table's budget (at least one)."""
    total, n = 0, len(columns[0][2]) if columns else 0
    for i in range(min(n, limit)):
        total += sum(min(len(texts[i]), CELL_CHARS) + 3 for _, _, texts in columns)
        if total > budget:
            return max(i, 1)
    return min(n, limit)


def _cut(text: str) -> str:
    return text if len(text) <= CELL_CHARS else text[:CELL_CHARS - 1] + "…"


def _column_spec(name: str, kind: str, texts: list[str]) -> dict:
    spec = {"name": name, "kind": kind}
    if kind == "date":
        spec["filter"] = "date"
    elif _FILTERED.search(name):
        values = sorted({t for t in texts if t})
        if 1 < len(values) <= FILTER_VALUES:
            spec["filter"] = "select"
            spec["options"] = values
    if name in DOC_COLUMNS:
        spec["doc"] = True
    return spec


def doc_links(table: pd.DataFrame, n: int) -> dict[str, list[str]]:
    """Column → the document id each of its first `n` cells names (table.attrs["doc_links"]: Series by row)."""
    found = {}
    for column, ids in (table.attrs.get("doc_links") or {}).items():
        if column in table.columns and isinstance(ids, pd.Series):
            found[column] = ["" if pd.isna(v) else str(v) for v in ids.reindex(table.index[:n])]
    return found


def table_payload(columns: list[tuple[str, str, list[str]]], *, total: int, page: int,
                  links: dict[str, list[str]] | None = None) -> dict:
    """The JSON an interactive table reads: column specs, the embedded rows (cells as shown), the full count,
    and for columns that name documents by title the ids they link to."""
    n = rows_to_embed(columns)
    return {
        "columns": [_column_spec(name, kind, texts[:n]) for name, kind, texts in columns],
        "rows": [[_cut(texts[i]) for _, _, texts in columns] for i in range(n)],
        "links": {k: v[:n] for k, v in (links or {}).items()},
        "total": int(total),
        "page": int(page),
    }


def interactive_parts(table: pd.DataFrame, columns: list[tuple[str, str, list[str]]], *, page: int) -> str:
    """The inert data and the table script that turn a static table into a sortable, searchable, paged one."""
    payload = table_payload(columns, total=len(table), page=page, links=doc_links(table, EMBED_ROWS))
    return data_tag(payload, role="table-data") + library_tag("tables")

