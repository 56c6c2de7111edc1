"""An article as a readable document: Markdown or HTML.

This is the one Markdown renderer of kbassist (`kbassist show --format markdown` and the
console use it through tui/render.py). Article text is data, never markup: in Markdown
every character that could start markup is backslash-escaped and section texts go in
code fences longer than any backtick run inside them; in HTML everything is escaped
with `html.escape`, so `<servername>` shows as written and no `<script>` can run.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import BinaryIO

from kbassist.kbparse.record import Article

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|&~])")
# What would turn a line into a list item, a heading underline or a numbered item.
_MD_LINE_START = re.compile(r"^([ \t]*)(?:([-+=])|([0-9]+)([.)]))", re.MULTILINE)
_BACKTICKS = re.compile(r"`+")


def md_escape(text: str, line_start: bool = True) -> str:
    """Plain text -> Markdown that renders as exactly that text.

    `line_start=False` for table cells, where `1.` or `-` cannot start a list (and a
    version number stays readable in the source).
    """
    text = _MD_SPECIAL.sub(r"\\\1", text)
    if not line_start:
        return text

    def start(m: re.Match[str]) -> str:
        if m.group(2):
            return f"{m.group(1)}\\{m.group(2)}"
        return f"{m.group(1)}{m.group(3)}\\{m.group(4)}"

    return _MD_LINE_START.sub(start, text)


def _fence(text: str) -> list[str]:
    # A fence longer than any backtick run in the text cannot be closed by the text.
    longest = max((len(m) for m in _BACKTICKS.findall(text)), default=0)
    ticks = "`" * max(3, longest + 1)
    return [f"{ticks}text", text, ticks]


def _quote(message: str) -> list[str]:
    # One quote per message; a line break inside the message stays a line break
    # (a trailing backslash is CommonMark's hard break).
    lines = [md_escape(line) for line in message.split("\n")]
    return [f"> {line}\\" for line in lines[:-1]] + [f"> {lines[-1]}"]


def as_markdown(article: Article) -> str:
    out = [f"# {article.id}: {md_escape(article.title)}", ""]
    product = f"*{md_escape(article.product)}* · " if article.product.strip() else ""
    out.append(f"{product}last modified {article.modified or 'unknown'}")
    if article.applies_to:
        out += ["", "**Applies to**", ""]
        out.extend(f"- {md_escape(item)}" for item in article.applies_to)
    if article.error_messages:
        out += ["", "**Error messages**", ""]
        for m in article.error_messages:
            out += [*_quote(m), ""]
        out.pop()
    if article.preamble:
        out += ["", *_fence(article.preamble)]
    for s in article.sections:
        out += ["", f"## {md_escape(s.heading)}"]
        if s.text:
            out += ["", *_fence(s.text)]
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
            out.append("| " + " | ".join(md_escape(c, line_start=False) for c in cells) + " |")
    if article.related_articles:
        out += ["", "See also: " + ", ".join(md_escape(r) for r in article.related_articles)]
    return "\n".join(out) + "\n"


# -- HTML -------------------------------------------------------------------------------


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def html_body(article: Article) -> str:
    """The article's content as an HTML fragment without its title (the ServiceNow and
    Zendesk bodies, whose title is a field of its own)."""
    out = []
    product = f"<strong>{_e(article.product)}</strong> · " if article.product.strip() else ""
    out.append(
        f'<p class="meta">{_e(article.id)} · {product}'
        f"last modified {_e(article.modified or 'unknown')}</p>"
    )
    if article.applies_to:
        out.append("<p><strong>Applies to</strong></p>")
        out.append("<ul>")
        out.extend(f"<li>{_e(item)}</li>" for item in article.applies_to)
        out.append("</ul>")
    if article.error_messages:
        out.append("<p><strong>Error messages</strong></p>")
        for m in article.error_messages:
            lines = "<br>\n".join(_e(line) for line in m.split("\n"))
            out.append(f"<blockquote><p>{lines}</p></blockquote>")
    if article.preamble:
        out.append(f"<pre>{_e(article.preamble)}</pre>")
    for s in article.sections:
        out.append(f"<h2>{_e(s.heading)}</h2>")
        if s.text:
            out.append(f"<pre>{_e(s.text)}</pre>")
    if article.files:
        out.append("<h2>Files</h2>")
        out.append("<table>")
        out.append(
            "<thead><tr><th>File</th><th>Version</th><th>Size</th><th>Date</th>"
            "<th>Platform</th></tr></thead>"
        )
        out.append("<tbody>")
        for f in article.files:
            cells = [f.name, f.version or "", f.size_text or "", f.date or "", f.platform or ""]
            out.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>")
        out.append("</tbody>")
        out.append("</table>")
    if article.related_articles:
        out.append("<p>See also: " + ", ".join(_e(r) for r in article.related_articles) + "</p>")
    return "\n".join(out) + "\n"


def html_article(article: Article) -> str:
    """The article as an `<article>` element with its title as the heading."""
    return (
        f'<article id="{_e(article.id)}">\n'
        f"<h1>{_e(article.id)}: {_e(article.title)}</h1>\n"
        f"{html_body(article)}</article>\n"
    )


# No script may run in an exported page even if something slipped through escaping:
# the policy allows the inline style sheet and nothing else.
_HEAD = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: sans-serif; max-width: 60em; margin: auto; padding: 1em; }}
pre {{ white-space: pre-wrap; background: #f6f6f6; padding: .5em; }}
blockquote {{ border-left: 3px solid #b00; margin-left: 0; padding-left: 1em; }}
table {{ border-collapse: collapse; }}
th, td {{ border: 1px solid #ccc; padding: .2em .5em; text-align: left; }}
article + article {{ border-top: 2px solid #888; margin-top: 2em; }}
</style>
</head>
<body>
"""
_TAIL = "</body>\n</html>\n"


def html_page(article: Article) -> str:
    """One article as a whole HTML page."""
    return _HEAD.format(title=_e(f"{article.id}: {article.title}")) + html_article(article) + _TAIL


def write_markdown(records: Iterable[Article], out: BinaryIO) -> None:
    """Every article in one Markdown document, a rule between two articles."""
    for n, article in enumerate(records):
        if n:
            out.write(b"\n---\n\n")
        out.write(as_markdown(article).encode("utf-8"))


def write_html(records: Iterable[Article], out: BinaryIO) -> None:
    """Every article in one HTML page, an `<article>` each."""
    out.write(_HEAD.format(title="kbassist export").encode("utf-8"))
    for article in records:
        out.write(html_article(article).encode("utf-8"))
    out.write(_TAIL.encode("utf-8"))
