"""Small corpora built in tests: random words, and a document table from a dict of texts."""
from __future__ import annotations

import pandas as pd


def words(rng, n, vocab=5000):
    return [f"w{int(x)}" for x in rng.integers(0, vocab, n)]


def corpus_of(texts: dict[str, str], dates: dict[str, str] | None = None) -> pd.DataFrame:
    dates = dates or {}
    return pd.DataFrame({
        "doc_id": list(texts), "text": list(texts.values()), "title": list(texts),
        "date": pd.to_datetime([dates.get(k) for k in texts]), "outlet": "", "is_empty": False,
        "n_words": [len(t.split()) for t in texts.values()],
        "text_hash": [str(hash(t)) for t in texts.values()],
    })
