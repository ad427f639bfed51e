"""People: full names parsed with nameparser, spellings of one name that agree on the given names, and the
back-off of a bare surname to one full name: in its own document first, else to a dominant one corpus-wide.

Precision first: only PERSON mentions (and single tokens the model tagged ORG, as it often does with
surnames) take part; a name merges with another only when its given names agree, and an ambiguous surname
stays as it is.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter, defaultdict

import jellyfish
from nameparser import HumanName
from nameparser.config import CONSTANTS as NAME_WORDS

PARTICLES = {"al", "el", "bin", "ibn", "bint", "abu", "de", "del", "della", "der", "den", "di", "da", "du",
             "dos", "das", "la", "le", "van", "von", "ter", "y"}
ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an)-")
DOMINANCE = 0.8      # share of a surname's full-name mentions one person needs to take its bare mentions
PERSON_SHARE = 0.5   # share of a bare token's mentions the model must tag PERSON for corpus-wide back-off
MIN_FUZZY_LETTERS = 5  # shorter given names must be spelled alike (Tim ≠ Tom, John ≠ Joan)
MIN_SIMILARITY = 0.84  # Jaro-Winkler of two spellings of one given name (Benjamin/Binyamin 0.85, Martin/Morton 0.80)


@functools.lru_cache(maxsize=1 << 17)
def fold(text: str) -> str:
    """Lower case without accents: the form names are compared in."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def is_full_name(name: str) -> bool:
    """Two to six name-like tokens (capitalised words, initials, particles); never text debris."""
    tokens = name.split()
    if not 2 <= len(tokens) <= 6 or tokens[0].lower() in PARTICLES or tokens[-1].lower() in PARTICLES:
        return False
    for token in tokens:
        parts = re.split(r"[-'’]", token.rstrip("."))
        if not all(p.isalpha() for p in parts):
            return False
        if not (token[0].isupper() or parts[0].lower() in PARTICLES):
            return False
    return True


def _plain_two_words(words: list[str]) -> bool:
    """'Given Surname' with no title, particle, conjunction or suffix: nameparser would split it at the space."""
    first, last = (w.lower().rstrip(".") for w in words)
    special, suffixes = _name_words()
    return first not in special and last not in special and last not in suffixes


@functools.cache
def _name_words() -> tuple[frozenset, frozenset]:
    """nameparser's titles, particles and conjunctions, and its suffixes, lower-cased."""
    special = {str(w).lower() for group in (NAME_WORDS.titles, NAME_WORDS.prefixes, NAME_WORDS.conjunctions) for w in group}
    suffixes = {str(w).lower() for group in (NAME_WORDS.suffix_acronyms, NAME_WORDS.suffix_not_acronyms) for w in group}
    return frozenset(special), frozenset(suffixes)


@functools.lru_cache(maxsize=1 << 16)
def parse_name(name: str) -> tuple[str, tuple[str, ...], str] | None:
    """(given names, middle names, surname) of a full personal name, or None when it is not one."""
    if not is_full_name(name):
        return None
    words = name.split()
    if len(words) == 2 and _plain_two_words(words):  # most names: the same answer as nameparser, faster
        return words[0], (), words[1]
    parsed = HumanName(name)
    if not parsed.first or not parsed.last:  # "King Abdullah": a title and one name
        return None
    return parsed.first, tuple(parsed.middle.split()), parsed.last


def surname_key(surname: str) -> str:
    """The last word of a surname, folded, without an Arabic article: al-Assad and Assad share it."""
    return ARTICLE_PREFIX.sub("", fold(surname.split()[-1]))


def _spelling(name: str) -> str:
    """A transliteration-tolerant spelling: ph→f, q→k, y→j before a vowel and i elsewhere."""
    s = "".join(c for c in fold(name) if c.isalpha())
    s = s.replace("ph", "f").replace("ck", "k").replace("q", "k")
    return re.sub(r"y(?=[aeiou])", "j", s).replace("y", "i")


def _skeleton(s: str) -> str:
    out = s[:1]
    for ch in s[1:]:
        if ch not in "aeiou" and ch != out[-1]:
            out += ch
    return out


def _ending(s: str) -> str:
    return {"a": "a", "e": "i", "i": "i", "o": "o", "u": "o"}.get(s[-1:], "-")


@functools.lru_cache(maxsize=1 << 16)
def _word_agrees(a: str, b: str) -> bool:
    """One given name spelled two ways: equal, or long, same consonants, same ending and similar."""
    fa, fb = fold(a).rstrip("."), fold(b).rstrip(".")
    if fa == fb:
        return True
    if min(len(fa), len(fb)) < MIN_FUZZY_LETTERS:
        return False
    sa, sb = _spelling(fa), _spelling(fb)
    return (_skeleton(sa) == _skeleton(sb) and _ending(sa) == _ending(sb)
            and jellyfish.jaro_winkler_similarity(sa, sb) >= MIN_SIMILARITY)


def given_names_agree(a: str, b: str) -> bool:
    """Given names (possibly several words or hyphenated) that are the same name: Binyamin ~ Benjamin."""
    wa, wb = re.split(r"[\s-]+", a), re.split(r"[\s-]+", b)
    return len(wa) == len(wb) and all(_word_agrees(x, y) for x, y in zip(wa, wb))


def _middles_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Middle names or initials, one for one: W. ~ Walker, W. ≠ H. W."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        x0, y0 = x.rstrip("."), y.rstrip(".")
        if len(x0) == 1 or len(y0) == 1:
            if fold(x0[:1]) != fold(y0[:1]):
                return False
        elif not _word_agrees(x0, y0):
            return False
    return True


def _greedy_clusters(names: list[str], agree) -> list[list[str]]:
    """Names (most mentioned first) into clusters whose every pair agrees; no chaining."""
    clusters: list[list[str]] = []
    for name in names:
        home = next((c for c in clusters if all(agree(name, m) for m in c)), None)
        if home is None:
            clusters.append([name])
        else:
            home.append(name)
    return clusters


def cluster_full_names(counts: Counter) -> dict[str, str]:
    """Each full name → the most mentioned spelling of the same person (names that agree on given and
    middle names; a name without middle names joins a variant with them only when there is just one)."""
    by_surname: dict[str, list[str]] = defaultdict(list)
    for name in counts:
        by_surname[surname_key(parse_name(name)[2])].append(name)
    order = {n: (-counts[n], -len(n.split()), n) for n in counts}
    canonical: dict[str, str] = {}
    for key in sorted(by_surname):
        names = sorted(by_surname[key], key=order.__getitem__)
        parsed = {n: parse_name(n) for n in names}

        def same(x: str, y: str) -> bool:
            return given_names_agree(parsed[x][0], parsed[y][0]) and _middles_agree(parsed[x][1], parsed[y][1])

        specific = _greedy_clusters([n for n in names if parsed[n][1]], same)
        plain = _greedy_clusters([n for n in names if not parsed[n][1]], same)
        for cluster in plain:
            fits = [c for c in specific if all(given_names_agree(parsed[p][0], parsed[m][0]) for p in cluster for m in c)]
            if len(fits) == 1:
                fits[0].extend(cluster)
            else:
                specific.append(cluster)
        for cluster in specific:
            head = min(cluster, key=order.__getitem__)
            canonical.update((n, head) for n in cluster)
    return canonical


def _tails(name: str) -> set[str]:
    """Folded proper tails of a full name, and its surname key: what a shorter mention of it may read."""
    words = fold(name).split()
    return {" ".join(words[i:]) for i in range(1, len(words))} | {surname_key(parse_name(name)[2])}


def _bare_candidate(surface: str, label: str) -> bool:
    """A mention that may be a short form of a person's name: PERSON, or one ORG-tagged word; not an acronym."""
    words = surface.split()
    if label not in ("PERSON", "ORG") or (label == "ORG" and len(words) != 1):
        return False
    if len(words) == 1 and (surface.isupper() and len(surface) <= 4 or "." in surface):
        return False  # "MA", "U.S.": acronyms never resolve to a person
    return surface[:1].isupper() and all(w.replace("-", "").replace("'", "").replace("’", "").isalpha() for w in words)


def resolve_people(docs: list, surfaces: list[str], labels: list[str], canonical: list[str], rule: list[str]) -> None:
    """Full names to their common spelling, and short forms to a full name; updates canonical/rule in place.

    Rows must come in a fixed order (the caller sorts them); rows with a rule already are left alone.
    """
    full = [i for i, (s, lab) in enumerate(zip(surfaces, labels))
            if lab == "PERSON" and not rule[i] and parse_name(s) is not None]
    spelling = cluster_full_names(Counter(surfaces[i] for i in full))
    in_doc: dict = defaultdict(dict)  # doc → {full surface: canonical}
    by_surname: dict[str, Counter] = defaultdict(Counter)  # surname key → full-name mentions per canonical
    for i in full:
        s = surfaces[i]
        in_doc[docs[i]][s] = spelling[s]
        by_surname[surname_key(parse_name(s)[2])][spelling[s]] += 1
    tails = {s: _tails(s) for s in spelling}
    single, single_person = Counter(), Counter()  # one-word mentions, and those tagged PERSON: by word and (doc, word)
    for d, s, lab in zip(docs, surfaces, labels):
        if " " not in s:
            keys = (fold(s), (d, fold(s)))
            single.update(keys)
            if lab == "PERSON":
                single_person.update(keys)

    full_rows = set(full)
    for i, (d, s, lab) in enumerate(zip(docs, surfaces, labels)):
        if rule[i] or not (i in full_rows or _bare_candidate(s, lab)):
            continue
        key = fold(s)
        longer = {c for f, c in in_doc[d].items() if len(f.split()) > len(s.split()) and key in tails[f]}
        if len(longer) == 1:
            canonical[i], rule[i] = longer.pop(), "surname (document)"
        elif longer:
            continue  # two people of that name in the document: ambiguous
        elif i in full_rows:
            if spelling[s] != s:
                canonical[i], rule[i] = spelling[s], "spelling"
        elif len(s.split()) == 1 and (owners := by_surname.get(ARTICLE_PREFIX.sub("", key))):
            (best, n), = sorted(owners.items(), key=lambda kv: (-kv[1], kv[0]))[:1]
            if (n >= DOMINANCE * sum(owners.values()) and single_person[(d, key)] >= PERSON_SHARE * single[(d, key)]
                    and single_person[key] >= PERSON_SHARE * single[key]):
                canonical[i], rule[i] = best, "surname (corpus)"
