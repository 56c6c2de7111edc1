"""kill -9 at every step of an ingest's commit: the index and its ledger never disagree,
nothing is stored twice or lost, and the next ingest finishes the work.

The kills come from the kill points the code offers for tests (index/crash.py,
`KBASSIST_CRASH_AT`), not from timing: each test kills the same step every run.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from kbassist.index.check import check, duplicate_count
from kbassist.index.crash import POINTS
from kbassist.index.store import KbIndex

from conftest import encoder_on
from kbfixtures import write_many
from processes import kbassist_child

# Two kill points (embedded, folded) are the encoder's: every run here embeds, as a user's.
_on = pytest.fixture(scope="module", autouse=True)(encoder_on)

BASE = 150
NEW = 140
CHANGED = 20


def kbassist_ingest(folder: Path, index: Path, crash_at: str | None = None) -> int:
    # Relative paths, from the folder above: a copied run keeps the sources the ledger
    # knows (a changed source replaces its own record).
    args = ["ingest", folder.name, "--index", str(index), "--jobs", "2"]
    return kbassist_child(args, folder.parent, crash_at)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("crash-base")
    write_many(root / "articles", BASE)
    assert kbassist_ingest(root / "articles", root / "index") == 0
    return root


def _ledger_ids(index: Path) -> set[str]:
    con = sqlite3.connect(index / "ledger.sqlite")
    try:
        return {row[0] for row in con.execute("SELECT id FROM articles")}
    finally:
        con.close()


def _index_ids(kb: KbIndex) -> list[str]:
    return [fields["id"] for fields in kb.searcher().all_stored_fields()]


@pytest.mark.parametrize("point", [*POINTS, "fed:2"])
def test_a_kill_at_each_commit_step_loses_nothing_and_stores_nothing_twice(
    base: Path, tmp_path: Path, point: str
) -> None:
    shutil.copytree(base, tmp_path / "run")
    articles, index = tmp_path / "run" / "articles", tmp_path / "run" / "index"
    new_ids = write_many(articles, NEW, seed=11, start=920000)
    changed = sorted(articles.glob("Q91*.TXT"))[:CHANGED]
    for path in changed:
        path.write_text(path.read_text().replace("TITLE   :Invented", "TITLE   :Revised", 1))
    expected = {f"Q{910000 + k}" for k in range(BASE)} | set(new_ids)

    assert kbassist_ingest(articles, index, crash_at=point) == -9, f"no kill at {point}"
    # Killed: what was there before is all still there, once each.
    with KbIndex.open(index) as kb:
        ids = _index_ids(kb)
        assert len(ids) == len(set(ids)), f"stored twice after a kill at {point}"
        assert {f"Q{910000 + k}" for k in range(BASE)} <= set(ids)

    # The next ingest finishes the work: every article once, the changed ones revised.
    assert kbassist_ingest(articles, index) == 0
    with KbIndex.open(index) as kb:
        ids = _index_ids(kb)
        assert sorted(ids) == sorted(expected), f"after a kill at {point}"
        assert duplicate_count(kb) == 0
        for path in changed:
            article = kb.get(path.stem)
            assert article is not None and article.title.startswith("Revised"), path.stem
    assert _ledger_ids(index) == expected
    report = check(index)
    assert report.findings == [], [f.detail for f in report.findings]
    # And the one after it has nothing left to do.
    assert kbassist_ingest(articles, index) == 0
    with KbIndex.open(index) as kb:
        assert sorted(_index_ids(kb)) == sorted(expected)
