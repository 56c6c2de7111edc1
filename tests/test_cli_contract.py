"""What scripts rely on across the commands: `--format jsonl` wherever a program reads
JSON Lines, the exit statuses, messages and help that name only options that exist, and
a progress bar that never reaches a pipe."""

from __future__ import annotations

import ast
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kbassist.index.export import FORMATS
from kbassist.index.ingest import ingest
from kbassist.index.store import KbIndex
from kbassist.tui import strings
from kbassist.tui.cli import cli
from kbassist.tui.exit_codes import ExitCode
from kbassist.tui.progress import Progress

from kbfixtures import write_fixture_articles

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("contract")
    write_fixture_articles(root / "articles")
    with KbIndex.open(root / "index", create=True) as kb:
        ingest(kb, [str(root / "articles")], jobs=1)
    return root / "index"


def run(*args: str, stdin: str | None = None) -> click.testing.Result:
    return CliRunner().invoke(cli, list(args), input=stdin)


def lines(result: click.testing.Result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines()]


# -- --format jsonl ------------------------------------------------------------------------


def test_every_format_option_offers_jsonl() -> None:
    for name, command in cli.commands.items():
        for param in command.params:
            if "--format" not in getattr(param, "opts", ()):
                continue
            offered = param.type.choices if isinstance(param.type, click.Choice) else FORMATS
            assert "jsonl" in offered, name


def test_batch_search_takes_format_jsonl_and_writes_one_line_a_query(
    index_dir: Path, tmp_path: Path
) -> None:
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"query": "stop 1e", "ticket": 7}\nEvent ID 2011\n')
    plain = run("search", "--index", str(index_dir), "--batch", str(batch))
    jsonl = run("search", "--index", str(index_dir), "--batch", str(batch), "--format", "jsonl")
    assert jsonl.exit_code == 0, jsonl.output
    got = lines(jsonl)
    assert [(q["qid"], q["query"]) for q in got] == [(1, "stop 1e"), (2, "Event ID 2011")]
    assert got[0]["ticket"] == 7 and got[0]["results"]
    strip = [{k: v for k, v in q.items() if k != "took_ms"} for q in got]
    assert strip == [{k: v for k, v in q.items() if k != "took_ms"} for q in lines(plain)]


def test_search_jsonl_prints_the_json_results_one_a_line(index_dir: Path) -> None:
    query = ("search", "--index", str(index_dir), "stop 1e")
    as_json = json.loads(run(*query, "--format", "json").stdout)
    jsonl = run(*query, "--format", "jsonl")
    assert jsonl.exit_code == 0, jsonl.output
    assert as_json["results"]
    assert lines(jsonl) == as_json["results"]


def test_search_json_says_how_each_result_matched(index_dir: Path) -> None:
    """`match` beside `score` and `weak` at the top: what a ticket system reads to tell a
    fix from a guess (issue 15)."""
    quoted = json.loads(
        run("search", "--index", str(index_dir), "stop 0x1e", "--format", "json").stdout
    )
    first = quoted["results"][0]
    assert first["id"] == "Q900102" and first["match"] in ("code", "quote")
    assert quoted["weak"] is False
    assert {r["match"] for r in quoted["results"]} <= {"quote", "code", "words", "meaning", "weak"}
    unrelated = run(
        "search", "--index", str(index_dir), "the coffee machine leaks water", "--format", "json"
    )
    assert json.loads(unrelated.stdout)["weak"] is True
    batch = run("search", "--index", str(index_dir), "--batch", "-", stdin="stop 0x1e\n")
    line = lines(batch)[0]
    assert line["weak"] is False and line["results"][0]["match"] in ("code", "quote")


def test_search_jsonl_has_no_room_for_facets(index_dir: Path) -> None:
    r = run("search", "--index", str(index_dir), "stop 1e", "--format", "jsonl", "--facets")
    assert r.exit_code == ExitCode.USAGE
    assert "--facets goes with --format table or json" in r.output


def test_products_jsonl_is_the_json_array_one_a_line(index_dir: Path) -> None:
    as_json = json.loads(run("products", "--index", str(index_dir), "--format", "json").stdout)
    jsonl = run("products", "--index", str(index_dir), "--format", "jsonl")
    assert jsonl.exit_code == 0 and as_json
    assert lines(jsonl) == as_json


def test_show_jsonl_is_the_record_on_one_line(index_dir: Path) -> None:
    as_json = run("show", "--index", str(index_dir), "Q900101", "--format", "json")
    jsonl = run("show", "--index", str(index_dir), "Q900101", "--format", "jsonl")
    assert jsonl.exit_code == 0
    assert jsonl.stdout_bytes == as_json.stdout_bytes
    assert [r["id"] for r in lines(jsonl)] == ["Q900101"]


# -- exit statuses -------------------------------------------------------------------------


def test_exit_statuses_are_the_documented_ones() -> None:
    assert {c.name: int(c) for c in ExitCode} == {"OK": 0, "FAILED": 1, "USAGE": 2, "NO_INDEX": 3}
    readme = (ROOT / "README.md").read_text()
    table = dict(re.findall(r"^\| (\d) \| (.+?) \|$", readme, flags=re.M))
    assert sorted(table) == ["0", "1", "2", "3"]


def test_commands_end_through_exit_codes_only() -> None:
    """No `sys.exit(1)` or `exit(3)` anywhere in tui/ but the one place (a forked parse
    worker leaves with os._exit: that is no command's exit)."""
    for path in sorted((ROOT / "tui").rglob("*.py")):
        if path.name == "exit_codes.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                name = ast.unparse(node.func)
                assert name not in ("sys.exit", "exit", "quit", "ctx.exit"), (path, name)


def test_the_exit_statuses_of_real_runs(index_dir: Path, tmp_path: Path) -> None:
    assert run("show", "--index", str(index_dir), "Q1").exit_code == ExitCode.FAILED
    assert run("search", "--index", str(tmp_path / "none"), "x").exit_code == ExitCode.NO_INDEX
    assert run("products", "--format", "xml").exit_code == ExitCode.USAGE
    assert run("parse", str(ROOT / "data" / "Q253729.TXT")).exit_code == ExitCode.OK


# -- options named in messages and help ----------------------------------------------------

_OPTION = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")
# `kbassist CMD ...` up to the end of its line, code span or shell comment.
_INVOCATION = re.compile(r"\bkbassist[ \t]+([a-z]+)\b([^`\n#;]*)")


def _options(command: click.Command) -> set[str]:
    return {o for p in command.params for o in (*p.opts, *p.secondary_opts)} | {"--help"}


COMMANDS = dict(cli.commands)
ALL_OPTIONS = set().union(_options(cli), *map(_options, COMMANDS.values()))


def unknown_options(text: str, owner: click.Command | None = None) -> list[str]:
    """Options `text` names that do not exist: after `kbassist CMD`, not one of CMD's;
    elsewhere, not one of `owner`'s (a command's help), or of any command."""
    bad = []
    for name, rest in _INVOCATION.findall(text):
        if name in COMMANDS:
            bad += [o for o in _OPTION.findall(rest) if o not in _options(COMMANDS[name])]
    outside = _INVOCATION.sub("", text)
    known = _options(owner) if owner is not None else ALL_OPTIONS
    return bad + [o for o in _OPTION.findall(outside) if o not in known]


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, list | tuple):
        return [t for v in value for t in _texts(v)]
    return []


def test_the_check_finds_an_option_no_command_has() -> None:
    assert unknown_options("rebuild it with: kbassist ingest PATH... --rebuild") == []
    assert unknown_options("rebuild it with: kbassist ingest PATH... --rebiuld") == ["--rebiuld"]
    assert unknown_options("kbassist export --format jsonl > a && kbassist ingest a") == []
    # A `;` ends one command line: the next command's options are its own.
    assert unknown_options("kbassist check --index D; kbassist ingest P --rebuild") == []
    assert unknown_options("kbassist check --index D --rebuild") == ["--rebuild"]
    assert unknown_options("use --jobs", owner=COMMANDS["search"]) == ["--jobs"]
    assert unknown_options("--no-such-option goes with --format") == ["--no-such-option"]


def test_strings_name_only_options_that_exist() -> None:
    for name in dir(strings):
        if name.isupper():
            for text in _texts(getattr(strings, name)):
                assert unknown_options(text) == [], (name, text)


def test_help_names_only_options_the_command_has() -> None:
    assert unknown_options(cli.help or "", owner=cli) == []
    for name, command in COMMANDS.items():
        assert unknown_options(command.help or "", owner=command) == [], name
        for param in command.params:
            help_text = getattr(param, "help", None) or ""
            assert unknown_options(help_text, owner=command) == [], (name, param.name)


def _string_literals(path: Path) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.JoinedStr):
            out.append(
                "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            )
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            out.append(node.value)
    return out


def test_every_kbassist_command_line_in_the_code_and_readme_exists() -> None:
    """Messages from index/ (`no index at ...: kbassist ingest PATH... --index DIR`),
    docstrings and README's examples: each `kbassist CMD --option` must work."""
    for part in ("tui", "index", "kbparse"):
        for path in sorted((ROOT / part).rglob("*.py")):
            for text in _string_literals(path):
                bad = [
                    o
                    for name, rest in _INVOCATION.findall(text)
                    if name in COMMANDS
                    for o in _OPTION.findall(rest)
                    if o not in _options(COMMANDS[name])
                ]
                assert bad == [], (path, text)
    # A usage block's continuation lines (`    [--product P] ...`) belong to its command.
    readme = re.sub(r"\n[ \t]+(?=\[)", " ", (ROOT / "README.md").read_text())
    for name, rest in _INVOCATION.findall(readme):
        if name in COMMANDS:
            missing = [o for o in _OPTION.findall(rest) if o not in _options(COMMANDS[name])]
            assert missing == [], (name, rest)


# -- the progress bar ----------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_draws_on_a_terminal_and_echoes_above_it() -> None:
    term = _Terminal()
    with Progress("parsing", stream=term, delay=0) as bar:
        bar.update(5, 10, note="1 failed")
        bar.echo("error: x.txt: empty file")
        bar.phase("learning the semantic model")
    out = term.getvalue()
    assert "parsing" in out and "1 failed" in out and "5/10" in out
    assert "error: x.txt: empty file" in out and "learning the semantic model" in out


def test_progress_stays_silent_off_a_terminal_and_when_told() -> None:
    for stream, show in ((io.StringIO(), True), (_Terminal(), False)):
        with Progress("parsing", stream=stream, delay=0, show=show) as bar:
            bar.update(5, 10)
            bar.phase("learning")
        assert stream.getvalue() == ""


def test_a_parse_into_a_pipe_loads_no_ui_library_and_draws_nothing(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from kbassist.tui.cli import cli\n"
        "try:\n"
        "    cli(['parse', 'data/Q253729.TXT', 'data/Q253729.TXT'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('rich', 'textual') if m in sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.stderr == "[]\n"
    assert len(done.stdout.splitlines()) == 2
