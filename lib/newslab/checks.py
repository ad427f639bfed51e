"""Parameters declared once (`Param`, `Interval`, `Choice`: name, type, default, allowed values, one-line help)
and the validators at the library's boundary: each error names the parameter and the bad value.

A wing declares `PARAMS = {"name": Param(...), ...}` beside its entry point; `check_params` validates a call
against it, the CLI builds its options from it (cli.py), notebooks' parameters cells and the report's
pre-check are tested against it (report/declared.py, tests/test_params.py). Importable without pandas.
"""
from __future__ import annotations

import inspect
import math
import numbers
import re
from dataclasses import dataclass

from .errors import ParameterError

ENGINES = ("local", "dask")  # where analyses run: in this process, or on a Dask cluster
SEED_MAX = 2**32 - 1  # numpy and scikit-learn take seeds in [0, 2**32 - 1]
_CLOSED = {"both": "[]", "left": "[)", "right": "(]", "neither": "()"}


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e16 else repr(float(value))


@dataclass(frozen=True)
class Interval:
    """Numbers from `lo` to `hi` (None: unbounded), ends included as `closed` says; `kind` (int or float)
    limits it to values of that type (min_df: a count is int, a share is float)."""

    lo: float | None = None
    hi: float | None = None
    closed: str = "both"
    kind: type | None = None

    def applies(self, value) -> bool:
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            return False
        if self.kind is int:
            return isinstance(value, numbers.Integral)
        if self.kind is float:
            return not isinstance(value, numbers.Integral)
        return True

    def __contains__(self, value) -> bool:
        left, right = _CLOSED[self.closed]
        if not math.isfinite(value):
            return False
        if self.lo is not None and not (value >= self.lo if left == "[" else value > self.lo):
            return False
        return self.hi is None or (value <= self.hi if right == "]" else value < self.hi)

    def phrase(self) -> str:
        """In words, for an error: `at least 1`, `greater than 0`, `in (0, 1]`."""
        left, right = _CLOSED[self.closed]
        if self.lo is not None and self.hi is None:
            return f"{'at least' if left == '[' else 'greater than'} {_number(self.lo)}"
        if self.lo is None and self.hi is not None:
            return f"{'at most' if right == ']' else 'less than'} {_number(self.hi)}"
        return f"in {self}" if self.lo is not None else "a finite number"

    def __str__(self) -> str:
        left, right = _CLOSED[self.closed]
        lo = "-inf" if self.lo is None else _number(self.lo)
        hi = "inf" if self.hi is None else _number(self.hi)
        return f"{'(' if self.lo is None else left}{lo}, {hi}{')' if self.hi is None else right}"


class Duration:
    """A positive length of time written as a number and a unit (s, m or min, h, d, w): 90s, 30m, 1h, 2d, 1w."""

    PATTERN = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr|d|day|days|w|week|weeks)\s*$", re.IGNORECASE)

    def applies(self, value) -> bool:
        return isinstance(value, str)

    def __contains__(self, value) -> bool:
        m = self.PATTERN.match(value)
        return bool(m) and float(m.group(1)) > 0

    def __str__(self) -> str:
        return "a duration such as 30m, 1h, 2d or 1w"

    def __eq__(self, other) -> bool:
        return isinstance(other, Duration)

    def __hash__(self) -> int:
        return hash("Duration")


class Choice:
    """One of a fixed set of values (strings, or None)."""

    def __init__(self, *values):
        self.values = tuple(values)

    def applies(self, value) -> bool:
        return isinstance(value, str) or value is None and None in self.values

    def __contains__(self, value) -> bool:
        return value in self.values

    def __str__(self) -> str:
        return "one of: " + ", ".join(str(v) for v in self.values)

    def __eq__(self, other) -> bool:
        return isinstance(other, Choice) and other.values == self.values

    def __hash__(self) -> int:
        return hash(self.values)


_TYPE_NAMES = {int: "int", float: "float", str: "str", bool: "bool", list: "list", dict: "dict", type(None): "None"}


@dataclass(frozen=True)
class Param:
    """One parameter: its type(s) (a tuple for `int | str`; type(None) allows None), default, the values allowed
    (an Interval, a Choice, a tuple of them, or None for any value of the type) and a one-line help."""

    type: type | tuple
    default: object
    allowed: Interval | Choice | tuple | None
    help: str

    @property
    def types(self) -> tuple[type, ...]:
        return self.type if isinstance(self.type, tuple) else (self.type,)

    @property
    def constraints(self) -> tuple:
        return () if self.allowed is None else self.allowed if isinstance(self.allowed, tuple) else (self.allowed,)

    @property
    def type_name(self) -> str:
        """As annotated in a notebook's parameters cell: `int`, `str | None`, `int | float`."""
        return " | ".join(_TYPE_NAMES.get(t, t.__name__) for t in self.types)

    @property
    def choices(self) -> tuple:
        return tuple(v for c in self.constraints if isinstance(c, Choice) for v in c.values)

    def describe(self) -> str:
        """The allowed values as a notebook comment states them: `[0, 1]`, `(0, 1]`, `one of: a, b`."""
        parts = []
        for c in self.constraints:
            kind = f"{_TYPE_NAMES[c.kind]} in " if isinstance(c, Interval) and c.kind is not None else ""
            parts.append(f"{kind}{c}")
        return ", or ".join(parts)

    def expect(self) -> str:
        """What a value must be, in words, for an error message."""
        parts = []
        for c in self.constraints:
            kind = f"{'an int' if c.kind is int else 'a float'} " if isinstance(c, Interval) and c.kind else ""
            phrase = c.phrase() if isinstance(c, Interval) else str(c)
            parts.append(f"{kind}of {phrase}" if kind and phrase.startswith("at ") else kind + phrase)
        return " or ".join(parts)

    def comment(self) -> str:
        """The help and the allowed values, as the comment after this parameter in a parameters cell."""
        allowed = self.describe()
        if not allowed:
            return self.help
        return f"{self.help} {allowed}" if allowed[0] in "[(" else f"{self.help}, {allowed}"

    def _type_ok(self, value) -> bool:
        if value is None:
            return type(None) in self.types
        if isinstance(value, bool):
            return bool in self.types
        for t in self.types:
            if t is int and isinstance(value, numbers.Integral):
                return True
            if t is float and isinstance(value, numbers.Real):
                return True
            if t not in (int, float) and isinstance(value, t):
                return True
        return False

    def check(self, name: str, value, where: str = ""):
        """`value` if it has this parameter's type and an allowed value; else a ParameterError naming `name`."""
        at = f"{where}: " if where else ""
        if not self._type_ok(value):
            raise ParameterError(f"{at}{name} must be {self.type_name}"
                                 + (f" ({self.describe()})" if self.constraints else "") + f", got {value!r}")
        if isinstance(value, float) and not math.isfinite(value):
            raise ParameterError(f"{at}{name} must be a finite number, got {value!r}")
        applicable = [c for c in self.constraints if c.applies(value)]
        if applicable and not any(value in c for c in applicable):
            raise ParameterError(f"{at}{name} must be {self.expect()}, got {value!r}")
        if self.constraints and not applicable and value is not None and not isinstance(value, (bool, list, dict)):
            raise ParameterError(f"{at}{name} must be {self.expect()}, got {value!r}")
        return value


SEED = Param(int, 42, Interval(0, SEED_MAX), "seed for every random step")
ENGINE = Param(str, "local", Choice(*ENGINES), "where it runs: in this process (local) or on a Dask cluster (dask)")
SCHEDULER = Param((str, type(None)), None, None,
                  "Dask scheduler address such as tcp://head:8786; None with engine dask starts a LocalCluster")
TEXT_COLUMN = Param(str, "text", None, "column holding the text in tables (body, content or article when there is no text)")
ID_COLUMN = Param((str, type(None)), None, None, "column holding document ids in tables (None: id when present)")
COMMON = {"seed": SEED, "engine": ENGINE, "scheduler": SCHEDULER, "text_column": TEXT_COLUMN, "id_column": ID_COLUMN}


def check_params(declared: dict[str, Param], values: dict, *, where: str = "") -> dict:
    """`values` (name → value) checked against their declarations; a name not declared is a bug, not bad input."""
    for name, value in values.items():
        if name not in declared:
            raise ParameterError(f"{where + ': ' if where else ''}unknown parameter {name!r}; "
                                 f"valid: {', '.join(declared)}")
        declared[name].check(name, value, where)
    return values


def check_call(declared: dict[str, Param], frame_locals: dict, *, where: str = "") -> dict:
    """Every declared parameter a function received (its `locals()` at entry), checked; the call's values."""
    return check_params(declared, {n: frame_locals[n] for n in declared if n in frame_locals}, where=where)


def defaults(declared: dict[str, Param]) -> dict:
    """name → default of every declared parameter."""
    return {name: p.default for name, p in declared.items()}


def numpydoc_section(declared: dict[str, Param], names=None) -> str:
    """A numpydoc "Parameters" section for `names` (all when None), generated from the declaration."""
    lines = ["Parameters", "----------"]
    for name in names or declared:
        p = declared[name]
        lines.append(f"{name} : {p.type_name}, default {p.default!r}")
        lines.append(f"    {p.help[:1].upper()}{p.help[1:]}" + (f"; {p.describe()}." if p.constraints else "."))
    return "\n".join(lines)


def document(declared: dict[str, Param], *, extra: str = ""):
    """Decorator: append the numpydoc Parameters section of the function's declared keyword-only options (and
    `extra`, for options that are not plain values: tables, results, callables) to its docstring."""
    def decorate(func):
        names = [n for n, p in inspect.signature(func).parameters.items() if p.kind is p.KEYWORD_ONLY and n in declared]
        func.__doc__ = (func.__doc__ or "").rstrip() + "\n\n" + numpydoc_section(declared, names) + (
            ("\n" + extra.strip("\n")) if extra else "") + "\n"
        return func
    return decorate


def check_fraction(name: str, value: float, *, allow_zero: bool = True) -> float:
    """Validate a number in [0, 1] (or (0, 1]) and return it as float."""
    Param(float, 0.0, Interval(0, 1, closed="both" if allow_zero else "right"), name).check(name, value)
    return float(value)


def check_int(name: str, value: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """Validate an integer within optional bounds and return it."""
    Param(int, 0, Interval(minimum, maximum), name).check(name, value)
    return value


def check_choice(name: str, value: str, choices) -> str:
    """Validate that `value` is one of `choices`."""
    if value not in choices:
        raise ParameterError(f"{name} must be one of {', '.join(map(repr, choices))}, got {value!r}")
    return value
