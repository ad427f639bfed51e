"""The default method's consensus and refinement: a mis-split document is moved back, no topic is emptied,
the runs' majority wins, and the same seed gives the same weights whatever the number of workers."""
from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from newslab.topics.methods import fit_weights, prepare, vectorize
from newslab.topics.refine import consensus_labels, naive_bayes_refine, run_seeds, spherical_refine
from newslab.topics.selection import fit_with_stability, seed_pair

FINANCE = ["central bank raises interest rates to curb inflation", "bank rates and inflation move bond markets",
           "inflation worries push the bank to raise rates again"]
SPORT = ["coach praises team after the match winning goal", "team coach names players for the match",
         "players score a late goal and the crowd cheers the team"]


@pytest.fixture(scope="module")
def matrices():
    _, X, counts = vectorize(FINANCE + SPORT, min_df=1, max_df=1.0, bigrams=False)
    return X, counts


TRUTH = np.array([0, 0, 0, 1, 1, 1])
MIS_SPLIT = np.array([0, 0, 1, 1, 1, 1])  # the third finance story put with sport


def test_spherical_refinement_moves_a_mis_split_story_back(matrices):
    X, _ = matrices
    assert (spherical_refine(X, MIS_SPLIT, 2) == TRUTH).all()


def test_naive_bayes_refinement_moves_a_mis_split_story_back(matrices):
    _, counts = matrices
    refined = naive_bayes_refine(counts, MIS_SPLIT, 2)
    assert (refined == TRUTH).all() and (naive_bayes_refine(counts, refined, 2) == refined).all()  # run to convergence


def test_refinement_keeps_every_topic(matrices):
    _, X, counts = vectorize([FINANCE[0], FINANCE[0], *SPORT], min_df=1, max_df=1.0, bigrams=False)
    labels = np.array([0, 1, 2, 2, 2])  # two copies of one story in two topics: a step would empty one of them
    assert (spherical_refine(X, labels, 3) == labels).all()
    assert len(np.unique(naive_bayes_refine(counts, labels, 3))) == 3


def test_consensus_follows_the_majority_of_runs():
    runs = [np.array([0, 0, 0, 1, 1, 1]), np.array([0, 0, 1, 1, 1, 1]), np.array([1, 1, 1, 0, 0, 0])]
    assert adjusted_rand_score(TRUTH, consensus_labels(runs, 2, seed=0)) == 1.0


def test_neighbouring_seeds_share_no_run():
    assert len(run_seeds(42)) == 5 and not set(run_seeds(42)) & set(run_seeds(43))
    assert run_seeds(42) == run_seeds(42)


def test_same_seed_gives_identical_weights_with_one_or_two_workers(matrices):
    X, counts = matrices
    one = fit_with_stability("kmeans-consensus", seed_pair("kmeans-consensus", X, counts, 7, n_jobs=1), 2, 7, n_jobs=1)
    two = fit_with_stability("kmeans-consensus", seed_pair("kmeans-consensus", X, counts, 7, n_jobs=2), 2, 7, n_jobs=2)
    again = fit_weights("kmeans-consensus", prepare("kmeans-consensus", X, counts, 7), 2, 7)
    assert np.array_equal(one[0], two[0]) and np.array_equal(one[0], again) and one[1] == two[1]
    assert adjusted_rand_score(TRUTH, again.argmax(axis=1)) == 1.0
