""" "The fix" of an article, as a support person pastes it into a ticket.

Id and title, the error message, the resolution (else the workaround), and the hotfix
files: what the ticket needs, not the whole article (`render.as_text` is that). Plain
text or Markdown; control characters are removed in both, since the text leaves through
the terminal (OSC 52) or a clipboard tool.
"""

from __future__ import annotations

from kbassist.kbparse.record import Article

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


def _file_cells(article: Article) -> list[list[str]]:
    return [
        [f.name, f.version or "", f.size_text or "", f.date or "", f.platform or ""]
        for f in article.files
    ]


def fix_text(article: Article) -> str:
    out = [f"{article.id}: {article.title}"]
    if article.error_messages:
        out += ["", "Error message:"]
        out += [f"  {m}" for m in article.error_messages]
    for heading, text in _fix_sections(article):
        out += ["", f"{heading}:", text.rstrip()]
    if article.files:
        out += ["", "Files:"]
        for name, version, size, date, platform in _file_cells(article):
            out.append(f"  {name:<20} {version:<16} {size:>12} {date:<10} {platform}".rstrip())
    return plain("\n".join(out)) + "\n"


def fix_markdown(article: Article) -> str:
    out = [f"**{article.id}: {_md_escape(article.title)}**"]
    if article.error_messages:
        out += ["", "Error message:", ""]
        out += [f"> {_md_escape(m)}" for m in article.error_messages]
    for heading, text in _fix_sections(article):
        out += ["", f"**{_md_escape(heading)}**", "", "```text", text.replace("```", "'''"), "```"]
    if article.files:
        out += ["", "| File | Version | Size | Date | Platform |", "|---|---|---|---|---|"]
        for cells in _file_cells(article):
            out.append("| " + " | ".join(_md_escape(c) for c in cells) + " |")
    return plain("\n".join(out)) + "\n"
