"""Which lines of an article are prose to reflow, and which keep their layout.

The archive's text is already broken into lines of about 80 columns. Shown as it is in a
narrower pane, every line wraps again ("its password has become" / "mismatched with...").
So each line is read for its shape, and:

- prose: consecutive lines at the text's base indentation, each long enough that the next
  line's first word would not (or barely) have fitted after it (the archive's wrapper
  broke there), are one paragraph, to be reflowed to any width. A short line ends its
  paragraph: the author broke it there on purpose.
- list items: a line opening with a bullet (`-`, `*`, `o`, `•`) or a number or letter
  (`1.`, `2)`, `a.`, `(b)`) and its continuation lines (indented under the item, no blank
  line between) are one item, reflowed under its marker (a hanging indent), so a step of a
  fix stays one step, with its marker and indentation, at any width.
- preformatted: everything else that is indented further than the base (code, quoted
  messages, URLs, registry keys), lines with column gaps (tables: a tab, three spaces, or
  two not after a sentence's end), and rules (`-----`, `=====`, `|`) keep their lines and
  columns exactly; the view clips them with a marker, never wraps them.
- blank lines stay blank lines.

This module is pure (text in, blocks out; no Rich, no Textual), so it is tested on
invented text; tui/widgets/article_body.py lays the blocks out for a width.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["prose", "item", "pre", "blank"]

# The archive wraps at 72-80 columns; a text whose longest line is shorter (one short
# paragraph) tells nothing about its wrap width, so the width assumed is at least this.
MIN_WRAP = 72
# How much shorter than the widest line a line may end and still be wrapped prose (see
# blocks.full): measured over 400 articles, a wrapped line ends up to ~11 columns short of
# its section's widest line; a line ending a sentence that short was mostly broken there
# on purpose (a signature, a caption), so it gets less room.
SLACK = 12
SENTENCE_SLACK = 3
_SENTENCE_END = (".", ":", "!", "?")

# A bullet, or a number / letter with `.` or `)`, or one in parentheses, then a space.
_MARKER = re.compile(r"([-*•o]|\d{1,3}[.)]|[A-Za-z][.)]|\(\w{1,3}\))( +)(?=\S)")
# Two columns of a table: a tab, three or more spaces, or two spaces that do not follow
# the end of a sentence (old articles put two spaces after a full stop).
_GAP = re.compile(r"\S(?:\t| {3,}|(?<![.?!:;]) {2})\S")
# A rule or box line: only drawing characters (at least three), or a `|` column.
_RULE = re.compile(r"[-=_*~+#.|:\s]{3,}")
_PIPE = re.compile(r"\S\s*\|\s*\S")


@dataclass(frozen=True)
class Block:
    """One block of a text, in order.

    `prose`: `text` is the paragraph's words on one line (`indent` spaces before it).
    `item`: `marker` (with its spaces) opens the item at `indent`; `text` is its words.
    `pre`: `text` is the lines as written, relative to the base indentation.
    `blank`: an empty line.
    """

    kind: Kind
    text: str = ""
    indent: int = 0
    marker: str = ""

    @property
    def hang(self) -> int:
        """The column an item's continuation lines start at."""
        return self.indent + len(self.marker)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _first_word(line: str) -> int:
    words = line.split(None, 1)
    return len(words[0]) if words else 0


def _is_pre(body: str) -> bool:
    """A line (without its indentation) that keeps its layout wherever it stands."""
    if _GAP.search(body) or _PIPE.search(body):
        return True
    return len(body) >= 3 and _RULE.fullmatch(body) is not None


def blocks(text: str) -> list[Block]:
    """The text's blocks, in order. Every character of the text but the spaces at line
    ends and between joined lines is in exactly one block."""
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    filled = [line for line in lines if line.strip()]
    if not filled:
        return []
    base = min(_indent(line) for line in filled)
    wrap = max(MIN_WRAP, max(len(line) for line in filled))

    def full(line: str, nxt: str) -> bool:
        # The archive's wrapper broke `line` here: the next word would (nearly) not have
        # fitted. Nearly: one article's paragraphs were wrapped at different widths, so
        # a line ending mid-sentence may stop up to SLACK columns short of the widest.
        slack = SENTENCE_SLACK if line.endswith(_SENTENCE_END) else SLACK
        return len(line) + 1 + _first_word(nxt) > wrap - slack

    out: list[Block] = []
    pre: list[str] = []

    def flush_pre() -> None:
        if pre:
            out.append(Block("pre", "\n".join(pre)))
            pre.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            flush_pre()
            out.append(Block("blank"))
            i += 1
            continue
        indent = _indent(line) - base
        body = line.strip(" ")
        marker = _MARKER.match(body) if indent <= 4 else None
        # An item's marker may be followed by a few spaces: the gap test reads its text.
        if _is_pre(body[marker.end() :] if marker else body):
            pre.append(line[base:])
            i += 1
            continue
        if marker is not None:
            flush_pre()
            hang = _indent(line) + marker.end()
            words = [body[marker.end() :]]
            j = i + 1
            while j < len(lines) and full(lines[j - 1], lines[j]):
                nxt = lines[j]
                k = _indent(nxt)
                rest = nxt.strip(" ")
                # A continuation sits under the item's text (the archive's one-space cut
                # may leave it a column short), is no new item and no table row.
                if not rest or not (_indent(line) < k <= hang) or _MARKER.match(rest):
                    break
                if _is_pre(rest):
                    break
                words.append(rest)
                j += 1
            out.append(Block("item", " ".join(words), indent, body[: marker.end()]))
            i = j
            continue
        if indent > 0:
            pre.append(line[base:])
            i += 1
            continue
        flush_pre()
        words = [body]
        j = i + 1
        while j < len(lines) and full(lines[j - 1], lines[j]):
            nxt = lines[j]
            rest = nxt.strip(" ")
            if not rest or _indent(nxt) != base or _MARKER.match(rest) or _is_pre(rest):
                break
            words.append(rest)
            j += 1
        out.append(Block("prose", " ".join(words)))
        i = j
    flush_pre()
    return out
