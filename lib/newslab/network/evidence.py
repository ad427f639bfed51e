"""The sentences behind an edge: where two entities are mentioned together, with both names marked."""
from __future__ import annotations

import html

import pandas as pd

from ..checks import check_int
from ..errors import ParameterError
from ..show.html import wrap_spans

EVIDENCE_COLUMNS = ["doc_id", "title", "date", "outlet", "sent_idx", "text", "html"]
GAP = " … "


def mark(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` HTML-escaped, each (start, end) span wrapped in <mark> (overlapping spans are merged)."""
    return wrap_spans(text, [(start, end, None) for start, end in spans], lambda _: "<mark>")


def _passage(doc_text: str, sentences: pd.DataFrame, keep: list[int], mentions: pd.DataFrame) -> tuple[str, str]:
    """The chosen sentences of one document as plain text and as HTML with the pair's mentions marked."""
    plain, marked = [], []
    for i, idx in enumerate(keep):
        start, end = sentences.loc[idx, ["start_char", "end_char"]]
        spans = [(s - start, e - start) for s, e in zip(mentions["start_char"], mentions["end_char"]) if s >= start and e <= end]
        if i and idx != keep[i - 1] + 1:
            plain.append(GAP.strip())
            marked.append(html.escape(GAP.strip()))
        plain.append(doc_text[start:end])
        marked.append(mark(doc_text[start:end], spans))
    return " ".join(plain), " ".join(marked)


def evidence(annotations, a: str, b: str, *, corpus: pd.DataFrame, window: str = "sentence", limit: int = 20) -> pd.DataFrame:
    """Up to `limit` passages where canonical entities `a` and `b` occur together in one window, oldest first.

    For a sentence window each row is the sentence; for paragraph and document windows it is the two closest
    sentences naming one each (with " … " between them when they are not adjacent). `html` is the passage
    HTML-escaped with both names in <mark>; `text` is the same passage as plain text.
    """
    from .cooccurrence import PARAMS, WINDOWS

    PARAMS["window"].check("window", window)
    check_int("limit", limit, minimum=1)
    if a == b:
        raise ParameterError(f"evidence needs two different entities, got {a!r} twice")
    ents = annotations.entities
    pair = ents[ents["canonical"].isin([a, b])]
    for name in (a, b):
        if not (pair["canonical"] == name).any():
            raise ParameterError(f"entity {name!r} is not mentioned in these annotations (use the canonical name)")
    keys = WINDOWS[window]
    together = pair.groupby(keys)["canonical"].transform("nunique") == 2
    pair = pair[together]
    meta = corpus.set_index("doc_id")
    missing = sorted(set(pair["doc_id"]) - set(meta.index))
    if missing:
        raise ParameterError(f"corpus: lacks {len(missing)} annotated document(s), e.g. {missing[0]!r}; pass the corpus that was annotated")
    sentences = annotations.sentences.set_index(["doc_id", "sent_idx"]).sort_index()
    rows = []
    for unit, found in pair.groupby(keys, sort=False):
        doc_id = unit[0] if isinstance(unit, tuple) else unit
        sa, sb = (found.loc[found["canonical"] == n, "sent_idx"].to_numpy() for n in (a, b))
        gaps = [(abs(x - y), min(x, y), max(x, y)) for x in sa for y in sb]
        _, first, last = min(gaps)
        keep = list(range(first, last + 1)) if last - first <= 1 else [first, last]
        doc_sentences = sentences.loc[doc_id]
        text, marked = _passage(meta.at[doc_id, "text"], doc_sentences, keep, found)
        rows.append({"doc_id": doc_id, "title": meta.at[doc_id, "title"], "date": meta.at[doc_id, "date"],
                     "outlet": meta.at[doc_id, "outlet"], "sent_idx": int(first), "text": text, "html": marked})
    table = pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)
    if table.empty:
        return table
    order = {d: i for i, d in enumerate(corpus["doc_id"])}
    table = table.assign(_undated=table["date"].isna(), _pos=table["doc_id"].map(order))
    table = table.sort_values(["_undated", "date", "_pos", "sent_idx"]).drop(columns=["_undated", "_pos"])
    return table.head(limit).reset_index(drop=True)
