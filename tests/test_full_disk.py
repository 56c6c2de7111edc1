"""A full disk: one clear line, a documented exit status, no hang, nothing lost, and the
next run (with room again) finishes the work. Runs on a small tmpfs (CI runs as root);
where mounting is refused the test is skipped, except under CI=true."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kbassist.index.check import check
from kbassist.index.store import KbIndex

from kbfixtures import write_many

CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    disk = tmp_path / "disk"
    disk.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(disk)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        reason = f"cannot mount a tmpfs here: {done.stderr.strip() or done.returncode}"
        if CI:
            pytest.fail(reason + " (CI runs as root and must be able to)")
        pytest.skip(reason)
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def kbassist(*args: str, timeout: int = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kbassist", *args],
        capture_output=True,
        text=True,
        timeout=timeout,  # a hang fails the test instead of the suite
        # Without the sentence encoder: 2,500 articles to embed would cost the suite
        # half a minute, and the disk fills up while the articles are written.
        env={**os.environ, "KBASSIST_ENCODER": "off"},
    )


def test_ingest_onto_a_full_disk_fails_cleanly_and_resumes(
    small_disk: Path, tmp_path: Path
) -> None:
    index = small_disk / "index"
    first = write_many(tmp_path / "first", 20)
    done = kbassist("ingest", str(tmp_path / "first"), "--index", str(index), "--jobs", "2")
    assert done.returncode == 0, done.stderr
    more = write_many(tmp_path / "more", 2500, seed=3, start=930000)

    done = kbassist("ingest", str(tmp_path / "more"), "--index", str(index), "--jobs", "2")
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "No space left on device" in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("error: the ingest failed:")
    # Nothing lost, nothing half-written, the lock released, no leftovers filling the disk.
    with KbIndex.open(index) as kb:
        assert sorted(f["id"] for f in kb.searcher().all_stored_fields()) == sorted(first)
    assert check(index).findings == []
    done = kbassist("ingest", str(tmp_path / "first"), "--index", str(index), "--no-wait")
    assert done.returncode == 0, done.stderr

    subprocess.run(["mount", "-o", "remount,size=256m", str(small_disk)], check=True)
    done = kbassist("ingest", str(tmp_path / "more"), "--index", str(index), "--jobs", "2")
    assert done.returncode == 0, done.stderr
    with KbIndex.open(index) as kb:
        ids = [f["id"] for f in kb.searcher().all_stored_fields()]
    assert sorted(ids) == sorted(first + more)
    assert check(index).findings == []


def test_export_onto_a_full_disk_leaves_nothing_behind(small_disk: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    write_many(tmp_path / "articles", 300)
    assert kbassist("ingest", str(tmp_path / "articles"), "--index", str(index)).returncode == 0
    (small_disk / "other.bin").write_bytes(b"x" * (2_900 * 1024))  # someone else's file
    dest = small_disk / "all.jsonl"
    done = kbassist("export", "--index", str(index), "-o", str(dest))
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "No space left on device" in done.stderr
    # Neither the target nor a temporary file; the other file untouched.
    assert [p.name for p in small_disk.iterdir()] == ["other.bin"]


def test_a_read_only_index_is_searched_and_an_ingest_says_why_not(
    small_disk: Path, tmp_path: Path
) -> None:
    index = small_disk / "index"
    write_many(tmp_path / "articles", 20)
    assert kbassist("ingest", str(tmp_path / "articles"), "--index", str(index)).returncode == 0
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    done = kbassist("search", "invented", "--index", str(index), "--format", "json")
    assert done.returncode == 0, done.stderr
    write_many(tmp_path / "more", 5, start=940000)
    done = kbassist("ingest", str(tmp_path / "more"), "--index", str(index))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "Read-only file system" in done.stderr
    assert kbassist("check", "--index", str(index)).returncode == 0
