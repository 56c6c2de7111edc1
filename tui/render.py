"""An article as plain text or Markdown for people (the console and `kbassist show`)."""

from __future__ import annotations

from kbassist.index.export.documents import as_markdown
from kbassist.kbparse.record import Article

# The one Markdown renderer lives with the exports (index/export/documents.py); it is
# re-exported here for the console and `kbassist show`.
__all__ = ["as_markdown", "as_text"]


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
