"""The console from the command line: bare `kbassist` without a terminal (as CI runs the
README's first command), `kbassist tui`, `kbassist serve`; and the console's headless
parts (browse tree, fix text, clipboard fallback, control characters)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from kbassist.index.browse import NodeKey, articles, field_counts, node_contains, tree
from kbassist.index.store import KbIndex
from kbassist.tui import cli as cli_module
from kbassist.tui.clipboard import fallback_copy
from kbassist.tui.fix import fix_markdown, fix_text
from kbassist.tui.safe import highlighted, paste_words, plain
from kbassist.tui.sample import sample_dir

from kbfixtures import HOSTILE, build_tui_index

ROOT = Path(__file__).resolve().parent.parent


def kbassist(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kbassist", *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", **env},
    )


def test_bare_kbassist_without_a_terminal_does_the_first_run_and_succeeds(
    tmp_path: Path,
) -> None:
    env = {"KBASSIST_INDEX": str(tmp_path / "idx"), "HOME": str(tmp_path)}
    first = kbassist(env=env, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[0].startswith("kbassist: the console needs a terminal")
    assert "ingested 1 article(s) from the bundled sample" in first.stdout
    assert "Usage: kbassist" in first.stdout and "serve" in first.stdout
    again = kbassist(env=env, cwd=tmp_path)
    assert again.returncode == 0
    assert f"the index at {tmp_path / 'idx'} holds 1 articles" in again.stdout
    # The ingested sample is searchable.
    found = kbassist("search", "the local device name is already in use", env=env, cwd=tmp_path)
    assert found.stdout.lstrip().startswith("1. Q253729")


def test_bare_kbassist_with_a_broken_index_still_exits_0(tmp_path: Path) -> None:
    idx = tmp_path / "idx"
    KbIndex.open(idx, create=True).close()
    (idx / "kbassist.json").write_text('{"index_version": 999}\n')
    (idx / "whoosh").mkdir(exist_ok=True)
    done = kbassist(env={"KBASSIST_INDEX": str(idx), "HOME": str(tmp_path)}, cwd=tmp_path)
    assert done.returncode == 0
    assert "the index cannot be used" in done.stdout


def test_tui_without_a_terminal_says_so(tmp_path: Path) -> None:
    done = kbassist("tui", "--index", str(tmp_path), env={"HOME": str(tmp_path)}, cwd=tmp_path)
    assert done.returncode == 1
    assert "needs a terminal" in done.stderr and "Traceback" not in done.stderr


class _FakeServer:
    made: ClassVar[list[tuple[str, str, int]]] = []

    def __init__(self, command: str, host: str, port: int, title: str | None = None) -> None:
        self.made.append((command, host, port))

    def serve(self) -> None:
        pass


@pytest.mark.parametrize(
    ("host", "warned"), [("127.0.0.1", False), ("localhost", False), ("0.0.0.0", True)]
)
def test_serve_binds_localhost_unless_told_and_warns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, host: str, warned: bool
) -> None:
    import textual_serve.server

    from kbassist.tui.cli import cli

    _FakeServer.made = []
    monkeypatch.setattr(textual_serve.server, "Server", _FakeServer)
    result = CliRunner().invoke(
        cli, ["serve", "--index", str(tmp_path), "--host", host, "--port", "8123"]
    )
    assert result.exit_code == 0, result.output
    command, got_host, port = _FakeServer.made[0]
    assert (got_host, port) == (host, 8123)
    assert command.endswith(f"-m kbassist tui --index {tmp_path.resolve()}")
    assert ("reachable from the network" in result.output) is warned


def test_serve_defaults_to_localhost(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import textual_serve.server

    from kbassist.tui.cli import cli

    _FakeServer.made = []
    monkeypatch.setattr(textual_serve.server, "Server", _FakeServer)
    result = CliRunner().invoke(cli, ["serve", "--index", str(tmp_path)])
    assert result.exit_code == 0
    assert _FakeServer.made[0][1:] == ("127.0.0.1", 8000)


def test_the_bundled_sample_is_found() -> None:
    folder = sample_dir()
    assert folder is not None and (folder / "Q253729.TXT").is_file()


# -- headless parts ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KbIndex:
    index = build_tui_index(tmp_path_factory.mktemp("core"))
    yield index
    index.close()


def test_browse_tree_counts_and_newest_first(kb: KbIndex) -> None:
    t = tree(kb)
    assert t.total == 8
    winnt = next(a for a in t.areas if a.name == "winnt")
    assert winnt.count == 8
    counts = {p.name: p.count for p in winnt.products}
    assert counts["Invented Print Server"] == 3
    assert counts["Invented Operating System"] == 2
    printer = next(p for p in winnt.products if p.name == "Invented Print Server")
    assert [(v.name, v.count) for v in printer.versions] == [("3.1", 3), ("3.11", 3)]
    rows = articles(kb, NodeKey("winnt", "Invented Print Server"))
    assert [r.id for r in rows] == ["Q900110", "Q900111", "Q900101"]
    assert [r.id for r in articles(kb, NodeKey("winnt", "Invented Print Server", "3.1"), 2)] == [
        "Q900110",
        "Q900111",
    ]
    assert tree(kb) is t  # cached per searcher
    assert node_contains(NodeKey("winnt", "Invented Print Server", "3.11"), rows[0].record)
    assert not node_contains(NodeKey("winnt", "Invented Print Server", "9.9"), rows[0].record)
    assert dict(field_counts(kb, "product"))["Invented Print Server"] == 3


def test_plain_removes_every_control_character_but_tab_and_newline() -> None:
    text = "a\x1b[31mb\x1b]52;c;aGk=\x07c\x9bd\x7fe\tf\ng\rh\x00"
    assert plain(text) == "a[31mb]52;c;aGk=cde\tf\ngh"


def test_highlighted_is_literal_and_marks_only_the_paste_words() -> None:
    t = highlighted(f"Cannot reach {HOSTILE['action']} server", paste_words("reach the server"))
    assert t.plain == "Cannot reach [@click=app.quit]OK[/] server"
    lit = sorted(t.plain[s.start : s.end] for s in t.spans)
    assert lit == ["reach", "server"]
    assert "the" not in paste_words("reach the server")


def test_fix_text_and_markdown(kb: KbIndex) -> None:
    article = kb.get("Q900110")
    text = fix_text(article)
    assert text.splitlines()[0] == "Q900110: Invented Spooler Stalls With Error 0x8004CAFE"
    assert "Error message:" in text and "queue file is locked" in text
    assert "RESOLUTION:" in text and "Install the hotfix" in text
    assert "Spoolq.dll" in text and "Files:" not in text  # the resolution lists it
    assert "CAUSE" not in text  # the fix, not the whole article
    md = fix_markdown(kb.get("Q900666"))
    assert "\x1b" not in md and "\\[boot\\]" in md


def test_clipboard_fallback_uses_a_tool_or_saves_a_file(tmp_path: Path) -> None:
    saved = fallback_copy("hello", tmp_path / "clip", ".md", tools=())
    assert saved.tool is None and saved.saved.read_text() == "hello"
    got = tmp_path / "got.txt"
    tool = tmp_path / "fakeclip"
    tool.write_text(f"#!/bin/sh\ncat > {got}\n")
    tool.chmod(0o755)
    used = fallback_copy("hi there", tmp_path / "clip", tools=((str(tool), (), None),))
    assert used.tool == str(tool) and got.read_text() == "hi there"
    # A tool that needs a display is skipped without one.
    env = os.environ.pop("DISPLAY", None)
    try:
        skipped = fallback_copy("x", tmp_path / "clip", tools=((str(tool), (), "DISPLAY"),))
    finally:
        if env is not None:
            os.environ["DISPLAY"] = env
    assert skipped.tool is None


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    build_tui_index(root).close()
    return root / "index"


@pytest.mark.parametrize(
    "args",
    [
        ["search", "quirkyglyph"],
        ["search", "quirkyglyph", "--facets"],
        ["show", "Q900666"],
        ["show", "Q900666", "--format", "markdown"],
        ["products"],
    ],
)
def test_no_control_byte_of_an_article_reaches_the_terminal(
    hostile_index: Path, args: list[str]
) -> None:
    """A record ingested from .jsonl is not cleaned by the parser: a screen clear or an
    OSC 52 clipboard write in its title must not run on the reader's terminal."""
    result = CliRunner().invoke(cli_module.cli, [*args, "--index", str(hostile_index)])
    assert result.exit_code == 0, result.output
    assert "Quirkyglyph" in result.stdout or "Invented" in result.stdout
    bad = [c for c in result.stdout if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0]
    assert not bad, f"control characters reached the terminal: {bad!r}"


def test_bare_kbassist_while_an_ingest_fills_the_empty_index(tmp_path: Path) -> None:
    """No traceback: the first run leaves the index to the ingest that is writing it."""
    index = tmp_path / "index"
    with KbIndex.open(index, create=True) as kb, kb.writing():
        done = subprocess.run(
            [sys.executable, "-m", "kbassist"],
            cwd=tmp_path,
            env={**os.environ, "KBASSIST_INDEX": str(index), "HOME": str(tmp_path)},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "another ingest is writing" in done.stdout
    with KbIndex.open(index) as kb:
        assert kb.doc_count() == 0
