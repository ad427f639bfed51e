"""HTML views for notebooks: marked spans, two documents side by side with their shared passages highlighted,
and the evidence sentences behind an entity pair."""
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


def wrap_spans(text: str, spans, opening) -> str:
    """`text` HTML-escaped, each (start, end, key) span wrapped in `opening(key)` … </mark>; overlaps are cut
    at the end of the span before them, so every character is escaped exactly once."""
    out, pos = [], 0
    for start, end, key in sorted(spans):
        start = max(start, pos)
        if end <= start:
            continue
        out.append(html.escape(text[pos:start]))
        out.append(f"{opening(key)}{html.escape(text[start:end])}</mark>")
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def highlight(text: str, spans: list[tuple[int, int, int]]) -> str:
    """`text` HTML-escaped, with each (start, end, passage_id) span wrapped in a coloured <mark>."""
    def opening(pid) -> str:
        return f'<mark title="passage {int(pid)}" style="background:{_PALETTE[int(pid) % len(_PALETTE)]}">'

    return wrap_spans(text, spans, opening).replace("\n\n", "<br><br>").replace("\n", "<br>")


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
        meta = " · ".join(x for x in (date, str(row["outlet"] or ""), d) if x)
        columns.append(
            f'<div style="flex:1;min-width:0;padding:0 .8em;border-left:3px solid #ddd">'
            f'<h4 style="margin:.2em 0">{html.escape(str(row["title"]))}</h4>'
            f'<div style="color:#666;font-size:85%;margin-bottom:.6em">{html.escape(meta)}</div>'
            f'<div style="font-size:90%;line-height:1.45">{highlight(str(row["text"]), spans)}</div></div>'
        )
    return HtmlView(f'{colour_key(sorted(shared), occ)}<div style="display:flex;gap:.5em">{"".join(columns)}</div>')


def colour_key(passage_ids: list[int], occurrences: pd.DataFrame) -> str:
    """A line naming each highlighted passage beside its colour (with its length in words), or saying there is none."""
    if not passage_ids:
        return '<div style="font-size:85%;color:#555">No shared passages to highlight.</div>'
    words = (occurrences.groupby("passage_id")["n_words"].max() if "n_words" in occurrences.columns
             else pd.Series(dtype="int64"))
    swatches = []
    for pid in passage_ids:
        size = f", {int(words[pid])} words" if pid in words.index else ""
        swatches.append(f'<span style="background:{_PALETTE[int(pid) % len(_PALETTE)]};padding:0 .4em;margin-right:.6em">'
                        f"passage {int(pid)}{size}</span>")
    return (f'<div style="font-size:85%;color:#555;margin:.3em 0">{len(passage_ids)} shared passage(s), '
            f'each in its own colour: {"".join(swatches)}</div>')


def evidence_html(table: pd.DataFrame, *, heading: str = "") -> str:
    """Evidence rows as an HTML list: the marked passage, then title, outlet and date (all corpus text escaped)."""
    items = []
    for row in table.itertuples():
        source = " · ".join(html.escape(str(v)) for v in (row.title, row.outlet,
                            row.date.date().isoformat() if pd.notna(row.date) else "") if v)
        items.append(f"<li><p>{row.html}</p><small>{source}</small></li>")
    head = f"<h4>{html.escape(heading)}</h4>" if heading else ""
    return f"{head}<ul class='newslab-evidence'>{''.join(items)}</ul>"


def before_after(doc: pd.Series | None, *, empty: str = "No boilerplate was cut from any document.") -> HtmlView:
    """One document as published, its cut boilerplate struck through, beside the text the analyses read."""
    if doc is None:
        return HtmlView(f"<p>{html.escape(empty)}</p>")
    spans = [tuple(map(int, part.split("-"))) + (0,) for part in str(doc["boilerplate_spans"]).split(";") if part]
    struck = wrap_spans(str(doc["raw_text"]), spans,
                        lambda _: '<mark title="boilerplate" style="background:#ffd6e0;text-decoration:line-through">')
    columns = [("As published (boilerplate struck through)", struck.replace("\n", "<br>")),
               ("As analysed", html.escape(str(doc["text"])).replace("\n", "<br>"))]
    meta = " · ".join(x for x in (str(doc.get("outlet") or ""), str(doc["doc_id"])) if x)
    body = "".join(f'<div style="flex:1;min-width:0;padding:0 .8em;border-left:3px solid #ddd">'
                   f'<h4 style="margin:.2em 0">{html.escape(head)}</h4>'
                   f'<div style="font-size:90%;line-height:1.45">{text}</div></div>' for head, text in columns)
    return HtmlView(f'<div style="color:#666;font-size:85%">{html.escape(str(doc["title"]))} · {html.escape(meta)}</div>'
                    f'<div style="display:flex;gap:.5em">{body}</div>')


def evidence_view(table: pd.DataFrame, *, heading: str = "") -> HtmlView:
    """evidence_html as something Jupyter shows as HTML (a plain string would be shown as its quoted source)."""
    return HtmlView(evidence_html(table, heading=heading))
