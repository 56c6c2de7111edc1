"""Section headings: which underlined lines start a section, and what kind it is."""

from __future__ import annotations

import re

from .record import Section, SectionKind

_EQ_UNDERLINE = re.compile(r"^\s*(=+)\s*$")
_DASH_UNDERLINE = re.compile(r"^(-+)\s*$")
_RULE_ABOVE = re.compile(r"^\s*([=*_-])\1{4,}\s*$")
_QR_LABEL = re.compile(r"^(Question|Problem|Response):\s*$")
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


def kind_of(heading: str) -> SectionKind:
    """The kind of a heading: canonical names in any case; numbered ones (`Cause 2`) too."""
    key = " ".join(heading.strip().rstrip(":").lower().split())
    if key in _KINDS:
        return _KINDS[key]
    m = _NUMBERED.match(key)
    if m and m.group(1) in _KINDS:
        return _KINDS[m.group(1)]
    return "other"


def _is_eq_heading(text: str, underline: str, above: str) -> bool:
    m = _EQ_UNDERLINE.match(underline)
    if not m:
        return False
    n = len(m.group(1))
    length = len(text.strip())
    # Real headings are underlined to their length, sometimes a little longer; a short
    # `=` run under a long line is an assignment or a drawn rule in a code sample.
    if not (n >= 2 and length - 1 <= n <= length + 40 and not _EQ_UNDERLINE.match(text)):
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


def _is_dash_heading(text: str, underline: str) -> bool:
    if text[:1].isspace():
        return False
    m = _DASH_UNDERLINE.match(underline)
    if not m:
        return False
    key = " ".join(text.strip().lower().split())
    return key in _DASH_CANONICAL and abs(len(m.group(1)) - len(text.strip())) <= 3


_UNDERLINE = re.compile(r"^[ ]*=+[ ]*$|^-+[ ]*$", re.MULTILINE)


def find_headings(lines: list[str]) -> list[tuple[int, str, int]]:
    """(line index, heading text, lines it occupies) for each section heading."""
    out: list[tuple[int, str, int]] = []
    text = "\n".join(lines)
    # Underlines are rare lines; find them in one pass instead of testing every line.
    line_no = 0
    pos = 0
    taken = -1
    has_eq = False
    for m in _UNDERLINE.finditer(text):
        line_no += text.count("\n", pos, m.start())
        pos = m.start()
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
