"""Processes as the tests see them through Linux's /proc: children, alive, gone."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path


def children(pid: int) -> list[int]:
    """Process ids whose parent is `pid` (empty where /proc is not Linux's)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def still_running(pids: list[int], seconds: float) -> list[int]:
    """Those of `pids` still running after waiting up to `seconds` for them to go."""
    deadline = time.monotonic() + seconds
    left = [p for p in pids if running(p)]
    while left and time.monotonic() < deadline:
        time.sleep(0.1)
        left = [p for p in left if running(p)]
    return left


def named(text: str) -> list[int]:
    """Processes whose command line holds `text` (an index folder: an ingest and its forks)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if text.encode() in cmdline.read_bytes():
                found.append(int(cmdline.parent.name))
        except OSError:
            continue
    return found


def kbassist_child(
    args: list[str],
    cwd: Path,
    crash_at: str | None = None,
    prelude: str = "",
    drop: tuple[str, ...] = (),
) -> int:
    """`kbassist ARGS` in a child process, killed at a kill point when asked
    (KBASSIST_CRASH_AT, index/crash.py); `prelude` runs first in the child (a test's
    smaller parts), `drop` names environment variables the child must not inherit.
    Its exit status; a traceback on its stderr fails the test."""
    env = {k: v for k, v in os.environ.items() if k != "KBASSIST_CRASH_AT" and k not in drop}
    if crash_at:
        env["KBASSIST_CRASH_AT"] = crash_at
    code = "; ".join(s for s in ("import sys", prelude, "from kbassist.tui.cli import main") if s)
    code += "; sys.argv[0] = 'kbassist'; main()"
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode
