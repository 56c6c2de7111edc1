"""Which product and version a paste names, against what an article applies to.

A ticket says where the problem is ("our Exchange 4.0 server", "a Word 97 macro on
Windows 95"); the archive has an article for each product and version a problem was
seen in, and they read alike ("XADM: Site Addressing Generates Wrong SMTP Address" for
5.5 and for 4.0). The applies-to lines of the record ("Microsoft Exchange Server,
version 4.0") say which, so a candidate whose product the paste names, at the version
the paste names right after it, is the better guess. No product table: the article's
own applies-to lines are matched against the paste's words.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kbassist.kbparse.record import Article

# Words of applies-to lines that name no product by themselves.
_GENERIC = frozenset(
    "microsoft ms for the and of on with in a an edition editions version versions "
    "professional enterprise standard learning developer developers personal home "
    "server workstation client bit 16 32 64 sp service pack packs update english "
    "international us release beta retail oem operating system systems family "
    "products product platform sdk kit".split()
)
# Words that name a platform more than a product: kept only when a line has nothing else.
_PLATFORM = frozenset({"windows", "win", "mac", "macintosh", "dos", "ms-dos", "os/2"})
_TOKEN = re.compile(r"[a-z][a-z+#/-]*|\d+(?:\.\d+)*[a-z]?")
_VERSION = re.compile(r"\d+(?:\.\d+)*[a-z]?")
NEAR = 3
"""A version counts for a product when it follows one of its name words within this
many words ("Exchange 5.5", "Exchange Server version 5.5", "Word for Windows 97")."""


def _version_key(v: str) -> str:
    """`4.0` and `4` and `4.00` name one version."""
    head = v.rstrip("abcdefghijklmnopqrstuvwxyz")
    parts = head.split(".")
    while len(parts) > 1 and parts[-1].strip("0") == "":
        parts.pop()
    return ".".join(p.lstrip("0") or "0" for p in parts)


def paste_mentions(text: str) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """The paste's words, and (word, version) pairs: a version within NEAR words
    after a word ("exchange", "5.5")."""
    tokens = _TOKEN.findall(text.lower())
    pairs: set[tuple[str, str]] = set()
    for i, tok in enumerate(tokens):
        if not _VERSION.fullmatch(tok):
            continue
        for back in range(max(0, i - NEAR), i):
            word = tokens[back]
            if not _VERSION.fullmatch(word):
                pairs.add((word, _version_key(tok)))
    return frozenset(tokens), frozenset(pairs)


@lru_cache(maxsize=8192)
def _line_parts(line: str) -> tuple[frozenset[str], frozenset[str]]:
    """An applies-to line's product words and versions."""
    tokens = _TOKEN.findall(line.lower())
    versions = frozenset(_version_key(t) for t in tokens if _VERSION.fullmatch(t))
    words = [t for t in tokens if not _VERSION.fullmatch(t) and t not in _GENERIC]
    names = [w for w in words if w not in _PLATFORM] or words
    return frozenset(names), versions


def product_score(
    article: Article, words: frozenset[str], pairs: frozenset[tuple[str, str]]
) -> float:
    """1 when the paste names a product the article applies to with one of its versions
    right after it ("Exchange 4.0" and "Microsoft Exchange Server, version 4.0"), else 0.
    A product named without a version says nothing the words do not already say (and
    "word" is also a word)."""
    if not pairs:
        return 0.0
    for line in article.applies_to:
        names, versions = _line_parts(line)
        if names and names <= words and any((n, v) in pairs for n in names for v in versions):
            return 1.0
    return 0.0
