"""Validators for options at the library's boundary: each error names the parameter and the bad value."""
from __future__ import annotations

from .errors import ParameterError

ENGINES = ("local", "dask")  # where analyses run: in this process, or on a Dask cluster


def check_fraction(name: str, value: float, *, allow_zero: bool = True) -> float:
    """Validate a number in [0, 1] (or (0, 1]) and return it as float."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ParameterError(f"{name} must be a number between 0 and 1, got {value!r}")
    lo_ok = value >= 0 if allow_zero else value > 0
    if not (lo_ok and value <= 1):
        bound = "[0, 1]" if allow_zero else "(0, 1]"
        raise ParameterError(f"{name} must be in {bound}, got {value!r}")
    return float(value)


def check_int(name: str, value: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """Validate an integer within optional bounds and return it."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ParameterError(f"{name} must be an integer, got {value!r}")
    if minimum is not None and value < minimum:
        raise ParameterError(f"{name} must be at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ParameterError(f"{name} must be at most {maximum}, got {value}")
    return value


def check_choice(name: str, value: str, choices) -> str:
    """Validate that `value` is one of `choices`."""
    if value not in choices:
        raise ParameterError(f"{name} must be one of {', '.join(map(repr, choices))}, got {value!r}")
    return value
