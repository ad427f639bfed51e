"""Per-document values of a whole corpus (cleaned texts, word counts), computed CHUNK texts at a time: Arrow's
regular expressions (and numpy on the bytes) for plain-ASCII texts, where they give exactly what textparse's
Python does, and that Python for every other text. At a million news articles this halves the load's slowest step and never holds
more than one chunk's Arrow copy of the texts."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .textparse import clean_text, count_words

CHUNK = 20_000
# count_words' pattern on ASCII text: Python's [^\W_] is [A-Za-z0-9] there, and CJK or ’ cannot occur; counted from
# the bytes with numpy (Arrow's count_substring_regex is slower than that on news-length texts).
ASCII_WORD = r"[A-Za-z0-9]+(?:['.\-][A-Za-z0-9]+)*"
COUNT_DOCS = 2_000  # texts whose bytes are counted at once (a few arrays of their size)
_ALNUM = np.zeros(256, dtype=bool)
_ALNUM[list(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")] = True
_CONNECTOR = np.zeros(256, dtype=bool)
_CONNECTOR[list(b"'.-")] = True
# What clean_text changes in ASCII text (NFC, zero-width and odd spaces are not ASCII): a carriage return, blanks
# (str.rstrip's ASCII whitespace) ending a line, a line break opening or closing the text.
ASCII_UNCLEAN = r"\r|[ \t\x0b\x0c\x1c-\x1f](?:\n|$)|^\n|\n$"


def arrow_texts(texts: Sequence) -> pa.Array:
    """`texts` as an Arrow large_string array, without leaving a UTF-8 copy inside each non-ASCII Python string (which
    converting it directly does: CPython caches the encoding in the string, doubling what it holds)."""
    return pa.array([t.encode("utf-8") if isinstance(t, str) and not t.isascii() else t for t in texts],
                    pa.large_string())


def _chunks(texts: Sequence[str]):
    """(offset, the chunk as a Python list, its ASCII texts in Arrow (others empty), which are ASCII) per CHUNK
    texts; only ASCII texts go to Arrow (no copy made of them: their UTF-8 is their own bytes)."""
    for lo in range(0, len(texts), CHUNK):
        part = list(texts[lo:lo + CHUNK])
        ascii_ = np.fromiter((t.isascii() for t in part), dtype=bool, count=len(part))
        arrow = pa.array([t if a else "" for t, a in zip(part, ascii_)], pa.large_string())
        yield lo, part, arrow, ascii_
        del arrow
        release_arrow_memory()


def release_arrow_memory() -> None:
    """Give the memory Arrow freed back to the system: its pool would keep it from the Python objects that follow."""
    pa.default_memory_pool().release_unused()


def word_counts(texts: Sequence[str]) -> np.ndarray:
    """count_words of every text, as int64."""
    out = np.zeros(len(texts), dtype="int64")
    for lo, part, arrow, ascii_ in _chunks(texts):
        counts = np.concatenate([np.zeros(0, "int64")] + [_ascii_word_counts(arrow.slice(at, COUNT_DOCS))
                                                           for at in range(0, len(part), COUNT_DOCS)])
        for i in np.flatnonzero(~ascii_):
            counts[i] = count_words(part[i])
        out[lo:lo + len(part)] = counts
    return out


def _ascii_word_counts(texts: pa.Array) -> np.ndarray:
    """ASCII_WORD's matches per text, from the bytes: a word starts at a letter or digit that follows none and does
    not follow a connector (' . -) that follows one (which the match runs through)."""
    offsets = np.frombuffer(texts.buffers()[1], dtype=np.int64)[texts.offset:texts.offset + len(texts) + 1]
    data = np.frombuffer(texts.buffers()[2], dtype=np.uint8)[offsets[0]:offsets[-1]] if len(texts) else np.zeros(0, np.uint8)
    offsets = offsets - offsets[0]
    alnum = _ALNUM[data]
    start = alnum.copy()
    start[1:] &= ~alnum[:-1]
    start[2:] &= ~(_CONNECTOR[data[1:-1]] & alnum[:-2])
    first = offsets[:-1][offsets[:-1] < len(data)]  # a text's first two bytes follow nothing of an earlier text
    start[first] = alnum[first]
    second = offsets[:-1][offsets[:-1] + 1 < offsets[1:]] + 1
    start[second] = alnum[second] & ~alnum[second - 1]
    total = np.concatenate([[0], np.cumsum(start, dtype=np.int64)])
    return total[offsets[1:]] - total[offsets[:-1]]


def clean_texts(texts: Sequence[str]) -> list[str]:
    """clean_text of every text; a text that is clean already is the same object in the result."""
    out = []
    for _, part, arrow, ascii_ in _chunks(texts):
        unclean = pc.match_substring_regex(arrow, ASCII_UNCLEAN).to_numpy(zero_copy_only=False)
        for i in np.flatnonzero(~ascii_ | unclean):
            part[i] = clean_text(part[i])
        out.extend(part)
    return out
