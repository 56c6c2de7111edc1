"""The raw archive format: six labelled header lines, `DOCUMENT:Q...` first."""

from __future__ import annotations

import re

from .errors import ParseError
from .lines import next_text_line
from .raw import RawArticle, check_body, check_id

_DOC_LINE = re.compile(r"^DOCUMENT:(\S+)\s+(\S+)?\s*(?:\[([^\]]*)\])?\s*$")
_LABELS = ("TITLE", "PRODUCT", "PROD/VER", "OPER/SYS", "KEYWORDS")
_LABEL_LINE = re.compile(r"^(TITLE|PRODUCT|PROD/VER|OPER/SYS|KEYWORDS)\s*:(.*)$")


def looks_like(text: str) -> bool:
    return text.lstrip("\ufeff \n").startswith("DOCUMENT:")


def split(lines: list[str], source: str) -> RawArticle:
    """Header fields and body of a TXT article (lines already sanitised)."""
    i = next_text_line(lines, 0)
    if i >= len(lines):
        raise ParseError(source, "empty input")
    m = _DOC_LINE.match(lines[i].strip())
    if not m:
        raise ParseError(
            source, "first line is not 'DOCUMENT:Q<number>  DD-MON-YYYY  [area]'", i + 1
        )
    art_id = check_id(m.group(1), source, i + 1)
    modified = m.group(2) or ""
    area = m.group(3)
    values: dict[str, str] = {}
    j = i + 1
    # The five labelled lines always follow in this order; tolerate a missing one rather
    # than reject the article, and say so.
    warnings: list[str] = []
    while j < len(lines) and j <= i + len(_LABELS):
        lm = _LABEL_LINE.match(lines[j])
        if not lm:
            break
        values[lm.group(1)] = lm.group(2)
        j += 1
    for label in _LABELS:
        if label not in values:
            warnings.append(f"header line {label} missing")
    if "TITLE" not in values:
        raise ParseError(source, "no TITLE line after the DOCUMENT line", i + 2)
    # The canonical body is indented one space less than the TXT file: the Markdown and
    # HTML renderings lost that space on every indented line, and cutting it here too is
    # the only way the three formats of one article give the same section texts. It
    # happens before tabs are expanded, exactly as the page generator did it.
    body = [line[1:] if line[:1] == " " else line for line in lines[j:]]
    check_body(body, source, j + 1)
    return RawArticle(
        format="txt",
        source=source,
        id=art_id,
        title=values["TITLE"].strip(),
        modified=modified,
        area=area,
        product=values.get("PRODUCT", "").strip(),
        prod_ver=values.get("PROD/VER", "").strip(),
        oper_sys=values.get("OPER/SYS", "").strip(),
        keywords=values.get("KEYWORDS", "").strip(),
        body=body,
        body_line=j + 1,
        warnings=warnings,
    )
