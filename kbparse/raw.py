"""What each input format is reduced to before the shared body parser runs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import ParseError
from .ids import is_article_id

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_DATE = re.compile(r"^\s*(\d{1,2})-([A-Za-z]{3})-(\d{4})\s*$")


@dataclass
class RawArticle:
    """Header values as written and the body lines, format differences removed."""

    format: str
    source: str
    id: str
    title: str
    modified: str
    area: str | None
    product: str
    prod_ver: str
    oper_sys: str
    keywords: str
    body: list[str]
    body_line: int
    """1-based line number, in the original input, of body[0]."""
    warnings: list[str] = field(default_factory=list)


def iso_date(text: str) -> str | None:
    """`06-AUG-2002` or `8-MAR-1990` as ISO; None when it is not such a date."""
    m = _DATE.match(text)
    if not m:
        return None
    month = month_number(m.group(2)) or None
    day = int(m.group(1))
    if month is None or not 1 <= day <= 31:
        return None
    return f"{m.group(3)}-{month:02d}-{day:02d}"


def month_number(abbreviation: str) -> int:
    """1-12 for a month's three-letter abbreviation in any case (`AUG`, `Jul`), else 0."""
    return _MONTHS.get(abbreviation.lower(), 0)


def check_body(body: list[str], source: str, line: int) -> None:
    """A header must be followed by some text; `line` is where the body would start."""
    if not any(text.strip() for text in body):
        raise ParseError(source, "header with no body", line)


def check_id(value: str, source: str, line: int) -> str:
    value = value.strip()
    if not is_article_id(value):
        raise ParseError(source, f"article id {value[:40]!r} is not of the form Q<number>", line)
    return value
