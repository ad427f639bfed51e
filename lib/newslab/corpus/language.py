"""Each document's language, so analyses that need English (the English NER model, English stopwords) can leave
other languages out and say how many they left. English is recognised at once by its function words; only
the rest goes to py3langid (offline: its model ships inside the package)."""
from __future__ import annotations

import functools
import re

import pandas as pd

SAMPLE_CHARS = 600  # the opening of a text decides its language
MODEL_CHARS = 300  # of those, what the model reads (its cost grows with the length)
LETTER_SHARE = 0.6  # of a text's non-space characters: below it, a table of figures
MIN_CONFIDENCE = 0.9  # below it the language is unknown (""): kept by analyses that need English
NEWS_LANGUAGES = ("en de fr es it pt nl sv da no fi pl cs sk hu ro bg ru uk sr hr sl el tr ar fa he ur hi bn ta "
                  "zh ja ko vi th id ms tl sw").split()
ENGLISH_SHARE = 0.15  # of its words that are English function words: English without asking the model
MIN_WORDS = 3  # fewer words than this: language unknown ("")
ENGLISH_WORDS = frozenset(
    "the of and to a in is that for on was with he it as at by from his be have are has its had were not this "
    "but they an which will their or been said who would after also more than about two new over into".split()
)
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


def detect_language(text: str) -> str:
    """ISO 639-1 code of `text`'s language ('en', 'zh', 'fa', …), or '' when it is too short to tell."""
    sample = str(text)[:SAMPLE_CHARS]
    words = sample.lower().split()
    if len(words) < MIN_WORDS and not _CJK.search(sample):
        return ""
    function_words = sum(map(ENGLISH_WORDS.__contains__, words))
    if function_words >= ENGLISH_SHARE * len(words) and len(ENGLISH_WORDS.intersection(words)) >= MIN_WORDS:
        return "en"
    letters = sum(c.isalpha() for c in sample)
    if letters < LETTER_SHARE * len(sample.replace(" ", "")):
        return ""  # mostly figures (a table, a market report): no language to tell
    language, probability = _identifier().classify(sample[:MODEL_CHARS])
    return language if probability >= MIN_CONFIDENCE else ""


@functools.lru_cache(maxsize=1)
def _identifier():
    """py3langid's model, told to choose among the languages of the world's news (others are rarely right on
    news text: tables of figures read as Pidgin or Volapük), with probabilities normalised."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(NEWS_LANGUAGES)
    return identifier


def detect_languages(texts: pd.Series, *, given: pd.Series | None = None) -> pd.Series:
    """The language of each text; a non-empty `given` value (a web page's declared language) is kept."""
    found = texts.map(detect_language).astype(str)
    if given is not None:
        declared = given.fillna("").astype(str).str.lower().str.split("-").str[0]
        found = declared.where(declared != "", found)
    return found


def english_only(corpus: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The documents in English (or of unknown language), and how many others were left out."""
    if "language" not in corpus.columns:
        return corpus, 0
    keep = corpus["language"].fillna("").isin(["en", ""])
    return corpus[keep], int((~keep).sum())
