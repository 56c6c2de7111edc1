"""The Markdown pages (`kb/NNN/QNNNNNN/README.md`) and the body they share with HTML.

The pages were generated from the TXT articles: Jekyll front matter, `{% raw %}`, then
every line tab-indented under an `Article:` / `Product(s):` header. The generator also
took one leading space off every indented line (which cannot be undone: a line indented
by one space and one at column 0 look alike afterwards; the TXT reader makes the same cut,
see txt.py) and wrote high-bit bytes as `<A0>`, which is undone here.
"""

from __future__ import annotations

import html
import re

from .errors import ParseError
from .lines import next_text_line
from .raw import RawArticle, check_body, check_id

_HEADER_LABELS = {
    "Article": "id",
    "Product(s)": "product",
    "Version(s)": "prod_ver",
    "Operating System(s)": "oper_sys",
    "Keyword(s)": "keywords",
    "Last Modified": "modified",
}
_HEADER_LINE = re.compile(
    r"^(Article|Product\(s\)|Version\(s\)|Operating System\(s\)|Keyword\(s\)|Last Modified):"
    r" ?(.*)$"
)
_TITLE_FM = re.compile(r'^title:\s*"?Q\d+:\s?(.*?)"?\s*$')
_TITLE_H2 = re.compile(r"^##\s+Q\d+:\s?(.*)$")
# `<A0>`-style escapes for bytes the generator could not write. Only high-bit bytes and
# DEL are taken back: `<1C>`, `<00>` and the like also occur literally in the TXT
# articles (hex dumps), so those are left as written.
_HEX_ESCAPE = re.compile(r"<([89A-F][0-9A-F]|7F)>")


def looks_like(text: str) -> bool:
    head = text.lstrip("\ufeff \n")[:2000]
    return (head.startswith("---") and ("{% raw %}" in head or "\tArticle:" in head)) or (
        head.startswith("Article: Q")
    )


def _unescape(line: str, warnings: list[str]) -> str:
    def repl(m: re.Match[str]) -> str:
        byte = int(m.group(1), 16)
        return "" if byte == 0x7F else bytes([byte]).decode("cp1252", errors="replace")

    new = _HEX_ESCAPE.sub(repl, line)
    if new != line:
        warnings.append("decoded <XX> byte escapes written by the page generator")
    return new


def split_body(
    lines: list[str], source: str, fmt: str, first_line: int, title: str | None
) -> RawArticle:
    """Parse the `Article:` header and body shared by Markdown and HTML renderings.

    `lines` are the lines inside the raw block with the structural indentation removed;
    `first_line` is the 1-based input line of lines[0].
    """
    warnings: list[str] = []
    values: dict[str, str] = {}
    i = start = next_text_line(lines, 0)
    while i < len(lines):
        m = _HEADER_LINE.match(lines[i])
        if not m:
            break
        values[_HEADER_LABELS[m.group(1)]] = m.group(2)
        i += 1
        if m.group(1) == "Last Modified":
            break
    if "id" not in values:
        raise ParseError(source, "no 'Article: Q<number>' header line", first_line + start)
    art_id = check_id(values["id"], source, first_line + start)
    body: list[str] = []
    seen_escape = False
    for line in lines[i:]:
        if "<" in line and _HEX_ESCAPE.search(line):
            line = _unescape(line, [] if seen_escape else warnings)
            seen_escape = True
        body.append(line)
    check_body(body, source, first_line + i)
    if title and "<" in title and _HEX_ESCAPE.search(title):
        # The title went through the same escaping as the body (`<7F>`, Q202086).
        title = _unescape(title, [] if seen_escape else warnings)
    keywords = values.get("keywords", "").strip()
    area = next((k for k in keywords.replace("|", " ").split() if k.startswith("mspl13_")), None)
    return RawArticle(
        format=fmt,
        source=source,
        id=art_id,
        title=(title if title is not None else "").strip(),
        modified=values.get("modified", "").strip(),
        area=area,
        product=values.get("product", "").strip(),
        prod_ver=values.get("prod_ver", "").strip(),
        oper_sys=values.get("oper_sys", "").strip(),
        keywords=keywords,
        body=body,
        body_line=first_line + i,
        warnings=warnings,
    )


def _yaml_title(value: str) -> str:
    # Jekyll wrote the title as a double-quoted YAML scalar, HTML-escaped (`&quot;`).
    return html.unescape(value.replace('\\"', '"').replace("\\\\", "\\"))


def split(lines: list[str], source: str) -> RawArticle:
    title: str | None = None
    n = len(lines)
    i = next_text_line(lines, 0)
    if i < n and lines[i].strip() == "---":
        j = i + 1
        while j < n and lines[j].strip() != "---":
            m = _TITLE_FM.match(lines[j])
            if m:
                title = _yaml_title(m.group(1))
            j += 1
        i = j + 1
    raw_start = None
    raw_end = n
    for k in range(i, n):
        s = lines[k].strip()
        if title is None and (m := _TITLE_H2.match(s)):
            title = m.group(1)
        if s == "{% raw %}" and raw_start is None:
            raw_start = k + 1
        elif s == "{% endraw %}" and raw_start is not None:
            raw_end = k
            break
    if raw_start is None:
        # A page saved without Jekyll's raw markers: take everything after the front matter.
        raw_start = i
    inner = [line[1:] if line.startswith("\t") else line for line in lines[raw_start:raw_end]]
    return split_body(inner, source, "md", raw_start + 1, title)
