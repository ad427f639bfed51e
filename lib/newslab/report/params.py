"""A notebook's `parameters` cell, read without running it, and overrides checked against it.

Each parameter is one line `name: type = literal  # comment`. A shipped notebook's parameters are declared in
the library (report/declared.py): overrides are checked against that declaration. For any other notebook the
comment may constrain the value: `[lo, hi]` (or `(lo, hi]`, `[lo, inf)`…) bounds a number, `one of: a, b, c`
lists the allowed strings.
"""
from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

from ..checks import COMMON, Interval
from ..errors import ParameterError

_BOUNDS = re.compile(r"([\[(])\s*(-?[\d.eE+]+|-inf)\s*,\s*(-?[\d.eE+]+|inf)\s*([\])])")
_CHOICES = re.compile(r"one of:\s*([\w\-, ]+)")
INJECTED = ("corpus", "out_dir")  # set by the report for every notebook, not from the params file
RUN_SET = ("reuse_cache",)  # set by the report for the notebooks that declare it; not a reader's parameter
_TYPES = {"int": int, "float": float, "str": str, "bool": bool, "list": list, "tuple": tuple, "dict": dict,
          "None": type(None)}


@dataclass
class NotebookParameter:
    """One parameter of a notebook: its name, allowed types, default and the constraints its comment states."""

    name: str
    types: tuple[type, ...]
    default: object
    help: str = ""
    bounds: tuple[float, float] | None = None
    choices: tuple[str, ...] = field(default_factory=tuple)
    closed: str = "both"

    @property
    def type_name(self) -> str:
        return " | ".join("None" if t is type(None) else t.__name__ for t in self.types)

    def check(self, value, where: str) -> object:
        """Return `value` if it fits this parameter, else raise a ParameterError naming it."""
        ok_types = self.types
        if float in ok_types:
            ok_types = ok_types + (int,)
        if isinstance(value, bool) and bool not in self.types:
            ok = False
        else:
            ok = isinstance(value, ok_types)
        if not ok:
            raise ParameterError(f"{where}: parameter {self.name!r} must be {self.type_name}, got {value!r}")
        if self.bounds and isinstance(value, (int, float)) and not isinstance(value, bool):
            interval = Interval(*(None if abs(b) == float("inf") else b for b in self.bounds), closed=self.closed)
            if value not in interval:
                raise ParameterError(f"{where}: parameter {self.name!r} must be in {interval}, got {value!r}")
        if self.choices and isinstance(value, str) and value not in self.choices:
            raise ParameterError(
                f"{where}: parameter {self.name!r} must be one of {', '.join(self.choices)}, got {value!r}"
            )
        return value


def _comments_by_line(source: str) -> dict[int, str]:
    comments = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                comments[tok.start[0]] = tok.string.lstrip("#").strip()
    except (tokenize.TokenError, IndentationError):
        pass
    return comments


def _types_from_annotation(annotation: ast.expr | None, default) -> tuple[type, ...]:
    if annotation is None:
        return (type(default),)
    names = re.findall(r"[A-Za-z_]+", ast.unparse(annotation))
    types = tuple(_TYPES[n] for n in names if n in _TYPES)
    return types or (type(default),)


def parse_parameters_cell(source: str, where: str = "parameters cell") -> dict[str, NotebookParameter]:
    """Parameters defined in a `parameters` cell's source; anything but literals is an error."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ParameterError(f"{where}: cannot parse the parameters cell ({exc.msg}, line {exc.lineno})") from None
    comments = _comments_by_line(source)
    params: dict[str, NotebookParameter] = {}
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            name, annotation, value = node.target.id, node.annotation, node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name, annotation, value = node.targets[0].id, None, node.value
        else:
            raise ParameterError(f"{where}: line {node.lineno} is not `name = literal`")
        try:
            default = ast.literal_eval(value)
        except ValueError:
            raise ParameterError(f"{where}: {name} is computed (line {node.lineno}); the parameters cell holds literals only") from None
        comment = comments.get(node.lineno, "")
        bounds, closed = None, "both"
        if m := _BOUNDS.search(comment):
            bounds = (float(m.group(2)), float(m.group(3)))
            closed = {"[]": "both", "[)": "left", "(]": "right", "()": "neither"}[m.group(1) + m.group(4)]
        choices = tuple(c.strip() for c in m.group(1).split(",") if c.strip()) if (m := _CHOICES.search(comment)) else ()
        params[name] = NotebookParameter(
            name=name, types=_types_from_annotation(annotation, default), default=default,
            help=comment, bounds=bounds, choices=choices, closed=closed,
        )
    return params


def read_notebook_parameters(path: str | Path) -> dict[str, NotebookParameter]:
    """The parameters of the notebook at `path` (its one cell tagged `parameters`)."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise ParameterError(f"{path}: needs exactly one cell tagged 'parameters', found {len(cells)}")
    return parse_parameters_cell(cells[0].source, where=str(path.name))


def check_value(notebook: str | Path, params: dict[str, NotebookParameter], name: str, value) -> object:
    """`value` checked against the library's declaration of `name` for a shipped notebook, else against the
    notebook's own parameters cell (its type annotation and comment)."""
    from .declared import notebook_declaration  # imports every wing: only when a value is checked

    where = Path(notebook).name
    declared = notebook_declaration(where) or COMMON  # any notebook's seed, engine, columns: as the library's
    if name in declared:
        return declared[name].check(f"parameter {name!r}", value, where)
    return params[name].check(value, where)


def check_overrides(notebook: str, params: dict[str, NotebookParameter], overrides: dict) -> dict:
    """Overrides validated against a notebook's parameters: unknown names and bad values are errors."""
    for name, value in overrides.items():
        if name not in params:
            valid = ", ".join(f"{p.name} ({p.type_name})" for p in params.values())
            raise ParameterError(f"{notebook}: unknown parameter {name!r}; valid parameters: {valid}")
        check_value(notebook, params, name, value)
    return dict(overrides)


def load_params_file(path: str | Path | None) -> dict[str, dict]:
    """A YAML file `{common: {...}, <notebook>: {...}}` as a dict of dicts (empty when no file)."""
    if path is None:
        return {}
    path = Path(path)
    if not path.is_file():
        raise ParameterError(f"--params {path}: no such file")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except UnicodeDecodeError as exc:
        raise ParameterError(f"--params {path}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    except yaml.YAMLError as exc:
        raise ParameterError(f"--params {path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise ParameterError(f"--params {path}: expected a mapping of sections (common, <notebook>) to mappings")
    return data
