"""A worker whose parent was killed leaves, even blocked where no timeout reaches it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from processes import running, still_running

CHILD = r"""
import os, sys, time
from kbassist.index.orphans import exit_with_parent
r, w = os.pipe()
parent = os.getpid()
pid = os.fork()
if pid == 0:
    exit_with_parent(parent)
    os.read(r, 1)  # blocks for good: the write end is open here and in the parent
    os._exit(3)
print(pid, flush=True)
time.sleep(600)
"""


def test_a_worker_blocked_on_a_pipe_leaves_when_its_parent_is_killed() -> None:
    parent = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        worker = int(parent.stdout.readline())
        assert running(worker)
    finally:
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
    assert not still_running([worker], 15), "the orphaned worker is still blocked"
