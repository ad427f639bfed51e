"""Merge quality of entity names against a gold set read by a person: which surface forms name which real thing.

A gold table has the columns surface (a mention as newslab cleans it), label (the model's label), gold_id (the
real entity; '?' when it cannot be told) and doc_id (empty: every document; else that document only, which wins
over the row without one). A unit is one (surface, label, gold_id); its canonical is the one most of its
mentions get (ties by name). Pairs are pairs of units with different surfaces (a merge joins two surface forms):
precision is the share of merged pairs (same canonical) that are one gold entity, recall the share of pairs of
one gold entity that are merged. Apart from the pairs: a mention is misplaced when a rule gave it the
canonical of units of other gold entities only (a wrong merge the majority hides), and a surface form left
ambiguous names several gold entities with one canonical (a bare 'Brown' no rule could resolve).
"""
from __future__ import annotations

import os
from collections import Counter
from itertools import combinations

import pandas as pd

from ..errors import NewslabError
from .mentions import surfaces_of

GOLD_COLUMNS = ["surface", "label", "gold_id", "doc_id"]
UNKNOWN = "?"


def read_gold(path: str | os.PathLike) -> pd.DataFrame:
    """A gold CSV as strings, checked; errors name the file."""
    try:
        gold = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise NewslabError(f"gold set {path}: cannot be read as CSV ({str(exc).strip()})") from None
    if missing := [c for c in GOLD_COLUMNS if c not in gold.columns]:
        raise NewslabError(f"gold set {path}: missing column(s) {', '.join(missing)}")
    return gold[GOLD_COLUMNS]


def judged_mentions(entities: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """The mentions the gold set judges: doc_id, surface, label, canonical and gold_id ('?' rows left out)."""
    labels = entities["model_label"] if "model_label" in entities.columns else entities["label"]
    ments = pd.DataFrame({"doc_id": entities["doc_id"].astype(str), "surface": surfaces_of(entities),
                          "label": labels.astype(str), "canonical": entities["canonical"].astype(str)})
    default = gold[gold["doc_id"] == ""].drop(columns="doc_id").drop_duplicates(["surface", "label"])
    by_doc = gold[gold["doc_id"] != ""].drop_duplicates(["surface", "label", "doc_id"])
    ments = ments.merge(by_doc, on=["doc_id", "surface", "label"], how="left")
    ments = ments.merge(default.rename(columns={"gold_id": "default_id"}), on=["surface", "label"], how="left")
    ments["gold_id"] = ments["gold_id"].fillna(ments["default_id"])
    ments = ments.drop(columns="default_id")
    return ments[ments["gold_id"].notna() & (ments["gold_id"] != UNKNOWN)].reset_index(drop=True)


def merge_quality(entities: pd.DataFrame, gold: pd.DataFrame) -> dict:
    """Pair precision and recall of `entities` (normalize_entities output) against `gold`, with the counts."""
    ments = judged_mentions(entities, gold)
    units: dict[tuple, str] = {}
    for key, group in ments.groupby(["surface", "label", "gold_id"], sort=True):
        counts = Counter(group["canonical"])
        units[key] = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    merged = same = both = 0
    for (a, ca), (b, cb) in combinations(sorted(units.items()), 2):
        if a[0] == b[0]:
            continue
        m, s = ca == cb, a[2] == b[2]
        merged += m
        same += s
        both += m and s
    owners: dict[str, set] = {}
    for key, canonical in units.items():
        owners.setdefault(canonical, set()).add(key[2])
    misplaced = sum(1 for s, c, g in zip(ments["surface"], ments["canonical"], ments["gold_id"])
                    if c != s and c in owners and g not in owners[c])
    ambiguous = Counter((key[0], canonical) for key, canonical in units.items())
    return {"units": len(units), "gold_entities": ments["gold_id"].nunique(), "mentions": len(ments),
            "merged_pairs": merged, "should_merge_pairs": same, "correct_pairs": both,
            "precision": both / merged if merged else 1.0, "recall": both / same if same else 1.0,
            "misplaced_mentions": misplaced, "rejected_mentions": int((ments["canonical"] == "").sum()),
            "ambiguous_forms": sum(1 for n in ambiguous.values() if n > 1)}


def wrong_pairs(entities: pd.DataFrame, gold: pd.DataFrame) -> tuple[list, list]:
    """(merged pairs of different gold entities, unmerged pairs of one gold entity), as unit pairs: what to read."""
    ments = judged_mentions(entities, gold)
    units = {key: min(Counter(g["canonical"]).items(), key=lambda kv: (-kv[1], kv[0]))[0]
             for key, g in ments.groupby(["surface", "label", "gold_id"], sort=True)}
    false, missed = [], []
    for (a, ca), (b, cb) in combinations(sorted(units.items()), 2):
        if a[0] == b[0]:
            continue
        if ca == cb and a[2] != b[2]:
            false.append((a, b, ca))
        elif ca != cb and a[2] == b[2]:
            missed.append((a, b, ca, cb))
    return false, missed
