"""The `kbassist` command: one entry point, sub-commands for each job.

click was chosen for the command line: it is small, imports fast (the console's Textual
stays unloaded for `parse` and `search`), gives every command a real `--help`, and is the
library sqlite-utils builds its shared output options on.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import closing

import click

from . import (
    check_commands,
    console_commands,
    export_commands,
    index_commands,
    strings,
    web_commands,
)
from .exit_codes import ExitCode, fail, leave
from .output import write_records
from .parse_jobs import Failure, parse_inputs
from .progress import Progress


class _Commands(click.Group):
    """The sub-commands, each behind one guard: an index whose files cannot be read as
    they are (a truncated segment, a garbled ledger) is reported as damaged, exit 3, not
    a traceback or click's bare "Aborted!" (which is what an EOFError turns into)."""

    def invoke(self, ctx: click.Context) -> object:
        import pickle
        import sqlite3
        import struct
        import zlib

        try:
            return super().invoke(ctx)
        except (EOFError, struct.error, zlib.error, pickle.UnpicklingError) as e:
            damage: Exception = e
        except sqlite3.DatabaseError as e:
            damage = e
        fail(
            strings.INDEX_DAMAGED_READING.format(error=f"{type(damage).__name__}: {damage}"),
            ExitCode.NO_INDEX,
        )


@click.group(
    cls=_Commands,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(package_name="kbassist")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """kbassist: find the Microsoft KB article that fixes the error on the screen.

    \b
    Parse legacy KB articles (TXT, Markdown or HTML) into structured records:
      kbassist parse data/Q253729.TXT
      kbassist parse ../shared/corpus/mskb-txt.tar.xz > records.jsonl
    Print the JSON Schema the records follow:
      kbassist schema
    Index articles, then search them the way a help desk pastes:
      kbassist ingest ../shared/corpus/mskb-txt.tar.xz
      kbassist search "The local device name is already in use"
      kbassist show Q253729
    Export a selection for ServiceNow, Zendesk, OpenSearch or a spreadsheet:
      kbassist export --product "Microsoft Windows NT" --format csv -o nt.csv
    Open the support console (also what `kbassist` alone does), or serve it to a browser:
      kbassist tui
      kbassist serve
    Serve the help desk's pages and a JSON API for ticket systems:
      kbassist web
    """
    if ctx.invoked_subcommand is None:
        # Bare `kbassist` opens the console; without a terminal it does the first-run
        # work, explains, and prints this help.
        console_commands.bare(ctx)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@index_commands.format_option(
    "jsonl", "json", help="jsonl: one record a line; json: one JSON array."
)
@index_commands.JOBS_OPTION
def parse(paths: tuple[str, ...], fmt: str, jobs: int | None) -> None:
    """Parse KB articles into records and print them on stdout.

    \b
    PATH is an article file (TXT `DOCUMENT:Q...`, a kbarchive Markdown page or HTML
    page; the format is read from the content), a folder (searched recursively for
    .txt/.md/.html files) or a .zip/.tar/.tar.gz/.tar.xz archive read in place.

    \b
    The articles are parsed on every core (--jobs N: on N processes); the records come
    out in input order, the same bytes as with --jobs 1.

    \b
    Inputs that cannot be parsed are reported on stderr, one line each
    (`error: FILE:LINE: reason`), and the others go on. Exit status: 0 when every
    input parsed, 1 when any failed, 2 for a usage error.

    \b
    Examples:
      kbassist parse data/Q253729.TXT
      kbassist parse --format json articles/ > records.json
      kbassist parse --jobs 4 ../shared/corpus/mskb-txt.tar.xz > records.jsonl
    """
    started = time.monotonic()
    counts = {"ok": 0, "failed": 0}
    out = sys.stdout.buffer
    closed_pipe = False
    with (
        # Records on the terminal are progress enough; a bar would tear them.
        Progress(strings.PROGRESS_PARSE, show=not sys.stdout.isatty()) as progress,
        closing(parse_inputs(list(paths), jobs)) as outcomes,
    ):

        def records() -> Iterator[bytes]:
            for outcome in outcomes:
                if isinstance(outcome, Failure):
                    counts["failed"] += 1
                    progress.echo(strings.PARSE_ERROR.format(error=outcome.message))
                else:
                    counts["ok"] += 1
                    yield outcome
                progress.update(counts["ok"] + counts["failed"], note=_failed_note(counts))

        try:
            write_records(records(), out, fmt)
            out.flush()
        except BrokenPipeError:
            # `kbassist parse big.tar.xz | head` is normal use, not an error.
            closed_pipe = True
    if closed_pipe:
        sys.stderr.close()
        leave(ExitCode.OK)
    if counts["ok"] == 0 and counts["failed"] == 0:
        fail(strings.NO_INPUTS.format(paths=", ".join(paths)), ExitCode.FAILED)
    if sys.stderr.isatty() or counts["failed"]:
        click.echo(
            strings.PARSE_SUMMARY.format(
                ok=counts["ok"], failed=counts["failed"], seconds=time.monotonic() - started
            ),
            err=True,
        )
    leave(ExitCode.FAILED if counts["failed"] else ExitCode.OK)


def _failed_note(counts: dict[str, int]) -> str:
    return strings.PROGRESS_FAILED.format(failed=counts["failed"]) if counts["failed"] else ""


@cli.command()
def schema() -> None:
    """Print the JSON Schema (draft 2020-12) that every record validates against."""
    from kbassist.kbparse.schema import shipped

    click.echo(shipped(), nl=False)


index_commands.register(cli)
export_commands.register(cli)
console_commands.register(cli)
check_commands.register(cli)
web_commands.register(cli)


def main() -> None:
    """The `kbassist` command. An output that cannot be written (a full disk, a device
    error: `kbassist search ... > /dev/full`) ends in one line and exit 1, not a traceback;
    a closed pipe is handled where it is normal use (`parse ... | head`)."""
    try:
        try:
            cli(prog_name="kbassist")
        finally:
            # What is still buffered is written here, not at the interpreter's exit,
            # where a failure would only be printed as "Exception ignored".
            sys.stdout.flush()
    except OSError as e:
        _drop_stdout()
        where = e.filename or "the output"
        fail(strings.OUTPUT_FAILED.format(where=where, reason=e.strerror or e), ExitCode.FAILED)


def _drop_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush of the unwritable
    data does not fail again on the way out."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    main()
