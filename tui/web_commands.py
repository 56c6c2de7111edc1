"""`kbassist web`: the pages and JSON API of tui/web/, from the command line.

aiohttp and the web package are imported inside the command: `kbassist --help`, `parse`
and `search` do not pay for them.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import click

from . import strings
from .exit_codes import ExitCode, fail
from .index_commands import INDEX_OPTION


def _origin(value: str) -> str:
    """A CORS origin as browsers send it: scheme://host[:port], nothing else."""
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        port, parts = None, None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or parts.username is not None
    ):
        raise click.BadParameter(strings.WEB_BAD_CORS_ORIGIN.format(origin=value))
    host = parts.netloc.lower().rsplit("@", 1)[-1]
    default = {"http": 80, "https": 443}[parts.scheme]
    if port == default:
        host = host.rsplit(":", 1)[0]
    return f"{parts.scheme}://{host}"


@click.command()
@INDEX_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True)
@click.option(
    "--token",
    envvar="KBASSIST_WEB_TOKEN",
    show_envvar=True,
    metavar="TEXT",
    help="The secret every request must carry (?token=, a cookie, or `Authorization: Bearer`). "
    "Off loopback one is always required: a new random one each launch unless given; "
    "16 or more of A-Z a-z 0-9 . _ ~ -.",
)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    metavar="ORIGIN",
    help="Let pages of this origin (a ticket system, https://tickets.example.com) call the "
    "API from the browser. Repeatable. Default: none.",
)
@click.option(
    "--workers",
    type=click.IntRange(0, 64),
    default=None,
    metavar="N",
    help="Search processes forked from the warm server, sharing its memory: N searches "
    "run at once. 0: searches run in the server's own process, one at a time. "
    "Default: 2 on a machine with 2 or more cores, else 0.",
)
def web(
    index_dir: Path | None,
    host: str,
    port: int,
    token: str | None,
    cors_origins: tuple[str, ...],
    workers: int | None,
) -> None:
    """Serve the help desk's pages and a JSON API for ticket systems, from one process.

    \b
    The index is opened once and shared by every browser tab and client; an ingest into
    it is picked up without a restart (requests meanwhile are answered from the index as
    it was). Pages: / (paste, results, the first one's fix), /articles/Q253729,
    /browse. API: /api/search (GET ?q= or POST {"query": ...}), /api/articles/ID,
    /api/products, /api/facets, /api/export?format=csv&q=..., /api/health; its OpenAPI
    document is /openapi.json.

    \b
    Safe by default: it listens on 127.0.0.1 and answers only loopback names there.
    Any other --host requires a token (printed in the URL at start). Article text is
    always escaped; pages run no inline script; CORS is off unless --cors-origin.

    \b
    Examples:
      kbassist web
      kbassist web --index ./kbindex --port 9000
      kbassist web --workers 4
      kbassist web --host 0.0.0.0 --cors-origin https://tickets.example.com
    """
    # One BLAS thread a process, set before numpy loads: OpenBLAS starts a thread a core
    # and they spin while they wait, taking the core another search needs. Measured on 2
    # cores, long pastes at 4 clients: one process 8.2 -> 10.3 requests/s; 2 workers
    # 9.0 -> 19.1 requests/s, p95 612 -> 300 ms. A value already set is kept.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from kbassist.index.store import IndexProblem, default_index_dir

    from . import serve_guard

    if token is not None and (problem := serve_guard.token_problem(token)) is not None:
        raise click.BadParameter(problem, param_hint="'--token' / 'KBASSIST_WEB_TOKEN'")
    origins = frozenset(_origin(o) for o in cors_origins)
    index_dir = (index_dir or default_index_dir()).resolve()
    if not serve_guard.is_loopback(host):
        token = token or serve_guard.new_token()
        click.echo(strings.WEB_NETWORK.format(host=host, index=index_dir), err=True)

    from .web.app import WebConfig, open_app, run
    from .web.workers import worker_count

    config = WebConfig(
        host=host, port=port, token=token, cors_origins=origins, workers=worker_count(workers)
    )
    try:
        app = open_app(index_dir, config)
    except IndexProblem as e:
        fail(strings.WEB_NO_INDEX.format(error=e), ExitCode.NO_INDEX)
    if serve_guard.is_wildcard(host):
        shown = serve_guard.start_url_host(host)
        click.echo(strings.WEB_URL_WILDCARD.format(shown=shown), err=True)
    run(app, config, lambda line: click.echo(line, err=True))


def register(cli: click.Group) -> None:
    cli.add_command(web)
