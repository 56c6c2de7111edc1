"""The article body's layout: header residue, the applies-to block, sections, footer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import footer as footer_mod
from .record import Section
from .sections import split_sections

_EQ_RULE = re.compile(r"^\s*={20,}\s*$")
_DASH_RULE = re.compile(r"^\s*-{20,}\s*$")
_APPLIES = re.compile(r"^\s*The information in this article applies to:?\s*$", re.IGNORECASE)
_BULLET = re.compile(r"^(\s*)-(?:\s+(.*?))?\s*$")


@dataclass
class Body:
    header_residue: list[str] = field(default_factory=list)
    applies_to: list[str] = field(default_factory=list)
    preamble: str = ""
    sections: list[Section] = field(default_factory=list)
    content: list[str] = field(default_factory=list)
    """The lines between the applies-to block and the footer: what extractors read."""
    footer: footer_mod.Footer = field(default_factory=footer_mod.Footer)
    warnings: list[str] = field(default_factory=list)


def _applies_block(lines: list[str], i: int) -> tuple[list[str], int] | None:
    """Items of the applies-to block opening at lines[i], and the index after it."""
    j = i + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    if j >= len(lines) or not _APPLIES.match(lines[j]):
        return None
    items: list[str] = []
    base_indent: int | None = None
    # An empty top-level bullet (` - ` with children, Q111995) groups nothing: its
    # children stand as items of their own.
    empty_parent = False
    k = j + 1
    while k < len(lines):
        line = lines[k]
        if _DASH_RULE.match(line) or _EQ_RULE.match(line):
            return [i for i in items if i], k + 1
        if line.strip():
            m = _BULLET.match(line)
            if m:
                indent = len(m.group(1))
                text = m.group(2) or ""
                if base_indent is None or indent < base_indent:
                    base_indent = indent
                if indent == base_indent or not items:
                    items.append(text)
                    empty_parent = not text
                elif empty_parent:
                    items.append(text)
                else:
                    # Nested items belong to their parent: `..., included with:` + children.
                    items[-1] = f"{items[-1]} {text}".strip()
            elif items:
                items[-1] = f"{items[-1]} {line.strip()}"
            else:
                items.append(line.strip())
        k += 1
    # No closing rule: the block ran to the end; keep what it held.
    return [i for i in items if i], k


def split_body(lines: list[str]) -> Body:
    body = Body()
    n = len(lines)
    end = footer_mod.find_start(lines)
    if end >= n:
        body.warnings.append("no footer (Keywords block or disclaimer) found")
    body.footer = footer_mod.parse(lines[end:])
    i = 0
    while i < end and not lines[i].strip():
        i += 1
    if i < end and _EQ_RULE.match(lines[i]):
        i += 1
    # Lines repeating version / OS / keywords between the header rule and the applies-to
    # block (525 articles). Only taken as residue when the block follows them.
    j = i
    residue: list[str] = []
    while j < end and not _DASH_RULE.match(lines[j]):
        if lines[j].strip():
            residue.append(lines[j].strip())
        if len(residue) > 4:
            break
        j += 1
    if j < end and _DASH_RULE.match(lines[j]) and (block := _applies_block(lines[:end], j)):
        body.header_residue = residue
        body.applies_to, i = block
    elif i < end and _DASH_RULE.match(lines[i]) and (block := _applies_block(lines[:end], i)):
        body.applies_to, i = block
    body.content = lines[i:end]
    body.preamble, body.sections = split_sections(body.content)
    return body
