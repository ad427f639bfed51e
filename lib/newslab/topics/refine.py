"""The default topic model's two extra steps over one LSA k-means: a consensus of several seeded LSA k-means
runs (so the seed moves fewer documents), then a deterministic refinement in the full term space
(spherical k-means on the TF-IDF rows, then EM of a multinomial naive Bayes mixture on the counts)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.cluster import KMeans
from sklearn.preprocessing import normalize

CONSENSUS_RUNS = 5  # LSA k-means runs combined; 3 vs 5 vs 7 measured in docs/design.md
CONSENSUS_INITS = 10  # k-means restarts within each run
SPHERICAL_ITERATIONS = 50  # at most; it stops as soon as no document changes cluster
EM_ITERATIONS = 200  # at most; it stops once no document's topic probabilities move by EM_TOLERANCE
EM_TOLERANCE = 1e-4
EM_SMOOTHING = 1.0  # added to every word count of every topic (Laplace), so unseen words do not veto a topic


@dataclass(frozen=True)
class ConsensusInput:
    """What the consensus method fits: one unit-length LSA projection per run, the unit-length TF-IDF rows, counts."""

    projections: tuple[np.ndarray, ...]
    run_seeds: tuple[int, ...]
    tfidf: sp.csr_matrix
    counts: sp.csr_matrix


def run_seeds(seed: int, runs: int = CONSENSUS_RUNS) -> tuple[int, ...]:
    """The runs' seeds, drawn at random from `seed`: the fits with `seed` and `seed + 1` behind the stability
    figure then share no run (independent draws from 2**31 values), so it is not flattered by shared runs."""
    return tuple(int(s) for s in np.random.default_rng(seed).integers(0, 2**31 - 1, size=runs))


def one_hot(labels: np.ndarray, k: int) -> sp.csr_matrix:
    """Documents × clusters indicator matrix."""
    return sp.csr_matrix((np.ones(len(labels)), (np.arange(len(labels)), labels)), shape=(len(labels), k))


def consensus_labels(runs: list[np.ndarray], k: int, seed: int) -> np.ndarray:
    """k clusters of the runs' co-assignments: k-means on the concatenated indicators, whose squared distances
    count the runs that separate two documents (each run has k clusters, so there are at least k distinct rows)."""
    H = sp.hstack([one_hot(labels, k) for labels in runs]).toarray() / np.sqrt(len(runs))
    return KMeans(n_clusters=k, n_init=CONSENSUS_INITS, random_state=seed).fit(H).labels_


def centroid_cosines(tfidf: sp.csr_matrix, labels: np.ndarray, k: int) -> np.ndarray:
    """Cosine of each unit-length TF-IDF row to each cluster's mean direction."""
    centres = normalize((one_hot(labels, k).T @ tfidf).toarray().astype(np.float64))
    return np.asarray(tfidf @ centres.T, dtype=np.float64)


def spherical_refine(tfidf: sp.csr_matrix, labels: np.ndarray, k: int) -> np.ndarray:
    """Spherical k-means on the unit-length TF-IDF rows from `labels` until no document moves; a step that would
    empty a cluster is not taken (the previous labels are kept)."""
    for _ in range(SPHERICAL_ITERATIONS):
        moved = centroid_cosines(tfidf, labels, k).argmax(axis=1)
        if (moved == labels).all() or len(np.unique(moved)) < k:
            break
        labels = moved
    return labels


def naive_bayes_refine(counts: sp.csr_matrix, labels: np.ndarray, k: int) -> np.ndarray:
    """EM of a multinomial naive Bayes mixture on the word counts, started from `labels` and run until it
    converges; the most probable topic per document. A result that would leave a topic empty is not taken."""
    n = counts.shape[0]
    responsibility = one_hot(labels, k).toarray()
    for _ in range(EM_ITERATIONS):
        word_counts = np.asarray((sp.csr_matrix(responsibility.T) @ counts).todense()) + EM_SMOOTHING
        log_words = np.log(word_counts / word_counts.sum(axis=1, keepdims=True))
        log_prior = np.log((responsibility.sum(axis=0) + 1) / (n + k))
        log_post = np.asarray(counts @ log_words.T) + log_prior
        log_post -= log_post.max(axis=1, keepdims=True)
        previous, responsibility = responsibility, np.exp(log_post)
        responsibility /= responsibility.sum(axis=1, keepdims=True)
        if np.abs(responsibility - previous).max() < EM_TOLERANCE:
            break
    refined = responsibility.argmax(axis=1)
    return refined if len(np.unique(refined)) == k else labels


def fit_consensus(data: ConsensusInput, k: int, seed: int) -> np.ndarray:
    """Document × topic weights: the consensus of the runs, refined, as cosine to each topic's TF-IDF centre
    (the refined assignment wins where cosine ranks another topic first)."""
    runs = [KMeans(n_clusters=k, n_init=CONSENSUS_INITS, random_state=s).fit(z).labels_
            for z, s in zip(data.projections, data.run_seeds)]
    labels = consensus_labels(runs, k, seed)
    labels = naive_bayes_refine(data.counts, spherical_refine(data.tfidf, labels, k), k)
    weights = np.clip(centroid_cosines(data.tfidf, labels, k), 0, None)
    rows = np.arange(len(labels))
    weights[rows, labels] = np.maximum(weights[rows, labels], weights.max(axis=1) + 1e-6)
    return weights
