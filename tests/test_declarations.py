"""One declaration per parameter: every notebook's parameters cell, every CLI subcommand's options and every
public signature agree with the wings' PARAMS in name, default, type and range; a default changed in one place
fails here until every place agrees."""
from __future__ import annotations

import argparse
import inspect
from pathlib import Path

import pytest

from importlib import import_module

from newslab.checks import Param
from newslab.cli import build_parser
from newslab.report.declared import NOTEBOOKS, parameter_line, parameters_cell
from newslab.report.params import read_notebook_parameters

# modules by path: a package's function of the same name (entities.annotate) hides its module
load, overview = import_module("newslab.corpus.load"), import_module("newslab.corpus.overview")
annotate_module, cooccurrence_module = import_module("newslab.entities.annotate"), import_module("newslab.network.cooccurrence")
run_module, model = import_module("newslab.report.run"), import_module("newslab.topics.model")
copies, duplicates = import_module("newslab.reuse.copies"), import_module("newslab.reuse.duplicates")
flow, coordinated = import_module("newslab.reuse.flow"), import_module("newslab.reuse.coordinated")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_FILES = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))

# public entry point -> (its declaration, {signature name: declared name} where they differ)
ENTRY_POINTS = [
    (load.load_corpus, load.PARAMS, {}),
    (load.read_corpus, load.READ_PARAMS | {n: p for n, p in load.PARAMS.items()}, {}),
    (overview.flag_length_outliers, overview.PARAMS, {}),
    (overview.key_findings, overview.PARAMS, {}),
    (overview.sample_titles, overview.PARAMS, {"n": "sample_size"}),
    (duplicates.find_duplicates, duplicates.PARAMS, {}),
    (copies.copy_map, duplicates.PARAMS, {}),
    (copies.cached_duplicates, duplicates.PARAMS, {}),
    (model.fit_topics, model.PARAMS, {}),
    (annotate_module.annotate, annotate_module.PARAMS, {}),
    (cooccurrence_module.cooccurrence, cooccurrence_module.PARAMS, {}),
    (run_module.run_report, run_module.PARAMS, {"kernel_name": "kernel"}),
    (flow.find_flows, flow.PARAMS, {}),
    (coordinated.coordinated_network, coordinated.PARAMS, {}),
]
# What each subcommand's declared options come from; options outside every declaration must be listed here.
COMMANDS = {
    "corpus": [load.PARAMS], "report": [run_module.PARAMS], "entities": [load.PARAMS, annotate_module.PARAMS],
    "cooccurrence": [load.PARAMS, cooccurrence_module.PARAMS, duplicates.PARAMS, annotate_module.PARAMS],
    "duplicates": [load.PARAMS, duplicates.PARAMS], "topics": [load.PARAMS, model.PARAMS, duplicates.PARAMS],
    "flow": [load.PARAMS, flow.PARAMS],
}
CLI_ONLY = {"help", "out", "params", "only", "show_code", "no_input", "notebooks", "partition_rows", "aliases"}


def same(a, b) -> bool:
    """Equal and of the same type (0.5 is not 1, 42 is not 42.0, a list is a list)."""
    return type(a) is type(b) and a == b or (isinstance(a, (list, tuple)) and isinstance(b, (list, tuple))
                                             and list(a) == list(b))


@pytest.mark.parametrize("path", NOTEBOOK_FILES, ids=lambda p: p.stem)
def test_notebook_parameters_cell_is_the_declared_one(path):
    key = path.stem.split("-", 1)[1]
    assert key in NOTEBOOKS, f"{path.name} has no declaration in newslab/report/declared.py"
    declared, cell = NOTEBOOKS[key], read_notebook_parameters(path)
    assert list(cell) == list(declared), f"{path.name}: parameters differ from the declaration"
    for name, param in declared.items():
        got = cell[name]
        assert same(got.default, param.default), f"{path.name}: {name} default {got.default!r} != {param.default!r}"
        assert set(got.types) == set(param.types), f"{path.name}: {name} type {got.type_name} != {param.type_name}"
        assert got.help == param.comment(), f"{path.name}: {name} comment (its range) != the declaration's"
    from nbformat import read

    source = next(c.source for c in read(path, as_version=4).cells if "parameters" in c.metadata.get("tags", []))
    assert source == parameters_cell(key), (f"{path.name}: rewrite it with "
                                            f"python -m newslab.report.declared notebooks/{path.name}")


@pytest.mark.parametrize("func, declared, renamed", ENTRY_POINTS, ids=lambda v: getattr(v, "__qualname__", ""))
def test_public_signature_matches_the_declaration(func, declared, renamed):
    sig = inspect.signature(func)
    kinds = {p.kind for p in sig.parameters.values()}
    assert not kinds & {inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD}, f"{func.__name__}: *args/**kwargs"
    options = [p for p in sig.parameters.values() if p.default is not inspect.Parameter.empty]
    assert options and all(p.kind is p.KEYWORD_ONLY for p in options), f"{func.__name__}: options must be keyword-only"
    for p in options:
        name = renamed.get(p.name, p.name)
        if name in declared:
            assert same(p.default, declared[name].default), \
                f"{func.__name__}({p.name}={p.default!r}) but the declaration says {declared[name].default!r}"


@pytest.mark.parametrize("func, declared, renamed", [e for e in ENTRY_POINTS if e[0].__doc__ and "----------" in e[0].__doc__]
                         + [(f, d, r) for f, d, r in ENTRY_POINTS if f in (load.load_corpus, duplicates.find_duplicates,
                                                                       model.fit_topics, annotate_module.annotate,
                                                                       cooccurrence_module.cooccurrence)],
                         ids=lambda v: getattr(v, "__qualname__", ""))
def test_numpydoc_parameters_section_comes_from_the_declaration(func, declared, renamed):
    doc = inspect.getdoc(func)
    assert "Parameters\n----------" in doc, f"{func.__name__}: no numpydoc Parameters section"
    for name in inspect.signature(func).parameters:
        if name in declared:
            p = declared[name]
            assert f"{name} : {p.type_name}, default {p.default!r}" in doc, f"{func.__name__}: {name} undocumented"


def subcommands() -> dict[str, argparse.ArgumentParser]:
    return build_parser()._subparsers._group_actions[0].choices


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_cli_options_are_built_from_the_declaration(command):
    parser = subcommands()[command]
    declared_here = parser.get_default("declared") or {}
    for action in parser._actions:
        if not action.option_strings or action.dest in CLI_ONLY:
            continue
        name = action.dest
        sources = [d[name] for d in COMMANDS[command] if name in d]
        assert sources, f"newslab {command} {action.option_strings[0]}: not declared in any PARAMS (or list it in CLI_ONLY)"
        param: Param = declared_here.get(name)
        assert param is not None and param in sources, f"newslab {command} --{name}: not built from its declaration"
        dashed = name.replace("_", "-")
        if param.types == (bool,):  # --name turns on what is off by default, --no-name turns off what is on
            assert action.option_strings == [f"--no-{dashed}" if param.default else f"--{dashed}"]
            assert action.default is param.default and action.const is (not param.default), f"--{name}"
            continue
        assert action.option_strings == [f"--{dashed}"]
        assert same(action.default, param.default), f"newslab {command} --{name} default {action.default!r} != {param.default!r}"
        if param.default is not None and action.type is not None:
            shown = ",".join(param.default) if isinstance(param.default, list) else str(param.default)
            assert same(action.type(shown), param.default), f"--{name}: parses its default back to another type"
        if param.choices and action.choices is not None:
            assert tuple(action.choices) == param.choices
        assert param.help in (action.help or "").replace("%%", "%") and param.describe() in action.help


def test_every_command_checks_its_declared_options_with_the_declaration(tmp_path, capsys):
    from newslab.cli import main

    for argv in (["duplicates", "x", "--out", str(tmp_path / "o"), "--seed", "-1"],
                 ["topics", "x", "--out", str(tmp_path / "o"), "--seed", str(10**20)],
                 ["cooccurrence", "x", "--out", str(tmp_path / "o"), "--threshold", "nan"],
                 ["report", "x", "--out", str(tmp_path / "o"), "--timeout", "inf"]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err and f"--{argv[4][2:]}" in err, err
    assert not (tmp_path / "o").exists()


def test_one_seed_default_everywhere():
    seeds = {(f.__name__, renamed.get("seed", "seed")): inspect.signature(f).parameters["seed"].default
             for f, _, renamed in ENTRY_POINTS if "seed" in inspect.signature(f).parameters}
    assert set(seeds.values()) == {42}, seeds
    for key, declared in NOTEBOOKS.items():
        if "seed" in declared:
            assert declared["seed"].default == 42, key
    for name, parser in subcommands().items():
        for action in parser._actions:
            if action.dest == "seed":
                assert action.default == 42, name


def test_parameter_line_renders_what_the_report_reads_back():
    from newslab.report.params import parse_parameters_cell

    for declared in NOTEBOOKS.values():
        for name, param in declared.items():
            got = parse_parameters_cell(parameter_line(name, param))[name]
            assert same(got.default, param.default) and got.help == param.comment()


def test_no_public_function_hides_its_signature():
    import newslab

    hidden = []
    for wing in ("corpus", "reuse", "entities", "network", "topics", "report", "show", "io", "checks"):
        module = import_module(f"newslab.{wing}")
        for name in getattr(module, "__all__", [n for n in dir(module) if not n.startswith("_")]):
            obj = getattr(module, name)
            if inspect.isfunction(obj):
                kinds = {p.kind for p in inspect.signature(obj).parameters.values()}
                if kinds & {inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD}:
                    hidden.append(f"{wing}.{name}")
    # show.resolved(n_topics=4): its keywords are the notebook's own parameter names, an open set by design
    assert hidden == ["show.resolved"] and newslab.fit_topics is model.fit_topics, hidden


def test_every_declared_parameter_reaches_its_entry_point():
    """A parameter added to a declaration must be added to the function too (and cached_duplicates mirrors
    find_duplicates, whose parameters make its cache key)."""
    for func, declared in ((load.load_corpus, load.PARAMS), (duplicates.find_duplicates, duplicates.PARAMS),
                           (model.fit_topics, model.PARAMS), (annotate_module.annotate, annotate_module.PARAMS),
                           (cooccurrence_module.cooccurrence, cooccurrence_module.PARAMS),
                           (flow.find_flows, flow.PARAMS), (coordinated.coordinated_network, coordinated.PARAMS)):
        assert set(declared) <= set(inspect.signature(func).parameters), func.__name__
    assert list(inspect.signature(copies.cached_duplicates).parameters)[2:] == list(duplicates.PARAMS)
