"""Crash safety and one writer at a time, with real processes and real signals."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kbassist.index.store import KbIndex

from kbfixtures import write_many
from processes import children, still_running

ROOT = Path(__file__).resolve().parent.parent
# Without the sentence encoder: these ingests of 1,500 articles test the commit and the
# lock, and embedding them would cost the suite a minute (tests/test_vectors.py kills an
# ingest while it embeds).
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "KBASSIST_ENCODER": "off"}


def _ingest_cmd(src: Path, ix: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "kbassist", "ingest", str(src), "--index", str(ix), *extra]


def _state(ix: Path) -> tuple[int, int]:
    """(documents, distinct ids) as a fresh reader sees them."""
    with KbIndex.open(ix) as kb:
        s = kb.searcher()
        ids = [d["id"] for d in s.documents()]
        return len(ids), len(set(ids))


@pytest.mark.parametrize("delay", [0.4, 1.0, 1.8, 2.6])
def test_kill_9_leaves_the_previous_index_and_the_next_ingest_finishes(
    tmp_path: Path, delay: float
) -> None:
    first, second = tmp_path / "first", tmp_path / "all"
    write_many(first, 300)
    write_many(second, 1500)  # the same first 300 ids and contents, then 1,200 more
    ix = tmp_path / "ix"
    subprocess.run(_ingest_cmd(first, ix), env=ENV, check=True, capture_output=True)
    assert _state(ix) == (300, 300)

    proc = subprocess.Popen(_ingest_cmd(second, ix), env=ENV, stderr=subprocess.PIPE)
    time.sleep(delay)
    workers = children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    docs, distinct = _state(ix)
    assert docs == distinct, "a reader saw duplicates"
    assert docs in (300, 1500), f"a reader saw a half-written index ({docs} documents)"

    done = subprocess.run(_ingest_cmd(second, ix), env=ENV, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert _state(ix) == (1500, 1500)
    # The killed ingest's workers notice and leave; none lingers holding memory.
    workers = still_running(workers, 10)
    assert not workers, f"orphaned ingest workers still running: {workers}"


def test_a_second_ingest_waits_or_refuses_clearly(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_many(src, 20)
    ix = tmp_path / "ix"
    kb = KbIndex.open(ix, create=True)
    with kb.writing():
        refused = subprocess.run(
            _ingest_cmd(src, ix, "--no-wait"), env=ENV, capture_output=True, text=True, timeout=60
        )
        assert refused.returncode == 3
        assert "another ingest" in refused.stderr
        waiting = subprocess.Popen(_ingest_cmd(src, ix), env=ENV, stderr=subprocess.PIPE, text=True)
        # The lock is let go only once the child says it waits for it: a child slow to
        # start on a loaded machine would otherwise find the lock free and prove nothing.
        said: list[str] = []
        reader = threading.Thread(target=lambda: said.extend(iter(waiting.stderr.readline, "")))
        reader.start()
        deadline = time.monotonic() + 60
        while not any("waiting" in line for line in said) and time.monotonic() < deadline:
            assert waiting.poll() is None, f"the second ingest did not wait: {''.join(said)}"
            time.sleep(0.05)
        assert any("waiting" in line for line in said), "the second ingest never said it waits"
    waiting.wait(timeout=60)
    reader.join(timeout=10)
    assert waiting.returncode == 0, "".join(said)
    assert _state(ix) == (20, 20)
    kb.close()


def test_two_first_ingests_into_a_new_folder_both_succeed(tmp_path: Path) -> None:
    """The second waits for the first instead of calling the new index damaged."""
    src = tmp_path / "src"
    write_many(src, 200)
    ix = tmp_path / "new" / "index"
    procs = [
        subprocess.Popen(
            _ingest_cmd(src, ix), cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=180) for p in procs]
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err.decode()
        assert b"Traceback" not in err and b"damaged" not in err
    assert _state(ix) == (200, 200)
