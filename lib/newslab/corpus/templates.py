"""The lines of a corpus (offsets; hard-wrapped text) and their boilerplate templates (varying parts masked),
computed for all lines at once with Arrow's regular expressions, and the agencies a boilerplate span credits.

The rule (docs/boilerplate.md): a *light* template masks what varies from one story to the next in a date:
years (1900-2099), times ("20:26") and days beside a month name (`{number}`), month names and abbreviations
(`{month}`), weekdays (`{weekday}`); other numbers are content ("Shr 17 cts vs 18 cts") and stay. A *heavy* template masks as well every capitalised word, a list of them ("Anna Kowalski and Tom
Reyes", "AFP, AP, Reuters") as one `{name}`, and initials ("ab/cd", or "jw" opening a line before a bracket).
Kinds of template per line:
- `line`: the whole line, light; `line template`: the whole line, heavy (when no literal word is left, its
  first word is kept: "By {name}"); both only for lines of at least three tokens (words or punctuation);
- `line start`: the first six words of a line of 7 to 40 words, heavy, holding at least three literal words
  ("{name} note: this story was"): a whole line with a varying end, like an editor's note;
- `opening`: a dateline-like start of a line, heavy, up to the first dash or bar standing between spaces or
  "/." within its first 150 characters ("{name}, {month} {number} /{name}/ —"), holding a date, a number, a
  bracket or a slash, or starting with a word in capitals ("PARIS —"): "Poland - a large member -" is prose.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .columns import arrow_texts
from .textparse import MONTHS

KINDS = ("line", "line template", "line start", "opening")  # whole-line kinds first: they win over an opening
SLOT = r"\{(?:number|month|weekday|name)\}"
_YEAR_OR_TIME = r"(^|[\s(/])((?:19|20)\d\d|\d{1,2}:\d\d)([\s,;)/|]|[.:](?:\s|$)|$)"
_DAY_BEFORE = r"\b\d{1,2}(?:st|nd|rd|th)?(\s+\{month\})"
_DAY_AFTER = r"(\{month\}\s+)\d{1,2}(?:st|nd|rd|th)?\b"
_MONTH = r"\b(?:" + "|".join(MONTHS) + r")\b|\b(?:" + "|".join([m[:3] for m in MONTHS if m != "May"] + ["Sept"]) + r")\b\.?"
_WEEKDAY = r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
_WORD = r"\p{Lu}[\pL\pN'’&.\-]*"
_NAMES = _WORD + r"(?:(?:\s*,\s*|\s+and\s+|\s*&\s*|\s*;\s*|\s+)" + _WORD + r")*"
_INITIALS = r"\b[a-z]{1,4}(?:/[a-z]{1,4})+\b"
_LONE_INITIALS = r"^[a-z]{2,3}( \()"
OPENING = r"^(?P<opening>.{3,150}?(?:\s[—–―|-]|/\.))\s"
START_WORDS, START_MAX_WORDS = 6, 40
MAX_LINE_CHARS = 600  # longer lines (about 80 words) are story text: only their opening can be boilerplate
WRAP_MIN_LINES, WRAP_MAX_CHARS = 5, 100  # a document of 5+ lines, none over 100 characters, most near the longest
MIN_TOKENS = 3


def light(lines: pa.Array) -> pa.Array:
    """Lines with the parts of dates masked: years, times, month and weekday names, days beside a month."""
    out = pc.replace_substring_regex(lines, _YEAR_OR_TIME, r"\1{number}\3")
    out = pc.replace_substring_regex(out, _YEAR_OR_TIME, r"\1{number}\3")  # a year right after a time
    out = pc.replace_substring_regex(out, _MONTH, "{month}")
    out = pc.replace_substring_regex(out, _DAY_BEFORE, r"{number}\1")
    out = pc.replace_substring_regex(out, _DAY_AFTER, r"\1{number}")
    return pc.replace_substring_regex(out, _WEEKDAY, "{weekday}")


def heavy(masked: pa.Array) -> pa.Array:
    """Light templates with names, lists of names and initials masked as well."""
    out = pc.replace_substring_regex(masked, _INITIALS, "{name}")
    out = pc.replace_substring_regex(out, _LONE_INITIALS, r"{name}\1")
    return pc.replace_substring_regex(out, _NAMES, "{name}")


def informative(keys: pa.Array) -> pa.Array:
    """True for a template worth learning: a literal word, or punctuation between its slots ("{name} / {name}")."""
    literal = pc.replace_substring_regex(keys, SLOT, "")
    has_word = pc.match_substring_regex(literal, r"[\pL\pN]")
    inner = pc.replace_substring_regex(literal, r"[^\w\s]\s*$", "")
    return pc.or_(has_word, pc.match_substring_regex(inner, r"\S"))


def line_keys(lines: pa.Array, *, only_line: bool = False) -> dict:
    """Per kind, each line's template (null where the kind does not apply), and the opening's length; only the
    `line` kind when `only_line`."""
    n_words = pc.add(pc.count_substring(pc.utf8_trim_whitespace(lines), " "), 1)  # lines are stripped already
    enough = pc.greater_equal(pc.count_substring_regex(lines, r"\w+|[^\w\s]"), MIN_TOKENS)
    masked = light(lines)
    has_word = pc.match_substring_regex(pc.replace_substring_regex(masked, SLOT, ""), r"[\pL]")
    keys = {"line": pc.if_else(pc.and_(enough, has_word), masked, None)}
    if only_line:
        return keys
    full = heavy(masked)
    first = pc.extract_regex(masked, r"^(?P<first>\S+)(?P<rest>.*)$")
    kept_first = pc.binary_join_element_wise(pc.struct_field(first, "first"),
                                             heavy(pc.struct_field(first, "rest")), pa.scalar("", lines.type))
    full = pc.if_else(informative(full), full, kept_first)
    keys["line template"] = pc.if_else(pc.and_(enough, pc.and_(informative(full), pc.not_equal(full, masked))), full, None)
    keys["first_literal"] = pc.if_else(keys["line template"].is_valid(), kept_first, None)  # "By {name} ({name})"
    start = pc.struct_field(pc.extract_regex(full, r"^(?P<start>(?:\S+\s+){%d}\S+)" % (START_WORDS - 1)), "start")
    literal_words = pc.count_substring_regex(pc.replace_substring_regex(start, SLOT, ""), r"\pL+")
    short = pc.and_(pc.greater(n_words, START_WORDS), pc.less_equal(n_words, START_MAX_WORDS))
    keys["line start"] = pc.if_else(pc.and_(short, pc.greater_equal(literal_words, 3)), start, None)
    opening = pc.struct_field(pc.extract_regex(lines, OPENING), "opening")
    key = heavy(light(opening))
    dateline = pc.or_(pc.match_substring_regex(key, r"\{(?:number|month|weekday)\}|[(/]"),
                      pc.match_substring_regex(opening, r"^\p{Lu}{3,}\b"))
    keys["opening"] = pc.if_else(dateline, key, None)
    keys["opening_chars"] = pc.utf8_length(opening)
    return keys


def line_frame(texts: list[str]) -> pd.DataFrame:
    """One row per non-blank line of `texts`: doc (position in `texts`), start and end offsets, the line, and
    whether it may be boilerplate as a whole (`whole`) or by its opening (`opens`): in a hard-wrapped document
    (newswire text broken every 70 characters) only a line standing alone between blank lines is a line, and
    only the first line of a block has an opening."""
    pieces = pc.split_pattern(arrow_texts(texts), "\n")
    flat = pc.list_flatten(pieces)
    doc = pc.list_parent_indices(pieces).to_numpy()
    lens = pc.utf8_length(flat).to_numpy().astype("int64")
    begin = np.cumsum(lens + 1) - (lens + 1)
    first = np.r_[0, np.flatnonzero(np.diff(doc)) + 1] if len(doc) else np.zeros(0, "int64")
    is_first = np.zeros(len(doc), bool)
    is_first[first] = True
    begin = begin - begin[first][np.searchsorted(doc[first], doc)]
    lead = lens - pc.utf8_length(pc.utf8_ltrim_whitespace(flat)).to_numpy()
    line = pc.utf8_trim_whitespace(flat)
    size = pc.utf8_length(line).to_numpy()
    keep = size > 0
    blank_before = is_first | ~np.r_[False, keep[:-1]]
    blank_after = np.r_[is_first[1:], True] | ~np.r_[keep[1:], False]
    n_docs = len(texts)
    n_lines = np.bincount(doc[keep], minlength=n_docs)
    longest = np.zeros(n_docs, "int64")
    np.maximum.at(longest, doc[keep], size[keep])
    near_full = np.bincount(doc[keep], weights=size[keep] >= 0.6 * longest[doc[keep]], minlength=n_docs)
    wrapped = (n_lines >= WRAP_MIN_LINES) & (longest <= WRAP_MAX_CHARS) & (near_full >= 0.6 * n_lines)
    start = begin + lead
    whole = ~wrapped[doc] | (blank_before & blank_after)
    opens = ~wrapped[doc] | blank_before
    return pd.DataFrame({"doc": doc[keep], "start": start[keep], "end": (start + size)[keep],
                         "text": line.filter(pa.array(keep)).to_pandas(), "whole": whole[keep], "opens": opens[keep]})


def with_keys(lines: pd.DataFrame, *, only_line: bool = False) -> pd.DataFrame:
    """`lines` with a column per kind of template (None where it does not apply) and the opening's length; a
    long line (story text, over MAX_LINE_CHARS) gives only its opening. Only the `line` kind when `only_line`."""
    text = arrow_texts(lines["text"].tolist())
    long = pc.greater(pc.utf8_length(text), MAX_LINE_CHARS)
    keys = line_keys(pc.if_else(long, pc.utf8_slice_codeunits(text, 0, 160), text), only_line=only_line)
    out = lines.assign(**{k: v.to_pandas() for k, v in keys.items()}, long=long.to_numpy(zero_copy_only=False))
    if only_line:
        out.loc[out["long"] | ~out["whole"], "line"] = None
        return out
    out.loc[out["long"] | ~out["whole"], ["line", "line template", "first_literal", "line start"]] = None
    out.loc[~out["opens"], "opening"] = None
    return out.assign(opening_chars=out["opening_chars"].fillna(0).astype("int64"))


_PARENS = re.compile(r"\(([^()]{1,80})\)|(?<![\w/])/([^/\s][^/]{0,40}?)/(?![\w/])")
_CUE = re.compile(r"(?=(?:\bwith|\bfrom|\breporting\s*:|\bsource\s*:|\s/)\s+([^.()]{1,80}))", re.IGNORECASE)
_ITEM_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|/)\s*")
_AGENCY_SUFFIX = re.compile(r"\s+(?:news\s+)?agency$", re.IGNORECASE)
_NOT_A_NAME = re.compile(r"(?:" + _MONTH + "|" + _WEEKDAY + r")$")


def credits_in(text: str, *, own: str = "") -> list[str]:
    """Agencies a boilerplate span credits: one-word names in brackets or slashes ("(AFP, Reuters)", "/TASS/"),
    or listed after "with", "from", "reporting:", "Source:" or " / "; never the outlet's own name or initials."""
    found = []
    for m in _PARENS.finditer(text):
        found += _items(m.group(1) or m.group(2), lowercase=True)
    for m in _CUE.finditer(text):
        found += _items(m.group(1), lowercase=False)
    words = re.findall(r"\w+", own)
    own_words = {w.lower() for w in words}
    initials = {"".join(w[0] for w in words).upper(), "".join(w[0] for w in words if w.lower() != "the").upper()}
    keep = []
    for name in found:
        own_abbr = any(len(i) >= 2 and name.upper().startswith(i) for i in initials)
        if name.lower() in own_words or own_abbr or name in keep:
            continue
        keep.append(name)
    return keep


def _items(listing: str, *, lowercase: bool) -> list[str]:
    """One-word names of a list ("AP, Reuters and dpa"); "X news agency" counts as X."""
    out = []
    for item in _ITEM_SPLIT.split(listing.strip()):
        item = _AGENCY_SUFFIX.sub("", item.strip())
        if not re.fullmatch(r"[A-Za-z][\w-]{1,20}", item) or _NOT_A_NAME.match(item):
            continue
        if item[0].isupper() or (lowercase and item.islower() and len(item) <= 4):
            out.append(item)
    return out
