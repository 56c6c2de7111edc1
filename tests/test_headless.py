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
        f"print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in {roots!r})))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def test_core_packages_do_not_load_textual_or_rich() -> None:
    setup = (
        "import kbparse, index, index.search, index.ingest\n"
        "from kbparse import parse_bytes\n"
        "parse_bytes(open('data/Q253729.TXT','rb').read(), 'x')"
    )
    assert _loaded(setup, ("textual", "rich", "tui")) == ""


def test_the_command_line_does_not_load_textual_for_parse() -> None:
    assert _loaded("from tui import cli", ("textual",)) == ""


def test_console_commands_do_not_load_textual_until_the_console_starts() -> None:
    assert _loaded("from tui import cli, console_commands", ("textual", "textual_serve")) == ""


def test_core_modules_of_the_console_do_not_load_textual() -> None:
    setup = "import tui.core, tui.safe, tui.fix, tui.clipboard, tui.sample, index.browse"
    assert _loaded(setup, ("textual",)) == ""


def test_the_browse_and_export_modules_of_the_index_load_no_ui() -> None:
    assert _loaded("import index.browse, index.export", ("textual", "rich", "tui")) == ""
