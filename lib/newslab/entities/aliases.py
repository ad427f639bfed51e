"""The alias table: every surface form of each merged entity, editable and read back so that the user's
corrections win over every rule.

A row says: mentions reading `alias` (cleaned as newslab cleans them) belong to `canonical`. Rows written by
newslab also carry `found`, the canonical the rules gave: an edited row applies exactly to the mentions the
rules had put there (so one row can split "Smith → John Smith" without touching the other Smiths). A row
without `found` (hand-written) applies to every mention reading `alias`, and renames the entity the rules
called `alias`.
"""
from __future__ import annotations

import os

import pandas as pd

from ..errors import NewslabError
from .mentions import surfaces_of

ALIAS_COLUMNS = ["alias", "canonical", "label", "mentions", "documents", "rule", "found"]


def read_aliases(path: str | os.PathLike) -> pd.DataFrame:
    """An alias CSV as a table of strings, checked; errors name the file."""
    if not os.path.isfile(path):
        raise NewslabError(f"aliases {path}: no such file")
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise NewslabError(f"aliases {path}: cannot be read as CSV ({str(exc).strip()})") from None
    load_aliases(table, name=f"aliases {path}")
    return table


def load_aliases(aliases, *, name: str = "aliases") -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """A user alias table (CSV path or DataFrame) as lookups: (alias, found) → canonical and alias → canonical."""
    if aliases is None:
        return {}, {}
    if isinstance(aliases, (str, os.PathLike)):
        return load_aliases(read_aliases(aliases), name=f"aliases {aliases}")
    if not isinstance(aliases, pd.DataFrame) or not {"alias", "canonical"} <= set(aliases.columns):
        found_columns = ", ".join(map(str, getattr(aliases, "columns", []))) or "none"
        raise NewslabError(f"{name}: an alias table needs the columns alias,canonical (found: {found_columns})")
    found = aliases["found"] if "found" in aliases.columns else pd.Series("", index=aliases.index)
    exact: dict[tuple[str, str], str] = {}
    loose: dict[str, str] = {}
    for alias, canonical, was in zip(aliases["alias"], aliases["canonical"], found):
        alias, canonical, was = (str(x).strip() if pd.notna(x) else "" for x in (alias, canonical, was))
        if not alias or not canonical:
            continue
        table, key = (exact, (alias.lower(), was)) if was else (loose, alias.lower())
        if table.get(key, canonical) != canonical:
            raise NewslabError(f"{name}: {alias!r} is given two canonical names ({table[key]!r} and {canonical!r})")
        table[key] = canonical
    return exact, loose


def apply_aliases(surfaces: list[str], canonical: list[str], rule: list[str], aliases) -> None:
    """Overwrite canonical/rule with the user's aliases, in place: exact rows, then by alias, then by entity."""
    exact, loose = load_aliases(aliases)
    if not exact and not loose:
        return
    for i, (s, c) in enumerate(zip(surfaces, canonical)):
        target = exact.get((s.lower(), c)) or loose.get(s.lower()) or loose.get(c.lower())
        if target is not None and target != c:
            canonical[i], rule[i] = target, "user"


def alias_table(entities: pd.DataFrame) -> pd.DataFrame:
    """Every surface form of each entity that merged several (or that a user alias placed), with the canonical
    name, label, counts, the rule and `found` (what the rules gave). Edit `canonical` and pass it back as
    `aliases=`: rename an entity by editing all its rows, split a wrong merge by editing one row."""

    ents = entities.assign(alias=surfaces_of(entities), found=entities.get("found", entities["canonical"]),
                           rule=entities.get("rule", pd.Series("", index=entities.index)))
    ents["rule"] = ents["rule"].fillna("")
    forms = ents.groupby("canonical")["alias"].nunique()
    user = ents["rule"] == "user"
    keep = ents[ents["canonical"].map(forms).gt(1) | (ents["alias"] != ents["canonical"]) | user]
    if keep.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("mentions", "documents") else object) for c in ALIAS_COLUMNS})
    table = (keep.groupby(["canonical", "alias", "found"], as_index=False, sort=True)
             .agg(label=("label", "first"), mentions=("doc_id", "size"), documents=("doc_id", "nunique"),
                  rule=("rule", lambda r: ", ".join(sorted(set(r) - {"", "clean"})))))
    size = table.groupby("canonical")["mentions"].transform("sum")
    table = table.assign(size=size).sort_values(["size", "canonical", "mentions", "alias", "found"],
                                                ascending=[False, True, False, True, True], kind="mergesort")
    return table[ALIAS_COLUMNS].reset_index(drop=True)
