"""`kbassist parse --jobs N`: the same bytes, in the same order, as one process; errors
reported the same way; memory bounded; no worker outlives the parse."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import tarfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from kbassist.tui import parse_jobs
from kbassist.tui.parse_jobs import Failure, parse_inputs

from articles import txt_article
from kbfixtures import write_many
from processes import children, still_running

ROOT = Path(__file__).resolve().parent.parent
ENV = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}


def kbassist(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "kbassist", *args],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
        env=ENV,
    )


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """More articles than one chunk holds (so the workers do run), a bad file and an
    empty one among them, and an archive in the folder."""
    root = tmp_path_factory.mktemp("jobs")
    write_many(root / "many", 150)
    (root / "many" / "Q910040x.TXT").write_text("Hello, this is not an article.\n")
    (root / "many" / "Q910090x.TXT").write_bytes(b"")
    with tarfile.open(root / "many" / "more.tar.gz", "w:gz") as tar:
        for k in range(40):
            path = root / f"Q92{k:04d}.TXT"
            path.write_text(txt_article(f"Q92{k:04d}"))
            tar.add(path, arcname=f"kb/Q92{k:04d}.TXT")
    with zipfile.ZipFile(root / "many" / "zz.zip", "w") as zf:
        zf.writestr("kb/Q930001.TXT", txt_article("Q930001"))
        zf.writestr("kb/Q930002.TXT", "Not an article either.\n")
    return root / "many"


def _errors(stderr: bytes) -> list[bytes]:
    return [line for line in stderr.splitlines() if line.startswith(b"error: ")]


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_jobs_give_the_bytes_of_one_process(inputs: Path, fmt: str) -> None:
    one = kbassist("parse", str(inputs), "--format", fmt, "--jobs", "1")
    assert one.returncode == 1, one.stderr
    assert len(_errors(one.stderr)) == 3
    for jobs in ("2", "3"):
        many = kbassist("parse", str(inputs), "--format", fmt, "--jobs", jobs)
        assert many.returncode == 1, many.stderr
        assert many.stdout == one.stdout
        assert _errors(many.stderr) == _errors(one.stderr)
    default = kbassist("parse", str(inputs), "--format", fmt)
    assert default.returncode == 1 and default.stdout == one.stdout


def test_records_come_in_input_order_and_errors_in_the_same_words(inputs: Path) -> None:
    done = kbassist("parse", str(inputs), "--jobs", "3")
    ids = [json.loads(line)["id"] for line in done.stdout.splitlines()]
    # os.walk order as iter_inputs walks it: sorted names, archives where they stand.
    assert ids == [
        *(f"Q{910000 + k}" for k in range(150)),
        *(f"Q92{k:04d}" for k in range(40)),
        "Q930001",
    ]
    errors = _errors(done.stderr)
    assert errors[0].endswith(
        b"Q910040x.TXT:1: not a KB article (expected 'DOCUMENT:Q...', "
        b"a kbarchive Markdown page or HTML page)"
    )
    assert errors[1].endswith(b"Q910090x.TXT: empty file")
    assert errors[2].startswith(b"error: kb/Q930002.TXT:1: not a KB article")


def test_all_good_exits_0_and_a_small_input_needs_no_workers() -> None:
    done = kbassist("parse", "data/Q253729.TXT", "--jobs", "4")
    assert done.returncode == 0 and done.stderr == b""
    assert json.loads(done.stdout)["id"] == "Q253729"


def test_jobs_must_be_a_positive_number() -> None:
    assert kbassist("parse", "data/Q253729.TXT", "--jobs", "0").returncode == 2


def test_memory_stays_bounded_inputs_are_read_only_a_few_chunks_ahead(
    inputs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parse_jobs, "CHUNK", 4)
    monkeypatch.setattr(parse_jobs, "IN_FLIGHT", 2)
    real = parse_jobs.iter_inputs
    read = [0]

    def counted(paths: list[str]) -> Iterator[object]:
        for item in real(paths):
            read[0] += 1
            yield item

    monkeypatch.setattr(parse_jobs, "iter_inputs", counted)
    jobs = 2
    ahead = []
    expected = list(parse_inputs([str(inputs)], jobs=1))
    read[0] = 0
    got = []
    for n, outcome in enumerate(parse_inputs([str(inputs)], jobs=jobs), 1):
        got.append(outcome)
        ahead.append(read[0] - n)
    assert got == expected
    assert sum(isinstance(o, Failure) for o in got) == 3
    # At most jobs * IN_FLIGHT chunks on their way, plus the one being cut.
    assert max(ahead) <= 4 * (jobs * 2 + 1)


def test_stopping_early_stops_the_workers(inputs: Path) -> None:
    """What a closed stdout does (`kbassist parse big | head`; tests/test_cli.py runs it)."""
    outcomes = parse_inputs([str(inputs)], jobs=2)
    next(outcomes)
    assert multiprocessing.active_children()
    outcomes.close()
    assert multiprocessing.active_children() == []


def test_workers_of_a_killed_parse_leave(tmp_path: Path) -> None:
    write_many(tmp_path / "in", 400)
    # Nobody reads stdout: the parse blocks on a full pipe with its workers waiting.
    proc = subprocess.Popen(
        [sys.executable, "-m", "kbassist", "parse", str(tmp_path / "in"), "--jobs", "2"],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while len(workers) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
            workers = children(proc.pid)
        assert len(workers) == 2, "the parse started no workers"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert proc.stdout is not None
        proc.stdout.close()
    workers = still_running(workers, 10)
    assert not workers, f"orphaned parse workers still running: {workers}"


def test_no_fork_on_the_single_process_path(monkeypatch: pytest.MonkeyPatch, inputs: Path) -> None:
    def no_fork() -> int:
        raise AssertionError("--jobs 1 must not start workers")

    monkeypatch.setattr(os, "fork", no_fork)
    assert len(list(parse_inputs([str(inputs)], jobs=1))) == 150 + 2 + 40 + 2
