"""Hand-made entity mentions for the normalisation tests: no model needed."""
from __future__ import annotations

import re

import pandas as pd

from newslab.entities.names import normalize_entities

SENTENCE_END = re.compile(r"\.(?=\s+[A-Z])")  # a full stop before a capital letter ends a sentence


def mentions(docs: dict[str, tuple[str, list[tuple[str, str]]]]) -> tuple[pd.DataFrame, pd.Series]:
    """Rows like annotate() makes from {doc_id: (text, [(surface, label), ...])}, found in order in the text."""
    rows = []
    for doc_id, (text, ents) in docs.items():
        pos = 0
        for surface, label in ents:
            start = text.index(surface, pos)
            rows.append({"doc_id": doc_id, "sent_idx": len(SENTENCE_END.findall(text, 0, start)), "para_idx": 0,
                         "start_char": start, "end_char": start + len(surface), "text": surface, "label": label})
            pos = start + len(surface)
    return pd.DataFrame(rows), pd.Series({d: text for d, (text, _) in docs.items()})


def canon(docs: dict, **kw) -> pd.DataFrame:
    ents, texts = mentions(docs)
    return normalize_entities(ents, texts, **kw)


def canonical_of(result: pd.DataFrame, doc_id: str, text: str) -> set[str]:
    return set(result.loc[(result.doc_id == doc_id) & (result.text == text), "canonical"])
