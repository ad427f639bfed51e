"""Entity normalisation: every mention gets a `canonical` name, so one thing is named once.

Rules, in order: clean the mention (leading "the", possessives, quotes, titles before a name); a built-in
table of common variants (U.S. → United States); a surname resolves to the one full name of its document,
and across the corpus only when one full name has that surname; spellings of one name merge ("Binyamin"
and "Benjamin" Netanyahu); acronyms join their long forms when a text defines them or a document pairs
them; a user alias CSV overrides everything. Each canonical entity then takes its majority label.
"""
from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter, defaultdict

import pandas as pd

from ..errors import NewslabError

VARIANTS = {
    "United States": ["us", "u.s.", "u.s", "usa", "u.s.a.", "united states", "united states of america", "america's"],
    "United Kingdom": ["uk", "u.k.", "u.k", "britain", "great britain", "united kingdom"],
    "United Nations": ["un", "u.n.", "u.n", "united nations"],
    "European Union": ["eu", "e.u.", "european union"],
}
VARIANT_TABLE = {alias: canonical for canonical, aliases in VARIANTS.items() for alias in aliases}
TITLES = re.compile(
    r"^(?:(?:President|Prime Minister|PM|Vice President|Foreign Minister|Defen[cs]e Minister|Minister|"
    r"Supreme Leader|Ayatollah|Grand Ayatollah|Sheikh|King|Queen|Prince|Crown Prince|Emir|Pope|Imam|Rabbi|"
    r"Chancellor|Senator|Sen\.|Rep\.|Governor|Gov\.|Mayor|Secretary|Director|Commander|General|Gen\.|"
    r"Major General|Maj\. Gen\.|Maj\.|Brig\. Gen\.|Brigadier General|Lt\. Gen\.|Col\.|Colonel|Lt\.|Capt\.|"
    r"Admiral|Adm\.|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Sir|Lord|Lady|Judge|Justice)\s+)+"
)
QUOTES = "\"'“”‘’«»„`"
ACRONYM = re.compile(r"^(?:[A-Z]{2,8}|(?:[A-Z]\.){2,6})$")
DEFINITION = re.compile(r"((?:[A-Z][\w’'\-]*\s+(?:(?:of|the|and|for|on|de|al|el)\s+)*){1,9})\(([A-Z]{2,8})\)")
CONNECTORS = {"of", "the", "and", "for", "on", "de", "al", "el", "in"}
NON_PERSON_TARGETS = {"GPE", "LOC"}  # labels never resolved to a person across documents


def clean_mention(text: str, label: str = "") -> str:
    """The mention without leading 'the', possessive, quotes, stray punctuation or (for people) titles."""
    t = " ".join(text.split()).strip(QUOTES + " ")
    t = re.sub(r"^(?:the|The|THE)\s+", "", t)
    t = re.sub(r"(?:['’]s|['’])$", "", t).strip(QUOTES + " ")
    if not ACRONYM.match(t):
        t = t.rstrip(".,;:")
    if label == "PERSON":
        stripped = TITLES.sub("", t)
        t = stripped if stripped else t
    return t


def _skeleton(name: str) -> str:
    """A transliteration-tolerant key: Benjamin and Binyamin, Mohammad and Muhammad give the same one."""
    s = unicodedata.normalize("NFKD", name.lower())
    s = "".join(ch for ch in s if ch.isalpha())
    s = s.replace("ph", "f").replace("ck", "k").replace("q", "k").replace("y", "j")
    if not s:
        return ""
    rest = "".join(ch for ch in s[1:] if ch not in "aeiou")
    out = s[0]
    for ch in rest:
        if ch != out[-1]:
            out += ch
    return out


def _initials(words: list[str]) -> tuple[str, str]:
    """Initials of the capitalised words (parts of hyphenated words count), with and without connectors."""
    parts = [p for w in words for p in re.split(r"-", w) if p]
    strict = "".join(p[0].upper() for p in parts if p.lower() not in CONNECTORS)
    loose = "".join(p[0].upper() for p in parts)
    return strict, loose


def _matches_acronym(long_form: str, acronym: str) -> bool:
    acronym = acronym.replace(".", "")
    return acronym in _initials(long_form.split())


def find_acronym_definitions(doc_id: str, text: str) -> list[tuple[str, str, str]]:
    """(doc_id, acronym, long form) for every 'Long Form Name (LFN)' in a text."""
    found = []
    for m in DEFINITION.finditer(text):
        words, acronym = m.group(1).split(), m.group(2)
        for start in range(len(words)):  # the shortest tail of the words whose initials spell the acronym
            tail = words[start:]
            if tail[0].lower() in CONNECTORS:
                continue
            if _matches_acronym(" ".join(tail), acronym):
                found.append((doc_id, acronym, " ".join(tail)))
    # keep the longest matching tail per match position (a full name, not a fragment of it)
    best = {}
    for d, a, long_form in found:
        if len(long_form) > len(best.get((d, a), "")):
            best[(d, a)] = long_form
    return [(d, a, lf) for (d, a), lf in best.items()]


def _word_overlap(a: str, b: str) -> float:
    wa, wb = set(a.lower().split()), set(b.lower().split())
    return len(wa & wb) / max(len(wa | wb), 1)


def load_aliases(aliases) -> dict[str, str]:
    """A user alias table (CSV path or DataFrame with alias,canonical) as a lower-cased lookup."""
    if aliases is None:
        return {}
    if isinstance(aliases, (str, os.PathLike)):
        try:
            aliases = pd.read_csv(aliases, dtype=str, keep_default_na=False)
        except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
            raise NewslabError(f"aliases {aliases}: cannot be read as CSV ({exc})") from None
    if not {"alias", "canonical"} <= set(aliases.columns):
        raise NewslabError("aliases: need the columns alias,canonical")
    return {a.strip().lower(): c.strip() for a, c in zip(aliases["alias"], aliases["canonical"]) if a.strip() and c.strip()}


def normalize_entities(ents: pd.DataFrame, texts: pd.Series, *, aliases=None) -> pd.DataFrame:
    """`ents` with `canonical` (one name per thing), `label` (its majority label), `model_label` and `rule`."""
    ents = ents.copy()
    ents["model_label"] = ents["label"]
    surface = [clean_mention(t, lab) for t, lab in zip(ents["text"], ents["label"])]
    canonical = list(surface)
    rule = ["" if s == t else "clean" for s, t in zip(surface, ents["text"])]

    for i, s in enumerate(surface):
        if (v := VARIANT_TABLE.get(s.lower())) is not None:
            canonical[i], rule[i] = v, "variant"

    # people: full names per document, and the spellings of one name across the corpus
    docs = ents["doc_id"].tolist()
    labels = ents["model_label"].tolist()
    full_by_doc: dict[str, set[str]] = defaultdict(set)
    full_count: Counter = Counter()
    for d, s, lab in zip(docs, surface, labels):
        if lab == "PERSON" and len(s.split()) >= 2:
            full_by_doc[d].add(s)
            full_count[s] += 1
    spelling: dict[str, str] = {}
    by_key: dict[tuple, list[str]] = defaultdict(list)
    for name in full_count:
        words = name.split()
        by_key[(_skeleton(words[0]), words[-1].lower())].append(name)
    for names in by_key.values():
        best = sorted(names, key=lambda n: (-full_count[n], n))[0]
        for n in names:
            if n != best:
                spelling[n] = best
    surname_owners: dict[str, set[str]] = defaultdict(set)
    for name in full_count:
        surname_owners[name.split()[-1]].add(spelling.get(name, name))

    for i, (d, s, lab) in enumerate(zip(docs, surface, labels)):
        if rule[i] == "variant":
            continue
        words = s.split()
        if len(words) >= 2 and lab == "PERSON":
            longer = {f for f in full_by_doc[d] if len(f.split()) > len(words) and f.split()[-len(words):] == words}
            target = next(iter(longer)) if len(longer) == 1 else s
            if spelling.get(target, target) != s:
                canonical[i], rule[i] = spelling.get(target, target), "spelling" if target == s else "surname"
            continue
        if len(words) == 1 and words[0][:1].isupper() and not ACRONYM.match(s):
            in_doc = {spelling.get(f, f) for f in full_by_doc[d] if f.split()[-1] == s}
            if len(in_doc) == 1:
                canonical[i], rule[i] = next(iter(in_doc)), "surname"
            elif not in_doc and lab not in NON_PERSON_TARGETS and len(surname_owners.get(s, ())) == 1:
                canonical[i], rule[i] = next(iter(surname_owners[s])), "surname (corpus)"

    _resolve_acronyms(ents, texts, surface, canonical, rule)

    user = load_aliases(aliases)
    for i, (s, c) in enumerate(zip(surface, canonical)):
        target = user.get(s.lower()) or user.get(c.lower())
        if target:
            canonical[i], rule[i] = target, "user"

    ents["canonical"] = canonical
    ents["rule"] = rule
    # a mention resolved to a person's full name votes PERSON, whatever the model tagged it
    person_rule = ents["rule"].isin(["surname", "surname (corpus)", "spelling"])
    ents["vote"] = ents["model_label"].where(~person_rule, "PERSON")
    majority = (ents.groupby(["canonical", "vote"]).size().rename("n").reset_index()
                .sort_values(["canonical", "n", "vote"], ascending=[True, False, True])
                .drop_duplicates("canonical").set_index("canonical")["vote"])
    ents["label"] = ents["canonical"].map(majority)
    cols = ["doc_id", "sent_idx", "para_idx", "start_char", "end_char", "text", "label", "canonical", "model_label", "rule"]
    return ents[cols]


def _resolve_acronyms(ents: pd.DataFrame, texts: pd.Series, surface: list[str], canonical: list[str], rule: list[str]) -> None:
    """Acronyms join their long forms (defined in a text, or paired in one document); updates in place."""
    docs = ents["doc_id"].tolist()
    pairs: dict[str, set[tuple[str, str]]] = defaultdict(set)  # acronym → {(doc, long form)}
    for d in pd.unique(ents["doc_id"]):
        for _, acronym, long_form in find_acronym_definitions(d, texts.get(d, "")):
            pairs[acronym].add((d, long_form))
    acronyms_in_doc: dict[str, set[str]] = defaultdict(set)
    long_in_doc: dict[str, set[str]] = defaultdict(set)
    for d, s, c, r in zip(docs, surface, canonical, rule):
        if ACRONYM.match(s) and r != "variant":
            acronyms_in_doc[d].add(s.replace(".", ""))
        elif len(s.split()) >= 2:
            long_in_doc[d].add(s)
    for d, acronyms in acronyms_in_doc.items():
        for a in acronyms:
            pairs[a].update((d, lf) for lf in long_in_doc[d] if _matches_acronym(lf, a))
    if not pairs:
        return
    mentions = Counter(surface)
    global_map: dict[str, str] = {}          # acronym or long form → canonical, corpus-wide
    doc_map: dict[tuple[str, str], str] = {}  # (doc, acronym) → canonical, where the acronym is ambiguous
    for acronym, found in pairs.items():
        forms = sorted({lf for _, lf in found})
        groups: list[list[str]] = []
        for lf in forms:  # long forms that share most of their words are one thing
            home = next((g for g in groups if any(_word_overlap(lf, x) >= 0.5 for x in g)), None)
            if home is None:
                groups.append([lf])
            else:
                home.append(lf)
        best_of = {lf: sorted(g, key=lambda x: (-mentions[x], x))[0] for g in groups for lf in g}
        for lf, best in best_of.items():
            if lf != best:
                global_map.setdefault(lf, best)
        if len(groups) == 1:
            global_map[acronym] = best_of[forms[0]]
        else:
            for d, lf in found:
                doc_map[(d, acronym)] = best_of[lf]
    for i, (d, s) in enumerate(zip(docs, surface)):
        if rule[i] in ("variant",):
            continue
        key = s.replace(".", "") if ACRONYM.match(s) else s
        target = doc_map.get((d, key)) or global_map.get(key) or global_map.get(canonical[i])
        if target and target != canonical[i]:
            canonical[i], rule[i] = target, "acronym"


def alias_table(entities: pd.DataFrame) -> pd.DataFrame:
    """Every surface form that was merged into another name: alias, canonical, label, counts and the rule.

    Edit it and pass it back as `aliases=` (or save it as the alias CSV) to correct normalisation.
    """
    ents = entities.assign(alias=[clean_mention(t) for t in entities["text"]])
    merged = ents[ents["alias"] != ents["canonical"]]
    table = (merged.groupby(["alias", "canonical"], as_index=False)
             .agg(label=("label", "first"), mentions=("doc_id", "size"), documents=("doc_id", "nunique"),
                  rule=("rule", lambda r: ", ".join(sorted(set(r) - {""})))))
    return table.sort_values(["canonical", "mentions"], ascending=[True, False]).reset_index(drop=True)


def entity_counts(entities: pd.DataFrame) -> pd.DataFrame:
    """Canonical entities with their label, mentions, documents and the surface forms seen."""
    return (entities.groupby("canonical")
            .agg(label=("label", "first"), mentions=("doc_id", "size"), documents=("doc_id", "nunique"),
                 forms=("text", lambda t: " | ".join(sorted(set(t))[:6])))
            .sort_values(["documents", "mentions"], ascending=False).reset_index())
