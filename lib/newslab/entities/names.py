"""Entity normalisation: every mention gets a `canonical` name, so one thing is named once.

Precision first: a wrong merge is worse than a missed one. Names are resolved over distinct texts: a verbatim
copy of a story takes the names of its first copy and weighs nothing. In order: each mention is cleaned at its
edges (quotes, dashes, "him.-", possessives, leading "the", titles before a person's name); debris is rejected
(`forms.debris_rule`: canonical '' and the rule that rejected it); forms differing only in case become the
commonest one, a name the model split at "and the" is rejoined, "Justice Department" joins "Department of
Justice" (`forms`); built-in tables merge common variants (U.S. → United States, ISIL → Islamic State); people's
names merge as `people` and `surnames` decide; acronyms join a long form (`acronyms`); a user's alias table
wins over all of it (`aliases`). Each canonical entity then takes its majority label, ties broken by a fixed
order of labels. Nothing depends on the order of the rows.
"""
from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd

from .acronyms import ACRONYM, EQUIVALENT_TABLE, find_acronym_definitions, resolve_acronyms
from .aliases import alias_table, apply_aliases, load_aliases
from .forms import case_variants, debris_rule, extended_left, rejoined_splits, reordered_names, short_forms
from .mentions import clean_mention, surfaces_of
from .surnames import resolve_people

__all__ = ["alias_table", "clean_mention", "entity_counts", "find_acronym_definitions", "load_aliases",
           "normalize_entities", "surfaces_of"]

VARIANTS = {
    "United States": ["us", "u.s.", "u.s", "usa", "u.s.a.", "united states", "united states of america", "america's"],
    "United Kingdom": ["uk", "u.k.", "u.k", "britain", "great britain", "united kingdom"],
    "United Nations": ["un", "u.n.", "u.n", "united nations"],
    "European Union": ["eu", "e.u.", "european union"],
    # parties and prizes whose short names differ in letters from the long one
    "Conservative Party": ["conservative party", "tory party", "tories", "tory", "conservatives"],
    "Liberal Democrats": ["liberal democrats", "liberal democrat party", "liberal democrat", "lib dems", "lib dem", "libdems"],
    "Labour Party": ["labour party", "labour"],
    "Republican Party": ["republican party", "gop"],
    "Oscars": ["oscars", "oscar", "academy awards"],
}
VARIANT_TABLE = {alias: canonical for canonical, aliases in VARIANTS.items() for alias in aliases}
PERSON_RULES = {"spelling", "surname (document)", "surname (corpus)", "modifier"}
POSSESSIVE = re.compile(r"\w['’]s$|s['’]$")
BEFORE_CHARS = 60  # text before a mention read for titles, relation words and lists (half of it after)
# on a tie of votes the earliest label wins: a place or nationality is never made a person by a tie
LABEL_ORDER = ("GPE", "LOC", "NORP", "FAC", "LANGUAGE", "PERSON", "ORG", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW")
ORDER_COLUMNS = ["doc_id", "start_char", "end_char", "text", "label"]
OUTPUT_COLUMNS = ["doc_id", "sent_idx", "para_idx", "start_char", "end_char", "text", "label", "canonical",
                  "model_label", "rule", "found"]


def normalize_entities(ents: pd.DataFrame, texts: pd.Series, *, aliases=None) -> pd.DataFrame:
    """`ents` (doc_id, sent_idx, para_idx, start_char, end_char, text, label) with `canonical` (one name per
    thing; '' for rejected debris), `label` (its majority label), `model_label`, `rule` (what merged or rejected
    it) and `found` (the canonical before user aliases). `texts` (by doc_id) serve acronym definitions, titles
    and the distinct-text check; `aliases` is a CSV path or DataFrame."""
    ents = ents.reset_index(drop=True)
    texts = texts.to_dict() if isinstance(texts, pd.Series) else texts  # looked up once per mention: a dict is fast
    ents["model_label"] = ents["label"]
    # Each whole copy of the mention table costs ~100 bytes a mention (50 million at a million articles): the order
    # is found on its key columns alone, and a table already in order, or with no copies, is not copied again.
    order = ents[ORDER_COLUMNS].sort_values(ORDER_COLUMNS, kind="mergesort").index.to_numpy()
    in_order = bool((order == np.arange(len(order))).all())
    work = ents if in_order else ents.take(order)
    work.index = pd.RangeIndex(len(work))
    del ents
    copy_of = _first_copies(work["doc_id"], texts)
    first = work["doc_id"].map(copy_of).eq(work["doc_id"]).to_numpy()
    rows = work if first.all() else work[first].reset_index(drop=True)
    first_canonical, first_rule = _resolve(rows, texts)
    surfaces = surfaces_of(work)
    if first.all():  # no copies: each row keeps what it resolved to
        canonical, rule = first_canonical, first_rule
    else:  # a copy's mention takes what the same mention of its first copy resolved to
        keys = zip(rows["doc_id"], rows["start_char"], rows["end_char"], rows["text"], rows["model_label"])
        resolved = dict(zip(keys, zip(first_canonical, first_rule)))
        canonical, rule = [], []
        for s, key in zip(surfaces, zip(work["doc_id"].map(copy_of), work["start_char"], work["end_char"],
                                        work["text"], work["model_label"])):
            c, r = resolved.get(key, (s, ""))
            canonical.append(c)
            rule.append(r)
    del rows
    found = list(canonical)
    apply_aliases(surfaces, canonical, rule, aliases)
    rule = [r or ("clean" if s != t else "") for r, s, t in zip(rule, surfaces, work["text"])]
    for name, values in (("canonical", canonical), ("rule", rule), ("found", found)):  # work is this call's own copy
        work[name] = pd.Series(values, index=work.index, dtype=object)
    del canonical, rule, found
    work["label"] = _majority_labels(work, first).astype(object)
    out = work[OUTPUT_COLUMNS]
    del work
    if not in_order:
        restored = np.empty(len(order), dtype="int64")
        restored[order] = np.arange(len(order))
        out = out.take(restored)
    out.index = pd.RangeIndex(len(out))
    return out


def _first_copies(doc_ids: pd.Series, texts) -> dict:
    """Each document → the first (by id) document with the same text: copies are resolved as one text."""
    first: dict = {}
    by_text: dict = {}
    for d in sorted(set(doc_ids), key=str):
        text = texts.get(d) if hasattr(texts, "get") else None
        first[d] = by_text.setdefault(text, d) if isinstance(text, str) else d
    return first


def _resolve(rows: pd.DataFrame, texts) -> tuple[list[str], list[str]]:
    """Canonical names and rules of rows sorted by ORDER_COLUMNS, one document per distinct text."""
    docs, labels = rows["doc_id"].tolist(), rows["model_label"].tolist()
    surfaces = surfaces_of(rows)
    canonical, rule = list(surfaces), [""] * len(rows)
    for i, s in enumerate(surfaces):
        if why := debris_rule(s):
            canonical[i], rule[i] = "", why
    starts, ends = rows["start_char"].tolist(), rows["end_char"].tolist()
    known = {name.casefold() for name in EQUIVALENT_TABLE} | set(VARIANT_TABLE)
    moved = [""] * len(rows)  # the rule that changed a form, when no later rule merges it
    for i, whole in rejoined_splits(docs, starts, ends, surfaces, texts, known=known).items():
        if not rule[i]:
            surfaces[i], moved[i] = whole, "rejoined"
    for i, whole in extended_left(docs, starts, ends, surfaces, texts, known=known).items():
        if not rule[i] and not moved[i]:
            surfaces[i], moved[i] = whole, "rejoined"
    kept = [i for i, r in enumerate(rule) if not r.startswith("debris")]
    place, table = _capitals(rows, texts)  # "DUBLIN, March 3 —" is the city; "FLORIDA 17 4 6" a team in a table
    recased = case_variants([surfaces[i] for i in kept], ["GPE" if place[i] else labels[i] for i in kept])
    reordered = reordered_names([s if table[i] else recased.get(s, s) for i, s in enumerate(surfaces)])
    for i, s in enumerate(surfaces):
        if not rule[i].startswith("debris"):
            recast = s if table[i] else recased.get(s, s)
            target = reordered.get(recast, recast)
            if target != s:
                surfaces[i] = target
                moved[i] = moved[i] or ("reordered" if recast in reordered else "case")
            canonical[i] = surfaces[i]
    for i, s in enumerate(surfaces):
        if rule[i]:
            continue
        if (v := VARIANT_TABLE.get(s.lower())) is not None:
            canonical[i], rule[i] = v, "variant"
        elif (v := EQUIVALENT_TABLE.get(s.casefold())) is not None:
            canonical[i], rule[i] = v, "acronym (known)"
    before, after = _text_around(rows, texts)
    possessive = [bool(POSSESSIVE.search(str(t).strip())) for t in rows["text"]]
    resolve_people(docs, surfaces, labels, canonical, rule, before=before, after=after, possessive=possessive)
    for i, j in short_forms(docs, surfaces, labels, rule).items():
        canonical[i], rule[i] = canonical[j], "short form (document)"
    resolve_acronyms(docs, surfaces, labels, canonical, rule, texts)
    return canonical, [r or m for r, m in zip(rule, moved)]


DATELINE_END = re.compile(r"^\s*(?:[,/—–-]|\(|$)")
TABLE_ROW = re.compile(r"^\s+\d|^[^a-z\n]*(?:\n|$)")  # numbers after the name, or a line all in capitals


def _capitals(rows: pd.DataFrame, texts) -> tuple[list[bool], list[bool]]:
    """For mentions in capitals: a dateline's city (opening a line, then a comma, dash or bracket), and a name in
    a results table or a headline (numbers after it, or the rest of its line in capitals too), left as it is."""
    place, table = [], []
    for d, start, end, raw in zip(rows["doc_id"], rows["start_char"], rows["end_char"], rows["text"]):
        text = texts.get(d, "") if hasattr(texts, "get") else ""
        text = text if isinstance(text, str) else ""
        if not str(raw).isupper():  # most mentions: neither, without reading the text
            place.append(False)
            table.append(False)
            continue
        line_start = int(start) == 0 or text[:int(start)].rstrip(" ").endswith("\n")
        place.append(bool(line_start and DATELINE_END.match(text[int(end):int(end) + 3])))
        table.append(bool(not place[-1] and TABLE_ROW.match(text[int(end):int(end) + 80])))
    return place, table


class MentionContext:
    """The text before each mention (with any title the model put inside it: 'President Trump'), or after it,
    cut from the document when asked for: a list of them would hold about 90 characters per mention."""

    def __init__(self, texts, docs: list, starts: list[int], ends: list[int], raw: list, cleaned: list[str], *,
                 side: str):
        self.texts, self.docs, self.starts, self.ends, self.raw, self.cleaned = texts, docs, starts, ends, raw, cleaned
        self.side = side

    def __len__(self) -> int:
        return len(self.docs)

    def __getitem__(self, i: int) -> str:
        text = self.texts.get(self.docs[i], "") if hasattr(self.texts, "get") else ""
        text = text if isinstance(text, str) else ""
        start, end = int(self.starts[i]), int(self.ends[i])
        if self.side == "after":
            return text[end:end + BEFORE_CHARS // 2]
        raw = self.raw[i]
        inside = raw[:max(raw.find(self.cleaned[i]), 0)] if isinstance(raw, str) else ""
        return text[max(0, start - BEFORE_CHARS):start] + inside


def _text_around(rows: pd.DataFrame, texts) -> tuple[MentionContext, MentionContext]:
    """The text before each mention (with any title inside it), and after it, read as the rules ask for them."""
    docs, starts, ends = rows["doc_id"].tolist(), rows["start_char"].tolist(), rows["end_char"].tolist()
    raw, cleaned = rows["text"].tolist(), surfaces_of(rows)
    return tuple(MentionContext(texts, docs, starts, ends, raw, cleaned, side=side) for side in ("before", "after"))


def _majority_labels(work: pd.DataFrame, first) -> pd.Series:
    """Each mention's canonical entity's label: the most common vote among first copies (a mention a rule
    resolved to a person's full name votes PERSON); ties go to the label earliest in LABEL_ORDER; '' for debris."""
    vote = work["model_label"].where(~work["rule"].isin(PERSON_RULES), "PERSON")
    rank = {lab: k for k, lab in enumerate(LABEL_ORDER)}
    votes = (pd.DataFrame({"canonical": work["canonical"], "vote": vote})[first].groupby(["canonical", "vote"]).size()
             .rename("n").reset_index())
    votes["rank"] = votes["vote"].map(rank).fillna(len(rank))
    best = (votes.sort_values(["canonical", "n", "rank", "vote"], ascending=[True, False, True, True], kind="mergesort")
            .drop_duplicates("canonical").set_index("canonical")["vote"])
    return work["canonical"].map(best).fillna(work["model_label"]).where(work["canonical"] != "", "")


def entity_counts(entities: pd.DataFrame) -> pd.DataFrame:
    """Canonical entities with their label, mentions, documents and the surface forms seen."""
    counts = (entities[entities["canonical"] != ""].groupby("canonical")
              .agg(label=("label", "first"), mentions=("doc_id", "size"), documents=("doc_id", "nunique"),
                   forms=("text", lambda t: " | ".join(sorted(set(t))[:6])))
              .reset_index())
    return counts.sort_values(["documents", "mentions", "canonical"], ascending=[False, False, True],
                              kind="mergesort").reset_index(drop=True)
