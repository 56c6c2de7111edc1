"""Turning text into index terms, the same way at ingest and at query time.

Whoosh's own analyzers build a Token object per word in pure Python, which made a full
ingest take minutes; here a field's terms come from one regex pass and a Counter, and the
custom field types in schema.py index those counts directly.

Two kinds of text:
- error text (messages, codes, file names): every word counts, `not`, `is`, `a` and
  numbers included, and nothing is stemmed: `cannot find` must not match `find`.
- prose (title, sections): stop words dropped, words stemmed (Porter, cached).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from whoosh.lang.porter import stem as _porter

_WORD = re.compile(r"[a-z0-9]+")
# Whoosh's English stop list, less the words that carry meaning in an error message
# (`not`, `no`, `can`, `will`); prose fields still drop these.
STOP = frozenset(
    (
        "a an and are as at be by for from have if in is it of on or that the this to us we "
        "when with you your may can will was which these there their then than been has had "
        "do does did its into our they them he she his her were what"
    ).split()
)
# Placeholders the articles write where the user's screen shows a real value.
PLACEHOLDER = re.compile(r"<[^<>\n]{1,40}>|%\d{1,2}|\bx{3,}\b|\bX{3,}\b|\?{3,}", re.IGNORECASE)


def words(text: str) -> list[str]:
    """Lower-case alphanumeric words, nothing dropped."""
    return _WORD.findall(text.lower())


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    if word.isdigit() or len(word) < 4:
        return word
    return _porter(word)


def prose_terms(text: str) -> list[str]:
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in STOP]


def prose_term_set(text: str) -> set[str]:
    """The distinct prose terms of `text`: each distinct word is stemmed once (a long
    section repeats its words many times)."""
    return {stem(w) for w in set(_WORD.findall(text.lower())) if w not in STOP}


def error_terms(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def counts(terms: list[str]) -> Counter[str]:
    return Counter(terms)


def file_terms(name: str) -> list[str]:
    """`Mpr.dll` -> ['mpr.dll', 'mpr']: found with or without extension, any case."""
    low = name.lower().strip()
    if not low:
        return []
    base = low.rsplit(".", 1)[0] if "." in low else low
    return [low, base] if base != low else [low]
