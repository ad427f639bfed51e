"""Corpus overview tables: what is in the corpus, how long, from when, and which documents look odd."""
from __future__ import annotations

import pandas as pd

from ..checks import COMMON, Interval, Param, check_call
from ..errors import ParameterError
from .timeline import pick_time_freq


def counts_by(corpus: pd.DataFrame, column: str, *, empty_label: str = "(none)") -> pd.DataFrame:
    """Documents and words per value of `column`, largest first."""
    if column not in corpus.columns:
        raise ParameterError(f"column {column!r} not in the corpus (columns: {', '.join(corpus.columns)})")
    keys = corpus[column].astype("string").fillna(empty_label).replace("", empty_label)
    table = corpus.groupby(keys, dropna=False).agg(documents=("doc_id", "size"), words=("n_words", "sum"))
    table.index.name = column
    return table.sort_values(["documents", "words"], ascending=False)


def counts_over_time(corpus: pd.DataFrame, *, freq: str = "auto") -> pd.Series:
    """Documents per period (`freq`: D, W, M, Y or auto), empty periods included."""
    dates = corpus["date"].dropna()
    if dates.empty:
        return pd.Series(dtype="int64", name="documents")
    freq = pick_time_freq(dates) if freq == "auto" else freq
    if freq not in ("D", "W", "M", "Y"):
        raise ParameterError(f"freq must be D, W, M, Y or auto, got {freq!r}")
    periods = dates.dt.to_period(freq)
    counts = periods.value_counts().sort_index()
    full = pd.period_range(counts.index.min(), counts.index.max(), freq=freq)
    return counts.reindex(full, fill_value=0).rename("documents")


def length_summary(corpus: pd.DataFrame) -> pd.DataFrame:
    """Words per document (whole numbers) over all documents and over the non-empty ones.

    Percentiles are only given where there are enough documents to mean something (10% and 90% from 10
    documents, 1% and 99% from 100).
    """
    rows = []
    for name, words in {"all documents": corpus["n_words"], "non-empty": corpus.loc[~corpus["is_empty"], "n_words"]}.items():
        row = {"documents": len(words), "min": words.min(), "median": words.median(), "mean": words.mean(), "max": words.max()}
        for q, needed in ((0.01, 100), (0.1, 10), (0.9, 10), (0.99, 100)):
            if len(words) >= needed:
                row[f"{q:.0%}"] = words.quantile(q)
        rows.append(pd.Series(row, name=name))
    order = ["documents", "min", "1%", "10%", "median", "mean", "90%", "99%", "max"]
    table = pd.DataFrame(rows)
    return table[[c for c in order if c in table.columns]].round(0).astype("Int64")


PARAMS = {  # notebook 00's options: flag_length_outliers, key_findings and sample_titles validate against it
    "near_empty_words": Param(int, 50, Interval(0, None), "documents with fewer words are flagged near-empty"),
    "long_factor": Param(float, 5.0, Interval(1, None, closed="neither"),
                         "documents longer than this many times the median are flagged"),
    "sample_size": Param(int, 10, Interval(1, None), "how many documents the sample table shows"),
    "seed": COMMON["seed"],
}


def flag_length_outliers(corpus: pd.DataFrame, *, near_empty_words: int = 50, long_factor: float = 5.0) -> pd.DataFrame:
    """Documents that are near-empty (< `near_empty_words`) or very long (> `long_factor` × the median)."""
    check_call(PARAMS, locals())
    median = corpus.loc[~corpus["is_empty"], "n_words"].median() if (~corpus["is_empty"]).any() else 0
    near_empty = corpus["n_words"] < near_empty_words
    very_long = corpus["n_words"] > long_factor * median if median else pd.Series(False, index=corpus.index)
    flagged = corpus.loc[near_empty | very_long, ["doc_id", "title", "source_file", "n_words", "is_empty"]].copy()
    flagged.insert(0, "flag", ["near-empty" if n else "very long" for n in near_empty[near_empty | very_long]])
    return flagged.sort_values(["flag", "n_words"]).reset_index(drop=True)


def sample_titles(corpus: pd.DataFrame, *, n: int = 10, seed: int = 42) -> pd.DataFrame:
    """A reproducible random sample of documents, to read what the corpus is like."""
    PARAMS["sample_size"].check("n", n)
    PARAMS["seed"].check("seed", seed)
    cols = [c for c in ("doc_id", "date", "outlet", "label", "title", "n_words") if c in corpus.columns]
    return corpus.sample(n=min(n, len(corpus)), random_state=seed)[cols].sort_values("doc_id").reset_index(drop=True)


def key_findings(corpus: pd.DataFrame, *, near_empty_words: int = 50, long_factor: float = 5.0) -> list[str]:
    """The corpus in a few sentences, every number computed from `corpus`: size, dates, sources, odd lengths."""
    check_call(PARAMS, locals())
    n = len(corpus)
    if n == 0:
        return ["The corpus holds no documents."]
    empty = int(corpus["is_empty"].sum())
    files = corpus["source_file"].value_counts()
    lines = [f"{n:,} documents ({int(corpus['n_words'].sum()):,} words) from {len(files):,} source file(s)"
             + (f"; {empty:,} are empty or almost (under 10 words) and are left out of the analyses." if empty else ".")]
    if len(files) > 1 and files.iloc[0] > n / 2:
        lines.append(f"One file holds {files.iloc[0]:,} of the {n:,} documents: {files.index[0]}.")
    dates = corpus["date"].dropna()
    if dates.empty:
        lines.append("No document has a date, so nothing can be said about time.")
    else:
        days = dates.dt.date.value_counts()
        lines.append(f"{len(dates):,} of {n:,} documents are dated, {dates.min().date()} … {dates.max().date()}; "
                     f"the busiest day is {days.index[0]} with {days.iloc[0]:,}.")
    outlets = corpus["outlet"].astype("string").fillna("").replace("", pd.NA).dropna().value_counts()
    if outlets.empty:
        lines.append("No document names its outlet.")
    else:
        top = ", ".join(f"{k} ({v:,})" for k, v in outlets.head(3).items())
        missing = n - int(outlets.sum())
        lines.append(f"{len(outlets):,} outlet(s), most often {top}" + (f"; {missing:,} documents name none." if missing else "."))
    flags = flag_length_outliers(corpus, near_empty_words=near_empty_words, long_factor=long_factor)
    short, long = int((flags["flag"] == "near-empty").sum()), int((flags["flag"] == "very long").sum())
    median = corpus.loc[~corpus["is_empty"], "n_words"].median()
    if pd.notna(median):
        lines.append(f"Median length {median:,.0f} words (non-empty documents); {short:,} under {near_empty_words:,} words, "
                     f"{long:,} over {long_factor:g}× the median.")
    return lines
