"""`kbassist parse` and `kbassist schema` as scripts and people call them."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

from kbassist.kbparse.schema import render

from articles import txt_article

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kbassist", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )


def test_parse_bundled_sample_prints_one_jsonl_record() -> None:
    result = run("parse", "data/Q253729.TXT")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    rec = json.loads(lines[0])
    assert rec["id"] == "Q253729"
    assert rec["schema_version"] == 1
    assert rec["error_messages"] == [
        "An error occurred while connecting to <X>: the local device name is already in use."
    ]
    assert result.stderr == ""


def test_parse_json_array_folder_and_zip(tmp_path: Path) -> None:
    (tmp_path / "Q1.TXT").write_text(txt_article("Q1"))
    with zipfile.ZipFile(tmp_path / "more.zip", "w") as zf:
        zf.writestr("kb/Q2.TXT", txt_article("Q2"))
    result = run("parse", "--format", "json", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert [r["id"] for r in json.loads(result.stdout)] == ["Q1", "Q2"]


def test_failures_go_to_stderr_one_line_each_and_the_rest_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(txt_article("Q1"))
    (tmp_path / "b.txt").write_text("Hello, this is not an article.\n")
    (tmp_path / "c.txt").write_bytes(b"")
    result = run("parse", str(tmp_path), str(tmp_path / "missing.txt"))
    assert result.returncode == 1
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == ["Q1"]
    errors = [x for x in result.stderr.splitlines() if x.startswith("error: ")]
    assert len(errors) == 3
    assert any("b.txt:1: not a KB article" in e for e in errors)
    assert any("c.txt: empty file" in e for e in errors)
    assert any("missing.txt: no such file" in e for e in errors)


def test_usage_errors_exit_2() -> None:
    assert run("parse").returncode == 2
    assert run("parse", "--format", "xml", "data/Q253729.TXT").returncode == 2


def test_help_teaches() -> None:
    result = run("parse", "--help")
    assert result.returncode == 0
    for words in ("--format", "archive", "Exit status", "kbassist parse data/Q253729.TXT"):
        assert words in result.stdout
    top = run()
    assert "parse" in top.stdout and "schema" in top.stdout


def test_schema_command_prints_the_shipped_schema() -> None:
    result = run("schema")
    assert result.returncode == 0
    assert result.stdout == render()
    assert json.loads(result.stdout)["$defs"]["Article"]["properties"]["id"]


def test_output_into_a_closed_pipe_is_not_an_error(tmp_path: Path) -> None:
    for k in range(300):
        (tmp_path / f"Q{k + 1}.TXT").write_text(txt_article(f"Q{k + 1}"))
    proc = subprocess.run(
        f"{sys.executable} -m kbassist parse {tmp_path} | head -n 1",
        shell=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert len(proc.stdout.splitlines()) == 1
    assert "Traceback" not in proc.stderr
