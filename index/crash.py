"""Kill points for tests: an ingest killed at each step of its commit, deterministically.

`KBASSIST_CRASH_AT=POINT` (or `POINT:N`, the N-th time) makes the process that reaches
that point kill itself with SIGKILL, as a power cut or `kill -9` would: no exception, no
clean-up, no `finally`. Tests and `benchmarks/faults.py kill` use it to check that the
index and its ledger never disagree afterwards and that the next ingest heals what the
kill left. Without the variable a point costs one dictionary look-up.

The points, in the order an ingest passes them:

    fed       a chunk of inputs handed to the workers (`fed:3`: the third)
    segments  every worker's segment written, none published yet
    losers    losing records marked deleted in the new segments
    toc       the new table of contents renamed into place, ledger not yet committed
    ledger    the ledger committed, not yet synced to disk
    synced    synced, small segments not yet merged
    merged    small segments merged
    semantic  the articles committed, the semantic model not yet brought in step
    embedded  a part of the articles' vectors renamed into place (`embedded:2`: the
              second part), the others not yet embedded (vectors.py)
    folded    vectors.npz written with every part's vectors, the parts not yet removed
"""

from __future__ import annotations

import os
import signal

ENV = "KBASSIST_CRASH_AT"
POINTS = (
    "fed",
    "segments",
    "losers",
    "toc",
    "ledger",
    "synced",
    "merged",
    "semantic",
    "embedded",
    "folded",
)
_passed: dict[str, int] = {}


def point(name: str) -> None:
    """Die here if the test asked for it."""
    wanted = os.environ.get(ENV)
    if not wanted:
        return
    where, _, nth = wanted.partition(":")
    if where != name:
        return
    _passed[name] = _passed.get(name, 0) + 1
    if _passed[name] >= int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)
