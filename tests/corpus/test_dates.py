"""Numeric dates read the way the corpus shows them, with a warning when it cannot tell day from month."""
from __future__ import annotations

import warnings

import pandas as pd
import pytest

from newslab.corpus import load_corpus
from newslab.errors import NewslabWarning


def table(tmp_path, dates):
    path = tmp_path / "news.csv"
    pd.DataFrame({"id": [f"d{i}" for i in range(len(dates))], "date": dates,
                  "text": [f"Story number {i} about the council budget and the new roads plan." for i in range(len(dates))]}
                 ).to_csv(path, index=False)
    return path


def test_ambiguous_day_month_dates_warn_and_say_how_to_choose(tmp_path):
    path = table(tmp_path, ["01/03/2024", "02/03/2024"])
    with pytest.warns(NewslabWarning, match=r"'01/03/2024' could be day or month first.*--dayfirst"):
        docs = load_corpus(path)
    assert docs["date"].dt.month.tolist() == [1, 2]  # month first, as said
    assert load_corpus(path, dayfirst=True)["date"].dt.month.tolist() == [3, 3]


def test_a_corpus_whose_dates_show_the_day_first_is_read_day_first_without_a_word(tmp_path):
    path = table(tmp_path, ["01/03/2024", "25/03/2024"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        docs = load_corpus(path)
    assert docs["date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-03-01", "2024-03-25"]


def test_iso_dates_are_never_ambiguous(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert load_corpus(table(tmp_path, ["2024-01-03", "2024-03-01"]))["date"].dt.month.tolist() == [1, 3]


def test_the_cli_takes_dayfirst(tmp_path):
    from newslab.cli import main

    out = tmp_path / "c.csv"
    assert main(["corpus", str(table(tmp_path, ["01/03/2024", "02/03/2024"])), "--out", str(out), "--dayfirst"]) == 0
    assert pd.read_csv(out)["date"].str[:10].tolist() == ["2024-03-01", "2024-03-02"]


def test_dayfirst_reaches_every_notebook_of_a_report():
    from newslab.report.run import add_column_parameters, find_notebooks, resolve_parameters

    from conftest import ROOT

    notebooks = find_notebooks(ROOT / "notebooks")
    resolved = add_column_parameters(resolve_parameters(notebooks, {}), text_column=None, id_column=None, dayfirst=True)
    assert all(params["dayfirst"] is True for params in resolved.values())
    from newslab.cli import build_parser

    assert build_parser().parse_args(["report", "x", "--out", "y", "--dayfirst"]).dayfirst is True
