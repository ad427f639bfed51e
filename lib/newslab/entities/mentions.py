"""A mention as a name: the text the model tagged, cleaned at its edges (quotes, dashes, debris, a leading
'the', a possessive, titles before a person's name), as the rules, the alias table and the review see it."""
from __future__ import annotations

import functools
import re

import pandas as pd

from .acronyms import ACRONYM
from .people import PARTICLES

TITLES = re.compile(
    r"^(?:(?:President|Prime Minister|PM|Vice President|Foreign Minister|Defen[cs]e Minister|Minister|"
    r"Supreme Leader|Ayatollah|Grand Ayatollah|Sheikh|King|Queen|Prince|Princess|Crown Prince|Emir|Pope|Imam|"
    r"Rabbi|Chancellor|Senator|Sen\.|Rep\.|Governor|Gov\.|Mayor|Secretary|Director|Commander|General|Gen\.|"
    r"Major General|Maj\. Gen\.|Maj\.|Brig\. Gen\.|Brigadier General|Lt\. Gen\.|Col\.|Colonel|Lt\.|Capt\.|"
    r"Admiral|Adm\.|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Sir|Lord|Lady|Judge|Justice|"
    # descriptions the model takes into a name: "Lib Dem MP Lembit Opik", "Sprinter Kelly Holmes"
    r"MP|MEP|Tory|Tories|Labour|Lib Dem|Liberal Democrat|Conservative|Briton|Sprinter|Rapper|Singer|Actor|Actress|"
    r"Striker|Midfielder|Defender|Goalkeeper|Coach|Manager|Boss|Chairman|Skipper|Spokesman|Spokeswoman)\s+)+"
)
# a royal or religious title before a single name is part of the name: "King Abdullah" is not "Abdullah"
ROYAL = re.compile(r"^(?:King|Queen|Prince|Princess|Crown Prince|Emperor|Empress|Pope|Sultan|Emir|Sheikh)\s+")
QUOTES = "\"'“”‘’«»„`"
PUNCTUATION = re.escape(QUOTES + ",;:!?()[]{}<>-–—_/\\|*•·")  # not symbols such as $ % & +: "US$" is not "US"
LEADING_JUNK = re.compile(rf"^[\s.{PUNCTUATION}]+")
TRAILING_JUNK = re.compile(rf"[\s{PUNCTUATION}]+$")
ABBREVIATION_END = re.compile(r"(?:\b[A-Z]|\bJr|\bSr|\bCo|\bInc|\bLtd|\bCorp|\bSt)\.$")

def _is_debris_word(word: str) -> bool:
    """A lower-case word before a name ('him'), or any word cut off by a dash ('Mr.-'); particles are kept."""
    if word[-1] in "-–—":
        return True
    return not any(c.isupper() for c in word) and word.strip(QUOTES + ".,;:").lower() not in PARTICLES


@functools.lru_cache(maxsize=1 << 17)
def clean_mention(text: str, label: str = "") -> str:
    """The mention as a name: without quotes, dashes and text debris at its edges, a leading 'the', a
    possessive, or (for people) the titles before the name. Handles such as '@MSNBC' are kept as they are."""
    t = " ".join(str(text).split()).strip(QUOTES + " ")
    if t[:1] in ("@", "#"):
        return t
    previous = None
    while t != previous:
        previous = t
        t = LEADING_JUNK.sub("", t)
        t = TRAILING_JUNK.sub("", t)
        t = re.sub(r"(?:['’]s|['’])$", "", t)
        t = re.sub(r"^(?:the|The|THE)\s+", "", t)
        words = t.split()
        while len(words) > 1 and _is_debris_word(words[0]):
            words = words[1:]
        t = " ".join(words)
        if t.endswith(".") and not ACRONYM.match(t) and not ABBREVIATION_END.search(t):
            t = t[:-1]
    if label == "PERSON":
        stripped = TITLES.sub("", t)
        if stripped and (len(stripped.split()) > 1 or not ROYAL.match(t)):
            t = stripped
        elif stripped:
            t = ROYAL.match(t).group(0) + stripped
    return t or " ".join(str(text).split())


def surfaces_of(entities: pd.DataFrame) -> list[str]:
    """The cleaned form of every mention, as the rules and the alias table see it (by the model's label)."""
    labels = entities["model_label"] if "model_label" in entities.columns else entities["label"]
    return [clean_mention(str(t), str(lab)) for t, lab in zip(entities["text"], labels)]
