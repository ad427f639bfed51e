"""Topic clustering: TF-IDF, then NMF (default), LDA or k-means on an LSA projection; labelled by
class-based TF-IDF terms, with coherence, diversity, stability and (when labels exist) agreement metrics."""
from __future__ import annotations

import time
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.decomposition import NMF, LatentDirichletAllocation, TruncatedSVD
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize

from ..checks import check_choice, check_int
from ..corpus import analysable
from ..errors import NewslabWarning, ParameterError
from .metrics import label_agreement, mean_pairwise_ari, npmi_coherence, topic_diversity

NEWS_STOPWORDS = frozenset(
    "said says say mr mrs ms told would could also year years new one two three last first people time just "
    "like make made get got going week month day today yesterday according including since many much well "
    "still even back way take told percent per cent".split()
)
TOKEN_PATTERN = r"(?u)\b[^\W\d_][^\W\d_]+\b"  # words of two or more letters; numbers are not topics
METHODS = ("nmf", "lda", "kmeans")


@dataclass
class TopicResult:
    """Topics (one row each), each document's topic, representative documents, metrics and the k-selection curve."""

    topics: pd.DataFrame
    doc_topics: pd.DataFrame
    representative_docs: pd.DataFrame
    metrics: dict
    selection: pd.DataFrame | None = None
    weights: np.ndarray = field(default=None, repr=False)  # documents × topics, rows sum to 1
    info: dict = field(default_factory=dict)  # run facts that are not results (timings): never in tables

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables a report or the CLI saves, by file name."""
        return {"topics": self.topics, "doc_topics": self.doc_topics, "topic_metrics": metrics_table(self)}


def _vectorize(texts: list[str], *, min_df, max_df, bigrams: bool):
    """TF-IDF and raw counts over the same vocabulary; min_df relaxes (with a warning) on tiny corpora."""
    stop = sorted(ENGLISH_STOP_WORDS | NEWS_STOPWORDS)
    kw = dict(stop_words=stop, token_pattern=TOKEN_PATTERN, ngram_range=(1, 2) if bigrams else (1, 1))
    try:
        tfidf = TfidfVectorizer(min_df=min_df, max_df=max_df, sublinear_tf=True, dtype=np.float32, **kw)
        X = tfidf.fit_transform(texts)
    except ValueError:
        warnings.warn(f"min_df={min_df}, max_df={max_df} leave no terms in {len(texts)} documents; using min_df=1, max_df=1.0",
                      NewslabWarning, stacklevel=3)
        tfidf = TfidfVectorizer(min_df=1, max_df=1.0, sublinear_tf=True, dtype=np.float32, **kw)
        X = tfidf.fit_transform(texts)
    counts = CountVectorizer(vocabulary=tfidf.vocabulary_, **kw).fit_transform(texts)
    for m in (X, counts):  # canonical form up front: estimators would otherwise sort indices in place
        m.sum_duplicates()
        m.sort_indices()
    return tfidf, X, counts


def _fit(method: str, X, counts, k: int, seed: int) -> np.ndarray:
    """Document × topic weights (non-negative) for one fit."""
    if method == "nmf":
        return NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=400).fit_transform(X)
    if method == "lda":
        return LatentDirichletAllocation(n_components=k, random_state=seed, learning_method="batch").fit_transform(counts)
    n_comp = max(1, min(100, X.shape[1] - 1, X.shape[0] - 1))
    lsa = normalize(TruncatedSVD(n_components=n_comp, random_state=seed).fit_transform(X)) if n_comp > 1 else X.toarray()
    km = KMeans(n_clusters=k, n_init=10, random_state=seed).fit(lsa)
    sims = lsa @ normalize(km.cluster_centers_).T
    weights = np.clip(sims, 0, None)
    weights[np.arange(len(lsa)), km.labels_] += 1e-6  # k-means' own assignment wins ties
    return weights


def _assign(W: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row-normalised weights and the best topic per document (−1 where a document has no topic terms)."""
    totals = W.sum(axis=1, keepdims=True)
    shares = np.divide(W, totals, out=np.zeros_like(W, dtype=float), where=totals > 0)
    topic = np.where(totals[:, 0] > 0, shares.argmax(axis=1), -1)
    return shares, topic


def class_tfidf_terms(counts, topic: np.ndarray, terms: np.ndarray, k: int, top_n: int) -> list[list[str]]:
    """Top terms per topic by class-based TF-IDF: frequent in the topic, rare across topics."""
    import scipy.sparse as sp

    onehot = sp.csr_matrix((np.ones((topic >= 0).sum()), (topic[topic >= 0], np.flatnonzero(topic >= 0))), shape=(k, counts.shape[0]))
    per_class = np.asarray((onehot @ counts).todense(), dtype=float)
    tf = per_class / np.maximum(per_class.sum(axis=1, keepdims=True), 1)
    avg_words = per_class.sum() / max(k, 1)
    idf = np.log(1 + avg_words / np.maximum(per_class.sum(axis=0), 1))
    scores = tf * idf
    top = []
    for row in scores:
        best = np.argsort(-row, kind="stable")[:top_n]
        top.append([str(terms[i]) for i in best if row[i] > 0])
    return top


def _stability(method, X, counts, k, seed, runs: int = 3, share: float = 0.9) -> float:
    """Mean ARI between fits on `runs` random 90% subsamples (seed, seed+1, …), compared on shared documents."""
    n = X.shape[0]
    picks, labels = [], []
    for r in range(runs):
        idx = np.sort(np.random.default_rng(seed + r).choice(n, size=max(k, int(share * n)), replace=False))
        _, topic = _assign(_fit(method, X[idx], counts[idx], k, seed + r))
        picks.append(idx)
        labels.append(pd.Series(topic, index=idx))
    common = sorted(set.intersection(*(set(p) for p in picks)))
    return mean_pairwise_ari([lab.loc[common].to_numpy() for lab in labels])


STABILITY_TOLERANCE = 0.01


def term_stability(method, X, counts, terms, reference: list[list[str]], k: int, seed: int,
                   runs: int = 3, share: float = 0.8) -> float:
    """How well the topics' top terms survive refitting on random 80% subsamples (seeds seed, seed+1, …):
    mean Jaccard of top-term sets, topics matched one-to-one (Greene, O'Callaghan & Cunningham 2014)."""
    from scipy.optimize import linear_sum_assignment

    if k == 1:
        return 1.0
    n_top = max(len(t) for t in reference)
    scores = []
    for r in range(runs):
        idx = np.sort(np.random.default_rng(seed + 100 + r).choice(X.shape[0], max(k, int(share * X.shape[0])), replace=False))
        _, sub = _assign(_fit(method, X[idx], counts[idx], k, seed + r))
        found = class_tfidf_terms(counts[idx], sub, terms, k, n_top)
        sim = np.array([[len(set(a) & set(b)) / max(len(set(a) | set(b)), 1) for b in found] for a in reference])
        rows, cols = linear_sum_assignment(-sim)
        scores.append(sim[rows, cols].mean())
    return float(np.mean(scores))


def choose_n_topics(curve: pd.DataFrame) -> pd.DataFrame:
    """Mark the chosen k: the one whose top terms are most stable under resampling; ks within
    STABILITY_TOLERANCE of it go to the most coherent.

    Term stability peaks at a number of topics the data really holds (Greene, O'Callaghan & Cunningham 2014,
    on this very BBC corpus); coherence alone keeps rising as topics get smaller.
    """
    best = curve["stability"].max()
    near = curve[curve["stability"] >= best - STABILITY_TOLERANCE]
    k = int(near.sort_values(["coherence", "n_topics"], ascending=[False, True])["n_topics"].iloc[0])
    return curve.assign(chosen=curve["n_topics"] == k)


def max_supported_topics(n_docs: int) -> int:
    """At most one topic per two documents: fewer documents cannot support more themes."""
    return max(1, n_docs // 2)


def fit_topics(*args, **kwargs) -> TopicResult:
    """Topics of the non-empty documents (parameters: see _fit_topics). BLAS runs single-threaded here: multi-threaded sums differ run to run in their last
    bits, enough to move documents between topics, and results must not depend on the machine's cores."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return _fit_topics(*args, **kwargs)


def _fit_topics(
    corpus: pd.DataFrame,
    *,
    n_topics: int | str = "auto",
    method: str = "nmf",
    seed: int = 42,
    min_df: int | float = 2,
    max_df: int | float = 0.95,
    bigrams: bool = False,
    top_n_terms: int = 10,
    label_column: str | None = "label",
    k_range: tuple[int, int] = (3, 10),
    collapse_duplicates: bool = False,
    n_representative: int = 3,
    n_jobs: int = -1,
) -> TopicResult:
    """Topics of the non-empty documents. `n_topics="auto"` picks k in `k_range` (see choose_n_topics).

    `collapse_duplicates`: fit on one copy per cluster of near-duplicates (newslab.duplicates), so syndicated
    copies do not inflate a topic; the copies then take their original's topic.
    """
    check_choice("method", method, METHODS)
    check_int("seed", seed)
    check_int("top_n_terms", top_n_terms, minimum=1, maximum=100)
    if not (n_topics == "auto" or (isinstance(n_topics, int) and not isinstance(n_topics, bool) and n_topics >= 1)):
        raise ParameterError(f"n_topics must be a positive integer or 'auto', got {n_topics!r}")
    started = time.perf_counter()
    docs = analysable(corpus).reset_index(drop=True)
    copies = pd.DataFrame(columns=["doc_id", "copy_of"])
    if collapse_duplicates:  # the plug-in point for duplicate detection
        from ..reuse import find_duplicates

        members = find_duplicates(docs, seed=seed).members
        rep_of = members.groupby("cluster_id")["doc_id"].transform("first")
        copies = pd.DataFrame({"doc_id": members["doc_id"], "copy_of": rep_of})[~members["is_representative"].astype(bool)]
        docs = docs[~docs["doc_id"].isin(set(copies["doc_id"]))].reset_index(drop=True)
    if len(docs) < 2:
        raise ParameterError(f"topic clustering needs at least 2 non-empty documents, got {len(docs)}")
    texts = (docs["title"].fillna("") + "\n" + docs["text"]).tolist()
    tfidf, X, counts = _vectorize(texts, min_df=min_df, max_df=max_df, bigrams=bigrams)
    terms = tfidf.get_feature_names_out()
    binary = (counts > 0).astype(np.int32).tocsr()
    cap = max_supported_topics(len(docs))
    selection = None
    if n_topics == "auto":
        hi = min(k_range[1], cap)
        lo = min(max(1, k_range[0]), hi)
        def evaluate(k: int) -> dict:
            from threadpoolctl import threadpool_limits

            with threadpool_limits(limits=1):
                _, topic = _assign(_fit(method, X, counts, k, seed))
                top = class_tfidf_terms(counts, topic, terms, k, top_n_terms)
                coherence = float(np.nanmean(npmi_coherence(top, binary, tfidf.vocabulary_)))
                stability = term_stability(method, X, counts, terms, top, k, seed)
            return {"n_topics": k, "coherence": coherence, "stability": stability}

        from joblib import Parallel, delayed  # each k: an independent, seeded fit on read-only inputs

        ks = range(lo, max(lo, hi) + 1)
        rows = Parallel(n_jobs=n_jobs, prefer="threads")(delayed(evaluate)(k) for k in ks)
        selection = choose_n_topics(pd.DataFrame(rows))
        k = int(selection.loc[selection["chosen"], "n_topics"].iloc[0])
    else:
        k = n_topics
        if k > cap:
            warnings.warn(f"n_topics={k} is more than {len(docs)} documents support; using {cap}", NewslabWarning, stacklevel=2)
            k = cap
    W = _fit(method, X, counts, k, seed)
    shares, topic = _assign(W)
    return _build_result(docs, copies, shares, topic, counts, binary, tfidf, terms, k, method, seed, top_n_terms,
                         label_column, selection, started, corpus, n_representative, X)


def _build_result(docs, copies, shares, topic, counts, binary, tfidf, terms, k, method, seed, top_n_terms,
                  label_column, selection, started, corpus, n_representative, X) -> TopicResult:
    top = class_tfidf_terms(counts, topic, terms, k, top_n_terms)
    coherence = npmi_coherence(top, binary, tfidf.vocabulary_)
    order = np.argsort(-shares, axis=1)
    second = order[:, 1] if k > 1 else np.full(len(docs), -1)
    doc_topics = pd.DataFrame({
        "doc_id": docs["doc_id"], "topic": topic, "weight": shares[np.arange(len(docs)), np.maximum(topic, 0)].round(4),
        "second_topic": np.where(topic >= 0, second, -1),
        "second_weight": (shares[np.arange(len(docs)), second].round(4) if k > 1 else 0.0), "copy_of": None,
    })
    if len(copies):
        rep = doc_topics.set_index("doc_id").reindex(copies["copy_of"]).reset_index(drop=True)
        doc_topics = pd.concat([doc_topics, rep.assign(doc_id=copies["doc_id"].to_numpy(), copy_of=copies["copy_of"].to_numpy())],
                               ignore_index=True)
    sizes = np.bincount(topic[topic >= 0], minlength=k)
    topics = pd.DataFrame({
        "topic": np.arange(k), "label": [" / ".join(t[:3]) for t in top], "size": sizes,
        "share": (sizes / max(sizes.sum(), 1)).round(4), "top_terms": [", ".join(t) for t in top],
        "coherence": coherence.round(4),
    })
    reps = (doc_topics[doc_topics["copy_of"].isna() & (doc_topics["topic"] >= 0)]
            .merge(docs[["doc_id", "title"]], on="doc_id")
            .sort_values(["topic", "weight"], ascending=[True, False]).groupby("topic").head(n_representative))
    reps.insert(1, "rank", reps.groupby("topic").cumcount() + 1)
    metrics = {
        "method": method, "n_topics": k, "documents": len(docs), "vocabulary": len(terms),
        "coherence_npmi": float(np.nanmean(coherence)), "diversity": topic_diversity(top),
        "stability_ari": _stability(method, X, counts, k, seed) if k > 1 else 1.0,
    }
    if label_column and label_column in corpus.columns:
        labels = corpus.set_index("doc_id").loc[docs["doc_id"], label_column]
        if labels.notna().all() and labels.nunique() > 1:
            metrics |= label_agreement(labels, topic)
    return TopicResult(topics=topics, doc_topics=doc_topics, representative_docs=reps[["topic", "rank", "doc_id", "title", "weight"]].reset_index(drop=True),
                       metrics=metrics, selection=selection, weights=shares,
                       info={"seconds": round(time.perf_counter() - started, 2)})


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
