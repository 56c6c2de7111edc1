"""Processes as the tests see them through Linux's /proc: children, alive, gone."""

from __future__ import annotations

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
