"""Record -> the flat values several export formats share (section groups, keywords).

Kept in one place so that the CSV table, the OpenSearch document and the help-desk
payloads agree on what "symptoms" or "keywords" means.
"""

from __future__ import annotations

from collections.abc import Iterable

from kbassist.kbparse.record import Article

# Section kinds gathered into the help-desk columns. A workaround is how a help desk
# fixes the problem too, so it goes with the resolution; everything else (summary,
# status, more information, ...) is in `body_text`.
SYMPTOMS = ("symptoms",)
CAUSE = ("cause",)
RESOLUTION = ("resolution", "workaround")
_GROUPED = frozenset(SYMPTOMS + CAUSE + RESOLUTION)


def unique(items: Iterable[str | None]) -> list[str]:
    """Non-empty items, first appearance kept, compared without case."""
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        if not item:
            continue
        key = item.casefold()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def section_text(article: Article, kinds: tuple[str, ...]) -> str:
    """The texts of the sections of these kinds, in article order, a blank line apart."""
    return "\n\n".join(s.text for s in article.sections if s.kind in kinds and s.text)


def body_text(article: Article) -> str:
    """The preamble and every section not in a help-desk column, headings kept."""
    parts = [article.preamble] if article.preamble else []
    for s in article.sections:
        if s.kind not in _GROUPED:
            parts.append(f"{s.heading}\n{s.text}" if s.text else s.heading)
    return "\n\n".join(parts)


def keywords(article: Article) -> list[str]:
    """The header KEYWORDS and the footer `Keywords :` tokens, once each."""
    return unique(article.header_keywords + article.kb_keywords)


def versions(article: Article) -> str:
    """PROD/VER as the archive spells it: `WINDOWS:3.1,3.11; winnt:4.0`."""
    parts = []
    for pv in article.prod_ver:
        vers = ",".join(pv.versions)
        parts.append(f"{pv.platform}:{vers}" if pv.platform and vers else pv.platform or vers)
    return "; ".join(p for p in parts if p)
