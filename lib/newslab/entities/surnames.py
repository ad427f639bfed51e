"""A bare surname (or 'the Trump administration', 'Trump's') to one full name: in its own document first, else
to the holder who dominates that surname corpus-wide.

Precision first. Corpus-wide, a holder needs support: the full name in at least SUPPORT documents and at least
DOMINANCE of the documents naming that surname in full (documents, so a name repeated in one story counts
once); and the story must share an uncommon form with the holder's stories (when both have any), must not list
the name in a team sheet, nor follow it with a regnal number (Charles I). In a document, one full name of that
surname takes it; but a relative named once (his daughter Ivanka Trump) yields to the leading holder (with
support, twice the documents of each relative) when the text points to that holder (the holder is named there,
a relation word stands before the relative, or an office title before the bare name), unless a title points to
the relative (Mrs, Ms, Miss). A name with Jr., Sr., II or III never takes a bare name; a bare word that is the
given name of someone in the story (a soldier called Ryan) never goes to a stranger, nor a bare name after a
rank (Sgt. Ryan) to anyone not named with a rank. A word the model tagged neither PERSON nor ORG ('Mr Straw',
'Thanou' as a place) resolves in its document only, after a personal title or when the corpus mostly tags it
PERSON or ORG.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from .people import ARTICLE_PREFIX, cluster_full_names, fold, generational_suffix, parse_name, surname_key

SUPPORT = 3          # documents (distinct texts) that must name a person in full before it takes bare surnames corpus-wide
DOMINANCE = 0.8      # share of the documents naming a surname in full that one person needs
PERSON_SHARE = 0.5   # share of a bare token's mentions the model must tag PERSON for corpus-wide back-off
MODIFIER = re.compile(r"^([A-Z][\w'’-]+) (?:administration|campaign|government|presidency|cabinet|camp|regime)$")
PERSONAL_TITLE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lord|Lady|Dame)\.?\s*$")
SURNAME_TITLE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s*$")  # "Mr Howard" is a surname, "Sir Howard" a given name
FEMALE_TITLE = re.compile(r"\b(?:Mrs|Ms|Miss|Madam|Madame|Lady|Dame)\.?\s*$")
OFFICE_TITLE = re.compile(r"\b(?:President|Prime Minister|PM|Chancellor|Premier|Vice President)\s*$")
RANK_TITLE = re.compile(r"\b(?:Sgt|Sergeant|Pfc|Private|Cpl|Corporal|Spc|Specialist|Lance Corporal|Staff Sergeant|"
                        r"Pte|Petty Officer|Seaman|Airman|Officer|Constable|PC|Trooper|Guardsman|Rifleman)\.?\s*$")
REGNAL = re.compile(r"^\s+(?:I|II|III|IV|V|VI|VII|VIII|IX|X)\b")  # Charles I, Henry VIII: a king, not a surname
LIST_ITEM = re.compile(r"(?:[A-Z][\w'’-]+|\(\d+\))[,;] ")  # "Hatley, Hardwick; Kennedy", "Paice for X (60), ...": a team sheet
COMMON_SHARE = 0.05  # forms in more documents than this share (UK, BBC, an outlet, a byline) are no evidence of a topic
COMMON_FLOOR = 5     # ... and than this many: in a small corpus a form in five stories still tells a topic
RELATION = re.compile(r"\b(?:daughter|son|wife|husband|widow|brother|sister|mother|father|niece|nephew|"
                      r"grandson|granddaughter|cousin|in-law|stepson|stepdaughter|children|family)s?\b[^.!?]{0,30}$",
                      re.IGNORECASE)


def _tails(name: str) -> set[str]:
    """Folded proper tails of a full name, and its surname key: what a shorter mention of it may read."""
    words = fold(name).split()
    return {" ".join(words[i:]) for i in range(1, len(words))} | {surname_key(parse_name(name)[2])}


def bare_form(surface: str, label: str) -> tuple[str, str] | None:
    """(the word that may be a surname, the rule to use) for a bare name, a possessive or a modifier use."""
    if (m := MODIFIER.match(surface)) is not None and label in ("ORG", "NORP", "GPE", "PERSON"):
        return m.group(1), "modifier"
    words = surface.split()
    if label not in ("PERSON", "ORG") or (label == "ORG" and len(words) != 1):
        return None
    if len(words) == 1 and (surface.isupper() and len(surface) <= 4 or "." in surface):
        return None  # "MA", "U.S.": acronyms never resolve to a person
    if surface[:1].isupper() and all(w.replace("-", "").replace("'", "").replace("’", "").isalpha() for w in words):
        return surface, ""
    return None


class Holders:
    """Who holds each surname corpus-wide: documents naming each full name, by surname key."""

    def __init__(self, docs_of: dict[str, set]):
        self.by_key: dict[str, Counter] = defaultdict(Counter)
        for name, docs in docs_of.items():
            self.by_key[surname_key(parse_name(name)[2])][name] = len(docs)

    def dominant(self, key: str) -> str | None:
        """The full name holding surname `key` with support and dominance, never one with a suffix."""
        owners = self.by_key.get(ARTICLE_PREFIX.sub("", key))
        if not owners:
            return None
        best, n = min(owners.items(), key=lambda kv: (-kv[1], kv[0]))
        if n >= SUPPORT and n >= DOMINANCE * sum(owners.values()) and not generational_suffix(best):
            return best
        return None

    def leading(self, key: str, others: set[str]) -> str | None:
        """The most documented holder of surname `key`, with support and at least twice the documents of each of
        `others` (people of that surname named in one story): who a bare surname there means when the text
        points to a holder beyond them."""
        owners = self.by_key.get(ARTICLE_PREFIX.sub("", key))
        if not owners:
            return None
        best, n = min(owners.items(), key=lambda kv: (-kv[1], kv[0]))
        if n < SUPPORT or generational_suffix(best) or any(n < 2 * owners.get(o, 0) for o in others - {best}):
            return None
        return best


def _in_list(before: str, after: str) -> bool:
    """Whether a mention stands in a list of names (a team sheet), where a bare surname is anybody's."""
    clause = re.split(r"[.!?\n]", before)[-1] + "X" + re.split(r"[.!?\n]", after)[0]
    return len(LIST_ITEM.findall(clause)) >= 2


def _context(docs: list, surfaces: list[str], docs_of: dict[str, set]) -> tuple[dict, dict]:
    """Each document's uncommon forms, and each full name's: the forms of the documents naming it in full."""
    in_doc: dict = defaultdict(set)
    for d, s in zip(docs, surfaces):
        in_doc[d].add(fold(s))
    df = Counter(s for forms in in_doc.values() for s in forms)
    common = {s for s, n in df.items() if n > max(COMMON_FLOOR, COMMON_SHARE * len(in_doc))}
    doc_forms = {d: forms - common for d, forms in in_doc.items()}
    return doc_forms, {name: set().union(*(doc_forms[d] for d in ds)) for name, ds in docs_of.items()}


def _forms_apart(holder: str, word: str, forms: set) -> set:
    """The forms that share no word with `holder`'s name or with `word`: what tells a topic."""
    own = set(fold(holder).split()) | {fold(word)}
    return {f for f in forms if not own & set(f.split())}


def _shares_topic(holder: str, word: str, doc_forms: set, theirs: set) -> bool:
    """Whether a story and the stories naming `holder` in full (their forms apart from the name: `theirs`) share
    an uncommon form (or either has none)."""
    mine = _forms_apart(holder, word, doc_forms)
    return not mine or not theirs or bool(mine & theirs)


def resolve_people(docs: list, surfaces: list[str], labels: list[str], canonical: list[str], rule: list[str],
                   *, before: list[str] | None = None, after: list[str] | None = None,
                   possessive: list[bool] | None = None) -> None:
    """Full names to their common spelling, and short forms to a full name; updates canonical/rule in place.

    Rows must come in a fixed order (the caller sorts them), one document per distinct text; rows with a rule
    already are left alone. `before` holds the text just before each mention (titles, relation words);
    `possessive` marks mentions written with 's (the model often tags "Trump's" ORG).
    """
    before = before if before is not None else [""] * len(surfaces)
    after = after if after is not None else [""] * len(surfaces)
    possessive = possessive if possessive is not None else [False] * len(surfaces)
    full = [i for i, (s, lab) in enumerate(zip(surfaces, labels))
            if lab == "PERSON" and not rule[i] and parse_name(s) is not None]
    spelling = cluster_full_names(Counter(surfaces[i] for i in full))
    in_doc: dict = defaultdict(dict)  # doc → {full surface: canonical}
    named: dict = defaultdict(Counter)  # doc → full-name mentions per canonical
    pointed: dict = defaultdict(set)  # doc → canonicals introduced as someone's relative
    ranked: dict = defaultdict(set)  # doc → canonicals named with a rank (Sgt. Ryan Jones)
    given: dict = defaultdict(set)  # doc → folded given names of the people named there in full
    docs_of: dict[str, set] = defaultdict(set)
    for i in full:
        s, d = surfaces[i], docs[i]
        in_doc[d][s] = spelling[s]
        named[d][spelling[s]] += 1
        docs_of[spelling[s]].add(d)
        given[d].add(fold(parse_name(s)[0].split()[0]))
        text_before = before[i]
        if RELATION.search(text_before):
            pointed[d].add(spelling[s])
        if RANK_TITLE.search(text_before):
            ranked[d].add(spelling[s])
    holders = Holders(docs_of)
    doc_forms, holder_forms = _context(docs, surfaces, docs_of)
    tails = {s: _tails(s) for s in spelling}
    single, single_person = Counter(), Counter()  # one-word mentions, and those tagged PERSON: by word and (doc, word)
    single_named = Counter()  # one-word mentions tagged PERSON or ORG, by word
    for d, s, lab in zip(docs, surfaces, labels):
        if " " not in s:
            keys = (fold(s), (d, fold(s)))
            single.update(keys)
            if lab == "PERSON":
                single_person.update(keys)
            if lab in ("PERSON", "ORG"):
                single_named[fold(s)] += 1

    full_rows = set(full)
    topic_of: dict[tuple[str, str], set] = {}  # (holder, folded word) → the holder's stories' forms apart from both
    for i, (d, s, lab) in enumerate(zip(docs, surfaces, labels)):
        if rule[i]:
            continue
        if i in full_rows:
            longer = {c for f, c in in_doc[d].items() if len(f.split()) > len(s.split()) and fold(s) in tails[f]}
            if len(longer) == 1 and not generational_suffix(next(iter(longer))):
                canonical[i], rule[i] = longer.pop(), "surname (document)"
            elif not longer and spelling[s] != s:
                canonical[i], rule[i] = spelling[s], "spelling"
            continue
        form = bare_form(s, lab)
        if form is None and " " not in s and s[:1].isupper() and s.isalpha() and (
                single_named[fold(s)] >= PERSON_SHARE * single[fold(s)] or PERSONAL_TITLE.search(before[i])):
            form = (s, "document only")  # "Mr Straw" tagged PRODUCT, "Thanou" tagged GPE: in its document only
        if form is None or REGNAL.match(after[i]):
            continue
        word, how = form
        target, why = _resolve_bare(word, before[i], in_doc[d], named[d], (pointed[d], ranked[d]), given[d], tails,
                                    holders)
        if how == "document only":
            how = ""
        elif target is None and why == "corpus" and len(word.split()) == 1:
            key = fold(word)
            in_doc_share = possessive[i] or single_person[(d, key)] >= PERSON_SHARE * single[(d, key)]
            ok_model = how == "modifier" or (in_doc_share and single_person[key] >= PERSON_SHARE * single[key])
            if ok_model and not _in_list(before[i], after[i]):
                target = holders.dominant(key)
                if target is not None:
                    if (target, key) not in topic_of:  # a holder's stories hold many forms: filtered once
                        topic_of[(target, key)] = _forms_apart(target, word, holder_forms[target])
                    if not _shares_topic(target, word, doc_forms[d], topic_of[(target, key)]):
                        target = None
        if target is not None:
            canonical[i] = target
            rule[i] = how or ("surname (document)" if target in in_doc[d].values() else "surname (corpus)")


def _resolve_bare(word: str, before: str, in_doc: dict, named: Counter, marks: tuple[set, set], given: set,
                  tails: dict, holders: Holders) -> tuple[str | None, str]:
    """(the full name a bare word resolves to in its document, or None; 'corpus' when the corpus may decide)."""
    key = fold(word)
    pointed, ranked = marks
    candidates = {c for f, c in in_doc.items() if len(f.split()) > len(word.split()) and key in tails[f]}
    if key in given and len(word.split()) == 1 and not SURNAME_TITLE.search(before):
        return None, "given name"  # Ryan of "Ryan Jones" is not Paul Ryan (but "Mr Ryan" is a surname)
    if RANK_TITLE.search(before):  # Sgt. Ryan is only the Ryan named with a rank
        candidates &= ranked
        if not candidates:
            return None, "rank"
    if not candidates:
        return None, "corpus"
    plain = {c for c in candidates if not generational_suffix(c)}
    dominant = holders.leading(key, candidates) if len(word.split()) == 1 else None
    if FEMALE_TITLE.search(before):
        others = sorted(plain - {dominant})
        return (others[0] if len(others) == 1 else (next(iter(plain)) if len(plain) == 1 == len(candidates) else None)), ""
    relatives = candidates - {dominant}
    if dominant is not None and relatives and all(named[c] == 1 for c in relatives):
        if dominant in candidates or OFFICE_TITLE.search(before) or relatives <= pointed:
            return dominant, ""
    if len(candidates) == 1 and plain:
        return next(iter(plain)), ""
    return None, "ambiguous"
