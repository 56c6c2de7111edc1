"""`kbassist ingest`, `search`, `show` and `products`: the index from the command line."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import click

from . import strings
from .exit_codes import ExitCode, fail, leave
from .progress import Progress
from .results import hit_json, result_json
from .safe import one_line, plain

INDEX_OPTION = click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Index folder. Default: $KBASSIST_INDEX, else the user data folder.",
)


def format_option(*choices: str, help: str) -> Callable[[Callable[..., Any]], Any]:
    """The one `--format` option (parameter `fmt`) of every command, sqlite-utils' way:
    the same name and spelling everywhere, the first choice the default."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help=help,
    )


JOBS_OPTION = click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help="Worker processes (default: all cores).",
)


def filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The search filters, one set for every command that selects articles (search,
    export): same names, same help, same types."""
    for option in reversed(
        [
            click.option(
                "--product",
                help="Only articles of this product (exact name; see `kbassist products`).",
            ),
            click.option("--area", help="Only articles of this area tag (winnt, exchange, ...)."),
            click.option(
                "--since", type=int, help="Only articles last modified in or after this year."
            ),
            click.option(
                "--until", type=int, help="Only articles last modified in or before this year."
            ),
            click.option("--issue-type", help="Only this issue type (kbbug, kbprb, kbhowto, ...)."),
        ]
    ):
        command = option(command)
    return command


def _index_dir(index_dir: Path | None) -> Path:
    from kbassist.index.store import default_index_dir

    return index_dir or default_index_dir()


def _open(index_dir: Path | None, create: bool = False):
    from kbassist.index.store import IndexProblem, KbIndex

    path = _index_dir(index_dir)
    try:
        return KbIndex.open(path, create=create)
    except IndexProblem as e:  # IndexMissing among them
        fail(strings.INDEX_UNUSABLE.format(error=e), ExitCode.NO_INDEX)


def register(cli: click.Group) -> None:
    cli.add_command(ingest)
    cli.add_command(search)
    cli.add_command(show)
    cli.add_command(products)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@INDEX_OPTION
@JOBS_OPTION
@click.option("--no-wait", is_flag=True, help="Exit at once if another ingest is writing.")
@click.option(
    "--rebuild",
    is_flag=True,
    help="Move the index folder aside (DIR.old-DATE, never deleted) and ingest afresh: "
    "for an index that is damaged or from another version.",
)
def ingest(
    paths: tuple[str, ...],
    index_dir: Path | None,
    jobs: int | None,
    no_wait: bool,
    rebuild: bool,
) -> None:
    """Add articles to the index (files, folders, .zip/.tar archives, .jsonl records).

    \b
    Unchanged inputs are skipped by content hash (after an upgrade whose parser reads
    articles better, they are read again once), a changed article replaces its record,
    and when two sources hold the same article the later `modified` wins (both sources
    are remembered). Inputs that fail are listed on stderr and in a report file; they
    never stop the run. Last, the semantic model that search uses for descriptions in
    people's own words is learned from the articles (or updated with the changed ones);
    an index of fewer than 500 articles has none. Exit status: 0 all ingested, 1 some
    failed, 3 index unusable.

    \b
    Examples:
      kbassist ingest data/
      kbassist ingest ../shared/corpus/mskb-txt.tar.xz --index ./kbindex
      kbassist export --format jsonl > all.jsonl && kbassist ingest all.jsonl
    """
    from kbassist.index.ingest import IngestFailed
    from kbassist.index.ingest import ingest as run_ingest
    from kbassist.index.store import IndexBusy, move_aside
    from kbassist.kbparse.errors import printable

    if rebuild:
        path = _index_dir(index_dir)
        try:
            aside = move_aside(path, wait=not no_wait)
        except IndexBusy as e:
            fail(strings.INDEX_UNUSABLE.format(error=e), ExitCode.NO_INDEX)
        except OSError as e:
            reason = e.strerror or str(e)
            fail(strings.INGEST_REBUILD_FAILED.format(path=path, reason=reason), ExitCode.NO_INDEX)
        if aside is not None:
            click.echo(strings.INGEST_REBUILD_MOVED.format(path=path, aside=aside), err=True)
    kb = _open(index_dir, create=True)
    try:
        with Progress(strings.PROGRESS_INGEST) as bar:

            def on_embed(done: int, total: int) -> None:
                # A task of its own, so the rate and the time left are the encoder's.
                if done == 0:
                    bar.phase(strings.PROGRESS_EMBED)
                bar.update(done, total, note=strings.PROGRESS_EMBED)

            report = run_ingest(
                kb,
                list(paths),
                progress=bar.update,
                jobs=jobs,
                wait=not no_wait,
                on_wait=bar.echo,
                on_phase=bar.phase,
                on_embed=on_embed,
            )
    except IndexBusy as e:
        fail(strings.INDEX_UNUSABLE.format(error=e), ExitCode.NO_INDEX)
    except (IngestFailed, OSError, MemoryError) as e:
        reason = str(e) or type(e).__name__
        if isinstance(e, OSError) and e.strerror:
            reason = f"{e.strerror}: {e.filename}" if e.filename else e.strerror
        fail(strings.INGEST_FAILED.format(reason=printable(reason)), ExitCode.FAILED)
    for source, reason in report.failed:
        click.echo(strings.PARSE_ERROR.format(error=printable(f"{source}: {reason}")), err=True)
    click.echo(
        strings.INGEST_SUMMARY.format(
            added=report.added,
            updated=report.updated,
            unchanged=report.unchanged,
            superseded=report.superseded,
            failed=len(report.failed),
            seconds=report.seconds,
            total=kb.doc_count(),
            index=kb.path,
        ),
        err=True,
    )
    if report.report_path:
        click.echo(strings.INGEST_REPORT.format(path=report.report_path), err=True)
    if report.semantic_error:
        click.echo(strings.INGEST_SEMANTIC_FAILED.format(error=report.semantic_error), err=True)
    click.echo(encoder_line(report), err=True)
    kb.close()
    leave(ExitCode.FAILED if report.failed else ExitCode.OK)


def duration(seconds: float) -> str:
    """6m12s, or 4.2s under a minute."""
    if seconds < 60:
        return strings.DURATION_SECONDS.format(seconds=seconds)
    whole = round(seconds)
    return strings.DURATION_MINUTES.format(minutes=whole // 60, seconds=whole % 60)


def encoder_line(report: Any) -> str:
    """The summary's line on the sentence encoder: in use or why not, and what it did."""
    from kbassist.index.encoder import EXTRA_HINT, MODEL_ID

    state = report.encoder_state
    if state == "off":
        return strings.INGEST_ENCODER_OFF
    if state == "not_installed":
        return strings.INGEST_ENCODER_NOT_INSTALLED.format(hint=EXTRA_HINT)
    if state != "in_use":
        return strings.INGEST_ENCODER_UNUSABLE.format(why=plain(report.encoder))
    if report.vectors == "failed":
        return strings.INGEST_ENCODER_FAILED.format(
            model=MODEL_ID, error=plain(report.vectors_error)
        )
    if report.vectors == "unchanged":
        return strings.INGEST_ENCODER_UNCHANGED.format(model=MODEL_ID)
    if report.vectors == "none":
        return strings.INGEST_ENCODER_NO_ARTICLES.format(model=MODEL_ID)
    line = strings.INGEST_ENCODER_EMBEDDED.format(
        model=MODEL_ID, embedded=report.vectors_embedded, took=duration(report.vectors_seconds)
    )
    if report.vectors_resumed:
        line += strings.INGEST_ENCODER_RESUMED.format(resumed=report.vectors_resumed)
    return line


def _text(data: bytes | str) -> str:
    """Text a program or a person handed us, made writable: bytes that are not UTF-8 (and
    lone surrogates, which JSON and argv can carry) become U+FFFD instead of failing the
    run when the query is echoed in the output."""
    if isinstance(data, bytes):
        return data.decode("utf-8", "replace")
    if any("\ud800" <= c <= "\udfff" for c in data):
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in data)
    return data


def _batch_queries(stream: BinaryIO, where: str, report: Callable[[str], None]):
    """(extra fields, query) for every query line. A line that opens like JSON but is not
    an object with a string `query` is reported (line number, why) and skipped; the lines
    after it are still searched."""
    with stream:
        for n, raw in enumerate(stream, 1):
            line = _text(raw)
            if "\ufffd" in line and b"\xef\xbf\xbd" not in raw:
                report(strings.BATCH_NOT_UTF8.format(where=where, line=n))
            if not line.strip():
                continue
            extra: dict[str, Any] = {}
            text = line.rstrip("\r\n")
            if line.lstrip().startswith(("{", "[")):
                try:
                    obj = json.loads(line)
                except ValueError as e:
                    report(
                        strings.BATCH_BAD_LINE.format(where=where, line=n, why=f"not JSON ({e})")
                    )
                    continue
                if not isinstance(obj, dict) or not isinstance(obj.get("query"), str):
                    why = "no string `query` field"
                    report(strings.BATCH_BAD_LINE.format(where=where, line=n, why=why))
                    continue
                extra = {k: v for k, v in obj.items() if k != "query"}
                text = _text(obj["query"])
            extra.setdefault("qid", n)
            yield extra, text


@click.command()
@click.argument("text", nargs=-1)
@INDEX_OPTION
@filter_options
@click.option("-n", "--limit", type=click.IntRange(1, 100), default=10, show_default=True)
@format_option(
    "table",
    "json",
    "jsonl",
    help="table: for people; json: one object (results, facets, suggestions); jsonl: one "
    "result a line. --batch always writes JSON Lines, one query a line.",
)
@click.option(
    "--facets", is_flag=True, help="Also count matches by product and area (table, json)."
)
@click.option(
    "--batch",
    type=str,
    default=None,
    help="Run every query of FILE (JSON Lines with a `query` field, or plain lines; "
    "- for stdin), one JSON line out per query.",
)
def search(
    text: tuple[str, ...],
    index_dir: Path | None,
    product: str | None,
    area: str | None,
    since: int | None,
    until: int | None,
    issue_type: str | None,
    limit: int,
    fmt: str,
    facets: bool,
    batch: str | None,
) -> None:
    """Find the articles that fix what you paste: an error message, a code, a symptom.

    \b
    Paste it as it is: dialog titles and buttons, timestamps, wrapped lines and your own
    server names (where the article says <servername>) are handled. Without TEXT and
    without --batch, the paste is read from stdin.

    \b
    Examples:
      kbassist search "An error occurred while connecting to H: the local device name..."
      kbassist search stop 0x7b --product "Microsoft Windows NT"
      kbassist search --batch tickets.jsonl > results.jsonl
    """
    from kbassist.index.search import MAX_QUERY_CHARS, Filters
    from kbassist.index.search import search as run_search

    from .labels import product_line

    if facets and fmt == "jsonl" and not batch:
        raise click.UsageError(strings.SEARCH_FACETS_JSONL)
    kb = _open(index_dir)
    filters = Filters(product=product, area=area, since=since, until=until, issue_type=issue_type)
    if batch:
        bad: list[str] = []

        def report(line: str) -> None:
            bad.append(line)
            click.echo(line, err=True)

        try:
            stream = sys.stdin.buffer if batch == "-" else open(batch, "rb")  # noqa: SIM115
        except OSError as e:
            reason = e.strerror or str(e)
            fail(strings.BATCH_UNREADABLE.format(path=batch, reason=reason), ExitCode.USAGE)
        where = "stdin" if batch == "-" else batch
        for extra, query in _batch_queries(stream, where, report):
            r = run_search(kb, query, filters, limit=limit)
            if r.cut_from:
                line = extra.get("qid")
                click.echo(
                    strings.QUERY_CUT_AT.format(
                        where=f"{where}:{line}", n=r.cut_from, limit=MAX_QUERY_CHARS
                    ),
                    err=True,
                )
            out = {
                **extra,
                "query": query,
                "results": [hit_json(h, False) for h in r.hits],
                "weak": r.weak,
                "took_ms": r.took_ms,
            }
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        if any(b.startswith("error:") for b in bad):
            leave(ExitCode.FAILED)
        return
    query = _text(" ".join(text)) if text else _text(sys.stdin.buffer.read())
    if not query.strip():
        raise click.UsageError(strings.SEARCH_NOTHING)
    r = run_search(kb, query, filters, limit=limit, facets=facets)
    if r.cut_from:
        click.echo(strings.QUERY_CUT.format(n=r.cut_from, limit=MAX_QUERY_CHARS), err=True)
    if fmt == "jsonl":
        # The objects of --format json's `results`, one a line, best first.
        for h in r.hits:
            sys.stdout.write(json.dumps(hit_json(h, True), ensure_ascii=False) + "\n")
        return
    if fmt == "json":
        out = result_json(query, r)
        click.echo(json.dumps(out, ensure_ascii=False, indent=1))
        return
    # Article text is untrusted: records ingested from .jsonl are not cleaned by the
    # parser, and an ESC in a title would run on the reader's terminal.
    if not r.hits:
        click.echo("No matching articles.")
    for rank, h in enumerate(r.hits, 1):
        click.echo(f"{rank:>2}. {plain(h.id):<8} {h.score:6.2f}  {one_line(h.title)}")
        # How it matched comes first on the second line: the score alone cannot tell a
        # quoted message from a few words in common.
        label = strings.MATCH_LABELS[h.match]
        click.echo(f"    {label} · {product_line(h.record)} · {plain(h.modified or '')}")
    if r.weak:
        click.echo(strings.SEARCH_WEAK)
    if r.suggestions:
        click.echo(f"Did you mean: {plain(r.suggestions[0])}")
    for name, items in r.facets.items():
        click.echo(f"{name}: " + ", ".join(f"{one_line(v)} ({c})" for v, c in items[:8]))
    click.echo(f"({r.took_ms:.0f} ms)", err=True)


@click.command()
@click.argument("article_id")
@INDEX_OPTION
@format_option(
    "text",
    "json",
    "jsonl",
    "markdown",
    help="text or markdown: for people; json, jsonl: the record on one line (the same bytes).",
)
def show(article_id: str, index_dir: Path | None, fmt: str) -> None:
    """Print one article of the index (by id, e.g. Q253729)."""
    from kbassist.kbparse.ids import canonical_id
    from kbassist.kbparse.record import to_json

    from .render import as_markdown, as_text

    kb = _open(index_dir)
    art_id = canonical_id(article_id) or article_id.strip()
    article = kb.get(art_id)
    if article is None:
        fail(strings.NOT_IN_INDEX.format(id=art_id, index=kb.path), ExitCode.FAILED)
    if fmt in ("json", "jsonl"):
        sys.stdout.buffer.write(to_json(article) + b"\n")
    elif fmt == "markdown":
        click.echo(plain(as_markdown(article)), nl=False)
    else:
        click.echo(plain(as_text(article, kb.sources(art_id))), nl=False)


@click.command()
@INDEX_OPTION
@format_option(
    "table", "json", "jsonl", help="table: for people; json: one array; jsonl: one product a line."
)
def products(index_dir: Path | None, fmt: str) -> None:
    """List the products in the index with their number of articles."""
    from kbassist.index.search import products as list_products

    kb = _open(index_dir)
    items = list_products(kb)
    if fmt == "jsonl":
        for p, c in items:
            sys.stdout.write(json.dumps({"product": p, "count": c}, ensure_ascii=False) + "\n")
        return
    if fmt == "json":
        click.echo(
            json.dumps([{"product": p, "count": c} for p, c in items], ensure_ascii=False, indent=1)
        )
        return
    for p, c in items:
        click.echo(f"{c:>7,}  {one_line(p)}")
