"""Surface forms before any name rule: debris rejected (with the rule that rejected it), case variants of one
name made one form, a name the model split at "and (the)" rejoined, and "X Department" / "Department of X"
made one form. Each function takes the rows in a fixed order and returns what it changes; nothing is merged
unless the corpus itself holds the other form.
"""
from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict

# debris: text pieces the model tagged that are never a name, each with the rule that rejects it
DEBRIS = (
    ("debris (encoding)", re.compile("\ufffd")),
    ("debris (e-mail)", re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")),
    ("debris (url)", re.compile(r"(?i)https?://|\bwww\.|\bpic\.twitter\.|\bt\.co/|\b[\w-]+\.(?:com|org|net|co\.uk)/|/status/")),
    ("debris (quote)", re.compile(r"\w\"\w")),  # a straight quote inside a word: can"t, don"t
    # page25, 0.04secs; not G8, MI6, ITV1, 300p, Freedom2surf
    ("debris (letter-digit)", re.compile(r"(?:^|\s)(?:[A-Za-z]?[a-z]{2,}\d+|[\d.,]+[a-z]{3,})(?=\s|$)")),
)
SPLIT_GAPS = (" and the ", " and ", " & ")  # where the model cuts a long name in two
REORDER_HEADS = ("Department", "University")  # "Justice Department" is "Department of Justice"
HEAD_FIRST = re.compile(rf"^({'|'.join(REORDER_HEADS)}) of (?:the )?((?:[A-Z][\w'’-]*\s?){{1,3}})$")
HEAD_LAST = re.compile(rf"^((?:[A-Z][\w'’-]*\s){{1,3}})({'|'.join(REORDER_HEADS)})$")
ACRONYM_AFTER = re.compile(r"^\s*\(([A-Z]{2,8})\)")
WORD_BEFORE = re.compile(r"(?:^|[^\w'’&-])([A-Z][\w'’&-]*) $")
# the last word of many names, never a short form of one: "the Commission" may be any commission
GENERIC_HEADS = frozenset("""party office department ministry council committee union commission court house service
agency association board club company corporation group authority institute university college school bank fund
cup league awards festival show government parliament assembly congress senate police army force team trust
foundation centre center network channel news times post airport station""".split())
SHORT_FORM_LABELS = ("ORG", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW")


@functools.lru_cache(maxsize=1 << 17)
def debris_rule(surface: str) -> str:
    """The rule rejecting a mention as text debris (an e-mail, a URL, `can"t`, page25, a broken character), or ''."""
    return next((name for name, pattern in DEBRIS if pattern.search(surface)), "")


def _acronym_like(form: str) -> bool:
    """A short all-capitals token (AP, WHO, IT): its other casings are other words, never the same name."""
    return " " not in form and form.isupper() and len(form) <= 3


def case_variants(surfaces: list[str], labels: list[str]) -> dict[str, str]:
    """Each form that differs from another only in case, and that the model mostly tags alike → the form not in
    capitals, else the most common (LONDON → London, Worldcom → WorldCom). A team in capitals in a results table
    (PHILADELPHIA, ORG) stays apart from the city (Philadelphia, GPE)."""
    counts = Counter(surfaces)
    kind = {form: _label_class(votes) for form, votes in _votes(surfaces, labels).items()}
    groups: dict[tuple, list[str]] = defaultdict(list)
    for form in sorted(counts):
        if not _acronym_like(form) and any(c.isalpha() for c in form):
            groups[(form.casefold(), kind[form])].append(form)
    moves: dict[str, str] = {}
    for forms in groups.values():
        if len(forms) > 1:
            head = min(forms, key=lambda f: (f.isupper(), -counts[f], f))
            moves.update((f, head) for f in forms if f != head)
    return moves


PLACES = ("GPE", "LOC", "FAC")


def _votes(surfaces: list[str], labels: list[str]) -> dict[str, Counter]:
    """The model's labels of each form's mentions, places as one."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for s, lab in zip(surfaces, labels):
        votes[s]["PLACE" if lab in PLACES else lab] += 1
    return votes


def _label_class(votes: Counter) -> str:
    """The label most of a form's mentions carry (places as one), ties by name."""
    return min(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def reordered_names(surfaces: list[str]) -> dict[str, str]:
    """'Justice Department' ↔ 'Department of Justice' (and University): both orders seen → the more common."""
    counts = Counter(surfaces)
    groups: dict[tuple[str, str], set[str]] = defaultdict(set)
    for form in counts:
        if m := HEAD_FIRST.match(form):
            groups[(m.group(1), m.group(2).strip().casefold())].add(form)
        elif m := HEAD_LAST.match(form):
            groups[(m.group(2), m.group(1).strip().casefold())].add(form)
    moves: dict[str, str] = {}
    for forms in groups.values():
        orders = {bool(HEAD_FIRST.match(f)) for f in forms}
        if len(orders) == 2:
            head = min(forms, key=lambda f: (-counts[f], f))
            moves.update((f, head) for f in forms if f != head)
    return moves


def rejoined_splits(docs: list, starts: list[int], ends: list[int], surfaces: list[str], texts,
                    *, known: set[str]) -> dict[int, str]:
    """Row → the whole name for two adjacent mentions the model split at 'and (the)' ('Islamic State of Iraq' +
    'Levant'), when the whole name is a form the corpus holds elsewhere, a name in `known` (folded), or is
    followed by an acronym its initials spell. Rows must be sorted by document and offset."""
    from .acronyms import matches_acronym

    forms = {s.casefold() for s in surfaces}
    joined: dict[int, str] = {}
    for i in range(len(surfaces) - 1):
        j = i + 1
        if docs[i] != docs[j] or i in joined:
            continue
        text = texts.get(docs[i], "") if hasattr(texts, "get") else ""
        gap = text[ends[i]:starts[j]]
        if gap not in SPLIT_GAPS or not surfaces[i][:1].isupper() or not surfaces[j][:1].isupper():
            continue
        whole = surfaces[i] + gap + surfaces[j]
        after = ACRONYM_AFTER.match(text[ends[j]:ends[j] + 12])
        if (whole.casefold() in forms or whole.casefold() in known
                or (after is not None and matches_acronym(whole, after.group(1)))):
            joined[i] = joined[j] = whole
    return joined


def extended_left(docs: list, starts: list[int], ends: list[int], surfaces: list[str], texts,
                  *, known: set[str]) -> dict[int, str]:
    """Row → the name with the capitalised word before it the model left out ('Liberal' + 'Democrat', 'Six' +
    'Nations'), when that longer name is a form the corpus holds in two documents or more, or in `known`
    (folded); never a title (Mr Blair). Rows must be sorted by document and offset."""
    from .mentions import TITLES

    seen: dict[str, set] = defaultdict(set)
    for d, s in zip(docs, surfaces):
        seen[s.casefold()].add(d)
    longer: dict[int, str] = {}
    for i, s in enumerate(surfaces):
        text = texts.get(docs[i], "") if hasattr(texts, "get") else ""
        if not isinstance(text, str) or not s[:1].isupper():
            continue
        m = WORD_BEFORE.search(text[max(0, starts[i] - 40):starts[i]])
        if m is None or TITLES.match(m.group(1) + " "):
            continue
        word_start = starts[i] - len(m.group(1)) - 1
        if i > 0 and docs[i - 1] == docs[i] and ends[i - 1] > word_start:
            continue  # the word belongs to the mention before
        whole = f"{m.group(1)} {s}"
        if len(seen.get(whole.casefold(), ())) >= 2 or whole.casefold() in known:
            longer[i] = whole
    return longer


def short_forms(docs: list, surfaces: list[str], labels: list[str], rule: list[str]) -> dict[int, int]:
    """Row → the row of the one longer name of its document that it ends ('the Boerse' → Deutsche Boerse):
    a one-word mention (not a place), an organisation, event or work named in full there whose last word is its
    head (not 'Central Bank of Iran'), never a generic head word."""
    long_rows: dict = {}
    for j, (d, s, lab) in enumerate(zip(docs, surfaces, labels)):
        words = s.split()
        if len(words) > 1 and lab in SHORT_FORM_LABELS and words[-1][:1].isupper() and not words[-2].islower():
            long_rows.setdefault((d, words[-1].casefold()), {}).setdefault(s, j)
    found: dict[int, int] = {}
    for i, (d, s, lab) in enumerate(zip(docs, surfaces, labels)):
        if (rule[i] or lab not in SHORT_FORM_LABELS + ("PERSON",) or " " in s or not s[:1].isupper() or s.isupper()
                or s.casefold() in GENERIC_HEADS):
            continue
        options = long_rows.get((d, s.casefold()), {})
        if len(options) == 1:
            found[i] = next(iter(options.values()))
    return found
