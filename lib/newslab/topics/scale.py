"""Topics on large corpora in bounded memory: above `fit_sample` distinct documents the model is fitted on a seeded
sample of them and every other document is assigned, a batch at a time, to the topic whose TF-IDF centre (the mean
direction of its fitted documents) is nearest by cosine, with the sample's vocabulary and IDF. Identical texts are
found by hashing a batch at a time, so the fitted texts of the whole corpus are never held at once.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.preprocessing import normalize

from .methods import analyzer_options, class_counts

ASSIGN_BATCH = 20_000  # documents vectorised and assigned at a time (about 100 MB of text at news length)
HASH_BATCH = 50_000  # documents whose fitted texts are built and hashed at a time


def fitted_texts(docs: pd.DataFrame) -> pd.Series:
    """What the model reads of each document: its title and its text."""
    return docs["title"].fillna("") + "\n" + docs["text"]


def sample_rows(n_docs: int, fit_sample: int | None, seed: int) -> np.ndarray | None:
    """Sorted row numbers of the documents the model is fitted on: None (all of them) up to `fit_sample`, else a
    sample of `fit_sample` drawn with `seed`."""
    if fit_sample is None or n_docs <= fit_sample:
        return None
    return np.sort(np.random.default_rng(seed).choice(n_docs, size=fit_sample, replace=False))


def without_exact_copies(docs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The documents with each distinct fitted text once (its first copy), and doc_id → copy_of for the rest: an
    identical text adds no information, only weight. Texts are compared only where their 64-bit hashes repeat."""
    hashes = np.concatenate([pd.util.hash_array(fitted_texts(docs.iloc[i:i + HASH_BATCH]).to_numpy(dtype=object))
                             for i in range(0, len(docs), HASH_BATCH)] or [np.zeros(0, np.uint64)])
    candidate = np.flatnonzero(pd.Series(hashes).duplicated(keep=False).to_numpy())
    if not len(candidate):
        return docs, pd.DataFrame(columns=["doc_id", "copy_of"])
    texts = fitted_texts(docs.iloc[candidate])
    again = texts.duplicated(keep="first").to_numpy()
    if not again.any():  # equal hashes of different texts
        return docs, pd.DataFrame(columns=["doc_id", "copy_of"])
    repeat = np.zeros(len(docs), dtype=bool)
    repeat[candidate[again]] = True
    first = pd.Series(docs["doc_id"].iloc[candidate].to_numpy(), index=texts.to_numpy())
    first = first[~first.index.duplicated(keep="first")]
    exact = pd.DataFrame({"doc_id": docs["doc_id"][repeat].to_numpy(), "copy_of": first.loc[texts[again]].to_numpy()})
    return docs[~repeat].reset_index(drop=True), exact


def topic_centres(X, topic: np.ndarray, k: int) -> np.ndarray:
    """Each topic's mean direction of its documents' unit TF-IDF rows (k × terms, unit rows)."""
    member = topic >= 0
    onehot = sp.csr_matrix((np.ones(member.sum()), (topic[member], np.flatnonzero(member))), shape=(k, X.shape[0]))
    return normalize(np.asarray((onehot @ X).todense(), dtype=np.float64))


@dataclass(frozen=True)
class Assigner:
    """What assigning a document needs: the fitted vocabulary (term → column), its IDF, the topic centres."""

    vocabulary: dict
    idf: np.ndarray
    centres: np.ndarray
    bigrams: bool


def assign_batch(texts: list[str], assigner: Assigner) -> tuple[np.ndarray, np.ndarray]:
    """Cosine of each text's sublinear TF-IDF row to each topic centre, and the term counts summed per nearest
    topic (topics × terms; a text sharing no term with any topic has none)."""
    counts = CountVectorizer(vocabulary=assigner.vocabulary, **analyzer_options(assigner.bigrams)).transform(texts)
    tf = counts.astype(np.float64)
    tf.data = np.log(tf.data) + 1.0
    X = normalize(sp.csr_matrix(tf.multiply(assigner.idf[None, :])))
    cosines = np.asarray(X @ assigner.centres.T, dtype=np.float64)
    topic = np.where(cosines.max(axis=1) > 0, cosines.argmax(axis=1), -1)
    return cosines, class_counts(counts, topic, len(assigner.centres))


def assign_rest(docs: pd.DataFrame, rows: np.ndarray, assigner: Assigner, *,
                n_jobs: int) -> tuple[np.ndarray, np.ndarray]:
    """assign_batch over docs.iloc[rows], ASSIGN_BATCH documents at a time (`n_jobs` processes): the cosines in
    row order and the per-topic term counts summed in batch order, the same with any number of processes."""
    from joblib import Parallel, delayed

    k, n_terms = assigner.centres.shape
    cosines = np.zeros((len(rows), k))
    per_class = np.zeros((k, n_terms))
    starts = range(0, len(rows), ASSIGN_BATCH)
    batches = (delayed(assign_batch)(fitted_texts(docs.iloc[rows[s:s + ASSIGN_BATCH]]).tolist(), assigner) for s in starts)
    for start, (part, summed) in zip(starts, Parallel(n_jobs=n_jobs, return_as="generator")(batches)):
        cosines[start:start + len(part)] = part
        per_class += summed
    return cosines, per_class
