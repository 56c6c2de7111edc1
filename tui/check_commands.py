"""`kbassist check [--repair]`: is the index whole; mend what can be mended.

The work is `kbassist.index.check`; this module only says what it found, in words or as
JSON, and exits with a code a script can act on.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from . import strings
from .exit_codes import ExitCode, fail, leave
from .index_commands import INDEX_OPTION, _index_dir, format_option


@click.command()
@INDEX_OPTION
@click.option(
    "--repair",
    is_flag=True,
    help="Mend what can be mended (waits for a running ingest to finish first).",
)
@format_option(
    "table",
    "json",
    "jsonl",
    help="table: a line a finding; json (or jsonl, the same one line): one object "
    "(index, articles, healthy, damaged, findings).",
)
def check(index_dir: Path | None, repair: bool, fmt: str) -> None:
    """Check an index: ids unique, ledger and index agreeing, files readable, no leftovers.

    \b
    Leftovers of killed or failed runs (segment files no table of contents names,
    workers' temporary folders, half-written model files) are listed, and with --repair
    removed. An article stored twice keeps its later copy; ledger rows follow the index.
    What cannot be mended in place is reported as damaged, with the rebuild that helps.
    \b
    Exit status: 0 healthy (or everything repaired), 1 problems found (or left),
    3 no index, or one so damaged that only a rebuild helps.
    """
    from kbassist.index.check import check as run_check
    from kbassist.index.store import IndexProblem, rebuild_advice

    path = _index_dir(index_dir)
    try:
        report = run_check(path, repair=repair)
    except IndexProblem as e:  # IndexMissing among them
        fail(strings.INDEX_UNUSABLE.format(error=e), ExitCode.NO_INDEX)
    if fmt in ("json", "jsonl"):
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        for f in report.findings:
            state = "repaired" if f.repaired else ("damaged" if not f.repairable else "found")
            click.echo(strings.CHECK_FINDING.format(state=state, kind=f.kind, detail=f.detail))
        if report.damaged:
            click.echo(strings.CHECK_DAMAGED.format(advice=rebuild_advice(path)), err=True)
        elif not report.findings:
            click.echo(strings.CHECK_HEALTHY.format(path=path, articles=report.articles))
        elif not report.healthy:
            click.echo(strings.CHECK_REPAIR_HINT.format(path=path), err=True)
    if report.damaged:
        leave(ExitCode.NO_INDEX)
    leave(ExitCode.OK if report.healthy else ExitCode.FAILED)


def register(cli: click.Group) -> None:
    cli.add_command(check)
