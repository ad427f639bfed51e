"""documents.html: every document of the report's corpus to read, entities marked and boilerplate greyed where
known, and any two side by side (document ids in tables link here: #doc=ID, #pair=A|B).

Entities are the names notebook 20 wrote (aliases.csv, else nodes.csv), found again in each text; boilerplate
is the corpus's `boilerplate_spans` ("start-end;…" into `raw_text`) when it has them. Budget: a text is cut at
TEXT_CHARS characters and, past TOTAL_CHARS for the page, at SHORT_CHARS (the page says so).
"""
from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd

from ..show.assets import data_tag, library

DOCUMENTS = "documents.html"  # beside index.html
TEXT_CHARS = 30_000
TOTAL_CHARS = 9_000_000
SHORT_CHARS = 1_500
_WORD = re.compile(r"\w+")


def known_names(data_dir: Path) -> dict[str, str]:
    """Entity spelling → label, from notebook 20's nodes.csv (canonical names) and aliases.csv (their other
    spellings); empty when the notebook did not run."""
    folder = Path(data_dir) / "entity-cooccurrence"
    names: dict[str, str] = {}
    for name, column in (("aliases.csv", "alias"), ("nodes.csv", "entity")):
        try:
            table = pd.read_csv(folder / name, usecols=[column, "label"], dtype=str, keep_default_na=False)
        except (OSError, ValueError, pd.errors.ParserError):
            continue
        names.update((n, lab) for n, lab in zip(table[column], table["label"]) if len(n) > 1)
    return names


def entity_spans(text: str, names: dict[str, str]) -> list[tuple[int, int, str]]:
    """(start, end, label) of every known name in `text`, whole words only, longest name first at a position."""
    by_first: dict[str, list[str]] = {}
    for name in sorted(names, key=len, reverse=True):
        first = _WORD.match(name)
        if first:
            by_first.setdefault(first.group(0), []).append(name)
    spans, end = [], 0
    for word in _WORD.finditer(text):
        if word.start() < end or word.group(0) not in by_first:
            continue
        for name in by_first[word.group(0)]:
            stop = word.start() + len(name)
            if text.startswith(name, word.start()) and not (stop < len(text) and (text[stop].isalnum() or text[stop] == "_")):
                spans.append((word.start(), stop, names[name]))
                end = stop
                break
    return spans


def passage_spans(data_dir: Path) -> dict[str, list[list[int]]]:
    """doc_id → [start, end, passage_id] of the recurring passages notebook 30 found (offsets into `text`)."""
    try:
        table = pd.read_csv(Path(data_dir) / "duplicates" / "passage_occurrences.csv",
                            usecols=["passage_id", "doc_id", "start_char", "end_char"], dtype={"doc_id": str})
    except (OSError, ValueError, pd.errors.ParserError):
        return {}
    spans: dict[str, list[list[int]]] = {}
    for pid, doc, start, end in table.itertuples(index=False):
        spans.setdefault(doc, []).append([int(start), int(end), int(pid)])
    return spans


def boilerplate_spans(value) -> list[tuple[int, int]]:
    """'12-40;80-95' → [(12, 40), (80, 95)]; anything else → []."""
    if not isinstance(value, str):
        return []
    return [(int(a), int(b)) for a, b in re.findall(r"(\d+)-(\d+)", value) if int(b) > int(a)]


def in_published(spans: list[list[int]], analysed: str, published: str) -> list[list[int]]:
    """Passage spans (offsets into the analysed text) as offsets into the text as published, found in order; a
    passage that a cut line split in two is left out rather than marked wrongly."""
    moved, pos = [], 0
    for start, end, pid in sorted(spans):
        at = published.find(analysed[start:end], pos)
        if at >= 0:
            moved.append([at, at + end - start, pid])
            pos = at
    return moved


def documents_payload(docs: pd.DataFrame, *, names: dict[str, str], passages: dict | None = None) -> dict:
    """Rows [doc_id, title, outlet, date, text, entity spans, boilerplate spans, cut, passage spans] within the
    page budget: a document is shown as published where boilerplate was cut from it (greyed), else as analysed;
    passage offsets (into `text`) are moved to the text shown."""
    raw = "raw_text" in docs.columns and "boilerplate_spans" in docs.columns
    labels = sorted(set(names.values()))
    code = {lab: i for i, lab in enumerate(labels)}
    rows, used = [], 0
    for row in docs.itertuples(index=False):
        # as published where boilerplate was cut (greyed), else the analysed text, where passage offsets point
        as_published = raw and isinstance(row.raw_text, str) and bool(boilerplate_spans(row.boilerplate_spans))
        text = str(row.raw_text if as_published else row.text or "")
        limit = TEXT_CHARS if used < TOTAL_CHARS else SHORT_CHARS
        cut = len(text) > limit
        text = text[:limit]
        used += len(text)
        ents = [[s, e, code[lab]] for s, e, lab in entity_spans(text, names)]
        boiler = [[s, min(e, len(text))] for s, e in boilerplate_spans(row.boilerplate_spans if as_published else None)
                  if s < len(text)]
        date = "" if pd.isna(row.date) else pd.Timestamp(row.date).date().isoformat()
        mine = (passages or {}).get(str(row.doc_id), [])
        shared = [p for p in (in_published(mine, str(row.text or ""), text) if as_published else mine) if p[1] <= len(text)]
        rows.append([str(row.doc_id), str(row.title or ""), str(row.outlet or ""), date, text, ents, boiler, int(cut), shared])
    return {"docs": rows, "labels": labels}


def documents_page(docs: pd.DataFrame, *, data_dir: Path, corpus_name: str) -> str:
    """The whole documents page: header, a searchable list, the reader; data inert, script bundled."""
    payload = documents_payload(docs, names=known_names(data_dir), passages=passage_spans(data_dir))
    title = html.escape(f"Documents — {corpus_name}")
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head><body>'
        '<nav class="newslab-bar"><a href="index.html">← all reports</a></nav>'
        f'<h1>{title}</h1><p class="nd-intro">{len(docs):,} documents. Names of entities (from the entity '
        "notebook) are marked, boilerplate the corpus cut is greyed. Pick a document, or follow a document id "
        'from a table.</p><div class="nd-main" data-role="documents"><div class="nd-list">'
        '<input type="search" placeholder="Find a document by title, outlet or id" aria-label="Find a document">'
        '<ol></ol></div><article class="nd-reader" data-role="reader"><p class="nd-hint">This page needs '
        "JavaScript to show a document.</p></article></div>"
        f'{data_tag(payload, role="documents-data")}<script>{library("reader")}</script></body></html>'
    )
