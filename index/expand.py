"""Help-desk words -> the archive's words: query expansion from a small thesaurus.

People describe a problem in their own words ("my fox app crashes", "the button is
dimmed"); the articles use Microsoft's (FoxPro, "invalid page fault", "unavailable").
`vocabulary.tsv` maps such phrases to the terms the articles use; every expansion was
checked to occur in at least five articles. Expansions only add candidates and weight in
stage one (at a lower boost than the user's own words); they never replace a word.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

_WORDS = re.compile(r"[a-z0-9+/'.-]+")
_MAX_PHRASE = 4


@lru_cache(maxsize=1)
def _table() -> dict[tuple[str, ...], tuple[str, ...]]:
    text = resources.files("kbassist.index").joinpath("vocabulary.tsv").read_text("utf-8")
    table: dict[tuple[str, ...], tuple[str, ...]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or "\t" not in line:
            continue
        key, values = line.split("\t", 1)
        words = tuple(_tokens(key))
        if words:
            table[words] = tuple(v.strip() for v in values.split("|") if v.strip())
    return table


def _tokens(text: str) -> list[str]:
    return [w.strip(".'") for w in _WORDS.findall(text.lower()) if w.strip(".'")]


def expansions(text: str) -> list[str]:
    """The archive's phrases for the help-desk phrases in `text`, longest match first,
    each key used once."""
    table = _table()
    toks = _tokens(text)
    out: list[str] = []
    i = 0
    while i < len(toks):
        for n in range(min(_MAX_PHRASE, len(toks) - i), 0, -1):
            hit = table.get(tuple(toks[i : i + n]))
            if hit:
                out.extend(v for v in hit if v not in out)
                i += n
                break
        else:
            i += 1
    return out
