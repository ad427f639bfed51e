"""Turning raw article text into documents: cleaning, blog-archive splitting, captions, titles."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

MONTHS = (
    "January February March April May June July August September October November December"
).split()
_MONTH = "|".join(MONTHS)
ARCHIVE_HEADER = re.compile(rf"^\s*Archive for ({_MONTH}) \d{{4}}\s*$", re.IGNORECASE)
DATE_LINE = re.compile(rf"^\s*({_MONTH}) (\d{{1,2}}), (\d{{4}})\s*$")
MAX_POST_TITLE = 300  # characters; a longer line above a date is a paragraph, not a post title
SOURCE_LINE = re.compile(r"^\s*Source:\s*(?P<rest>.+?)\s*$")
# Spaces other than the plain one that news pages are full of (no-break, thin, zero-width, ...).
_ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_ZERO_WIDTH = re.compile("[\u200b\u2060\ufeff]")

# A caption ends by naming who took the picture: "(AP Photo/…)", "(AFP)", "(MEMRI screenshot)",
# or a "Name/Agency" credit with no comma ("(Burhan Ozbilici/AP)", not "(Life Begins/ Von Trapped, ITV1)").
_CREDIT = re.compile(
    r"\((?=[^()]{1,90}\)\s*$)[^()]*("
    r"photo|\bAP\b|\bAFP\b|Reuters|Getty|screenshot|screen grab|\bvia\b|credit|courtesy|"
    r"Flash90|\bEPA\b|Xinhua|\bfile\b|Shutterstock|\bimage\b"
    r")[^()]*\)\s*$",
    re.IGNORECASE,
)
_SLASH_CREDIT = re.compile(r"\([^(),]{0,60}\S/\S[^(),]{0,60}\)\s*$")
_CAPTION_START = re.compile(r"^\s*(Featured image:|Photo:|Image:|Photo credit:|Illustrative:.*\)\s*$)", re.IGNORECASE)
_PHOTO_BY = re.compile(r"\(Photo by [^()]*\)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’']?\s+(?=[\"“‘'(]?[A-Z0-9])")


def clean_text(text: str) -> str:
    """Unicode NFC, one kind of line break and space, no trailing blanks; right-to-left text untouched. A text
    that is clean already comes back as the same object (a corpus then holds one copy of it, not two)."""
    given = text
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ZERO_WIDTH.sub("", text)
    text = _ODD_SPACES.sub(" ", text)
    lines = [line.rstrip() for line in text.split("\n")]
    text = "\n".join(lines).strip("\n")
    return given if text == given else text


# Two tokenisers, on purpose. `count_words` counts words as a reader does ("U.S.", "Iran-backed" are one
# word each), for n_words and is_empty. `tokenize` gives the units text-reuse shingles are built from: it
# splits at hyphens and full stops so that "Iran-backed" / "Iran backed" and "U.S." / "U. S." share
# shingles, and folds case and curly quotes. Merging the two would either change what a reader sees as a
# document's length or make copies that differ in a hyphen look like different texts.
# Chinese and Japanese are written without spaces: each ideograph or kana counts as a word (and is a token of
# its own for shingles), so a 60-character paragraph is 60 words, not one
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(rf"[{CJK}]|[^\W_{CJK}]+(?:['’.\-][^\W_{CJK}]+)*")
TOKEN = re.compile(rf"[{CJK}]|[^\W{CJK}]+(?:['’][^\W{CJK}]+)*")
_FOLD = str.maketrans({"’": "'", "‘": "'"})


def count_words(text: str) -> int:
    """Runs of letters or digits, keeping "don't", "U.S." and "Iran-backed" as one word; each Chinese or
    Japanese character is a word."""
    return len(_WORD.findall(text))


def tokenize(text: str) -> list[str]:
    """Lower-cased words, quotes folded: the units text-reuse shingles are made of."""
    return TOKEN.findall(text.lower().translate(_FOLD))


def token_spans(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """Words of `text` as `tokenize` gives them, with their (start, end) character offsets."""
    words, spans = [], []
    for m in TOKEN.finditer(text):
        words.append(m.group().lower().translate(_FOLD))
        spans.append((m.start(), m.end()))
    return words, spans


def is_caption(paragraph: str) -> bool:
    """True for photo captions and image credits that are not part of the story."""
    p = paragraph.strip()
    if not p or len(p) > 600:
        return False
    return bool(_CAPTION_START.match(p) or _CREDIT.search(p) or _SLASH_CREDIT.search(p) or _PHOTO_BY.search(p))


def split_paragraphs(text: str) -> list[str]:
    """Blocks separated by blank lines."""
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def separate_captions(text: str) -> tuple[str, list[str]]:
    """Split a body into its story text and the photo captions mixed into it."""
    body, captions = [], []
    for paragraph in split_paragraphs(text):
        (captions if is_caption(paragraph) else body).append(paragraph)
    return "\n\n".join(body), captions


def first_sentence_title(text: str, max_chars: int = 90) -> str:
    """A title for an untitled document: its first sentence, cut at a word boundary."""
    flat = " ".join(text.split())
    if not flat:
        return ""
    sentence = _SENTENCE_END.split(flat, maxsplit=1)[0]
    if len(sentence) <= max_chars:
        return sentence
    cut = sentence[:max_chars].rsplit(" ", 1)[0]
    return cut.rstrip(",;:–—-") + "…"


def looks_like_title(line: str) -> bool:
    """A short first line that does not end like a sentence, followed by the body."""
    line = line.strip()
    return 0 < len(line) <= 200 and count_words(line) <= 30 and not re.search(r"[.,;:!?\"”’]$", line)


def parse_source_line(rest: str) -> tuple[str, str]:
    """'<headline> | <outlet>' or '<headline> – <section> – <outlet>' → (headline, outlet)."""
    if " | " in rest:
        headline, outlet = rest.rsplit(" | ", 1)
        return headline.strip(), outlet.strip()
    parts = re.split(r"\s+[–—]\s+|\s+-\s+", rest)
    if len(parts) >= 2:
        return parts[0].strip(), parts[-1].strip()
    return rest.strip(), ""


@dataclass
class ParsedDoc:
    """One document found in a text file, before it becomes a corpus row."""

    text: str
    title: str = ""
    title_source: str = ""
    date: str | None = None
    outlet: str = ""
    source_title: str = ""
    captions: list[str] = field(default_factory=list)


def is_archive_page(text: str) -> bool:
    """Blog archive pages start with 'Archive for <Month YYYY>'."""
    for line in text.split("\n"):
        if line.strip():
            return bool(ARCHIVE_HEADER.match(line))
    return False


def _post_starts(lines: list[str]) -> list[tuple[int, int]]:
    """(title line, date line) of each post: a short title line after a blank (or the top), blank line(s), a date line."""
    starts = []
    for i, line in enumerate(lines):
        if not DATE_LINE.match(line) or i < 2 or lines[i - 1].strip():
            continue  # a date line right under text ("The deadline was" / "May 10, 2020") is body text
        j = i - 1
        while j >= 0 and not lines[j].strip():
            j -= 1
        above_title = lines[j - 1].strip() if j > 0 else ""
        if j >= 0 and not ARCHIVE_HEADER.match(lines[j]) and len(lines[j].strip()) <= MAX_POST_TITLE and not above_title:
            starts.append((j, i))
    return starts


def split_archive(text: str) -> list[ParsedDoc]:
    """One document per post: title line, blank, 'Month D, YYYY', optional 'Source:' line, body.

    Text between the archive header and the first post is kept as a document of its own.
    """
    lines = text.split("\n")
    starts = _post_starts(lines)
    posts = []
    if starts:
        preamble = [line for line in lines[: starts[0][0]] if not ARCHIVE_HEADER.match(line)]
        body, captions = separate_captions("\n".join(preamble))
        if body or captions:
            posts.append(ParsedDoc(text=body, captions=captions))
    for k, (title_i, date_i) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        month, day, year = DATE_LINE.match(lines[date_i]).groups()
        body_lines = lines[date_i + 1 : end]
        source_title = outlet = ""
        for n, line in enumerate(body_lines):
            if not line.strip():
                continue
            m = SOURCE_LINE.match(line)
            if m:
                source_title, outlet = parse_source_line(m.group("rest"))
                body_lines = body_lines[n + 1 :]
            break
        body, captions = separate_captions("\n".join(body_lines))
        posts.append(
            ParsedDoc(
                text=body,
                title=lines[title_i].strip(),
                title_source="post_title",
                date=f"{year}-{MONTHS.index(month) + 1:02d}-{int(day):02d}",
                outlet=outlet,
                source_title=source_title,
                captions=captions,
            )
        )
    return posts


def parse_text_file(text: str, *, title_line: bool | None = None) -> list[ParsedDoc]:
    """Documents in one text file: the posts of an archive page, or one article.

    `title_line`: True when the first line is always the title (e.g. the BBC layout), None to guess.
    """
    text = clean_text(text)
    if is_archive_page(text):
        posts = split_archive(text)
        if posts:
            return posts
    title, title_source, body = "", "", text
    first, _, rest = text.partition("\n")
    if rest.strip() and (title_line or (title_line is None and looks_like_title(first))):  # a lone line is text
        title, title_source, body = first.strip(), "first_line", rest
    body, captions = separate_captions(body)
    return [ParsedDoc(text=body, title=title, title_source=title_source, captions=captions)]
