"""Parameters files as careless users write them: other encodings, sections for notebooks left out of the run,
relative paths. Each is one line naming the file or parameter, or works as the user meant."""
from __future__ import annotations

import pytest

from newslab.errors import ParameterError
from newslab.report.params import load_params_file
from newslab.report.run import find_notebooks, resolve_parameters

from conftest import ROOT

NOTEBOOKS = ROOT / "notebooks"


def test_a_latin1_params_file_is_one_line_naming_it(tmp_path):
    path = tmp_path / "params.yaml"
    path.write_bytes("common: {focus_entity: Bundesb\xe4nk}\n".encode("latin-1"))
    with pytest.raises(ParameterError, match=r"--params .*params.yaml: not UTF-8 text"):
        load_params_file(path)


def test_a_section_for_a_notebook_left_out_by_only_is_still_checked():
    everything = find_notebooks(NOTEBOOKS)
    only = find_notebooks(NOTEBOOKS, ["corpus-overview"])
    with pytest.raises(ParameterError, match="duplicates"):
        resolve_parameters(only, {"duplicates": {"threshold": 7}}, available=everything)


def test_a_relative_aliases_path_is_read_from_where_the_user_ran_newslab(tmp_path, monkeypatch):
    (tmp_path / "my-aliases.csv").write_text("alias,canonical\nBibi,Benjamin Netanyahu\n")
    monkeypatch.chdir(tmp_path)
    everything = find_notebooks(NOTEBOOKS)
    resolved = resolve_parameters(everything, {"entity-cooccurrence": {"aliases": "my-aliases.csv"}})
    network = next(p for p in everything if "cooccurrence" in p.name)
    assert resolved[network]["aliases"] == str(tmp_path / "my-aliases.csv")
