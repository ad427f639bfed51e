"""Bad topic parameters are errors naming the parameter, never a silent fallback."""
from __future__ import annotations

from pathlib import Path

import pytest

from newslab.corpus import load_corpus

from newslab.errors import ParameterError
from newslab.report.params import check_overrides, read_notebook_parameters
from newslab.topics import fit_topics
from newslab.topics.selection import choose_n_topics

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def small(small_corpus_dir):
    return load_corpus(small_corpus_dir)


@pytest.mark.parametrize("kw, match", [
    ({"n_topics": 0}, "n_topics"), ({"n_topics": 1}, "n_topics"), ({"n_topics": True}, "n_topics"),
    ({"n_topics": "many"}, "n_topics"), ({"n_topics": 2.5}, "n_topics"), ({"method": "bertopic"}, "method"),
    ({"k_range": (1, 5)}, "k_range"), ({"k_range": (6, 3)}, "k_range"), ({"k_range": (3,)}, "k_range"),
    ({"k_range": (2.0, 5)}, "k_range"), ({"min_df": -1}, "min_df"), ({"min_df": 1.5}, "min_df"),
    ({"min_df": "2"}, "min_df"), ({"max_df": 0.0}, "max_df"), ({"max_df": 1.5}, "max_df"), ({"max_df": 0}, "max_df"),
])
def test_bad_parameters_are_named(small, kw, match):
    with pytest.raises(ParameterError, match=match):
        fit_topics(small, **kw)


def test_min_df_that_leaves_no_terms_is_said_not_worked_around(small):
    from newslab.topics import key_findings

    result = fit_topics(small, n_topics=2, min_df=50)  # no other min_df is tried behind the user's back
    assert result.topics.empty and "min_df=50" in key_findings(result)[0]


def test_choice_of_k_is_the_finest_of_the_equally_stable_not_the_coarsest():
    import pandas as pd

    curve = pd.DataFrame({"n_topics": [3, 4, 5, 6, 7], "stability": [0.998, 0.99, 0.96, 0.80, 0.94]})
    chosen = choose_n_topics(curve)
    assert chosen.query("chosen")["n_topics"].tolist() == [5]  # 3 is the most stable, 5 as stable within 0.05
    assert (chosen["floor"] == 0.948).all()
    assert choose_n_topics(curve.assign(stability=[0.99, 0.5, 0.5, 0.5, 0.5])).query("chosen")["n_topics"].tolist() == [3]


@pytest.mark.parametrize("value, ok", [(1, False), (0, False), (2, True), (12, True), ("auto", True), ("five", False)])
def test_notebook_parameter_check_rejects_fewer_than_two_topics(value, ok):
    params = read_notebook_parameters(ROOT / "notebooks" / "10-topic-clustering.ipynb")
    if ok:
        assert check_overrides("10-topic-clustering", params, {"n_topics": value}) == {"n_topics": value}
    else:
        with pytest.raises(ParameterError, match="n_topics"):
            check_overrides("10-topic-clustering", params, {"n_topics": value})


def test_notebook_and_cli_offer_exactly_the_library_methods_with_its_default():
    from newslab.cli import build_parser
    from newslab.topics.methods import DEFAULT_METHOD, METHODS

    params = read_notebook_parameters(ROOT / "notebooks" / "10-topic-clustering.ipynb")
    assert params["method"].choices == METHODS and params["method"].default == DEFAULT_METHOD
    topics = build_parser()._subparsers._group_actions[0].choices["topics"]
    method = next(a for a in topics._actions if a.dest == "method")
    assert tuple(method.choices) == METHODS and method.default == DEFAULT_METHOD
