"""Prose for findings sentences: counts with their nouns."""
from __future__ import annotations


def count_noun(n: int, word: str) -> str:
    """A count with its noun for findings sentences: "1 story", "1,204 stories", "3 pairs"."""
    many = word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s"
    return f"{n:,} {word if n == 1 else many}"
