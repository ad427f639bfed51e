"""Dates as a corpus gives them: any common format, time zones folded to UTC, and numeric day/month dates read
the way the corpus itself shows (a date such as 25/03/2024 can only be day first), with a warning when nothing
tells: 01/03/2024 is 1 March or 3 January."""
from __future__ import annotations

import re
import warnings

import pandas as pd

from ..errors import NewslabWarning, ParameterError

NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})\b")


def day_first(values: pd.Series, *, where: str, dayfirst: bool = False) -> bool:
    """Whether numeric dates in `values` put the day first: when `dayfirst`, yes; else as the values show (a first
    field above 12 is a day, a second field above 12 is a day); when they cannot tell, month first with a warning."""
    if not isinstance(dayfirst, bool):
        raise ParameterError(f"dayfirst must be True or False, got {dayfirst!r}")
    parts = values.astype("string").str.extract(NUMERIC_DATE).dropna().astype(int)
    if dayfirst or parts.empty:
        return dayfirst
    first_is_day, second_is_day = bool((parts[0] > 12).any()), bool((parts[1] > 12).any())
    if first_is_day and second_is_day:
        warnings.warn(f"{where}: numeric dates put the day first in some rows and the month first in others; read "
                      "as month first (pass dayfirst=True or --dayfirst to read them day first)", NewslabWarning,
                      stacklevel=4)
        return False
    if first_is_day or second_is_day:
        return first_is_day
    example = values.astype("string")[values.astype("string").str.match(NUMERIC_DATE, na=False)].iloc[0].strip()
    warnings.warn(f"{where}: {len(parts):,} dates such as {example!r} could be day or month first; read as month "
                  "first (pass dayfirst=True or --dayfirst if the day comes first)", NewslabWarning, stacklevel=4)
    return False


def parse_dates(values: pd.Series, *, where: str, dayfirst: bool = False) -> pd.Series:
    """`values` as naive UTC datetimes; unparseable ones empty, counted in one warning naming `where`."""
    if values.dtype.kind == "M":
        dates = values
    else:
        as_text = values.astype("string").replace("", pd.NA)
        first = day_first(as_text, where=where, dayfirst=dayfirst)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            dates = pd.to_datetime(as_text, errors="coerce", utc=True, dayfirst=first)  # fast: one format, inferred
            retry = dates.isna() & as_text.notna()
            if retry.any():  # mixed formats, or debris after the date ("27-MAR-1987 00:02:59.13&#5;RM")
                trimmed = as_text[retry].str.extract(r"^\s*([\w:./+\-, ]+)", expand=False).str.strip()
                dates[retry] = pd.to_datetime(trimmed, errors="coerce", format="mixed", utc=True, dayfirst=first)
        n_bad = int(dates.isna().sum() - as_text.isna().sum())
        if n_bad:
            warnings.warn(f"{where}: {n_bad} dates could not be parsed and are left empty", NewslabWarning, stacklevel=3)
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_convert("UTC").dt.tz_localize(None)
    return dates.astype("datetime64[ns]")
