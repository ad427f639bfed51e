"""People's full names: parsed (nameparser; family name first for Chinese, Korean, Vietnamese and Hungarian
names), and spellings of one name that agree on the given names clustered. A generational suffix (Jr., III)
makes another person. How a bare surname finds its full name is in `surnames`.

Precision first: a name merges with another only when its given names agree.
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
GENERATIONAL = frozenset({"jr", "sr", "ii", "iii", "iv"})
# family names written first: a short list of the commonest (Chinese, Korean, Vietnamese, Hungarian); the rest of
# the name must then read as an East Asian given name (or a Hungarian one): "Xi Jinping", not "Kim Clijsters"
FAMILY_FIRST = frozenset("""
xi li wang zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie song tang
han feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye cheng wei su lu ding ren shen yao jin wen
mao qian kong
kim lee park choi jung kang cho yoon jang lim moon ban roh yun ri pak chung
nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong
""".split())
HUNGARIAN_FAMILY = frozenset("nagy kovacs toth szabo horvath varga kiss molnar nemeth farkas balogh orban gyurcsany".split())
HUNGARIAN_GIVEN = frozenset("laszlo istvan ferenc janos jozsef zoltan sandor gabor peter tibor attila viktor imre".split())
SYLLABLE = r"(?:zh|ch|sh|ng|[bcdfghjklmnpqrstwxyz])?(?:y?[aeiou]{1,3})(?:ng|[nmkptlhw])?"
EAST_ASIAN_GIVEN = re.compile(rf"^(?:{SYLLABLE}){{1,3}}(?:-(?:{SYLLABLE}){{1,2}})?$")
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
        if len(token) > 1 and token.isupper() and "." not in token and fold(token) not in GENERATIONAL:
            return False  # "Lib Dem MP Lembit Opik": an abbreviation inside is no part of a name
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


def _family_first(words: list[str]) -> bool:
    """'Xi Jinping', 'Kim Jong-un', 'Nguyen Tan Dung', 'Orban Viktor': a listed family name before given names."""
    head, rest = fold(words[0]), [fold(w) for w in words[1:]]
    if len(words) == 2 and head in HUNGARIAN_FAMILY and rest[0] in HUNGARIAN_GIVEN:
        return True
    return (head in FAMILY_FIRST and len(rest) <= 2 and all(EAST_ASIAN_GIVEN.match(w) for w in rest)
            and (len(rest) == 1 or fold(words[1]) not in FAMILY_FIRST or len(words[1]) > 3))


def generational_suffix(name: str) -> str:
    """'jr', 'sr', 'ii', 'iii' or 'iv' when a name ends with one (Donald Trump Jr.), else ''."""
    last = fold(name.split()[-1]).rstrip(".").rstrip(",") if name.split() else ""
    return last if last in GENERATIONAL and len(name.split()) > 1 else ""


@functools.lru_cache(maxsize=1 << 16)
def parse_name(name: str) -> tuple[str, tuple[str, ...], str] | None:
    """(given names, middle names, surname) of a full personal name, or None when it is not one."""
    if not is_full_name(name):
        return None
    words = name.split()
    if _family_first(words):
        return " ".join(words[1:]), (), words[0]
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
    for name in counts:  # Donald Trump Jr. is never Donald Trump
        by_surname[surname_key(parse_name(name)[2]) + "|" + generational_suffix(name)].append(name)
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
