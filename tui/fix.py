""" "The fix" of an article, as a support person pastes it into a ticket.

Id and title, the error message, the resolution (else the workaround), the hotfix
files the resolution does not already list, and a closing line naming the article (id,
date, how to open it): what the ticket needs, not the whole article (`render.as_text` is
that). Plain text or Markdown; control characters are removed in both, since the text
leaves through the terminal (OSC 52) or a clipboard tool.
"""

from __future__ import annotations

from kbassist.kbparse.record import Article, FileRow

from . import strings
from .safe import plain

_FIX_KINDS = ("resolution", "workaround", "status")


def _md_escape(text: str) -> str:
    # Article text is data: no character of it may start Markdown markup in the ticket.
    for ch in "\\`*_{}[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text


def _fix_sections(article: Article) -> list[tuple[str, str]]:
    for kind in _FIX_KINDS:
        found = [(s.heading, s.text) for s in article.sections if s.kind == kind]
        if found:
            return found
    return []


def _listed(row: FileRow, lines: list[str]) -> bool:
    """Whether a line of the text is this file's row of a table (its name with its size
    or version as written), not a sentence that merely names the file."""
    name = row.name.casefold()
    marks = [m.casefold() for m in (row.size_text, row.version) if m]
    return any(name in line and (not marks or any(m in line for m in marks)) for line in lines)


def _file_cells(article: Article) -> list[list[str]]:
    """The hotfix files the fix's sections do not show already. The manifest is often
    the resolution's own table: appending it again listed every file twice."""
    lines = [line.casefold() for _h, text in _fix_sections(article) for line in text.splitlines()]
    return [
        [f.name, f.version or "", f.size_text or "", f.date or "", f.platform or ""]
        for f in article.files
        if not _listed(f, lines)
    ]


def source_line(article: Article) -> str:
    """The line a ticket keeps to find the article again: its id, date, how to open it."""
    date = plain(article.modified)
    modified = strings.FIX_SOURCE_MODIFIED.format(date=date) if date else ""
    return strings.FIX_SOURCE.format(id=plain(article.id), modified=modified)


def fix_text(article: Article) -> str:
    out = [f"{article.id}: {article.title}"]
    if article.error_messages:
        out += ["", "Error message:"]
        out += [f"  {m}" for m in article.error_messages]
    for heading, text in _fix_sections(article):
        out += ["", f"{heading}:", text.rstrip()]
    if cells := _file_cells(article):
        out += ["", "Files:"]
        for name, version, size, date, platform in cells:
            out.append(f"  {name:<20} {version:<16} {size:>12} {date:<10} {platform}".rstrip())
    out += ["", source_line(article)]
    return plain("\n".join(out)) + "\n"


def fix_markdown(article: Article) -> str:
    out = [f"**{article.id}: {_md_escape(article.title)}**"]
    if article.error_messages:
        out += ["", "Error message:", ""]
        out += [f"> {_md_escape(m)}" for m in article.error_messages]
    for heading, text in _fix_sections(article):
        out += ["", f"**{_md_escape(heading)}**", "", "```text", text.replace("```", "'''"), "```"]
    if rows := _file_cells(article):
        out += ["", "| File | Version | Size | Date | Platform |", "|---|---|---|---|---|"]
        for cells in rows:
            out.append("| " + " | ".join(_md_escape(c) for c in cells) + " |")
    out += ["", f"_{_md_escape(source_line(article))}_"]
    return plain("\n".join(out)) + "\n"
