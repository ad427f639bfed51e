"""Entity normalisation: every mention gets a `canonical` name, so one thing is named once.

Precision first: a wrong merge is worse than a missed one. In order: each mention is cleaned at its edges
(quotes, dashes, "him.-", possessives, leading "the", titles before a person's name); a built-in table
merges common variants (U.S. → United States); people's names merge as `people` decides (spellings that
agree on given names, a surname resolved in its document or to a dominant full name); acronyms join a long
form defined in a text or well known (`acronyms`); a user's alias table wins over all of it (`aliases`).
Each canonical entity then takes its majority label, ties broken by a fixed order of labels. Nothing depends
on the order of the rows.
"""
from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd

from .acronyms import ACRONYM, find_acronym_definitions, resolve_acronyms
from .aliases import alias_table, apply_aliases, load_aliases
from .mentions import clean_mention, surfaces_of
from .people import resolve_people

__all__ = ["alias_table", "clean_mention", "entity_counts", "find_acronym_definitions", "load_aliases",
           "normalize_entities", "surfaces_of"]

VARIANTS = {
    "United States": ["us", "u.s.", "u.s", "usa", "u.s.a.", "united states", "united states of america", "america's"],
    "United Kingdom": ["uk", "u.k.", "u.k", "britain", "great britain", "united kingdom"],
    "United Nations": ["un", "u.n.", "u.n", "united nations"],
    "European Union": ["eu", "e.u.", "european union"],
}
VARIANT_TABLE = {alias: canonical for canonical, aliases in VARIANTS.items() for alias in aliases}
PERSON_RULES = {"spelling", "surname (document)", "surname (corpus)"}
# on a tie of votes the earliest label wins: a place or nationality is never made a person by a tie
LABEL_ORDER = ("GPE", "LOC", "NORP", "FAC", "LANGUAGE", "PERSON", "ORG", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW")
ORDER_COLUMNS = ["doc_id", "start_char", "end_char", "text", "label"]
OUTPUT_COLUMNS = ["doc_id", "sent_idx", "para_idx", "start_char", "end_char", "text", "label", "canonical",
                  "model_label", "rule", "found"]


def normalize_entities(ents: pd.DataFrame, texts: pd.Series, *, aliases=None) -> pd.DataFrame:
    """`ents` (doc_id, sent_idx, para_idx, start_char, end_char, text, label) with `canonical` (one name per
    thing), `label` (its majority label), `model_label`, `rule` (what merged it) and `found` (the canonical
    before user aliases). `texts` (by doc_id) serve acronym definitions; `aliases` is a CSV path or DataFrame."""
    ents = ents.reset_index(drop=True)
    ents["model_label"] = ents["label"]
    order = ents.sort_values(ORDER_COLUMNS, kind="mergesort").index.to_numpy()
    work = ents.loc[order].reset_index(drop=True)
    docs, labels = work["doc_id"].tolist(), work["model_label"].tolist()
    surfaces = surfaces_of(work)
    canonical = list(surfaces)
    rule = [""] * len(work)
    for i, s in enumerate(surfaces):
        if (v := VARIANT_TABLE.get(s.lower())) is not None:
            canonical[i], rule[i] = v, "variant"
    resolve_people(docs, surfaces, labels, canonical, rule)
    resolve_acronyms(docs, surfaces, labels, canonical, rule, texts)
    found = list(canonical)
    apply_aliases(surfaces, canonical, rule, aliases)
    rule = [r or ("clean" if s != t else "") for r, s, t in zip(rule, surfaces, work["text"])]
    work = work.assign(**{name: pd.Series(values, index=work.index, dtype=object)
                          for name, values in (("canonical", canonical), ("rule", rule), ("found", found))})
    work["label"] = _majority_labels(work).astype(object)
    restored = np.empty(len(order), dtype="int64")
    restored[order] = np.arange(len(order))
    return work.iloc[restored][OUTPUT_COLUMNS].reset_index(drop=True)


def _majority_labels(work: pd.DataFrame) -> pd.Series:
    """Each mention's canonical entity's label: the most common vote (a mention a rule resolved to a person's
    full name votes PERSON); ties go to the label earliest in LABEL_ORDER."""
    vote = work["model_label"].where(~work["rule"].isin(PERSON_RULES), "PERSON")
    rank = {lab: k for k, lab in enumerate(LABEL_ORDER)}
    votes = (pd.DataFrame({"canonical": work["canonical"], "vote": vote}).groupby(["canonical", "vote"]).size()
             .rename("n").reset_index())
    votes["rank"] = votes["vote"].map(rank).fillna(len(rank))
    best = (votes.sort_values(["canonical", "n", "rank", "vote"], ascending=[True, False, True, True], kind="mergesort")
            .drop_duplicates("canonical").set_index("canonical")["vote"])
    return work["canonical"].map(best)


def entity_counts(entities: pd.DataFrame) -> pd.DataFrame:
    """Canonical entities with their label, mentions, documents and the surface forms seen."""
    counts = (entities.groupby("canonical")
              .agg(label=("label", "first"), mentions=("doc_id", "size"), documents=("doc_id", "nunique"),
                   forms=("text", lambda t: " | ".join(sorted(set(t))[:6])))
              .reset_index())
    return counts.sort_values(["documents", "mentions", "canonical"], ascending=[False, False, True],
                              kind="mergesort").reset_index(drop=True)
