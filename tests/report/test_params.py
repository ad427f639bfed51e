"""Reading a parameters cell without running it, and checking overrides against it."""
import pytest

from newslab.errors import ParameterError
from newslab.report.params import check_overrides, load_params_file, parse_parameters_cell

CELL = '''
corpus: str = "../seeds"  # folder or file of articles
threshold: float = 0.5  # Jaccard threshold [0, 1]
n_topics: int | str = "auto"  # a number, or one of: auto
method: str = "nmf"  # one of: nmf, lda, kmeans
seed: int = 42  # every random step uses it
'''


def test_names_types_defaults_and_constraints():
    params = parse_parameters_cell(CELL)
    assert list(params) == ["corpus", "threshold", "n_topics", "method", "seed"]
    assert params["threshold"].bounds == (0.0, 1.0) and params["threshold"].default == 0.5
    assert params["method"].choices == ("nmf", "lda", "kmeans")
    assert params["n_topics"].types == (int, str)


def test_computed_values_are_rejected():
    with pytest.raises(ParameterError, match="literals only"):
        parse_parameters_cell('out = Path("x") / "y"  # computed')


def test_valid_overrides_pass():
    params = parse_parameters_cell(CELL)
    assert check_overrides("nb", params, {"threshold": 1, "n_topics": 7, "method": "lda"}) == {
        "threshold": 1, "n_topics": 7, "method": "lda",
    }


@pytest.mark.parametrize(
    "override, match",
    [
        ({"treshold": 0.3}, r"unknown parameter 'treshold'; valid parameters: corpus \(str\), threshold \(float\)"),
        ({"threshold": "high"}, "'threshold' must be float"),
        ({"threshold": 1.5}, r"'threshold' must be in \[0, 1\]"),
        ({"seed": 4.2}, "'seed' must be int"),
        ({"seed": True}, "'seed' must be int"),
        ({"method": "bertopic"}, "'method' must be one of nmf, lda, kmeans"),
        ({"n_topics": "many"}, "'n_topics' must be one of auto"),
    ],
)
def test_bad_overrides_name_the_parameter(override, match):
    with pytest.raises(ParameterError, match=match):
        check_overrides("my-notebook.ipynb", parse_parameters_cell(CELL), override)  # no declaration: its comments rule


def test_params_file(tmp_path):
    good = tmp_path / "p.yaml"
    good.write_text("common:\n  seed: 7\ntopic-clustering:\n  n_topics: 5\n")
    assert load_params_file(good) == {"common": {"seed": 7}, "topic-clustering": {"n_topics": 5}}
    bad = tmp_path / "bad.yaml"
    bad.write_text("- a list\n")
    with pytest.raises(ParameterError, match="bad.yaml"):
        load_params_file(bad)
    with pytest.raises(ParameterError, match="no such file"):
        load_params_file(tmp_path / "missing.yaml")


def _shipped():
    from pathlib import Path

    return sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("[0-9][0-9]-*.ipynb"))


@pytest.mark.parametrize("params_file, match", [
    ({"common": {"seed": -1}}, "seed"), ({"common": {"seed": 10**20}}, "seed"),
    ({"duplicates": {"threshold": 0.0}}, "threshold"), ({"topic-clustering": {"max_df": float("nan")}}, "max_df"),
    ({"entity-cooccurrence": {"window": "line"}}, "window"), ({"common": {"reuse_cache": "/tmp/x"}}, "reuse_cache"),
])
def test_report_precheck_uses_the_declaration(params_file, match):
    from newslab.report.run import resolve_parameters

    with pytest.raises(ParameterError, match=match):
        resolve_parameters(_shipped(), params_file)


def test_precheck_accepts_what_the_library_accepts():
    from newslab.report.run import resolve_parameters

    resolved = resolve_parameters(_shipped(), {"common": {"seed": 2**32 - 1, "threshold": 0.005}})
    assert all(r["seed"] == 2**32 - 1 for r in resolved.values())


@pytest.mark.parametrize("timeout", [float("nan"), float("inf"), -1.0, 0])
def test_bad_timeout_is_an_error_before_any_kernel(tmp_path, timeout):
    from newslab.report import run_report

    with pytest.raises(ParameterError, match="timeout"):
        run_report(tmp_path / "no-corpus", tmp_path / "out", timeout=timeout)
    assert not (tmp_path / "out").exists()


def test_any_notebook_seed_is_checked_as_the_library_seed():
    params = parse_parameters_cell("seed: int = 42  # every random step")
    with pytest.raises(ParameterError, match="seed"):
        check_overrides("my-notebook.ipynb", params, {"seed": -1})


def test_a_duration_parameter_is_checked_before_the_notebook_runs():
    from newslab.report.params import check_overrides, read_notebook_parameters

    from conftest import ROOT

    notebook = ROOT / "notebooks" / "40-outlet-flow.ipynb"
    declared = read_notebook_parameters(notebook)
    assert check_overrides("40-outlet-flow.ipynb", declared, {"time_window": "2d"}) is not None
    with pytest.raises(ParameterError, match="'time_window' must be a duration such as 30m, 1h, 2d or 1w"):
        check_overrides("40-outlet-flow.ipynb", declared, {"time_window": "<script>alert(1)</script>"})
