"""An article as plain text or Markdown for people (the console and `kbassist show`)."""

from __future__ import annotations

from kbparse.record import Article


def as_text(article: Article, sources: list[str] | None = None) -> str:
    out = [f"{article.id}  {article.title}", f"{article.product}  ({article.modified or '?'})"]
    if article.applies_to:
        out.append("")
        out.append("Applies to:")
        out.extend(f"  - {item}" for item in article.applies_to)
    if article.error_messages:
        out.append("")
        out.append("Error messages:")
        out.extend(f"  > {m}" for m in article.error_messages)
    if article.preamble:
        out += ["", article.preamble]
    for s in article.sections:
        out += ["", s.heading, "-" * len(s.heading), s.text]
    if article.files:
        out += ["", "Files:"]
        for f in article.files:
            out.append(
                f"  {f.name:<20} {f.version or '':<16} {f.size_text or '':>12} "
                f"{f.date or '':<10} {f.platform or ''}".rstrip()
            )
    if article.related_articles:
        out += ["", "See also: " + ", ".join(article.related_articles)]
    if sources:
        out += ["", "Sources: " + ", ".join(sources)]
    return "\n".join(out) + "\n"


def _md_escape(text: str) -> str:
    # Article text is data: keep Markdown from reading it as markup.
    for ch in "\\`*_{}[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text


def as_markdown(article: Article) -> str:
    out = [f"# {article.id}: {_md_escape(article.title)}", ""]
    out.append(f"*{_md_escape(article.product)}* · last modified {article.modified or 'unknown'}")
    if article.applies_to:
        out += ["", "**Applies to**", ""]
        out.extend(f"- {_md_escape(item)}" for item in article.applies_to)
    if article.error_messages:
        out += ["", "**Error messages**", ""]
        for m in article.error_messages:
            out += [f"> {_md_escape(m)}", ""]
    if article.preamble:
        out += ["", "```text", article.preamble.replace("```", "'''"), "```"]
    for s in article.sections:
        out += [
            "",
            f"## {_md_escape(s.heading)}",
            "",
            "```text",
            s.text.replace("```", "'''"),
            "```",
        ]
    if article.files:
        out += [
            "",
            "## Files",
            "",
            "| File | Version | Size | Date | Platform |",
            "|---|---|---|---|---|",
        ]
        for f in article.files:
            cells = [f.name, f.version or "", f.size_text or "", f.date or "", f.platform or ""]
            out.append("| " + " | ".join(_md_escape(c) for c in cells) + " |")
    if article.related_articles:
        out += ["", "See also: " + ", ".join(article.related_articles)]
    return "\n".join(out) + "\n"
