"""How much a result depends on the seed, and the number of topics chosen by it.

One stability figure, named `stability` wherever it appears (metrics table and selection curve): the
adjusted Rand index between the topic assignments fitted with seeds `seed` and `seed + 1` on all documents.
1.0: the seed does not change which documents share a topic.

`auto` picks the finest split that is as reproducible as the most reproducible one: the largest number of
topics whose stability is within STABILITY_TOLERANCE of the best. Stability alone favours the coarsest split
(two or three topics are nearly always reproducible); among equally reproducible splits a researcher starts
from the one that tells more apart. The range tried grows with the corpus (default_k_range).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

from .methods import KMEANS_INITS, SCREENING_INITS, SEEDED_INPUT, assign, fit_weights, prepare

STABILITY_TOLERANCE = 0.05  # stabilities this close count as equal: the seed moves them more (docs/topics.md)
K_MIN = 3
K_MAX = 30
DOCS_PER_TOPIC = 100  # the default range tries up to one topic per this many documents, within [10, K_MAX]


def default_k_range(n_docs: int) -> tuple[int, int]:
    """(3, hi) with hi one topic per DOCS_PER_TOPIC documents, at least 10 and at most K_MAX: a large corpus can
    hold more themes worth telling apart."""
    return K_MIN, int(min(K_MAX, max(10, n_docs // DOCS_PER_TOPIC)))


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


def selection_curve(method: str, X, counts, ks, *, seed: int,
                    n_jobs: int) -> tuple[pd.DataFrame, dict, dict[int, tuple[np.ndarray, float]]]:
    """Stability for each k in `ks`, and each k's fit. Both k-means methods screen with one
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
        return {"n_topics": k, "stability": stability}, (W, stability)

    results = Parallel(n_jobs=n_jobs, prefer="threads")(delayed(evaluate)(k) for k in ks)
    curve = pd.DataFrame([row for row, _ in results])
    return choose_n_topics(curve), data, {row["n_topics"]: fit for row, fit in results}


def choose_n_topics(curve: pd.DataFrame) -> pd.DataFrame:
    """Mark the chosen k: the largest whose stability is within STABILITY_TOLERANCE of the best (column `floor`).

    A number of topics the data really holds comes out the same whatever the seed; a wrong one splits or
    merges themes differently from seed to seed. Of the equally reproducible ones, the finest.
    """
    floor = curve["stability"].max() - STABILITY_TOLERANCE
    k = int(curve.loc[curve["stability"] >= floor, "n_topics"].max())
    return curve.assign(floor=round(floor, 4), chosen=curve["n_topics"] == k)
