"""Acronyms join a long form only on evidence: a definition in a text ("Islamic Revolutionary Guard Corps
(IRGC)"), a short list of well-known ones whose long form the corpus mentions, or the corpus itself (at least
SUPPORT documents pair the acronym with one long form whose initials spell it, and none with another),
corpus-wide; or, in one document only, the one long form of that document whose initials spell it. A
two-letter acronym never resolves to a person. Names whose letters differ (ISIS, ISIL, Daesh, Islamic State)
are one thing by a short list, EQUIVALENT.
"""
from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict

ACRONYM = re.compile(r"^(?:[A-Z]{2,8}|(?:[A-Z]\.){2,6})$")
DEFINITION = re.compile(r"((?:[A-Z][\w’'\-]*\s+(?:(?:of|the|and|for|on|de|al|el)\s+)*){1,9})\(([A-Z]{2,8})\)")
CONNECTORS = {"of", "the", "and", "for", "on", "de", "al", "el", "in"}
WELL_KNOWN = {
    "CIA": "Central Intelligence Agency", "ECB": "European Central Bank", "FBI": "Federal Bureau of Investigation",
    "IAEA": "International Atomic Energy Agency", "IMF": "International Monetary Fund",
    "IRGC": "Islamic Revolutionary Guard Corps", "NATO": "North Atlantic Treaty Organization",
    "NSA": "National Security Agency", "OPEC": "Organization of the Petroleum Exporting Countries",
    "UNHCR": "United Nations High Commissioner for Refugees", "WHO": "World Health Organization",
    "WTO": "World Trade Organization", "AP": "Associated Press", "AFP": "Agence France-Presse",
    "LA": "Los Angeles", "NY": "New York",
}
SUPPORT = 3  # documents that must pair an acronym with one long form before it joins that form corpus-wide
EQUIVALENT = {  # names of one thing whose letters differ: canonical → other names (compared case-blind)
    "Islamic State": ("ISIS", "ISIL", "Daesh", "Da'esh", "Islamic State group", "Islamic State of Iraq and the Levant",
                      "Islamic State of Iraq and Syria", "Islamic State of Iraq and al-Sham", "Islamic State in Iraq and Syria",
                      "Islamic State in Iraq and the Levant"),
}
EQUIVALENT_TABLE = {alias.casefold(): canonical for canonical, aliases in EQUIVALENT.items() for alias in aliases}


def _initials(words: list[str]) -> tuple[str, str]:
    """Initials of the words (parts of hyphenated words count), without and with connectors."""
    return _initials_of(" ".join(words))


@functools.lru_cache(maxsize=1 << 16)
def _initials_of(text: str) -> tuple[str, str]:
    parts = [p for w in text.split() for p in w.split("-") if p]
    strict = "".join(p[0].upper() for p in parts if p.lower() not in CONNECTORS)
    loose = "".join(p[0].upper() for p in parts)
    return strict, loose


def matches_acronym(long_form: str, acronym: str) -> bool:
    """Whether the initials of `long_form` spell `acronym`."""
    return acronym.replace(".", "") in _initials(long_form.split())


def find_acronym_definitions(doc_id: str, text: str) -> list[tuple[str, str, str]]:
    """(doc_id, acronym, long form) for every 'Long Form Name (LFN)' in a text, in text order."""
    found: dict[str, str] = {}
    for m in DEFINITION.finditer(text):
        words, acronym = m.group(1).split(), m.group(2)
        for start in range(len(words)):  # the longest tail of the words whose initials spell the acronym
            tail = words[start:]
            if tail[0].lower() not in CONNECTORS and matches_acronym(" ".join(tail), acronym):
                found.setdefault(acronym, " ".join(tail))
                break
    return [(doc_id, a, lf) for a, lf in found.items()]


def _spelling_key(text: str) -> str:
    return re.sub(r"isation\b", "ization", text.lower())


def _content_words(text: str) -> set[str]:
    """Lower-case words without connectors, apostrophes or a plural s: Bankers' and Bankers are one word."""
    words = (re.sub(r"['’]", "", w) for w in text.lower().split() if w not in CONNECTORS)
    return {w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words}


def _word_overlap(a: str, b: str) -> float:
    wa, wb = _content_words(a), _content_words(b)
    return len(wa & wb) / max(len(wa | wb), 1)


def _is_person(long_form: str, person_share: dict[str, float]) -> bool:
    from .people import is_full_name

    share = person_share.get(long_form)
    return share > 0.5 if share is not None else is_full_name(long_form) and len(long_form.split()) <= 3


def resolve_acronyms(docs: list, surfaces: list[str], labels: list[str], canonical: list[str], rule: list[str],
                     texts) -> None:
    """Acronyms and their long forms to one name; updates canonical/rule in place for rows without a rule."""
    mentions = Counter(surfaces)
    person_votes: dict[str, Counter] = defaultdict(Counter)
    for s, lab in zip(surfaces, labels):
        person_votes[s][lab == "PERSON"] += 1
    person_share = {s: v[True] / sum(v.values()) for s, v in person_votes.items()}
    used = {s.replace(".", "") for s in surfaces if ACRONYM.match(s)}
    defined: dict[str, dict] = defaultdict(dict)  # acronym → {doc: long form defined there (first one)}
    for d in sorted(set(docs)):
        for _, acronym, long_form in find_acronym_definitions(d, texts.get(d, "")):
            if acronym in used and not (len(acronym) == 2 and _is_person(long_form, person_share)):
                defined[acronym][d] = long_form
    by_spelling = {_spelling_key(s): s for s in sorted(mentions, key=lambda s: (-mentions[s], s))[::-1]}
    how = {a: "acronym" for a in defined}
    for acronym, long_form in WELL_KNOWN.items():
        if acronym in used and acronym not in defined and _spelling_key(long_form) in by_spelling:
            defined[acronym][None] = by_spelling[_spelling_key(long_form)]
            how[acronym] = "acronym (known)"

    spelled: dict[str, set[str]] = defaultdict(set)  # initials → multi-word mentions they spell
    for s in mentions:
        if len(s.split()) > 1:
            for initials in set(_initials(s.split())):
                spelled[initials].add(s)
    group_of: dict[tuple[str, str], str] = {}  # (acronym, long form) → the long form naming its group
    long_targets: dict[str, set[str]] = defaultdict(set)
    for acronym in sorted(defined):
        forms = set(defined[acronym].values())
        # other spellings of a long form: mentions with those initials sharing most of its words
        forms |= {s for s in spelled.get(acronym, ()) if any(_word_overlap(s, lf) > 0.5 for lf in forms)}
        groups: list[list[str]] = []
        for lf in sorted(forms):  # long forms sharing more than half their words are one thing
            home = next((g for g in groups if any(_word_overlap(lf, x) > 0.5 for x in g)), None)
            groups.append([lf]) if home is None else home.append(lf)
        for g in groups:
            best = sorted(g, key=lambda x: (-mentions[x], x))[0]
            for lf in g:
                group_of[(acronym, lf)] = best
                long_targets[lf].add(best)
    surfaces_in_doc: dict = defaultdict(set)
    for d, s in zip(docs, surfaces):
        surfaces_in_doc[d].add(s)
    paired = _paired_in_document(docs, surfaces, canonical, rule, person_share)
    pairings: dict[str, Counter] = defaultdict(Counter)  # acronym → documents pairing it with each long form
    for (_, key), long_form in paired.items():
        pairings[key][long_form] += 1
    for key, forms in sorted(pairings.items()):
        if key not in defined and len(forms) == 1 and max(forms.values()) >= SUPPORT:
            defined[key][None] = next(iter(forms))
            group_of[(key, defined[key][None])] = defined[key][None]
            how[key] = "acronym (corpus)"

    for i, (d, s) in enumerate(zip(docs, surfaces)):
        if rule[i]:
            continue
        target, why = None, "acronym"
        key = s.replace(".", "") if ACRONYM.match(s) else None
        if key in defined:
            options = sorted({group_of[(key, lf)] for lf in defined[key].values()})
            why = how[key]
            if len(options) == 1:
                target = options[0]
            elif d in defined[key]:
                target = group_of[(key, defined[key][d])]
            else:  # several meanings: the one whose long form this document mentions, if just one
                here = sorted({group_of[(key, lf)] for lf in defined[key].values() if lf in surfaces_in_doc[d]})
                target = here[0] if len(here) == 1 else None
        elif len(long_targets.get(s, ())) == 1:
            target = next(iter(long_targets[s]))
        if target is None and key and (d, key) in paired:
            target, why = paired[(d, key)], "acronym (document)"
        if target and target != s:
            canonical[i], rule[i] = target, why


def _paired_in_document(docs, surfaces, canonical, rule, person_share) -> dict[tuple, str]:
    """(doc, acronym) → the one non-person long form in that document whose initials spell the acronym."""
    long_forms: dict = defaultdict(set)  # doc → {(initials, canonical)}
    for d, s, c, r in zip(docs, surfaces, canonical, rule):
        if len(s.split()) > 1 and not r.startswith(("surname", "spelling")):
            long_forms[d].update((initials, c) for initials in set(_initials(s.split())) if len(initials) > 1)
    found: dict = {}
    for d, s in zip(docs, surfaces):
        if ACRONYM.match(s) and (d, key := s.replace(".", "")) not in found:
            options = sorted({c for initials, c in long_forms[d] if initials == key})
            if len(options) == 1 and person_share.get(options[0], 0.0) <= (0.0 if len(key) == 2 else 0.5):
                found[(d, key)] = options[0]
    return found
