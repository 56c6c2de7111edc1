"""`kbassist check [--repair]` and damaged indexes: reported as damaged, never as absent;
what can be mended is mended, and nothing that holds data is deleted."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kbassist.index.check import check, duplicate_count
from kbassist.index.search import search
from kbassist.index.store import IndexDamaged, KbIndex, record_json
from kbassist.tui.cli import cli

from kbfixtures import ARTICLES, build_fixture_index


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("check")
    build_fixture_index(root)
    return root


@pytest.fixture
def index(built: Path, tmp_path: Path) -> Path:
    shutil.copytree(built / "index", tmp_path / "index")
    return tmp_path / "index"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def _segments(index: Path) -> list[Path]:
    return sorted((index / "whoosh").glob("MAIN_*.seg"))


def _store_twice(index: Path, art_id: str) -> None:
    """An article stored a second time, as a crash between the two commits left it; the
    copy is an older version of the article (stored fields only), which repair drops."""
    with KbIndex.open(index) as kb:
        fields = kb.searcher().document(id=art_id)
        record = json.loads(record_json(fields["record"]))
        record["modified"] = "1990-01-01"
        # Stored as indexes before the focus terms held records: both forms are read.
        fields["record"] = zlib.compress(json.dumps(record).encode())
        writer = kb.ix.writer()
        writer.add_document(**fields)
        writer.commit()


def test_a_healthy_index_is_said_to_be_healthy(index: Path) -> None:
    r = run("check", "--index", str(index))
    assert r.exit_code == 0, r.output
    assert f"healthy, {len(ARTICLES)} article(s)" in r.stdout
    data = json.loads(run("check", "--index", str(index), "--format", "json").stdout)
    assert data["healthy"] is True and data["findings"] == []


def test_an_article_stored_twice_is_found_and_the_copy_dropped(index: Path) -> None:
    _store_twice(index, "Q900101")
    with KbIndex.open(index) as kb:
        assert duplicate_count(kb) == 1
    r = run("check", "--index", str(index))
    assert r.exit_code == 1 and "duplicate_ids" in r.stdout and "Q900101" in r.stdout
    r = run("check", "--index", str(index), "--repair")
    assert r.exit_code == 0, r.output
    with KbIndex.open(index) as kb:
        assert duplicate_count(kb) == 0
        assert kb.doc_count() == len(ARTICLES)
        ids = [h.id for h in search(kb, "spooler share unavailable", limit=20).hits]
        assert ids.count("Q900101") == 1


def test_the_ledger_follows_the_index(index: Path) -> None:
    con = sqlite3.connect(index / "ledger.sqlite")
    con.execute("DELETE FROM articles WHERE id = 'Q900101'")
    con.execute("INSERT INTO articles VALUES ('Q999999', 'gone.txt', 'abc', '2001-01-01')")
    con.commit()
    con.close()
    report = check(index)
    assert {f.kind for f in report.findings} == {"unlisted", "listed_missing"}
    assert check(index, repair=True).healthy
    con = sqlite3.connect(index / "ledger.sqlite")
    ids = {row[0] for row in con.execute("SELECT id FROM articles")}
    assert ids == set(ARTICLES)


def test_a_garbled_ledger_is_moved_aside_and_built_again(index: Path) -> None:
    ledger = index / "ledger.sqlite"
    data = bytearray(ledger.read_bytes())
    data[:100] = b"\xff" * 100  # the header
    ledger.write_bytes(bytes(data))
    r = run("search", "spooler", "--index", str(index))
    assert r.exit_code == 3 and "ledger" in r.stderr and "check --repair" in r.stderr
    assert "Traceback" not in r.output
    r = run("check", "--index", str(index), "--repair")
    assert r.exit_code == 0, r.output
    assert list(index.glob("ledger.sqlite.damaged-*")), "the damaged ledger is kept aside"
    assert check(index).healthy
    assert run("search", "spooler", "--index", str(index)).exit_code == 0


def test_leftovers_of_dead_runs_are_listed_and_removed_only_with_repair(index: Path) -> None:
    live = _segments(index)
    (index / "whoosh" / "MAIN-12345.tmp").mkdir()
    (index / "whoosh" / "MAIN-12345.tmp" / "x.seg").write_bytes(b"x" * 1000)
    (index / "whoosh" / "MAIN_deadbeef0000.seg").write_bytes(b"orphan")
    (index / ".semantic-1234.npz").write_bytes(b"")
    r = run("check", "--index", str(index))
    assert r.exit_code == 1 and "orphans" in r.stdout and "3 leftover" in r.stdout
    assert (index / "whoosh" / "MAIN_deadbeef0000.seg").exists()
    assert run("check", "--index", str(index), "--repair").exit_code == 0
    assert not (index / "whoosh" / "MAIN-12345.tmp").exists()
    assert not (index / "whoosh" / "MAIN_deadbeef0000.seg").exists()
    assert not (index / ".semantic-1234.npz").exists()
    assert _segments(index) == live


def test_a_lost_table_of_contents_is_damage_not_absence(index: Path, tmp_path: Path) -> None:
    for toc in (index / "whoosh").glob("_MAIN_*.toc"):
        toc.unlink()
    before = {p.name: p.stat().st_size for p in _segments(index)}
    assert before
    r = run("search", "spooler", "--index", str(index))
    assert r.exit_code == 3 and "damaged" in r.stderr and "no index" not in r.stderr
    assert "--rebuild" in r.stderr
    # An ingest must not write an empty index over the segments that hold the records.
    (tmp_path / "new").mkdir()
    r = run("ingest", str(tmp_path / "new"), "--index", str(index))
    assert r.exit_code == 3 and "damaged" in r.stderr
    assert {p.name: p.stat().st_size for p in _segments(index)} == before
    with pytest.raises(IndexDamaged):
        KbIndex.open(index, create=True)
    r = run("check", "--index", str(index), "--repair")
    assert r.exit_code == 3 and "no_toc" in r.stdout
    assert {p.name: p.stat().st_size for p in _segments(index)} == before


def test_a_truncated_segment_is_reported_as_damaged(index: Path) -> None:
    seg = max(_segments(index), key=lambda p: p.stat().st_size)
    seg.write_bytes(seg.read_bytes()[: seg.stat().st_size // 3])
    r = run("check", "--index", str(index))
    assert r.exit_code == 3, r.output
    assert "damaged" in r.output and "Traceback" not in r.output
    for command in (["search", "spooler share"], ["show", "Q900101"], ["export"]):
        r = run(*command, "--index", str(index))
        assert r.exit_code in (0, 3), (command, r.output)  # a segment not read is no harm
        assert "Traceback" not in r.output and "Aborted" not in r.output
        if r.exit_code == 3:
            assert "damaged" in r.stderr
