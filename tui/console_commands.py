"""`kbassist tui`, `kbassist serve` and bare `kbassist`: the console from the command line.

Textual is imported inside the functions, never at module level: `kbassist search` and
`parse` must not pay for it (tests/test_headless.py checks).
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

import click

from . import strings
from .exit_codes import ExitCode, fail
from .index_commands import INDEX_OPTION


def has_terminal() -> bool:
    # textual-serve runs the console with pipes and its web driver; that counts.
    if os.environ.get("TEXTUAL_DRIVER"):
        return True
    return sys.stdin.isatty() and sys.stdout.isatty()


def run_console(index_dir: Path | None, first_run: bool = False) -> None:
    from . import paste_guard
    from .app import make_app

    paste_guard.install()  # a paste with ESC bytes arrives whole and in order
    app = make_app(index_dir, first_run=first_run)
    app.run()


def bare(ctx: click.Context) -> None:
    """`kbassist` alone: the console on the default index, first run included."""
    from kbassist.index.store import default_index_dir

    index_dir = default_index_dir()
    if has_terminal():
        run_console(index_dir, first_run=True)
        return
    # No screen (CI runs the README's first command this way): do the first-run work
    # that needs none, say why there is no console, show the help, succeed.
    from .sample import first_run

    click.echo(strings.CONSOLE_NO_TERMINAL)
    first_run(index_dir, click.echo)
    click.echo()
    click.echo(ctx.get_help())


@click.command()
@INDEX_OPTION
def tui(index_dir: Path | None) -> None:
    """Open the support console: paste an error message, read the article that fixes it.

    \b
    Keys are listed by F1 inside; Ctrl+P opens the command palette, Ctrl+Q quits.
    With no index, or an empty one, the console offers to ingest a path or the bundled
    sample; an index that cannot be opened is offered a rebuild.
    """
    if not has_terminal():
        fail(strings.CONSOLE_TUI_NO_TERMINAL, ExitCode.FAILED)
    from kbassist.index.store import default_index_dir

    run_console(index_dir or default_index_dir())


def serve_command(index_dir: Path) -> str:
    """The command textual-serve starts for each browser session."""
    return shlex.join([sys.executable, "-m", "kbassist", "tui", "--index", str(index_dir)])


@click.command()
@INDEX_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--token",
    envvar="KBASSIST_SERVE_TOKEN",
    show_envvar=True,
    metavar="TEXT",
    help="The secret the URL must carry (default: a new random one each launch); "
    "16 or more of A-Z a-z 0-9 . _ ~ -.",
)
def serve(index_dir: Path | None, host: str, port: int, token: str | None) -> None:
    """Serve the console to a browser (textual-serve), on this machine only by default.

    \b
    Each browser tab runs its own console process on the index. Open the URL printed at
    start, http://127.0.0.1:8000/?token=...: the page and its WebSocket need this
    launch's token (then a cookie carries it, so reloads work), on localhost too, since
    other local users and any web page in your browser can reach 127.0.0.1. The
    WebSocket accepts only a page this server served (its Origin); on a loopback address
    only the names localhost, 127.0.0.1 and [::1] are answered; anything else gets 403.
    Static files are served one by one, never a folder listing. --token (or
    KBASSIST_SERVE_TOKEN) fixes the token for scripts. --host 0.0.0.0 makes the console
    reachable from the network, guarded only by the token over plain http: do that only
    on a trusted network.
    """
    from kbassist.index.store import default_index_dir

    from . import serve_guard

    if token is None:
        token = serve_guard.new_token()
    elif (problem := serve_guard.token_problem(token)) is not None:
        raise click.BadParameter(problem, param_hint="'--token' / 'KBASSIST_SERVE_TOKEN'")
    index_dir = (index_dir or default_index_dir()).resolve()
    if not serve_guard.is_loopback(host):
        click.echo(strings.CONSOLE_SERVE_NETWORK.format(host=host, index=index_dir), err=True)
    url = serve_guard.start_url(host, port, token)
    click.echo(strings.CONSOLE_SERVE_URL.format(url=url), err=True)
    if serve_guard.is_wildcard(host):
        shown = serve_guard.start_url_host(host)
        click.echo(strings.CONSOLE_SERVE_URL_WILDCARD.format(shown=shown), err=True)
    guard = serve_guard.ServeGuard(host=host, port=port, token=token)
    serve_guard.guarded_server(serve_command(index_dir), guard, title="kbassist").serve()


def register(cli: click.Group) -> None:
    cli.add_command(tui)
    cli.add_command(serve)
