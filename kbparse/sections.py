"""Sections: the body split at its headings (headings.py finds them), and their kinds."""

from __future__ import annotations

import re

from .headings import find_headings
from .record import Section, SectionKind

_NUMBERED = re.compile(r"^(.*?)\s*(?:#?\d+|[IVX]+)$")

_KINDS: dict[str, SectionKind] = {
    "summary": "summary",
    "symptom": "symptoms",
    "symptoms": "symptoms",
    "problem": "symptoms",
    "cause": "cause",
    "causes": "cause",
    "resolution": "resolution",
    "resolutions": "resolution",
    "workaround": "workaround",
    "workarounds": "workaround",
    "work around": "workaround",
    "status": "status",
    "more information": "more_information",
    "reference": "references",
    "references": "references",
    "question": "question",
    "response": "response",
}


def kind_of(heading: str) -> SectionKind:
    """The kind of a heading: canonical names in any case; numbered ones (`Cause 2`) too."""
    key = " ".join(heading.strip().rstrip(":").lower().split())
    if key in _KINDS:
        return _KINDS[key]
    m = _NUMBERED.match(key)
    if m and m.group(1) in _KINDS:
        return _KINDS[m.group(1)]
    return "other"


def text_of(lines: list[str]) -> str:
    """Lines as section text: trailing spaces and surrounding blank lines dropped."""
    stripped = [line.rstrip() for line in lines]
    start = 0
    end = len(stripped)
    while start < end and not stripped[start]:
        start += 1
    while end > start and not stripped[end - 1]:
        end -= 1
    return "\n".join(stripped[start:end])


def split_sections(lines: list[str]) -> tuple[str, list[Section]]:
    """The text before the first heading, and the sections in order."""
    heads = find_headings(lines)
    if not heads:
        return text_of(lines), []
    preamble = text_of(lines[: heads[0][0]])
    sections: list[Section] = []
    for k, (idx, heading, size) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
        sections.append(
            Section(heading=heading, kind=kind_of(heading), text=text_of(lines[idx + size : end]))
        )
    return preamble, sections
