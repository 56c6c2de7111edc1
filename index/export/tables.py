"""Records -> CSV tables (RFC 4180: comma, double quotes, CRLF, UTF-8).

Three tables: `articles` (one row an article), `files` (one row a hotfix file) and
`errors` (one row an error message or code). Plain CSV is exact data for programs;
`excel=True` makes a file for people who open it in a spreadsheet: a UTF-8 BOM (so Excel
reads UTF-8), every cell quoted, cells that a spreadsheet would run as a formula
neutralised with a leading `'`, and cells cut to Excel's 32,767-character limit (longer
ones would spill into the next row).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import BinaryIO

from kbassist.kbparse.record import Article

from . import fields
from .errors import ExportError

Cell = str | int | None
Row = list[Cell]

ARTICLE_COLUMNS = (
    "id",
    "title",
    "product",
    "versions",
    "modified",
    "issue_type",
    "symptoms",
    "cause",
    "resolution",
    "error_messages",
    "file_count",
    "related_articles",
)
FILE_COLUMNS = (
    "article_id",
    "name",
    "version",
    "date",
    "time",
    "size_bytes",
    "size_text",
    "platform",
)
ERROR_COLUMNS = ("article_id", "kind", "text", "value")


def article_rows(article: Article) -> Iterator[Row]:
    yield [
        article.id,
        article.title,
        article.product,
        fields.versions(article),
        article.modified,
        article.issue_type,
        fields.section_text(article, fields.SYMPTOMS),
        fields.section_text(article, fields.CAUSE),
        fields.section_text(article, fields.RESOLUTION),
        "\n".join(article.error_messages),
        len(article.files),
        " ".join(article.related_articles),
    ]


def file_rows(article: Article) -> Iterator[Row]:
    for f in article.files:
        yield [article.id, f.name, f.version, f.date, f.time, f.size_bytes, f.size_text, f.platform]


def error_rows(article: Article) -> Iterator[Row]:
    """Messages first (kind `message`, no value), then codes with their canonical value."""
    for m in article.error_messages:
        yield [article.id, "message", m, None]
    for c in article.error_codes:
        yield [article.id, c.kind, c.text, c.value]


TABLES: dict[str, tuple[tuple[str, ...], Callable[[Article], Iterator[Row]]]] = {
    "articles": (ARTICLE_COLUMNS, article_rows),
    "files": (FILE_COLUMNS, file_rows),
    "errors": (ERROR_COLUMNS, error_rows),
}

# What a spreadsheet may read as the start of a formula. OWASP's CSV-injection page lists
# `=`, `+`, `-`, `@`, tab and CR; ASVS 1.2.10 adds NUL. Beyond those lists, as a
# precaution against what was seen to pass unneutralised: LF (a line break, like CR),
# `|` (DDE's separator, `cmd|' /C calc'`) and the full-width signs (`＝`, `＋`, `－`,
# `＠`) that an East Asian input method types. Leading spaces (ASCII and ideographic)
# are looked through, so ` =1+1` is caught as well. In --excel a leading `'` costs
# nothing: the spreadsheet shows the cell without it.
_FORMULA_START = frozenset("=+-@|\t\r\n\0\uff1d\uff0b\uff0d\uff20")
EXCEL_CELL_LIMIT = 32_767
_CUT = " [cut: longer than a spreadsheet cell holds; see the jsonl export]"


def neutralise(cell: str) -> str:
    """A text cell a spreadsheet shows as text, never runs as a formula."""
    lead = cell.lstrip(" \u3000")
    if lead and lead[0] in _FORMULA_START:
        cell = "'" + cell
    if len(cell) > EXCEL_CELL_LIMIT:
        cell = cell[: EXCEL_CELL_LIMIT - len(_CUT)] + _CUT
    return cell


def check_table(table: str) -> None:
    if table not in TABLES:
        raise ExportError(f"unknown table {table!r}; choose one of: {', '.join(TABLES)}")


def write_rows(
    rows: Iterable[Sequence[Cell]],
    out: BinaryIO,
    columns: Sequence[str],
    *,
    excel: bool = False,
    headers: bool = True,
) -> None:
    """Stream rows as CSV to a binary stream (None cells are empty)."""
    text = io.TextIOWrapper(
        out, encoding="utf-8-sig" if excel else "utf-8", newline="", write_through=False
    )
    writer = csv.writer(
        text,
        lineterminator="\r\n",
        quoting=csv.QUOTE_ALL if excel else csv.QUOTE_MINIMAL,
    )
    try:
        if headers:
            writer.writerow(columns)
        for row in rows:
            if excel:
                row = [neutralise(c) if isinstance(c, str) else c for c in row]
            writer.writerow(["" if c is None else c for c in row])
        text.flush()
    finally:
        # The stream belongs to the caller: let go of it without closing it.
        text.detach()


def write_table(
    records: Iterable[Article],
    out: BinaryIO,
    table: str = "articles",
    *,
    excel: bool = False,
    headers: bool = True,
) -> None:
    check_table(table)
    columns, make_rows = TABLES[table]
    rows = (row for article in records for row in make_rows(article))
    write_rows(rows, out, columns, excel=excel, headers=headers)
