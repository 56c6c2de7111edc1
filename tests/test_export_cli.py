"""`kbassist export` on a small invented index: selection, round trip, refusals, exit codes."""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kbassist.index.export import FORMATS
from kbassist.index.ingest import ingest
from kbassist.index.search import search
from kbassist.index.store import KbIndex
from kbassist.kbparse.record import from_json
from kbassist.tui import export_commands

from kbfixtures import ARTICLES, write_fixture_articles

ROOT = Path(__file__).resolve().parent.parent
IDS = sorted(ARTICLES, key=lambda i: int(i[1:]))
QUERIES = [
    "Cannot reach PRNSRV07: the spooler share is unavailable right now.",
    "stop 1e",
    "0x80070005",
    "Event ID 2011",
    "mail client cannot open default folders",
    "Fltdrv.sys",
]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("exp")
    write_fixture_articles(root / "articles")
    with KbIndex.open(root / "index", create=True) as kb:
        assert ingest(kb, [str(root / "articles")], jobs=2).added == len(ARTICLES)
    return root / "index"


def export(index_dir: Path | None, *args: str, stdin: str | None = None) -> Result:
    """`kbassist export ARGS` in this process (stdout is bytes in `result.stdout_bytes`)."""
    cmd = [*args] if index_dir is None else ["--index", str(index_dir), *args]
    return CliRunner().invoke(export_commands.export, cmd, input=stdin)


def kbassist(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kbassist", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )


def ids_of(jsonl: bytes) -> list[str]:
    return [json.loads(line)["id"] for line in jsonl.splitlines()]


# -- selection ---------------------------------------------------------------------------


def test_whole_index_in_id_order_to_stdout(index_dir: Path) -> None:
    r = export(index_dir)
    assert r.exit_code == 0, r.output
    assert ids_of(r.stdout_bytes) == IDS
    assert export(index_dir, "-o", "-").stdout_bytes == r.stdout_bytes


def test_filters_choose_like_search(index_dir: Path) -> None:
    r = export(index_dir, "--product", "Invented Operating System")
    assert ids_of(r.stdout_bytes) == ["Q900102", "Q900104"]
    assert ids_of(export(index_dir, "--has-files").stdout_bytes) == ["Q900102"]
    assert ids_of(export(index_dir, "--since", "2001").stdout_bytes) == [
        "Q900101",
        "Q900103",
        "Q900105",
    ]
    assert ids_of(export(index_dir, "--until", "2000", "--has-files").stdout_bytes) == ["Q900102"]
    assert ids_of(export(index_dir, "--issue-type", "kbbug", "--area", "winnt").stdout_bytes) == IDS
    assert export(index_dir, "--product", "Nothing Like It").stdout_bytes == b""


def test_query_selects_the_result_list_in_rank_order(index_dir: Path) -> None:
    with KbIndex.open(index_dir) as kb:
        expected = [h.id for h in search(kb, "spooler share unavailable", limit=2).hits]
    r = export(index_dir, "spooler", "share", "unavailable", "-n", "2")
    assert r.exit_code == 0, r.output
    assert ids_of(r.stdout_bytes) == expected and len(expected) == 2
    assert ids_of(export(index_dir, "stop 1e", "--has-files").stdout_bytes) == ["Q900102"]
    # Only the filter's articles, whatever the ranking (the sentence encoder may list
    # the mail client's article as the nearest in meaning; no other may appear).
    assert set(
        ids_of(export(index_dir, "stop 1e", "--product", "Invented Mail Client").stdout_bytes)
    ) <= {"Q900105"}


def test_ids_file_in_file_order_with_unknown_ids_reported(index_dir: Path, tmp_path: Path) -> None:
    ids = tmp_path / "ids.txt"
    ids.write_text("# tickets of the week\n900103\nQ900101\n\nq900999\nnot-an-id\nQ900103\n")
    r = export(index_dir, "--ids", str(ids))
    assert ids_of(r.stdout_bytes) == ["Q900103", "Q900101"]
    assert r.exit_code == 1
    assert "error: Q900999 is not in the index" in r.stderr
    assert f"error: {ids}:6: 'not-an-id' is not an article id" in r.stderr
    # From stdin, and combined with a filter.
    r = export(index_dir, "--ids", "-", "--has-files", stdin="Q900101\nQ900102\n")
    assert r.exit_code == 0 and ids_of(r.stdout_bytes) == ["Q900102"]


# -- round trip ----------------------------------------------------------------------------


def test_jsonl_round_trip_gives_the_same_records_and_search_results(
    index_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "all.jsonl"
    r = kbassist("export", "--index", str(index_dir), "--format", "jsonl", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert f"{len(ARTICLES)} article(s) exported as jsonl to {out}" in r.stderr
    copy = tmp_path / "copy"
    r = kbassist("ingest", str(out), "--index", str(copy))
    assert r.returncode == 0, r.stderr
    with KbIndex.open(index_dir) as a, KbIndex.open(copy) as b:
        assert b.doc_count() == a.doc_count() == len(ARTICLES)
        for art_id in ARTICLES:
            assert b.get(art_id) == a.get(art_id)
        for q in QUERIES:
            ranked_a = [(h.id, h.score) for h in search(a, q).hits]
            ranked_b = [(h.id, h.score) for h in search(b, q).hits]
            assert ranked_a == ranked_b, q
            assert ranked_a, q
    # And the re-exported copy is byte for byte the export.
    again = export(copy)
    assert again.stdout_bytes == out.read_bytes()


# -- formats through the command ----------------------------------------------------------


def test_every_format_from_the_command(index_dir: Path, tmp_path: Path) -> None:
    for fmt in FORMATS:
        dest = tmp_path / f"all.{fmt}"
        r = export(index_dir, "--format", fmt, "-o", str(dest))
        assert r.exit_code == 0, (fmt, r.output)
        assert dest.stat().st_size > 0
    rows = list(csv.reader(io.StringIO((tmp_path / "all.csv").read_text(), newline="")))
    assert [row[0] for row in rows] == ["id", *IDS]


def test_csv_tables_and_options(index_dir: Path) -> None:
    r = export(index_dir, "--format", "csv", "--table", "files", "--no-headers")
    assert r.stdout_bytes == b'Q900102,Fltdrv.sys,,2000-03-14,09:15,45312,"45,312",x86\r\n'
    r = export(index_dir, "--format", "csv", "--table", "errors", "--excel")
    assert r.stdout_bytes.startswith(b'\xef\xbb\xbf"article_id","kind","text","value"\r\n')
    r = export(index_dir, "--format", "servicenow", "--excel", "--ids", "-", stdin="Q900101\n")
    assert r.exit_code == 0 and r.stdout_bytes.startswith(b"\xef\xbb\xbf")


def test_markdown_folder_with_trailing_slash(index_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    r = export(index_dir, "--format", "markdown", "-o", f"{folder}/")
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in folder.iterdir()) == [f"{i}.md" for i in IDS]
    assert (folder / "Q900101.md").read_text().startswith("# Q900101: Spooler Share")
    r = export(index_dir, "--format", "markdown", "-o", f"{folder}/")
    assert r.exit_code == 1 and "error:" in r.stderr and "--force" in r.stderr
    assert export(index_dir, "--format", "markdown", "-o", str(folder), "--force").exit_code == 0
    one = tmp_path / "one.html"
    assert export(index_dir, "--format", "html", "-o", str(one)).exit_code == 0
    assert one.read_text().count("<article id=") == len(ARTICLES)


def test_opensearch_mapping_needs_no_index(tmp_path: Path) -> None:
    r = export(tmp_path / "no-index", "--format", "opensearch", "--mapping")
    assert r.exit_code == 0, r.output
    mapping = json.loads(r.stdout_bytes)
    assert "id" in mapping["mappings"]["properties"]
    dest = tmp_path / "mapping.json"
    assert export(None, "--format", "opensearch", "--mapping", "-o", str(dest)).exit_code == 0
    assert json.loads(dest.read_text()) == mapping


def test_show_markdown_uses_the_export_renderer(index_dir: Path) -> None:
    from kbassist.index.export.documents import as_markdown

    r = kbassist("show", "Q900102", "--index", str(index_dir), "--format", "markdown")
    assert r.returncode == 0, r.stderr
    with KbIndex.open(index_dir) as kb:
        article = kb.get("Q900102")
        assert article is not None
        assert r.stdout == as_markdown(article)


def test_help_lists_every_format_and_teaches_with_examples() -> None:
    r = CliRunner().invoke(export_commands.export, ["--help"])
    assert r.exit_code == 0
    assert ", ".join(FORMATS) == export_commands._FORMATS_HELP
    for fmt in FORMATS:
        assert fmt in r.output
    assert r.output.count("kbassist export ") >= 6


# -- refusals and bad input -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "text"),
    [
        (["--format", "pdf"], 2, "error: unknown format 'pdf'; choose one of: jsonl, json"),
        (["--format", "csv", "--table", "rows"], 2, "error: unknown table 'rows'"),
        (["--table", "files"], 2, "error: --table goes with --format csv only"),
        (["--format", "json", "--excel"], 2, "error: --excel goes with --format csv or"),
        (["--format", "zendesk", "--no-headers"], 2, "error: --no-headers goes with"),
        (["--format", "csv", "--mapping"], 2, "error: --mapping goes with --format opensearch"),
        (["--format", "opensearch", "--mapping", "--has-files"], 2, "error: --mapping prints"),
        (["--since", "2002", "--until", "2000"], 2, "error: --since 2002 is after --until 2000"),
        (["--ids", "/no/such/ids.txt"], 2, "error: cannot read the ids file /no/such/ids.txt"),
        (["-o", "/no/such/folder/out.jsonl"], 1, "error: cannot write /no/such/folder/out.jsonl"),
        (["--format", "csv", "-o", "some/folder/"], 2, "names a folder"),
    ],
)
def test_bad_requests_get_an_error_line_and_an_exit_code(
    index_dir: Path, args: list[str], code: int, text: str
) -> None:
    r = export(index_dir, *args)
    assert r.exit_code == code, r.output
    assert text in r.stderr, r.stderr
    assert "Traceback" not in r.output


def test_existing_output_is_kept_without_force(index_dir: Path, tmp_path: Path) -> None:
    dest = tmp_path / "out.csv"
    dest.write_text("precious")
    r = export(index_dir, "--format", "csv", "-o", str(dest))
    assert r.exit_code == 1
    assert r.stderr.strip() == f"error: {dest} already exists; use --force to overwrite it"
    assert dest.read_text() == "precious"
    r = export(index_dir, "--format", "csv", "-o", str(dest), "--force")
    assert r.exit_code == 0 and dest.read_text().startswith("id,title")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]  # no temporary left


def test_force_replaces_only_regular_files(index_dir: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    target = tmp_path / "kept.csv"
    target.write_text("precious")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    for dest in (fifo, link):
        r = export(index_dir, "--format", "csv", "-o", str(dest), "--force")
        assert r.exit_code == 1, r.output
        assert (
            r.stderr.strip()
            == f"error: {dest} is not a regular file; only regular files are replaced"
        )
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and link.is_symlink()
    assert target.read_text() == "precious"
    r = export(index_dir, "--format", "csv", "-o", "/dev/null", "--force")
    assert r.exit_code == 1 and "not a regular file" in r.stderr


def test_a_killed_exports_temporary_file_is_removed_by_the_next_export(
    index_dir: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "all.jsonl"
    dead = tmp_path / ".all.jsonl.kbassist-dead1234.tmp"  # nobody holds its lock
    dead.write_bytes(b"half an export")
    live = tmp_path / ".all.jsonl.kbassist-live5678.tmp"  # an export writing right now
    live.write_bytes(b"being written")
    mine = tmp_path / ".all.jsonl.notes.tmp"  # not kbassist's: never touched
    mine.write_text("the user's")
    with open(live, "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        r = export(index_dir, "-o", str(dest))
    assert r.exit_code == 0, r.output
    assert not dead.exists() and live.exists() and mine.exists()
    assert len(ids_of(dest.read_bytes())) == len(ARTICLES)


def test_a_killed_folder_exports_temporary_files_are_removed(
    index_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "md"
    folder.mkdir()
    dead = folder / ".Q900001.md.kbassist-dead1234.tmp"
    dead.write_text("half")
    r = export(index_dir, "--format", "markdown", "-o", str(folder))
    assert r.exit_code == 0, r.output
    assert not dead.exists()
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]


def test_no_index_exits_3(tmp_path: Path) -> None:
    r = export(tmp_path / "nothing")
    assert r.exit_code == 3
    assert "error: no index at" in r.stderr and "kbassist ingest" in r.stderr


def test_real_process_exit_codes_and_broken_pipe(index_dir: Path) -> None:
    r = kbassist("export", "--index", str(index_dir), "--format", "bogus")
    assert r.returncode == 2 and r.stderr.startswith("error: unknown format")
    # A reader that goes away early (`| head -1`) is not an error.
    p = subprocess.run(
        f"{sys.executable} -m kbassist export --index {index_dir} --format markdown | head -1",
        shell=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert p.stdout == "# Q900101: Spooler Share Unavailable After Drive Mapping\n"
    assert "Traceback" not in p.stderr


def test_from_json_of_exported_records(index_dir: Path) -> None:
    for line in export(index_dir).stdout_bytes.splitlines():
        assert from_json(line).schema_version == 1
