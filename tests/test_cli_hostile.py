"""The command line on bad input and a bad output: one clear line each, a documented exit
status, and the rest of the work still done."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kbfixtures import build_fixture_index

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture_index(tmp_path_factory.mktemp("hostile-cli"))


def kbassist(
    *args: str | bytes, stdin: bytes = b"", stdout: object = subprocess.PIPE
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "kbassist", *args],
        input=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        timeout=120,
    )


def test_batch_reports_bad_lines_and_searches_the_rest(index_dir: Path, tmp_path: Path) -> None:
    batch = tmp_path / "tickets.jsonl"
    batch.write_bytes(
        b"spooler share unavailable\n"
        b"{not json\n"
        b'{"question": "no query field"}\n'
        b'["a", "list"]\n'
        b"\xff\xfe spooler \xc3 share\n"  # not UTF-8
        b'{"query": "\\ud800 spooler share", "ticket": 7}\n'  # a lone surrogate
        b'{"query": "STOP 0x0000001E"}\n'
    )
    done = kbassist("search", "--batch", str(batch), "--index", str(index_dir), "-n", "3")
    err = done.stderr.decode()
    assert done.returncode == 1, err
    assert "Traceback" not in err
    assert f"{batch}:2: not JSON" in err
    assert f"{batch}:3: no string `query` field" in err
    assert f"{batch}:4: no string `query` field" in err
    assert f"{batch}:5: not valid UTF-8" in err
    lines = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [line["qid"] for line in lines] == [1, 5, 6, 7]
    assert lines[2]["ticket"] == 7 and "\ufffd" in lines[2]["query"]
    assert all(line["results"] for line in lines)
    assert lines[3]["results"][0]["id"] == "Q900102"


def test_a_batch_file_that_cannot_be_read_is_a_usage_error(index_dir: Path, tmp_path: Path) -> None:
    done = kbassist("search", "--batch", str(tmp_path / "nope.jsonl"), "--index", str(index_dir))
    assert done.returncode == 2
    assert done.stderr.decode().strip().startswith("error: cannot read")


@pytest.mark.parametrize("how", ["argv", "stdin"])
def test_a_query_that_is_not_utf8_is_searched(index_dir: Path, how: str) -> None:
    paste = b"spooler share \xff\xfe unavailable"
    args: list[str | bytes] = ["search", "--index", str(index_dir), "--format", "json"]
    done = kbassist(*args, paste) if how == "argv" else kbassist(*args, stdin=paste)
    assert done.returncode == 0, done.stderr.decode()
    out = json.loads(done.stdout)
    assert out["results"][0]["id"] == "Q900101"


@pytest.mark.parametrize(
    "args",
    [
        ["search", "spooler"],
        ["search", "spooler", "--format", "json"],
        ["show", "Q900101"],
        ["products"],
        ["export"],
        ["parse", "data/Q253729.TXT"],
    ],
)
def test_a_full_disk_on_stdout_is_one_line_and_exit_1(index_dir: Path, args: list[str]) -> None:
    if args[0] != "parse":
        args = [*args, "--index", str(index_dir)]
    with open("/dev/full", "wb") as full:
        done = kbassist(*args, stdout=full)
    err = done.stderr.decode()
    assert done.returncode == 1, err
    assert "Traceback" not in err and "Exception ignored" not in err
    assert err.strip().splitlines()[-1] == (
        "error: cannot write the output: No space left on device"
    )


def test_a_huge_paste_is_cut_with_a_warning(index_dir: Path, tmp_path: Path) -> None:
    paste = b"spooler share unavailable " + b"0123456789abcdef" * 200_000  # 3 MB of hex
    done = kbassist("search", "--index", str(index_dir), "--format", "json", stdin=paste)
    assert done.returncode == 0, done.stderr.decode()
    assert "only the first 20,000 are searched" in done.stderr.decode()
    assert json.loads(done.stdout)["results"][0]["id"] == "Q900101"
    batch = tmp_path / "big.jsonl"
    batch.write_bytes(b"spooler\n" + paste + b"\n")
    done = kbassist("search", "--batch", str(batch), "--index", str(index_dir))
    assert done.returncode == 0
    assert f"{batch}:2: the query is" in done.stderr.decode()
    assert len(done.stdout.splitlines()) == 2
