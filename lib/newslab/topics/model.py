"""Topic clustering: fit_topics validates its parameters, optionally collapses near-duplicate copies, fits the
chosen method (a refined consensus of spherical k-means runs on LSA by default) and builds the topic, document
and metric tables."""
from __future__ import annotations

import time
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..checks import COMMON, Choice, Interval, Param, check_call, document
from ..corpus import analysable
from ..corpus.language import english_only
from ..reuse import as_copy_map, copy_map, no_copies
from ..errors import NewslabWarning, ParameterError
from .methods import DEFAULT_METHOD, METHODS, SEEDED_INPUT, assign, class_counts, class_tfidf_terms, vectorize
from .metrics import label_agreement, npmi_coherence, topic_diversity
from .outlets import DROPPED_COLUMNS, outlet_bound_terms, outlet_shares, outlet_values, top_group, without_terms
from .scale import Assigner, assign_rest, fitted_texts, sample_rows, topic_centres, without_exact_copies
from .selection import default_k_range, fit_with_stability, seed_pair, selection_curve

MOSTLY_COPIES = 0.5  # a topic is flagged when one story and its copies are more than this share of it
MIN_DOCUMENTS = 4  # distinct documents with text: two topics of two documents each, at the least
PARAMS = {  # one line per parameter: fit_topics validates against it, the CLI and notebook 10 follow it
    "n_topics": Param((int, str), "auto", (Interval(2, None, kind=int), Choice("auto")), "how many topics"),
    "method": Param(str, DEFAULT_METHOD, Choice(*METHODS), "topic model"),
    "seed": COMMON["seed"],
    "min_df": Param((int, float), 2, (Interval(0, None, kind=int), Interval(0, 1, kind=float)),
                    "drop terms in fewer documents (a count, or a share)"),
    "max_df": Param((int, float), 0.95, (Interval(1, None, kind=int), Interval(0, 1, closed="right", kind=float)),
                    "drop terms in more documents (a count, or a share)"),
    "bigrams": Param(bool, False, None, "add two-word terms"),
    "top_n_terms": Param(int, 10, Interval(1, 100), "terms listed per topic"),
    "label_column": Param((str, type(None)), "label", None, "column of known labels to score topics against (NMI, ARI)"),
    "outlet_column": Param((str, type(None)), "outlet", None,
                           "column of outlets: terms bound to one outlet are left out, topics name their top outlet"),
    "k_range": Param((tuple, list, type(None)), None, None,
                     "numbers of topics auto tries (lo, hi), 2 <= lo <= hi; None: 3 to one per 100 documents (10-30)"),
    "collapse_duplicates": Param(bool, False, None, "count each cluster of near-duplicates once"),
    "n_representative": Param(int, 3, Interval(1, None), "representative documents listed per topic"),
    "fit_sample": Param((int, type(None)), 50_000, Interval(MIN_DOCUMENTS, None, kind=int),
                        "fit on a seeded sample of this many distinct documents and assign the others to the nearest "
                        "topic (None: fit all)"),
    "n_jobs": Param(int, -1, None, "processes for choosing the number of topics and assigning the rest (-1: every core)"),
}
TOPIC_COLUMNS = {"topic": "int64", "label": "object", "size": "int64", "share": "float64", "top_terms": "object",
                 "coherence": "float64", "copies": "int64", "largest_story_share": "float64", "mostly_copies": "bool"}
DOC_TOPIC_COLUMNS = {"doc_id": "object", "topic": "int64", "weight": "float64", "second_topic": "int64",
                     "second_weight": "float64", "copy_of": "object"}
REPRESENTATIVE_COLUMNS = {"topic": "int64", "rank": "int64", "doc_id": "object", "title": "object",
                          "typicality": "float64", "weight": "float64"}


@dataclass
class TopicResult:
    """Topics (one row each), each document's topic, representative documents, metrics and the k-selection curve."""

    topics: pd.DataFrame
    doc_topics: pd.DataFrame
    representative_docs: pd.DataFrame
    metrics: dict
    selection: pd.DataFrame | None = None
    weights: np.ndarray = field(default=None, repr=False)  # fitted documents × topics, rows sum to 1
    dropped_terms: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=DROPPED_COLUMNS))  # outlet-bound
    outlet_shares: dict = field(default_factory=dict)  # each outlet's share of the documents with a topic
    info: dict = field(default_factory=dict)  # run facts that are not results (timings): never in tables

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables a report or the CLI saves, by file name."""
        return {"topics": self.topics, "doc_topics": self.doc_topics, "topic_metrics": metrics_table(self),
                "outlet_terms": self.dropped_terms}


def max_supported_topics(n_docs: int) -> int:
    """At most one topic per two documents: fewer documents cannot support more themes."""
    return max(2, n_docs // 2)


def check_k_range(k_range) -> tuple[int, int] | None:
    """`k_range` as (lo, hi): two integers with 2 <= lo <= hi (or None: the default range), else an error naming it."""
    if k_range is None:
        return None
    if not (isinstance(k_range, (tuple, list)) and len(k_range) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in k_range) and 2 <= k_range[0] <= k_range[1]):
        raise ParameterError(f"k_range must be two integers (lo, hi) with 2 <= lo <= hi, got {k_range!r}")
    return tuple(k_range)


_COPIES_DOC = """corpus : pandas.DataFrame
    A corpus as load_corpus returns it.
copies : pandas.DataFrame or DuplicateResult, optional
    The caller's copies (a reuse.copy_map table or a find_duplicates result, found with the caller's
    thresholds): each copy is left out of the fit and takes its original's topic. Implies collapsing."""


@document(PARAMS, extra=_COPIES_DOC)
def fit_topics(
    corpus: pd.DataFrame,
    *,
    n_topics: int | str = "auto",
    method: str = DEFAULT_METHOD,
    seed: int = 42,
    min_df: int | float = 2,
    max_df: int | float = 0.95,
    bigrams: bool = False,
    top_n_terms: int = 10,
    label_column: str | None = "label",
    outlet_column: str | None = "outlet",
    k_range: tuple[int, int] | None = None,
    collapse_duplicates: bool = False,
    copies=None,
    n_representative: int = 3,
    fit_sample: int | None = 50_000,
    n_jobs: int = -1,
) -> TopicResult:
    """Topics of the non-empty documents. BLAS runs single-threaded here: multi-threaded sums differ run to run in
    their last bits, enough to move documents between topics, and results must not depend on the machine's cores.

    `n_topics="auto"` picks k in `k_range` (see selection.choose_n_topics; None: a range that grows with the corpus).
    Identical texts (title and text) are fitted once and the later copies take their first copy's topic. Near-duplicate
    copies are collapsed too when the caller passes `copies`, or with `collapse_duplicates` (then found here with
    reuse's default thresholds and this seed), so syndicated copies do not inflate a topic. NMI/ARI against
    `label_column` count every document. `outlet_column`: terms bound to one outlet are dropped from the features
    (rule: topics/outlets.py; listed in `dropped_terms`) and each topic names its top outlet; None turns both off.
    Above `fit_sample` distinct documents the model (vocabulary, outlet guard, k, stability, coherence) is fitted on
    a sample drawn with `seed` and the other documents take the nearest topic (topics/scale.py).
    """
    check_call(PARAMS, locals())
    check_k_range(k_range)
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return _fit(corpus, n_topics=n_topics, method=method, seed=seed, min_df=min_df, max_df=max_df, bigrams=bigrams,
                    top_n_terms=top_n_terms, label_column=label_column, outlet_column=outlet_column, k_range=k_range,
                    collapse_duplicates=collapse_duplicates, copies=copies, n_representative=n_representative,
                    fit_sample=fit_sample, n_jobs=n_jobs)


def _fit(corpus: pd.DataFrame, *, n_topics, method, seed, min_df, max_df, bigrams, top_n_terms, label_column,
         outlet_column, k_range, collapse_duplicates, copies, n_representative, fit_sample, n_jobs) -> TopicResult:
    """fit_topics' work, on parameters it has checked."""
    started = time.perf_counter()
    docs = analysable(corpus).reset_index(drop=True)
    empty_left_out = len(corpus) - len(docs)
    docs, other_languages = english_only(docs)  # English stopwords and terms: other languages would be noise here
    docs = docs.reset_index(drop=True)
    if copies is not None:
        near = as_copy_map(copies)
        near = near[near["doc_id"].isin(set(docs["doc_id"])) & near["copy_of"].isin(set(docs["doc_id"]))]
    else:
        near = copy_map(docs, seed=seed) if collapse_duplicates else no_copies()
    collapse_duplicates = collapse_duplicates or copies is not None
    docs = docs[~docs["doc_id"].isin(set(near["doc_id"]))].reset_index(drop=True)
    docs, exact = without_exact_copies(docs)
    if len(exact):  # a near copy whose original turned out to be an exact copy follows that copy's original
        near = near.assign(copy_of=near["copy_of"].replace(dict(zip(exact["doc_id"], exact["copy_of"]))))
    copies = pd.concat([near, exact], ignore_index=True) if len(exact) else near
    base = {"method": method, "n_topics": 0, "documents": len(docs), "empty_left_out": empty_left_out,
            "other_languages_left_out": other_languages, "copies_collapsed": len(copies), "exact_copies": len(exact)}
    info = {"collapse_duplicates": collapse_duplicates, "k_tried": None, "seconds": 0.0}
    if len(docs) < MIN_DOCUMENTS:
        return too_little_data(base, info, f"Topic clustering needs at least {MIN_DOCUMENTS} distinct documents "
                               f"with text; this corpus has {len(docs)}.")
    rows = sample_rows(len(docs), fit_sample, seed)
    fitted = docs if rows is None else docs.iloc[rows].reset_index(drop=True)
    try:
        tfidf, X, counts = vectorize(fitted_texts(fitted).tolist(), min_df=min_df, max_df=max_df, bigrams=bigrams)
    except ParameterError:
        return too_little_data(base, info, f"No term occurs in at least min_df={min_df} and at most max_df={max_df} of "
                               f"the {len(fitted)} distinct documents, so there is nothing to cluster: topics need more "
                               "documents (a few dozen), or a lower min_df / higher max_df (--min-df, --max-df).")
    terms, vocabulary = tfidf.get_feature_names_out(), tfidf.vocabulary_
    binary = (counts > 0).astype(np.int32).tocsr()
    outlets = outlet_values(fitted, outlet_column)
    dropped = outlet_bound_terms(binary, outlets, terms) if outlets is not None else pd.DataFrame(columns=DROPPED_COLUMNS)
    if len(dropped) and len(dropped) < len(terms):
        X, counts, terms, vocabulary = without_terms(X, counts, terms, set(dropped["term"]))
        binary = (counts > 0).astype(np.int32).tocsr()
    cap = max_supported_topics(len(fitted))
    selection, tried = None, None
    if n_topics == "auto":
        k_range = default_k_range(len(fitted)) if k_range is None else k_range
        hi = min(k_range[1], cap)
        ks = range(min(k_range[0], hi), hi + 1)
        tried = (ks.start, ks.stop - 1)
        selection, data, fits = selection_curve(method, X, counts, ks, seed=seed, n_jobs=n_jobs)
        k = int(selection.loc[selection["chosen"], "n_topics"].iloc[0])
        W, stability = fit_with_stability(method, data, k, seed, n_jobs=n_jobs) if method in SEEDED_INPUT else fits[k]
    else:
        k = n_topics
        if k > cap:
            warnings.warn(f"n_topics={k} is more than {len(fitted)} documents support; using {cap}", NewslabWarning, stacklevel=3)
            k = cap
        data = seed_pair(method, X, counts, seed, n_jobs=n_jobs)
        W, stability = fit_with_stability(method, data, k, seed, n_jobs=n_jobs)
    shares, topic = assign(W)
    per_class, typical = class_counts(counts, topic, k), typicality(X, topic, k)
    if rows is not None:  # the other documents: the nearest topic, a batch at a time
        info["fit_seconds"] = round(time.perf_counter() - started, 2)
        idf = tfidf.idf_[[tfidf.vocabulary_[t] for t in terms]]
        shares, topic, typical, per_class = _with_the_rest(docs, rows, shares, topic, typical, per_class, Assigner(
            vocabulary, idf, topic_centres(X, topic, k), bigrams), n_jobs=n_jobs)
        base |= {"fit_sample": len(rows)}
    top = class_tfidf_terms(per_class, terms, k, top_n_terms)
    metrics = base | {"n_topics": k, "vocabulary": len(terms), "outlet_terms_dropped": len(dropped)}
    coherence = np.round(npmi_coherence(top, binary, vocabulary), 4)  # one figure per topic, wherever it is shown
    metrics |= {"coherence_npmi": round(float(np.nanmean(coherence)), 4), "diversity": topic_diversity(top),
                "stability": stability}
    doc_topics = _doc_topics(docs, copies, shares, topic, k)
    table = _topics_table(top, coherence, doc_topics, k)
    shares_by_outlet = {}
    if outlets is not None:
        values = corpus.set_index("doc_id")[outlet_column]
        table = pd.concat([table, top_group(doc_topics, values, k, "outlet")], axis=1)
        shares_by_outlet = outlet_shares(doc_topics, values)
    if label_column and label_column in corpus.columns:  # over every document: copies carry their original's topic
        labels = corpus.set_index("doc_id").loc[doc_topics["doc_id"], label_column]
        if labels.notna().all() and labels.nunique() > 1:
            metrics |= label_agreement(labels, doc_topics["topic"].to_numpy())
            table = pd.concat([table, top_group(doc_topics, labels.groupby(level=0).first(), k, "label")], axis=1)
    return TopicResult(topics=table, doc_topics=doc_topics,
                       representative_docs=_representatives(doc_topics, docs, typical, n_representative),
                       metrics=metrics, selection=selection, weights=shares, dropped_terms=dropped,
                       outlet_shares=shares_by_outlet,
                       info=info | {"seconds": round(time.perf_counter() - started, 2), "k_tried": tried,
                                    "fit_sample": None if rows is None else len(rows)})


def _with_the_rest(docs, rows, shares, topic, typical, per_class, assigner, *, n_jobs):
    """Shares, topic and typicality of every document (the fitted ones as fitted, the others by cosine to the topic
    centres, clipped at 0) and the term counts per topic over all of them."""
    rest = np.setdiff1d(np.arange(len(docs)), rows)
    cosines, rest_per_class = assign_rest(docs, rest, assigner, n_jobs=n_jobs)
    rest_shares, rest_topic = assign(np.clip(cosines, 0, None))
    every = (np.zeros((len(docs), shares.shape[1])), np.full(len(docs), -1), np.full(len(docs), np.nan))
    for full, fitted, other in zip(every, (shares, topic, typical), (rest_shares, rest_topic, None)):
        full[rows] = fitted
        if other is not None:
            full[rest] = other
    member = rest_topic >= 0
    every[2][rest[member]] = cosines[np.flatnonzero(member), rest_topic[member]]
    return *every, per_class + rest_per_class


def too_little_data(metrics: dict, info: dict, reason: str) -> TopicResult:
    """A result with no topics and the sentence saying what is missing: a small corpus ends in a sentence, not an
    error, so a report on it still runs every notebook."""
    topics = pd.DataFrame({c: pd.Series(dtype=t) for c, t in TOPIC_COLUMNS.items()})
    doc_topics = pd.DataFrame({c: pd.Series(dtype=t) for c, t in DOC_TOPIC_COLUMNS.items()})
    reps = pd.DataFrame({c: pd.Series(dtype=t) for c, t in REPRESENTATIVE_COLUMNS.items()})
    return TopicResult(topics=topics, doc_topics=doc_topics, representative_docs=reps, metrics=metrics,
                       weights=np.zeros((0, 0)), info=info | {"not_enough": reason})  # seconds: nothing was fitted


def typicality(X, topic: np.ndarray, k: int) -> np.ndarray:
    """Cosine of each fitted document's unit TF-IDF row to its topic's mean direction (NaN without a topic): how
    typical of its topic it is, whatever the method's own weights say."""
    cosines = np.asarray(X @ topic_centres(X, topic, k).T, dtype=np.float64)
    return np.where(topic >= 0, cosines[np.arange(len(topic)), np.maximum(topic, 0)], np.nan)


def _doc_topics(docs, copies, shares, topic, k) -> pd.DataFrame:
    """One row per document: its topic and weight, the runner-up, and for a collapsed copy the original it follows."""
    rows = np.arange(len(docs))
    second = np.argsort(-shares, axis=1, kind="stable")[:, 1]
    doc_topics = pd.DataFrame({
        "doc_id": docs["doc_id"], "topic": topic, "weight": shares[rows, np.maximum(topic, 0)].round(4),
        "second_topic": np.where(topic >= 0, second, -1), "second_weight": shares[rows, second].round(4), "copy_of": None,
    })
    if len(copies):
        follow = doc_topics.set_index("doc_id").reindex(copies["copy_of"]).reset_index(drop=True)
        doc_topics = pd.concat([doc_topics, follow.assign(doc_id=copies["doc_id"].to_numpy(), copy_of=copies["copy_of"].to_numpy())],
                               ignore_index=True)
    return doc_topics


def _topics_table(top, coherence, doc_topics, k) -> pd.DataFrame:
    """One row per topic: label, size (stories fitted), copies that follow them, and whether one story dominates."""
    assigned = doc_topics[doc_topics["topic"] >= 0]
    stories = assigned[assigned["copy_of"].isna()]
    sizes = np.bincount(stories["topic"], minlength=k)
    copies = np.bincount(assigned.loc[assigned["copy_of"].notna(), "topic"], minlength=k)
    story = assigned["copy_of"].fillna(assigned["doc_id"])
    largest = assigned.assign(story=story).groupby(["topic", "story"]).size().groupby("topic").max().reindex(range(k), fill_value=0)
    largest_share = np.divide(largest.to_numpy(), sizes + copies, out=np.zeros(k), where=(sizes + copies) > 0)
    return pd.DataFrame({
        "topic": np.arange(k), "label": [" / ".join(t[:3]) for t in top], "size": sizes,
        "share": (sizes / max(sizes.sum(), 1)).round(4), "top_terms": [", ".join(t) for t in top],
        "coherence": coherence, "copies": copies, "largest_story_share": largest_share.round(4),
        "mostly_copies": (largest_share > MOSTLY_COPIES) & (largest.to_numpy() > 1),
    })


def _representatives(doc_topics, docs, typical, n_representative) -> pd.DataFrame:
    """The most typical documents (not copies) of each topic: closest to its centre (`typicality`, a cosine)."""
    fitted = docs[["doc_id", "title"]].assign(typicality=np.round(typical, 4))
    reps = (doc_topics[doc_topics["copy_of"].isna() & (doc_topics["topic"] >= 0)]
            .merge(fitted, on="doc_id")
            .sort_values(["topic", "typicality", "doc_id"], ascending=[True, False, True], kind="stable")
            .groupby("topic").head(n_representative))
    reps.insert(1, "rank", reps.groupby("topic").cumcount() + 1)
    return reps[["topic", "rank", "doc_id", "title", "typicality", "weight"]].reset_index(drop=True)


def metrics_table(result: TopicResult) -> pd.DataFrame:
    """The metrics as a two-column table (metric, value), for display and CSV."""
    values = [v if isinstance(v, (str, int)) else round(float(v), 4) for v in result.metrics.values()]
    return pd.DataFrame({"metric": list(result.metrics), "value": pd.Series(values, dtype=object)})


def pick_group_column(corpus: pd.DataFrame, preferred: str) -> str | None:
    """`preferred` if the corpus has values in it, else 'label' if that has, else None."""
    for column in (preferred, "label"):
        if column in corpus.columns and corpus[column].astype(str).str.strip().replace("nan", "").ne("").any():
            return column
    return None
