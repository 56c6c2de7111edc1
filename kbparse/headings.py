"""Underlines, rules and headings: which lines underline or box a heading, one definition.

Sections (`find_headings`), the error-message reader (a quoted block ends at a heading)
and the file-table reader (a table ends at one; platform sub-headings name its rows)
all ask these questions here. They ask different ones on purpose: a section heading
follows the hand-checked convention in ARCHITECTURE.md, while a block or a table ends
at any underlined line, sub-headings included.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .lines import match_lines

# The full-width `=` rule: it closes the header, boxes the applies-to block and opens
# the footer.
EQ_RULE = re.compile(r"^\s*={20,}\s*$")
DASH_RULE = re.compile(r"^\s*-{20,}\s*$")
EQ_UNDERLINE = re.compile(r"^\s*(=+)\s*$")
_DASH_UNDERLINE = re.compile(r"^(-+)\s*$")
# Any underline or rule of three or more `=` or `-`, at any indentation.
_UNDERLINE = re.compile(r"\s*(?:={3,}|-{3,})\s*")
_RULE_ABOVE = re.compile(r"^\s*([=*_-])\1{4,}\s*$")
_QR_LABEL = re.compile(r"^(Question|Problem|Response):\s*$")
# How much longer or shorter than its text an underline may be and still fit it.
_FIT = 3

# Names that make a `-`-underlined line a section: everywhere else in the archive `-`
# underlines sub-headings (steps, methods, platform names) that belong to their section.
_DASH_CANONICAL = frozenset(
    {
        "summary",
        "symptom",
        "symptoms",
        "cause",
        "resolution",
        "workaround",
        "status",
        "more information",
        "reference",
        "references",
        # Spelling variants of the same names, used for top-level sections between `=`
        # ones (`WORK AROUND` in Q131865, `RESOLUTIONS`, `WORKAROUNDS`).
        "work around",
        "workarounds",
        "resolutions",
        "causes",
    }
)


def is_underline(line: str) -> bool:
    """A line of three or more `=` or `-` (an underline or a rule), any indentation."""
    # The substring tests first: asked of every line of a block, and most lines are text.
    return ("---" in line or "===" in line) and _UNDERLINE.fullmatch(line) is not None


def fits(underline: str, text: str) -> bool:
    """The underline is about as long as the (stripped) text it sits under."""
    return abs(len(underline.strip()) - len(text)) <= _FIT


def underlined(lines: Sequence[str], i: int, fitted: bool = False) -> bool:
    """Line i has text and the next line underlines it (`fitted`: to about its length)."""
    if i + 1 >= len(lines):
        return False
    text = lines[i].strip()
    under = lines[i + 1]
    return bool(text) and is_underline(under) and (not fitted or fits(under, text))


def at_heading(lines: Sequence[str], i: int) -> bool:
    """Line i is an underlined line or an underline: where a quoted block ends."""
    return is_underline(lines[i]) or underlined(lines, i)


def _is_eq_heading(text: str, underline: str, above: str) -> bool:
    m = EQ_UNDERLINE.match(underline)
    if not m:
        return False
    n = len(m.group(1))
    length = len(text.strip())
    # Real headings are underlined to their length, sometimes a little longer; a short
    # `=` run under a long line is an assignment or a drawn rule in a code sample.
    if not (n >= 2 and length - 1 <= n <= length + 40 and not EQ_UNDERLINE.match(text)):
        return False
    if text.strip()[:1] == "|":
        return False  # a row of a drawn table (Q93400)
    boxed = bool(_RULE_ABOVE.match(above))
    if above.strip() and not boxed:
        # The last line of a paragraph, a table row or code above a rule (Q105508).
        return False
    # A full-width separator under a short paragraph is no underline; a boxed title
    # (rule above and below, Q65128) is a heading.
    return boxed or n < 70 or n <= length + 3


def sub_heading(lines: Sequence[str], i: int) -> bool:
    """Line i is a short `-`-underlined sub-heading that is no section (a product or a
    situation above its own text: "When you copy a module" / "----------------------");
    indented ones too, inside a quoted block."""
    if not underlined(lines, i, fitted=True) or not lines[i + 1].strip().startswith("-"):
        return False
    text = lines[i].strip()
    if len(text) > 60 or text.endswith((".", ":")):
        return False
    return " ".join(text.lower().split()) not in _DASH_CANONICAL


def _is_dash_heading(text: str, underline: str) -> bool:
    if text[:1].isspace():
        return False
    m = _DASH_UNDERLINE.match(underline)
    if not m:
        return False
    key = " ".join(text.strip().lower().split())
    return key in _DASH_CANONICAL and fits(m.group(1), text.strip())


_SECTION_UNDERLINE = re.compile(r"^[ ]*=+[ ]*$|^-+[ ]*$", re.MULTILINE)


def find_headings(lines: list[str]) -> list[tuple[int, str, int]]:
    """(line index, heading text, lines it occupies) for each section heading."""
    out: list[tuple[int, str, int]] = []
    text = "\n".join(lines)
    taken = -1
    has_eq = False
    for line_no in match_lines(_SECTION_UNDERLINE, text):
        i = line_no - 1
        if i <= taken or i < 0:
            continue
        heading, underline = lines[i], lines[line_no]
        if not heading.strip():
            continue
        is_heading = (
            _is_eq_heading(heading, underline, lines[i - 1] if i else "")
            if underline.lstrip()[:1] == "="
            else _is_dash_heading(heading, underline)
        )
        if is_heading:
            out.append((i, heading.strip(), 2))
            taken = line_no
            has_eq = has_eq or underline.lstrip()[:1] == "="
    if not has_eq:
        # Programmer's Library articles label their parts `Question:` / `Response:`.
        # Only where no `=` heading exists: inside a real section those labels are part
        # of its text. A `-` canonical heading (`Workaround`) may follow them (Q66290).
        labels = [
            (k, line.strip().rstrip(":").strip(), 1)
            for k, line in enumerate(lines)
            if line[:1] in "QPR" and _QR_LABEL.match(line)
        ]
        if labels:
            out = sorted(out + labels)
    return out
