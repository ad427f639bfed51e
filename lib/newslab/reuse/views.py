"""HTML views for notebooks: two documents side by side with their shared passages highlighted."""
from __future__ import annotations

import html

import pandas as pd

from ..errors import ParameterError

_PALETTE = ["#fff3a3", "#c8f0c8", "#cde3ff", "#ffd6e0", "#e4d4ff", "#ffe0b8"]


class HtmlView:
    """A piece of HTML that Jupyter renders (and nbconvert keeps in the report)."""

    def __init__(self, markup: str):
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __str__(self) -> str:
        return self.markup


def highlight(text: str, spans: list[tuple[int, int, int]]) -> str:
    """`text` HTML-escaped, with each (start, end, passage_id) span wrapped in a coloured <mark>."""
    out, pos = [], 0
    for start, end, pid in sorted(spans):
        start = max(start, pos)
        if end <= start:
            continue
        out.append(html.escape(text[pos:start]))
        colour = _PALETTE[int(pid) % len(_PALETTE)]
        out.append(f'<mark title="passage {int(pid)}" style="background:{colour}">{html.escape(text[start:end])}</mark>')
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out).replace("\n\n", "<br><br>").replace("\n", "<br>")


def side_by_side(corpus: pd.DataFrame, doc_a: str, doc_b: str, occurrences: pd.DataFrame | None = None) -> HtmlView:
    """Two documents in columns; passages they share (from find_passages' occurrences) highlighted alike."""
    docs = corpus.set_index("doc_id")
    for d in (doc_a, doc_b):
        if d not in docs.index:
            raise ParameterError(f"no document {d!r} in the corpus")
    occ = occurrences if occurrences is not None else pd.DataFrame(columns=["passage_id", "doc_id", "start_char", "end_char"])
    shared = set(occ.loc[occ["doc_id"] == doc_a, "passage_id"]) & set(occ.loc[occ["doc_id"] == doc_b, "passage_id"])
    columns = []
    for d in (doc_a, doc_b):
        row = docs.loc[d]
        mine = occ[(occ["doc_id"] == d) & occ["passage_id"].isin(shared)]
        spans = list(zip(mine["start_char"], mine["end_char"], mine["passage_id"]))
        date = row["date"].date().isoformat() if pd.notna(row["date"]) else "undated"
        meta = " · ".join(x for x in (date, str(row["outlet"] or ""), html.escape(d)) if x)
        columns.append(
            f'<div style="flex:1;min-width:0;padding:0 .8em;border-left:3px solid #ddd">'
            f'<h4 style="margin:.2em 0">{html.escape(str(row["title"]))}</h4>'
            f'<div style="color:#666;font-size:85%;margin-bottom:.6em">{html.escape(meta)}</div>'
            f'<div style="font-size:90%;line-height:1.45">{highlight(str(row["text"]), spans)}</div></div>'
        )
    note = f"{len(shared)} shared passage(s) highlighted" if shared else "no shared passages"
    return HtmlView(f'<div style="font-size:85%;color:#555">{note}</div><div style="display:flex;gap:.5em">{"".join(columns)}</div>')


def table_or_sentence(frame: pd.DataFrame, empty: str, *, head: int = 20):
    """The first `head` rows of `frame`, or one Markdown sentence when it has none (never a header-only table)."""
    if len(frame):
        return frame.head(head)
    from IPython.display import Markdown

    return Markdown(empty)


def findings_markdown(findings: list[str]):
    """Key findings as rendered Markdown (a bullet list, or one sentence)."""
    from IPython.display import Markdown

    from .findings import as_markdown

    return Markdown(as_markdown(findings))
