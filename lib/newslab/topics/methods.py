"""The topic models behind fit_topics: TF-IDF terms, then a consensus of spherical k-means runs on LSA
projections refined in the full term space (default, see refine.py), one spherical k-means on LSA, NMF or LDA,
each giving non-negative document × topic weights; topic terms by class-based TF-IDF."""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.cluster import KMeans
from sklearn.decomposition import NMF, LatentDirichletAllocation, TruncatedSVD
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize

from ..errors import ParameterError
from .refine import ConsensusInput, fit_consensus, run_seeds

NEWS_STOPWORDS = frozenset(
    "said says say mr mrs ms told would could also year years new one two three last first people time just "
    "like make made get got going week month day today yesterday according including since many much well "
    "still even back way take told percent per cent".split()
)
TOKEN_PATTERN = r"(?u)\b[^\W\d_][^\W\d_]+\b"  # words of two or more letters; numbers are not topics
METHODS = ("kmeans-consensus", "kmeans", "nmf", "lda")
DEFAULT_METHOD = "kmeans-consensus"  # chosen on five labelled corpora: see docs/design.md and docs/performance.md
SEEDED_INPUT = ("kmeans-consensus", "kmeans")  # methods whose prepared input itself depends on the seed
LSA_DIMENSIONS = 100
KMEANS_INITS = 30  # restarts of the fit that is kept; 10 vs 30 vs 50 measured in docs/design.md
SCREENING_INITS = 10  # restarts per fit while `auto` screens each number of topics


def analyzer_options(bigrams: bool) -> dict:
    """How texts become terms (stopwords, token pattern, n-grams): the same for fitting and for assigning."""
    stop = sorted(ENGLISH_STOP_WORDS | NEWS_STOPWORDS)
    return dict(stop_words=stop, token_pattern=TOKEN_PATTERN, ngram_range=(1, 2) if bigrams else (1, 1))


def vectorize(texts: list[str], *, min_df, max_df, bigrams: bool):
    """Sublinear TF-IDF and raw counts over the same vocabulary; no terms left is an error naming min_df/max_df."""
    kw = analyzer_options(bigrams)
    try:
        tfidf = TfidfVectorizer(min_df=min_df, max_df=max_df, sublinear_tf=True, dtype=np.float32, **kw)
        X = tfidf.fit_transform(texts)
    except ValueError as exc:
        raise ParameterError(f"min_df={min_df!r}, max_df={max_df!r} leave no terms in {len(texts)} documents "
                             f"({exc}); lower min_df or raise max_df") from None
    counts = CountVectorizer(vocabulary=tfidf.vocabulary_, **kw).fit_transform(texts)
    for m in (X, counts):  # canonical form up front: estimators would otherwise sort indices in place
        m.sum_duplicates()
        m.sort_indices()
    return tfidf, X, counts


def lsa(X, seed: int) -> np.ndarray:
    """Unit-length LSA coordinates of the TF-IDF rows (seeded randomized SVD); the rows themselves when tiny."""
    n_comp = min(LSA_DIMENSIONS, X.shape[1] - 1, X.shape[0] - 1)
    if n_comp < 2:
        return normalize(X.toarray())
    return normalize(TruncatedSVD(n_components=n_comp, random_state=seed).fit_transform(X))


def prepare(method: str, X, counts, seed: int):
    """What a method clusters: LSA coordinates for k-means, one per run plus TF-IDF and counts for the consensus,
    TF-IDF for NMF, counts for LDA. Computed once per seed and shared by every number of topics tried.
    """
    if method == "nmf":
        return X
    if method == "lda":
        return counts
    if method == "kmeans-consensus":
        seeds = run_seeds(seed)
        return ConsensusInput(tuple(lsa(X, s) for s in seeds), seeds, X, counts)
    return lsa(X, seed)


def fit_weights(method: str, data, k: int, seed: int, *, n_init: int = KMEANS_INITS) -> np.ndarray:
    """Document × topic weights (non-negative) for one fit on prepare()'s output (`n_init`: restarts of the
    single k-means; the consensus has its own, refine.CONSENSUS_INITS per run)."""
    if method == "kmeans-consensus":
        return fit_consensus(data, k, seed)
    if method == "nmf":
        return NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=400).fit_transform(data)
    if method == "lda":
        return LatentDirichletAllocation(n_components=k, random_state=seed, learning_method="batch").fit_transform(data)
    km = KMeans(n_clusters=k, n_init=n_init, random_state=seed).fit(data)
    weights = np.clip(data @ normalize(km.cluster_centers_).T, 0, None)  # cosine to each centre
    rows = np.arange(len(data))  # k-means' own assignment (nearest centre) wins where cosine ranks another first
    weights[rows, km.labels_] = np.maximum(weights[rows, km.labels_], weights.max(axis=1) + 1e-6)
    return weights


def assign(W: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row-normalised weights and the best topic per document (−1 where a document has no topic terms)."""
    totals = W.sum(axis=1, keepdims=True)
    shares = np.divide(W, totals, out=np.zeros_like(W, dtype=float), where=totals > 0)
    topic = np.where(totals[:, 0] > 0, shares.argmax(axis=1), -1)
    return shares, topic


def class_counts(counts, topic: np.ndarray, k: int) -> np.ndarray:
    """Term counts summed over each topic's documents (topics × terms; documents without a topic left out)."""
    member = topic >= 0
    onehot = sp.csr_matrix((np.ones(member.sum()), (topic[member], np.flatnonzero(member))), shape=(k, counts.shape[0]))
    return np.asarray((onehot @ counts).todense(), dtype=float)


def class_tfidf_terms(per_class: np.ndarray, terms: np.ndarray, k: int, top_n: int) -> list[list[str]]:
    """Top terms per topic by class-based TF-IDF on `per_class` (class_counts): frequent in the topic, rare across
    topics."""
    tf = per_class / np.maximum(per_class.sum(axis=1, keepdims=True), 1)
    avg_words = per_class.sum() / max(k, 1)
    idf = np.log(1 + avg_words / np.maximum(per_class.sum(axis=0), 1))
    scores = tf * idf
    top = []
    for row in scores:
        best = np.argsort(-row, kind="stable")[:top_n]
        top.append([str(terms[i]) for i in best if row[i] > 0])
    return top
