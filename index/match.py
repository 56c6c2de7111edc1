"""How a hit matched the paste: the honest signal beside the score.

A score says which article is better, not whether any is good: "error 1603 during install"
gives twenty install errors, each sharing two words with the paste. The second stage's
features already say what an article has in common with the paste (rank.py); here they
become one word a person and a program can act on, and the search as a whole is called
weak when no hit matches better than a few shared words.
"""

from __future__ import annotations

MATCHES = ("quote", "code", "words", "meaning", "weak")
"""Strongest first: the article quotes the pasted message; it names the same error or
stop code; its title, messages and symptoms hold most of the paste's words; the sentence
encoder (or the archive's own semantic model) finds it close in meaning; a few words."""

QUOTE = 0.7
"""message_score at which a candidate quotes the paste (rank.QUOTED, the same rule)."""

WORDS = 0.6
"""Share of the paste's word weight (idf) found where the article states its problem."""

MEANING = 0.6
"""Sentence-encoder cosine of the paste and the article's title and symptoms. Measured on
the dev descriptions and tickets (benchmarks/match_bench.py): a relevant first hit is at
or above it 71% of the time, an unanswerable query's first hit (unanswerable.jsonl) never
(their highest: .57); at .55 the unanswerable ones start to pass."""

STATEMENT = 0.55
"""Without the encoder: cosine in the archive's statement space (semantic.py). Unanswerable
queries reach .56 there, so it is a weaker witness than the encoder and only asked when
the encoder did not take part."""

LOOKED_AT = 3
"""A search is weak when none of its first hits matches better than a few words: the
first three are what a person under time pressure reads."""


def how(values: dict[str, float]) -> str:
    """The strongest way a hit's features (rank.features and friends) say it matched."""
    if values.get("message", 0.0) >= QUOTE:
        return "quote"
    if values.get("code", 0.0) >= 1.0:
        return "code"
    if values.get("focus", 0.0) >= WORDS:
        return "words"
    if "dense" in values:
        if values["dense"] >= MEANING:
            return "meaning"
    elif values.get("statement", 0.0) >= STATEMENT:
        return "meaning"
    return "weak"


def weak(matches: list[str]) -> bool:
    """Nothing matches well: no hit, or each of the first LOOKED_AT only shares a few words."""
    return all(m == "weak" for m in matches[:LOOKED_AT])
