"""The topic map as an interactive scatter (notebook 10): hover a dot for its title, outlet and date, click it to
read the document. Plain SVG drawn by topicmap.js from inert data; the PNG map above stays the static figure."""
from __future__ import annotations

import html

import numpy as np
import pandas as pd

from ..errors import ParameterError
from .assets import data_tag, library_tag
from .explorer import Explorer
from .network import PALETTE

MAX_POINTS = 5_000  # a page must stay small: beyond this, the map keeps an even sample (seeded by position)
TITLE_CHARS = 120


def _date(value) -> str:
    return "" if pd.isna(value) else pd.Timestamp(value).date().isoformat()


def topic_map(points: pd.DataFrame, corpus: pd.DataFrame, *, labels: dict | None = None,
              title: str = "Documents by topic") -> Explorer:
    """`points` (doc_id, x, y, topic: topics.trends.document_map's) as dots coloured by topic, with each
    document's title, outlet and date from `corpus`; hover shows them, a click opens the document."""
    if points is None or len(points) == 0:
        sentence = "No documents to map."
        return Explorer(f'<p class="newslab-empty">{sentence}</p>', sentence)
    missing = {"doc_id", "x", "y", "topic"} - set(points.columns)
    if missing:
        raise ParameterError(f"points: lacks column(s) {', '.join(sorted(missing))} (pass topics.trends.document_map's table)")
    if len(points) > MAX_POINTS:
        points = points.iloc[np.linspace(0, len(points) - 1, MAX_POINTS).round().astype(int)]
    meta = corpus.drop_duplicates("doc_id").set_index("doc_id").reindex(points["doc_id"])
    topics = sorted(set(points["topic"].tolist()))
    code = {t: i for i, t in enumerate(topics)}
    rows = [[str(d), round(float(x), 4), round(float(y), 4), code[t], str(ti or "")[:TITLE_CHARS], str(o or ""), _date(dt)]
            for d, x, y, t, ti, o, dt in zip(points["doc_id"], points["x"], points["y"], points["topic"],
                                             meta["title"].fillna(""), meta["outlet"].fillna(""), meta["date"])]
    names = [str((labels or {}).get(t, t)) for t in topics]
    data = {"points": rows, "topics": names, "palette": PALETTE, "title": title}
    summary = f"Interactive map: {len(rows):,} documents in {len(topics)} topics; hover a dot for its title, click it to read it."
    markup = (f'<div class="newslab-topicmap" data-role="topic-map" aria-label="{html.escape(summary)}">'
              f'<p class="tm-hint">{html.escape(summary)}</p>'
              f'{data_tag(data, role="topic-map-data")}{library_tag("topicmap")}</div>')
    return Explorer(markup, summary)
