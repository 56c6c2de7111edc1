"""Export records: JSON, CSV tables, readable documents, and payloads for other systems.

The public API, used by `kbassist export` and the console's export action:

    from kbassist.index.export import FORMATS, ExportError, write_export
    from kbassist.index.export.select import ExportFilters, select

    with KbIndex.open(path) as kb:
        selection = select(kb, None, ExportFilters(product="Microsoft Windows NT"))
        n = write_export(selection, "csv", Path("nt.csv"), table="files")

Every format streams: one record is in memory at a time. Output to a path is atomic
(temporary file in the same folder, then renamed into place) and never overwrites
without `force`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from kbassist.kbparse.ids import is_article_id
from kbassist.kbparse.record import Article, to_json

from . import atomic, documents, opensearch, servicenow, tables, zendesk
from .errors import ExportError

__all__ = [
    "FORMATS",
    "SUFFIXES",
    "TABLES",
    "ExportError",
    "check_destination",
    "mapping_json",
    "write_export",
    "write_stream",
]

FORMATS: tuple[str, ...] = (
    "jsonl",
    "json",
    "csv",
    "markdown",
    "html",
    "opensearch",
    "servicenow",
    "zendesk",
)
TABLES: tuple[str, ...] = tuple(tables.TABLES)
SUFFIXES: dict[str, str] = {
    "jsonl": "jsonl",
    "json": "json",
    "csv": "csv",
    "markdown": "md",
    "html": "html",
    "opensearch": "ndjson",
    "servicenow": "csv",
    "zendesk": "jsonl",
}
"""The usual file name extension of each format (for a default file name)."""
DOCUMENT_EXTENSIONS = {"markdown": "md", "html": "html"}

mapping_json = opensearch.mapping_json


def _counted(
    records: Iterable[Article], progress: Callable[[int], None] | None, count: list[int]
) -> Iterator[Article]:
    # Counted when the writer asks for the next record, i.e. once the previous one is
    # written.
    for article in records:
        yield article
        count[0] += 1
        if progress is not None:
            progress(count[0])


def _write_jsonl(records: Iterable[Article], out: BinaryIO) -> None:
    for article in records:
        out.write(to_json(article))
        out.write(b"\n")


def _write_json(records: Iterable[Article], out: BinaryIO) -> None:
    # The same shape as `kbassist parse --format json`: one record a line in an array.
    first = True
    out.write(b"[")
    for article in records:
        out.write(b"\n" if first else b",\n")
        out.write(to_json(article))
        first = False
    out.write(b"]\n" if first else b"\n]\n")


def _writer(
    fmt: str, table: str, excel: bool, headers: bool
) -> Callable[[Iterable[Article], BinaryIO], None]:
    if fmt == "jsonl":
        return _write_jsonl
    if fmt == "json":
        return _write_json
    if fmt == "csv":
        return lambda r, o: tables.write_table(r, o, table, excel=excel, headers=headers)
    if fmt == "markdown":
        return documents.write_markdown
    if fmt == "html":
        return documents.write_html
    if fmt == "opensearch":
        return opensearch.write_bulk
    if fmt == "servicenow":
        return lambda r, o: servicenow.write_import_set(r, o, excel=excel, headers=headers)
    if fmt == "zendesk":
        return zendesk.write_payloads
    raise ExportError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")


def write_stream(
    records: Iterable[Article],
    fmt: str,
    out: BinaryIO,
    *,
    table: str = "articles",
    excel: bool = False,
    headers: bool = True,
) -> int:
    """Write `records` in format `fmt` (markdown and html as one document) to an open
    binary stream the caller owns, such as a download being sent; the number written.
    Raises ExportError for an unknown format or table before writing anything."""
    write = _writer(fmt, table, excel, headers)
    if fmt == "csv":
        tables.check_table(table)
    count = [0]
    write(_counted(records, None, count), out)
    return count[0]


def is_folder_destination(fmt: str, dest: Path | str | None) -> bool:
    """Markdown/HTML to an existing folder, or to a path written with a trailing `/`:
    one file per article."""
    if dest is None or fmt not in DOCUMENT_EXTENSIONS:
        return False
    raw = os.fspath(dest)
    return raw.endswith(("/", os.sep)) or Path(raw).is_dir()


def check_destination(fmt: str, dest: Path | str | None, force: bool = False) -> None:
    """Refuse (ExportError) what `write_export` would refuse about `dest`, without
    creating or writing anything: lets a caller fail fast, before selecting records."""
    if dest is None:
        return
    if is_folder_destination(fmt, dest):
        atomic.check_folder(Path(dest), DOCUMENT_EXTENSIONS[fmt], force)
    else:
        atomic.check_destination(Path(dest), force)


def write_export(
    records: Iterable[Article],
    fmt: str,
    dest: Path | None,
    *,
    force: bool = False,
    table: str = "articles",
    excel: bool = False,
    headers: bool = True,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write `records` in format `fmt` to `dest`; the number of records written.

    `dest` None is stdout. For markdown and html, a `dest` that is an existing folder
    (or a path ending with `/`) gets one file per article (`Q253729.md`); any other
    `dest` gets one file. Raises ExportError, before writing anything, for an unknown
    format or table and for a destination that exists (without `force`) or cannot be
    written.
    """
    write = _writer(fmt, table, excel, headers)
    if fmt == "csv":
        tables.check_table(table)
    count = [0]
    stream = _counted(records, progress, count)
    if dest is None:
        out = sys.stdout.buffer
        write(stream, out)
        out.flush()
        return count[0]
    if is_folder_destination(fmt, dest):
        _write_folder(stream, fmt, Path(dest), force)
        return count[0]
    with atomic.atomic_file(Path(dest), force) as out:
        write(stream, out)
    return count[0]


def _write_folder(records: Iterable[Article], fmt: str, folder: Path, force: bool) -> None:
    ext = DOCUMENT_EXTENSIONS[fmt]
    atomic.prepare_folder(folder, ext, force)
    render = documents.as_markdown if fmt == "markdown" else documents.html_page
    for article in records:
        # The id is `Q` and digits (the record schema's pattern), so it is a safe
        # file name; checked anyway, as a record file may come from anywhere.
        if not is_article_id(article.id):
            raise ExportError(f"record id {article.id!r} is not a Q-number; cannot name a file")
        atomic.write_file(folder / f"{article.id}.{ext}", render(article).encode("utf-8"), force)
    atomic.finish_folder(folder)
