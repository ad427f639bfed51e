"""Where topics sit: documents per topic and period, topic shares across outlets or labels, a 2-D map of documents."""
from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.decomposition import PCA

from ..checks import Choice, Param
from ..corpus.timeline import pick_time_freq
from ..errors import ParameterError
from .model import TopicResult


PARAMS = {  # notebook 10's views beyond the model
    "group_column": Param(str, "outlet", None, "column to compare topics across (outlet, label, …); falls back to label"),
    "time_freq": Param(str, "auto", Choice("auto", "D", "W", "M", "Y"), "period for topics over time"),
}


def _with(result: TopicResult, corpus: pd.DataFrame, column: str) -> pd.DataFrame:
    if column not in corpus.columns:
        raise ParameterError(f"column {column!r} not in the corpus (columns: {', '.join(corpus.columns)})")
    return result.doc_topics[result.doc_topics["topic"] >= 0].merge(corpus[["doc_id", column]], on="doc_id")


def topic_names(result: TopicResult) -> dict[int, str]:
    """'3: rates / bank / inflation' for each topic number."""
    return {int(t): f"{t}: {label}" for t, label in zip(result.topics["topic"], result.topics["label"])}


def topics_over_time(result: TopicResult, corpus: pd.DataFrame, *, freq: str = "auto") -> pd.DataFrame:
    """Documents of each topic in each period (rows: every period from first to last, empty ones as 0;
    columns: topics), for bars: a period without documents stays an empty bar, never an interpolated line."""
    frame = _with(result, corpus, "date").dropna(subset=["date"])
    if frame.empty:
        return pd.DataFrame()
    freq = pick_time_freq(frame["date"]) if PARAMS["time_freq"].check("time_freq", freq) == "auto" else freq
    frame["period"] = frame["date"].dt.to_period(freq)
    table = pd.crosstab(frame["period"], frame["topic"])
    full = pd.period_range(table.index.min(), table.index.max(), freq=freq)
    return table.reindex(full, fill_value=0).rename(columns=topic_names(result)).rename_axis(index="period", columns=None)


def topics_by_group(result: TopicResult, corpus: pd.DataFrame, column: str, *, top: int = 15) -> pd.DataFrame:
    """Topic shares within each value of `column` (e.g. outlet or label), largest groups first; rows are
    named 'group (n documents)' so a share is never read without the count behind it."""
    frame = _with(result, corpus, column)
    frame = frame[frame[column].astype(str).str.strip() != ""]
    if frame.empty:
        return pd.DataFrame()
    sizes = frame[column].value_counts().sort_index(kind="stable").sort_values(ascending=False, kind="stable").head(top)
    table = pd.crosstab(frame.loc[frame[column].isin(sizes.index), column], frame["topic"], normalize="index")
    table = table.loc[sizes.index].rename(columns=topic_names(result))
    table.index = [f"{group} ({n:,} documents)" for group, n in sizes.items()]
    return table.rename_axis(index=column, columns=None)


def document_map(result: TopicResult, *, seed: int = 42) -> pd.DataFrame:
    """Two coordinates per fitted document from its topic weights (PCA), for a scatter plot coloured by topic."""
    weights = result.weights
    n = len(weights)
    doc_ids = result.doc_topics["doc_id"].iloc[:n].to_numpy()
    if weights.shape[1] >= 2 and n >= 2:
        xy = PCA(n_components=2, random_state=seed).fit_transform(weights)
    else:
        xy = np.column_stack([weights[:, 0] if weights.shape[1] else np.zeros(n), np.zeros(n)])
    jitter = np.random.default_rng(seed).normal(scale=0.01, size=xy.shape)  # separate identical points
    return pd.DataFrame({"doc_id": doc_ids, "x": xy[:, 0] + jitter[:, 0], "y": xy[:, 1] + jitter[:, 1],
                         "topic": result.doc_topics["topic"].iloc[:n].to_numpy()})


def topic_sources(result: TopicResult, corpus: pd.DataFrame, column: str, *, top: int = 12) -> pd.DataFrame:
    """Where each topic's documents come from: rows are topics ('topic (n documents)') and a last row with the whole
    corpus, columns the `top` largest groups of `column` (e.g. outlet), values the share of the row's documents, so a
    topic that is mostly one outlet stands out against what that outlet is of the whole."""
    frame = _with(result, corpus, column)
    frame = frame.assign(**{column: frame[column].fillna("").astype(str).str.strip().replace("", "(none)")})
    if frame.empty:
        return pd.DataFrame()
    groups = frame[column].value_counts().sort_index(kind="stable").sort_values(ascending=False, kind="stable").head(top).index
    table = pd.crosstab(frame["topic"], frame[column], normalize="index").reindex(columns=groups, fill_value=0.0)
    sizes = frame["topic"].value_counts()
    table.index = [f"{topic_names(result)[t]} ({sizes[t]:,} documents)" for t in table.index]
    table.loc[f"whole corpus ({len(frame):,} documents)"] = frame[column].value_counts(normalize=True).reindex(groups).to_numpy()
    return table.rename_axis(index="topic", columns=None)
