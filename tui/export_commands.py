"""`kbassist export`: the index (or part of it) as records, tables, documents or payloads."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from . import strings
from .exit_codes import ExitCode, fail, leave
from .index_commands import INDEX_OPTION, _open, filter_options
from .progress import Progress

# Kept in step with index.export.FORMATS (a test checks it); spelled out here so that
# `kbassist --help` does not import the export package.
_FORMATS_HELP = "jsonl, json, csv, markdown, html, opensearch, servicenow, zendesk"
_CSV_LIKE = ("csv", "servicenow")


def register(cli: click.Group) -> None:
    cli.add_command(export)


def _read_ids(path: str) -> tuple[list[str], int]:
    """The ids of the ids file (`-` is stdin), reporting bad lines; (ids, bad lines)."""
    from kbassist.index.export.select import read_ids

    try:
        if path == "-":
            lines = sys.stdin.read().splitlines()
        else:
            with open(path, encoding="utf-8", errors="replace") as fh:
                lines = fh.read().splitlines()
    except OSError as e:
        fail(
            strings.EXPORT_IDS_UNREADABLE.format(path=path, reason=e.strerror or e), ExitCode.USAGE
        )
    ids, bad = read_ids(lines)
    for line, text in bad:
        click.echo(strings.EXPORT_BAD_ID.format(path=path, line=line, text=text), err=True)
    return ids, len(bad)


@click.command()
@click.argument("query", nargs=-1)
@INDEX_OPTION
@click.option(
    "--format",
    "fmt",
    default="jsonl",
    show_default=True,
    metavar="FORMAT",
    help=f"One of: {_FORMATS_HELP}.",
)
@click.option(
    "-o",
    "--output",
    metavar="PATH",
    default=None,
    help="Write to PATH (atomically) instead of stdout; `-` is stdout. markdown/html: a "
    "folder (existing, or written with a trailing /) gets one file per article.",
)
@click.option("--force", is_flag=True, help="Overwrite PATH (or the folder's files) if present.")
@filter_options
@click.option("--has-files", is_flag=True, help="Only articles with a hotfix file table.")
@click.option(
    "--ids",
    "ids_file",
    metavar="FILE",
    default=None,
    help="Only the articles listed in FILE (one id a line, Q253729 or 253729; - for stdin), "
    "in the file's order.",
)
@click.option(
    "-n",
    "--limit",
    type=click.IntRange(1, 120),
    default=100,
    show_default=True,
    help="With QUERY: export at most this many results (the search ranks 120 at most).",
)
@click.option(
    "--table",
    default=None,
    metavar="TABLE",
    help="csv: articles (one row an article; the default), files (one row a hotfix "
    "file) or errors (one row an error message or code).",
)
@click.option(
    "--excel",
    is_flag=True,
    help="csv/servicenow for a spreadsheet: UTF-8 BOM, every cell quoted, formula-like "
    "cells (= + - @) neutralised with a leading ', cells cut at 32,767 characters.",
)
@click.option("--no-headers", is_flag=True, help="csv/servicenow: no header row.")
@click.option(
    "--mapping",
    is_flag=True,
    help="opensearch: print the index mapping (JSON) instead of the bulk file.",
)
def export(
    query: tuple[str, ...],
    index_dir: Path | None,
    fmt: str,
    output: str | None,
    force: bool,
    product: str | None,
    area: str | None,
    since: int | None,
    until: int | None,
    issue_type: str | None,
    has_files: bool,
    ids_file: str | None,
    limit: int,
    table: str | None,
    excel: bool,
    no_headers: bool,
    mapping: bool,
) -> None:
    """Export articles: records, spreadsheet tables, documents, or files to load into
    OpenSearch, ServiceNow or Zendesk.

    \b
    Without QUERY or filters the whole index is exported, in id order. With QUERY, the
    search result list for it, best first (at most --limit), as `kbassist search` ranks
    it. The filters are those of `kbassist search`, plus --has-files and --ids.

    \b
    Formats (--format):
      jsonl        one record a line (default); `kbassist ingest FILE.jsonl` reads it back
      json         one JSON array of records
      csv          --table articles|files|errors; --excel for spreadsheets; --no-headers
      markdown     one document an article; one file, or -o DIR/ for DIR/Q253729.md each
      html         the same as HTML pages (all text escaped)
      opensearch   _bulk NDJSON (action line + source line); --mapping prints the mapping
      servicenow   kb_knowledge import-set CSV (number, short_description, text, ...)
      zendesk      Help Center article payloads, one JSON object a line

    \b
    -o PATH is written to a temporary file, then renamed into place; an existing PATH
    is kept unless --force. Exit status: 0 exported; 1 the output could not be written
    or some --ids were unknown (the others are exported); 2 usage error; 3 no index.

    \b
    Examples:
      kbassist export -o all.jsonl
      kbassist export --product "Microsoft Windows NT" --since 2000 --format csv -o nt.csv
      kbassist export --has-files --format csv --table files --excel -o hotfixes.csv
      kbassist export "stop 0x0000007B" -n 20 --format markdown -o stop7b/
      kbassist export --ids tickets.txt --format html -o tickets.html
      kbassist export --format opensearch --mapping -o mapping.json
      kbassist export --format opensearch -o kb.ndjson
      kbassist export --format zendesk | head -1 | jq .title
    """
    from kbassist.index.export import FORMATS, ExportError, check_destination, mapping_json
    from kbassist.index.export.tables import check_table

    started = time.monotonic()
    if fmt not in FORMATS:
        fail(strings.EXPORT_BAD_FORMAT.format(fmt=fmt, choices=", ".join(FORMATS)), ExitCode.USAGE)
    if table is not None and fmt != "csv":
        fail(strings.EXPORT_OPTION_FORMAT.format(option="--table", formats="csv"), ExitCode.USAGE)
    for flag, given in (("--excel", excel), ("--no-headers", no_headers)):
        if given and fmt not in _CSV_LIKE:
            fail(
                strings.EXPORT_OPTION_FORMAT.format(option=flag, formats="csv or servicenow"),
                ExitCode.USAGE,
            )
    if mapping and fmt != "opensearch":
        fail(
            strings.EXPORT_OPTION_FORMAT.format(option="--mapping", formats="opensearch"),
            ExitCode.USAGE,
        )
    try:
        check_table(table or "articles")
    except ExportError as e:
        fail(strings.EXPORT_ERROR.format(error=e), ExitCode.USAGE)
    if since is not None and until is not None and since > until:
        fail(strings.EXPORT_SINCE_UNTIL.format(since=since, until=until), ExitCode.USAGE)
    filtered = any(v is not None for v in (product, area, since, until, issue_type, ids_file)) or (
        has_files or bool(query)
    )
    if mapping and filtered:
        fail(strings.EXPORT_MAPPING_ALONE, ExitCode.USAGE)

    dest: Path | None = None if output in (None, "-") else Path(output)
    if output and output.endswith("/") and fmt not in ("markdown", "html"):
        fail(strings.EXPORT_NOT_A_FILE.format(path=output), ExitCode.USAGE)
    try:
        # A trailing / (which Path drops) asks for a folder export: keep it.
        check_destination(fmt, output if output and output.endswith("/") else dest, force)
    except ExportError as e:
        fail(strings.EXPORT_ERROR.format(error=e), ExitCode.FAILED)

    if mapping:
        _write_mapping(mapping_json(), dest, force)
        return

    from kbassist.index.export.select import ExportFilters

    ids, bad_lines = _read_ids(ids_file) if ids_file else (None, 0)
    kb = _open(index_dir)
    try:
        code = _export(
            kb,
            " ".join(query) if query else None,
            ExportFilters(
                product=product,
                area=area,
                since=since,
                until=until,
                issue_type=issue_type,
                has_files=has_files,
                ids=ids,
            ),
            limit,
            fmt,
            output,
            dest,
            force=force,
            table=table or "articles",
            excel=excel,
            headers=not no_headers,
            started=started,
        )
    finally:
        kb.close()
    leave(ExitCode.FAILED if bad_lines else code)


def _export(
    kb,
    query: str | None,
    filters,
    limit: int,
    fmt: str,
    output: str | None,
    dest: Path | None,
    *,
    force: bool,
    table: str,
    excel: bool,
    headers: bool,
    started: float,
) -> ExitCode:
    from kbassist.index.export import ExportError, is_folder_destination, write_export
    from kbassist.index.export.select import select

    selection = select(kb, query, filters, limit=limit)
    for art_id in selection.unknown:
        click.echo(strings.NOT_IN_INDEX.format(id=art_id, index=kb.path), err=True)
    folder = output is not None and output.endswith("/") and is_folder_destination(fmt, output)
    if folder and dest is not None:
        # write_export knows a folder by its existence; a trailing / asked for one.
        try:
            dest.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            selection.close()
            fail(
                strings.EXPORT_WRITE_FAILED.format(
                    dest=output or "the output", reason=e.strerror or e
                ),
                ExitCode.FAILED,
            )
    try:
        with Progress(strings.PROGRESS_EXPORT, show=dest is not None) as bar:
            count = write_export(
                selection,
                fmt,
                dest,
                force=force,
                table=table,
                excel=excel,
                headers=headers,
                progress=lambda n: bar.update(n, selection.total),
            )
    except ExportError as e:
        fail(strings.EXPORT_ERROR.format(error=e), ExitCode.FAILED)
    except BrokenPipeError:
        # `kbassist export | head` is normal use, not an error.
        sys.stderr.close()
        leave(ExitCode.OK)
    except OSError as e:
        fail(
            strings.EXPORT_WRITE_FAILED.format(dest=output or "the output", reason=e.strerror or e),
            ExitCode.FAILED,
        )
    finally:
        selection.close()
    if dest is not None or sys.stderr.isatty():
        click.echo(
            strings.EXPORT_SUMMARY.format(
                count=count,
                fmt=fmt,
                dest=output if dest is not None else "stdout",
                seconds=time.monotonic() - started,
            ),
            err=True,
        )
    return ExitCode.FAILED if selection.unknown else ExitCode.OK


def _write_mapping(data: bytes, dest: Path | None, force: bool) -> None:
    from kbassist.index.export import ExportError
    from kbassist.index.export.atomic import atomic_file

    if dest is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        with atomic_file(dest, force) as fh:
            fh.write(data)
    except ExportError as e:
        fail(strings.EXPORT_ERROR.format(error=e), ExitCode.FAILED)
    except OSError as e:
        fail(
            strings.EXPORT_WRITE_FAILED.format(dest=dest or "the output", reason=e.strerror or e),
            ExitCode.FAILED,
        )
