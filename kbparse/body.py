"""The article body's layout: header residue, the applies-to block, sections, footer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import footer as footer_mod
from .headings import DASH_RULE, EQ_RULE, EQ_UNDERLINE
from .lines import next_text_line
from .record import Section
from .sections import split_sections

_APPLIES = re.compile(r"^\s*The information in this article applies to:?\s*$", re.IGNORECASE)
# Early variants with no rules around the block (Q105668 style): `The following
# information applies to:` / `This information in this article applies to:`.
_APPLIES_LOOSE = re.compile(
    r"^\s*(?:The|This) (?:following )?information (?:in this article )?applies to:\s*$",
    re.IGNORECASE,
)
_LABEL = "the information in this article applies to:"
_BULLET = re.compile(r"^(\s*)-(?:\s+(.*?))?\s*$")
# How far into the body the applies-to block is looked for: notes above it (a Beta
# warning, the registry warning with its Q256986 line, `IN THIS TASK`) run to ~20 lines.
_SEARCH = 40
# Header residue repeats version / OS / keywords as bare tokens; a line of prose (a
# capitalised word and two more words, or a line ending a sentence) is a note instead.
_PROSE = re.compile(r"[A-Z][a-z]+\b.*\b[a-z]{2,}\b.*\b[a-z]{2,}\b|[.:!?]$|^\*|\bQ\d{5,}\b")


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


def _items(lines: list[str], k: int, ruled: bool) -> tuple[list[str], int]:
    """Items of an applies-to block whose first item line is at or after lines[k]."""
    # Each item is kept as its words' parts and joined once at the end: joining line by
    # line made a damaged block of 28,000 lines quadratic (2 s for 1.2 MB).
    items: list[list[str]] = []
    base_indent: int | None = None
    # An empty top-level bullet (` - ` with children, Q111995) groups nothing: its
    # children stand as items of their own.
    empty_parent = False
    blank_before = False
    while k < len(lines):
        line = lines[k]
        if DASH_RULE.match(line) or EQ_RULE.match(line):
            return _joined(items), k + 1
        if line.strip():
            m = _BULLET.match(line)
            if m:
                indent = len(m.group(1))
                text = m.group(2) or ""
                if base_indent is None or indent < base_indent:
                    base_indent = indent
                if indent == base_indent or not items:
                    items.append([text])
                    empty_parent = not text
                elif empty_parent:
                    items.append([text])
                else:
                    # Nested items belong to their parent: `..., included with:` + children.
                    _add_stripped(items[-1], text)
            elif not ruled and (blank_before or not items):
                # A block without rules ends at the first paragraph that is not an item.
                return _joined(items), k
            elif items:
                items[-1].append(line.strip())
            else:
                items.append([line.strip()])
            blank_before = False
        else:
            blank_before = True
        k += 1
    # No closing rule: the block ran to the end; keep what it held.
    return _joined(items), k


def _add_stripped(parts: list[str], text: str) -> None:
    """parts + text, joined by a space and stripped: every part is stripped text, so only
    an empty part at either end (an empty bullet, an empty child) leaves a space."""
    parts.append(text)
    while parts and not parts[-1]:
        parts.pop()
    while parts and not parts[0]:
        del parts[0]


def _joined(items: list[list[str]]) -> list[str]:
    return [t for parts in items if (t := " ".join(parts))]


def _prev_nonblank(lines: list[str], k: int, lo: int) -> int:
    k -= 1
    while k >= lo and not lines[k].strip():
        k -= 1
    return k


def _find_label(lines: list[str], i: int, end: int) -> tuple[int, int] | None:
    """(index of the applies-to label, index where the lines above the block end)."""
    for k in range(i, min(end, i + _SEARCH)):
        line = lines[k]
        if not line.strip() or line.lstrip()[:1] == "-":
            continue
        if _APPLIES.match(line):
            # The standard block: the label under a `-----` rule (two rules in Q172531).
            p = _prev_nonblank(lines, k, i)
            if p < i:
                return k, i
            if not DASH_RULE.match(lines[p]):
                return None
            while p >= i and (not lines[p].strip() or DASH_RULE.match(lines[p])):
                p -= 1
            return k, p + 1
        if _APPLIES_LOOSE.match(line):
            return (k, i) if _prev_nonblank(lines, k, i) < i else None
        if k + 1 < end and EQ_UNDERLINE.match(lines[k + 1]):
            return None  # a heading: the block would have come before it
    return None


def split_body(lines: list[str]) -> Body:
    body = Body()
    end = footer_mod.find_start(lines)
    if end >= len(lines):
        body.warnings.append("no footer (Keywords block or disclaimer) found")
    body.footer = footer_mod.parse(lines[end:])
    i = next_text_line(lines, 0, end)
    if i < end and EQ_RULE.match(lines[i]):
        i += 1
    start = i
    notes: list[str] = []
    found = _find_label(lines, i, end)
    if found is not None:
        label, above = found
        above_lines = [x.strip() for x in lines[i:above] if x.strip()]
        if len(above_lines) <= 4 and not any(_PROSE.search(x) for x in above_lines):
            # Lines repeating version / OS / keywords (525 articles, Q85924).
            body.header_residue = above_lines
        else:
            # Notes above the block (Beta or registry warnings) are article text.
            notes = lines[i:above]
        ruled = bool(_APPLIES.match(lines[label]))
        if " ".join(lines[label].split()).lower() != _LABEL:
            # A non-standard label is kept as text: only the items are the block.
            notes = [*notes, lines[label]]
        body.applies_to, start = _items(lines[:end], label + 1, ruled)
        # Another block right after this one (Q96908 repeats it with rules).
        while (nxt := _find_label(lines, start, end)) is not None and nxt[1] == start:
            more, start = _items(lines[:end], nxt[0] + 1, bool(_APPLIES.match(lines[nxt[0]])))
            body.applies_to += more
    body.content = [*notes, "", *lines[start:end]] if notes else lines[start:end]
    body.preamble, body.sections = split_sections(body.content)
    return body
