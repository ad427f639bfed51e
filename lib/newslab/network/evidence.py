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


def _closest(found: pd.DataFrame, a: str, b: str, group: str | None) -> tuple[int, int] | None:
    """The first window (by `group`) naming both, and in it the closest sentences naming each: (first, last)."""
    units = [None] if group is None else sorted(set(found.loc[found["canonical"] == a, group])
                                                 & set(found.loc[found["canonical"] == b, group]))
    for unit in units:
        inside = found if unit is None else found[found[group] == unit]
        sa = inside.loc[inside["canonical"] == a, "sent_idx"].to_numpy()
        sb = inside.loc[inside["canonical"] == b, "sent_idx"].to_numpy()
        if len(sa) and len(sb):
            _, first, last = min((abs(x - y), min(x, y), max(x, y)) for x in sa for y in sb)
            return int(first), int(last)
    return None


def edge_evidence(annotations, occurrences: pd.DataFrame, *, corpus: pd.DataFrame, window: str = "sentence",
                  limit: int = 2, max_chars: int = 400) -> pd.DataFrame:
    """For each pair in `occurrences` (cooccurrence's), its first `limit` documents' passages, oldest first:
    source, target, doc_id, text (cut at `max_chars`) and spans (the names' (start, end) in text), for
    explorers that show every edge's evidence without recomputing it pair by pair."""
    check_int("limit", limit, minimum=1)
    columns = ["source", "target", "doc_id", "text", "spans"]
    if occurrences.empty:
        return pd.DataFrame(columns=columns)
    order = {d: i for i, d in enumerate(corpus["doc_id"])}
    occ = occurrences.assign(_undated=occurrences["date"].isna(), _pos=occurrences["doc_id"].map(order))
    occ = (occ.sort_values(["source", "target", "_undated", "date", "_pos", "unit"], kind="stable")
           .drop_duplicates(["source", "target", "doc_id"]).groupby(["source", "target"], sort=False).head(limit))
    names = set(occ["source"]) | set(occ["target"])
    ents = annotations.entities
    ents = ents[ents["canonical"].isin(names) & ents["doc_id"].isin(set(occ["doc_id"]))]
    by_doc = dict(tuple(ents.groupby("doc_id", sort=False)))
    sentences = annotations.sentences
    bounds = {d: s.set_index("sent_idx")[["start_char", "end_char"]] for d, s in
              sentences[sentences["doc_id"].isin(set(occ["doc_id"]))].groupby("doc_id", sort=False)}
    texts = corpus.set_index("doc_id")["text"]
    group = {"sentence": "sent_idx", "paragraph": "para_idx", "document": None}[window]
    rows = []
    for a, b, doc in zip(occ["source"], occ["target"], occ["doc_id"]):
        found = by_doc.get(doc)
        picked = _closest(found[found["canonical"].isin([a, b])], a, b, group) if found is not None else None
        if picked is None or doc not in bounds:
            continue
        first, last = picked
        keep = [first] if first == last else list(range(first, last + 1)) if last - first <= 1 else [first, last]
        pieces, spans, at = [], [], 0
        for i, idx in enumerate(keep):
            start, end = (int(v) for v in bounds[doc].loc[idx])
            if i and idx != keep[i - 1] + 1:
                pieces.append(GAP)
                at += len(GAP)
            elif i:
                pieces.append(" ")
                at += 1
            mine = found[(found["sent_idx"] == idx) & found["canonical"].isin([a, b])]
            spans += [(at + s - start, at + e - start) for s, e in zip(mine["start_char"], mine["end_char"])]
            pieces.append(texts[doc][start:end])
            at += end - start
        text = "".join(pieces)
        if len(text) > max_chars:  # keep the first name in view: cut around it
            lo = max(0, min(s for s, _ in spans) - max_chars // 3) if spans else 0
            text = text[lo:lo + max_chars]
            spans = [(s - lo, e - lo) for s, e in spans if s >= lo and e <= lo + max_chars]
        rows.append({"source": a, "target": b, "doc_id": doc, "text": text, "spans": sorted(set(spans))})
    return pd.DataFrame(rows, columns=columns)
