"""kbparse and index never import the UI: a fresh interpreter proves it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_core_packages_do_not_load_textual_or_rich() -> None:
    code = (
        "import sys, kbparse, index\n"
        "from kbparse import parse_bytes\n"
        "parse_bytes(open('data/Q253729.TXT','rb').read(), 'x')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'tui'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""


def test_the_command_line_does_not_load_textual_for_parse() -> None:
    code = (
        "import sys\n"
        "from tui import cli\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith('textual'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""
