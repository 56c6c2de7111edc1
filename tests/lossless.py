"""The "nothing lost" check: every non-blank body line lands in exactly one record field.

Used by the corpus tests over the whole archive. Lines are compared with white space
folded, after the same HTML-residue cleaning the parser applies (that cleaning is tested
on its own); rules (`=====`, `-----`) and the applies-to label are layout, not content.
"""

from __future__ import annotations

import re
from collections import Counter

from kbassist.kbparse.record import Article
from kbassist.kbparse.residue import clean_line

_RULE = re.compile(r"^[=\-_*]{2,}$")
_APPLIES_LABEL = "the information in this article applies to:"
_FOOTER_LABEL = re.compile(r"^[A-Za-z][A-Za-z ]{1,30}?\s*:\s*")
_MD_ESCAPE = re.compile(r"<([89A-F][0-9A-F]|7F)>")


def _unescape(m: re.Match[str]) -> str:
    byte = int(m.group(1), 16)
    return "" if byte == 0x7F else bytes([byte]).decode("cp1252", errors="replace")


def _norm(line: str) -> str:
    return " ".join(clean_line(line).split())


def _structural(n: str) -> bool:
    return not n or bool(_RULE.match(n.replace(" ", ""))) or n.lower() == _APPLIES_LABEL


def body_lines(text: str, fmt: str) -> list[str]:
    """The article body of a decoded input, as lines, the way its format lays it out."""
    lines = text.replace("\r\n", "\n").split("\n")
    if fmt == "txt":
        return lines[6:]
    # Markdown / HTML text: the body follows the `Last Modified:` header line.
    for k, line in enumerate(lines):
        if line.lstrip("\t").startswith("Last Modified:"):
            body = [x[1:] if x.startswith("\t") else x for x in lines[k + 1 :]]
            body = [x for x in body if x.strip() != "{% endraw %}"]
            body = [_MD_ESCAPE.sub(_unescape, x) for x in body]
            return body
    return lines


def check(article: Article, lines: list[str]) -> list[str]:
    """Problems found: lines lost, or record lines that come from nowhere."""
    record_lines: Counter[str] = Counter()
    for line in article.header_residue:
        record_lines[_norm(line)] += 1
    texts = [article.preamble] + [s.text for s in article.sections]
    for s in article.sections:
        record_lines[_norm(s.heading)] += 1
    for text in texts:
        for line in text.split("\n"):
            n = _norm(line)
            if not _structural(n):
                record_lines[n] += 1
    applies = " | ".join(" ".join(i.split()) for i in article.applies_to)
    footer_tokens = set(
        article.additional_query_words
        + article.kb_keywords
        + article.technology
        + article.hardware
        + article.component
        + article.kb_category
        + article.kb_subcategory
    )
    for value in (
        article.version_footer,
        article.issue_type,
        article.solution_type,
        article.platform_footer,
    ):
        if value:
            footer_tokens.update(value.split())
    disclaimer = " ".join(article.disclaimer.split())
    problems: list[str] = []
    for line in lines:
        n = _norm(line)
        if _structural(n):
            continue
        if record_lines[n] > 0:
            record_lines[n] -= 1
            continue
        if n.endswith(":") and record_lines[n[:-1].rstrip()] > 0:
            record_lines[n[:-1].rstrip()] -= 1  # a `Question:` label read as a heading
            continue
        bullet = n[2:] if n.startswith("- ") else n
        if n == "-" and article.applies_to:
            continue  # an empty applies-to bullet whose children carry the text
        if bullet and bullet in applies:
            continue
        value = _FOOTER_LABEL.sub("", n, count=1)
        if value and set(value.split()) <= footer_tokens:
            continue
        if n in disclaimer:
            continue
        if not value and _FOOTER_LABEL.match(n):
            continue  # an empty labelled footer line (`Keywords :`)
        problems.append(f"lost: {n[:100]}")
    for n, count in record_lines.items():
        if count > 0:
            problems.append(f"not in the article (x{count}): {n[:100]}")
    return problems


def parse_and_check(
    item: tuple[str, bytes],
) -> tuple[str, str, bytes | None, str | None, list[str]]:
    """Parse one corpus member and check it; runs in a worker process.

    Returns (source, id or "", record JSON or None, ParseError text or None, problems).
    """
    from kbassist.kbparse import ParseError, parse_bytes
    from kbassist.kbparse.decode import decode_bytes, sanitise
    from kbassist.kbparse.record import to_json

    source, data = item
    try:
        article = parse_bytes(data, source)
    except ParseError as e:
        return source, "", None, str(e), []
    text, _ = sanitise(decode_bytes(data)[0], expand_tabs=False)
    if article.format == "html":
        from bs4 import BeautifulSoup

        pre = BeautifulSoup(text, "html.parser").find("pre")
        text = pre.get_text() if pre is not None else ""
    return (
        source,
        article.id,
        to_json(article),
        None,
        check(article, body_lines(text, article.format)),
    )
