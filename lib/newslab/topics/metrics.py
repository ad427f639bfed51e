"""How good is a topic model: NPMI coherence on the corpus itself, topic diversity, and agreement with a
label column when there is one (stability across seeds: see selection.py)."""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score, v_measure_score


def npmi_coherence(top_terms: list[list[str]], binary_doc_term: sp.csr_matrix, vocabulary: dict[str, int]) -> np.ndarray:
    """Mean normalised PMI of each topic's top-term pairs, from document co-occurrence in the corpus.

    +1: the terms always appear together; 0: independent; −1: never together.
    """
    n_docs = binary_doc_term.shape[0]
    csc = binary_doc_term.tocsc()
    df = np.diff(csc.indptr)
    scores = []
    for terms in top_terms:
        idx = [vocabulary[t] for t in terms if t in vocabulary]
        cols = csc[:, idx]
        joint = (cols.T @ cols).toarray()
        values = []
        for a, b in itertools.combinations(range(len(idx)), 2):
            p_ab = joint[a, b] / n_docs
            p_a, p_b = df[idx[a]] / n_docs, df[idx[b]] / n_docs
            if p_ab == 0:
                values.append(-1.0)
            elif p_ab == 1:
                values.append(1.0)
            else:
                values.append(np.log(p_ab / (p_a * p_b)) / -np.log(p_ab))
        scores.append(float(np.mean(values)) if values else float("nan"))
    return np.asarray(scores)


def topic_diversity(top_terms: list[list[str]], k: int = 25) -> float:
    """Share of distinct words among all topics' top-k terms (1.0: no word shared between topics)."""
    words = [t for terms in top_terms for t in terms[:k]]
    return len(set(words)) / len(words) if words else float("nan")


def label_agreement(labels: pd.Series, topics: np.ndarray) -> dict[str, float]:
    """NMI, ARI and V-measure of the topic assignment against a known label column."""
    y = labels.astype(str).to_numpy()
    return {
        "nmi": float(normalized_mutual_info_score(y, topics)),
        "ari": float(adjusted_rand_score(y, topics)),
        "v_measure": float(v_measure_score(y, topics)),
    }
