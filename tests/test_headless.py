"""kbparse and index never import the UI: a fresh interpreter proves it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _loaded(setup: str, roots: tuple[str, ...]) -> str:
    """Run `setup` in a fresh interpreter; the loaded modules under `roots`, comma-joined."""
    code = (
        f"import sys\n{setup}\n"
        f"roots = {roots!r}\n"
        "print(','.join(sorted(m for m in sys.modules\n"
        "    if any(m == r or m.startswith(r + '.') for r in roots))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def test_core_packages_do_not_load_textual_or_rich() -> None:
    setup = (
        "import kbassist.kbparse, kbassist.index.search, kbassist.index.ingest\n"
        "from kbassist.kbparse import parse_bytes\n"
        "parse_bytes(open('data/Q253729.TXT','rb').read(), 'x')"
    )
    assert _loaded(setup, ("textual", "rich", "kbassist.tui")) == ""


def test_the_command_line_does_not_load_textual_for_parse() -> None:
    assert _loaded("from kbassist.tui import cli", ("textual",)) == ""


def test_console_commands_do_not_load_textual_until_the_console_starts() -> None:
    assert (
        _loaded("from kbassist.tui import cli, console_commands", ("textual", "textual_serve"))
        == ""
    )


def test_core_modules_of_the_console_do_not_load_textual() -> None:
    setup = (
        "import kbassist.tui.core, kbassist.tui.safe, kbassist.tui.fix, kbassist.tui.clipboard, "
        "kbassist.tui.sample, kbassist.index.browse"
    )
    assert _loaded(setup, ("textual",)) == ""


def test_the_browse_and_export_modules_of_the_index_load_no_ui() -> None:
    setup = "import kbassist.index.browse, kbassist.index.export"
    assert _loaded(setup, ("textual", "rich", "kbassist.tui")) == ""


def test_kbassist_web_never_loads_textual() -> None:
    """`kbassist web` is one process serving many browsers: the console's Textual (and
    textual-serve) have no place in it."""
    setup = (
        "from kbassist.tui import cli, web_commands\n"
        "import kbassist.tui.web.app, kbassist.tui.web.api, kbassist.tui.web.pages, "
        "kbassist.tui.web.openapi, kbassist.tui.web.service, kbassist.tui.web.params\n"
        "kbassist.tui.web.openapi.document(); kbassist.tui.web.pages.environment()"
    )
    assert _loaded(setup, ("textual", "textual_serve")) == ""
