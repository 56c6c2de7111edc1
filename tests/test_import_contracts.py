"""The layering `tui -> index -> kbparse` as import-linter contracts (pyproject.toml).

tests/test_headless.py proves in a fresh interpreter that the core loads no UI at run
time; these contracts check the static import graph, so an import hidden in a function
that no test happens to call is caught too.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept() -> None:
    lint = shutil.which("lint-imports")
    assert lint, "lint-imports not installed: pip install '.[test]'"
    done = subprocess.run(
        [lint, "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # Every contract was checked, none skipped for a typo in a module name.
    assert "0 broken" in done.stdout and "4 kept" in done.stdout, done.stdout
