"""How much a result depends on the seed, and the number of topics chosen by it.

One stability figure, named `stability` wherever it appears (metrics table and selection curve): the
adjusted Rand index between the topic assignments fitted with seeds `seed` and `seed + 1` on all documents.
1.0: the seed does not change which documents share a topic.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

from .methods import KMEANS_INITS, SCREENING_INITS, SEEDED_INPUT, assign, class_tfidf_terms, fit_weights, prepare
from .metrics import npmi_coherence

STABILITY_TOLERANCE = 0.01


def single_threaded(function, *args, **kwargs):
    """function(*args, **kwargs) with BLAS and OpenMP on one thread, in whichever thread it runs: its sums then
    come out the same on any machine and with any number of workers."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return function(*args, **kwargs)


def seed_pair(method: str, X, counts, seed: int, *, n_jobs: int = 1) -> dict[int, object]:
    """The prepared input for seeds `seed` and `seed + 1` (LSA projections are themselves seeded)."""
    from joblib import Parallel, delayed

    if method in SEEDED_INPUT:
        pair = Parallel(n_jobs=n_jobs, prefer="threads")(
            delayed(single_threaded)(prepare, method, X, counts, s) for s in (seed, seed + 1))
        return dict(zip((seed, seed + 1), pair))
    first = prepare(method, X, counts, seed)
    return {seed: first, seed + 1: first}


def fit_with_stability(method: str, data: dict, k: int, seed: int, *, n_init: int = KMEANS_INITS,
                       n_jobs: int = 1) -> tuple[np.ndarray, float]:
    """Weights of the fit with `seed`, and the stability: ARI between its topics and those with `seed + 1`."""
    from joblib import Parallel, delayed

    W, other = Parallel(n_jobs=n_jobs, prefer="threads")(
        delayed(single_threaded)(fit_weights, method, data[s], k, s, n_init=n_init) for s in (seed, seed + 1))
    return W, float(adjusted_rand_score(assign(W)[1], assign(other)[1]))


def selection_curve(method: str, X, counts, binary, vocabulary: dict, terms, ks, *, seed: int, top_n: int,
                    n_jobs: int) -> tuple[pd.DataFrame, dict, dict[int, tuple[np.ndarray, float]]]:
    """Stability and NPMI coherence for each k in `ks`, and each k's fit. Both k-means methods screen with one
    LSA k-means of SCREENING_INITS restarts per fit (the consensus on its first run's projection), and the chosen
    k is then refitted by the method itself; other methods' fits are final."""
    from joblib import Parallel, delayed
    from threadpoolctl import threadpool_limits

    data = seed_pair(method, X, counts, seed, n_jobs=n_jobs)
    screening = "kmeans" if method in SEEDED_INPUT else method
    screened = {s: d.projections[0] for s, d in data.items()} if method == "kmeans-consensus" else data

    def evaluate(k: int):
        with threadpool_limits(limits=1):  # each k: independent seeded fits on read-only inputs
            W, stability = fit_with_stability(screening, screened, k, seed, n_init=SCREENING_INITS)
            top = class_tfidf_terms(counts, assign(W)[1], terms, k, top_n)
            coherence = float(np.nanmean(npmi_coherence(top, binary, vocabulary)))
        return {"n_topics": k, "stability": stability, "coherence": coherence}, (W, stability)

    results = Parallel(n_jobs=n_jobs, prefer="threads")(delayed(evaluate)(k) for k in ks)
    curve = pd.DataFrame([row for row, _ in results])
    return choose_n_topics(curve), data, {row["n_topics"]: fit for row, fit in results}


def choose_n_topics(curve: pd.DataFrame) -> pd.DataFrame:
    """Mark the chosen k: the most stable; ks within STABILITY_TOLERANCE of it go to the most coherent, then the fewest.

    A number of topics the data really holds comes out the same whatever the seed; a wrong one splits or
    merges themes differently from seed to seed.
    """
    best = curve["stability"].max()
    near = curve[curve["stability"] >= best - STABILITY_TOLERANCE]
    k = int(near.sort_values(["coherence", "n_topics"], ascending=[False, True])["n_topics"].iloc[0])
    return curve.assign(chosen=curve["n_topics"] == k)
