"""`kbassist check [--repair]`: is an index whole, and can what is wrong be mended?

An index is two stores that must tell one truth: the Whoosh index (the records, one
document per article) and the ledger (which inputs were read, which source won per
article). A crash, a full disk or a damaged file can make them disagree; this module
finds out how, and repairs what can be repaired without losing anything:

- duplicate ids in Whoosh (one article stored twice): the later `modified` is kept (a tie
  keeps the later segment's copy, as an ingest would have), the others deleted;
- articles in Whoosh that the ledger does not list: listed again, from the stored record;
- articles the ledger lists but Whoosh does not hold: their ledger rows are dropped, so
  the next ingest of those inputs reads them again instead of calling them unchanged;
- a ledger that is not a database any more: moved aside and built again from the records;
- leftovers of dead runs (segment files no table of contents names, workers' temporary
  folders, half-written model and vector files): removed, under the writer's lock and
  only while a table of contents is readable (without one, those files are the only copy
  of the data). A killed run's finished parts of vectors (`vectors.part-*.npz`) are no
  leftovers: they are work done, which the next ingest (or `--repair`) folds in;
- the articles' vectors (vectors.py) against the ledger: a file that cannot be read is
  removed (the next ingest embeds the articles again), vectors of gone or changed
  articles dropped, parts folded in; articles without a vector are the next ingest's
  work (or `--repair`'s, when the encoder is installed).

What cannot be mended in place (no table of contents, a segment whose records cannot be
read) is reported as damaged, with the rebuild that helps: `kbassist ingest PATH...
--rebuild` moves the folder aside (never deletes it) and ingests afresh.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index

from .store import IndexProblem, KbIndex, unpack_record

_SEGMENT_FILE = re.compile(r"^MAIN_([0-9a-z]+)\.[A-Za-z0-9_.]+$")
_TOC_FILE = re.compile(r"^_MAIN_([0-9]+)\.toc$")
_TEMP_DIR = re.compile(r"^MAIN.*\.tmp$")
_MODEL_TEMP = re.compile(r"^\.(?:semantic|vectors)-.*\.npz$")
"""A half-written semantic model or vectors file (vectors.TEMP_PREFIX), never a finished
part of vectors (`vectors.part-*.npz`, work a killed run finished)."""


@dataclass
class Finding:
    kind: str
    """duplicate_ids, unlisted, listed_missing, ledger_damaged, orphans, unreadable,
    no_toc, version, vectors_unreadable, vectors_stale, vectors_parts, vectors_missing."""
    detail: str
    repairable: bool
    repaired: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "detail": self.detail,
            "repairable": self.repairable,
            "repaired": self.repaired,
        }


@dataclass
class CheckReport:
    path: Path
    articles: int = 0
    findings: list[Finding] = field(default_factory=list)
    vectors: dict[str, object] = field(default_factory=dict)
    """The articles' vectors: file (absent, readable, unreadable), articles, missing,
    stale, parts, in_parts, encoder (its state)."""

    @property
    def healthy(self) -> bool:
        return all(f.repaired for f in self.findings)

    @property
    def damaged(self) -> bool:
        """Something only a rebuild mends."""
        return any(not f.repairable for f in self.findings)

    def to_dict(self) -> dict[str, object]:
        return {
            "index": str(self.path),
            "articles": self.articles,
            "healthy": self.healthy,
            "damaged": self.damaged,
            "findings": [f.to_dict() for f in self.findings],
            "vectors": self.vectors,
        }


def _orphans(path: Path, live_segments: set[str], generation: int) -> list[Path]:
    """Files of the index folder that no table of contents needs: a dead run's remains."""
    wdir = path / "whoosh"
    out: list[Path] = []
    for entry in sorted(wdir.iterdir()):
        name = entry.name
        seg = _SEGMENT_FILE.match(name)
        toc = _TOC_FILE.match(name)
        if (
            (seg and seg.group(1) not in live_segments and entry.is_file())
            or (toc and int(toc.group(1)) < generation)
            or (_TEMP_DIR.match(name) and entry.is_dir())
        ):
            out.append(entry)
    out.extend(p for p in sorted(path.iterdir()) if _MODEL_TEMP.match(p.name))
    return out


def _whoosh_state(
    kb: KbIndex, report: CheckReport
) -> tuple[dict[str, list[tuple[str, int]]], dict[str, tuple[str, str]], set[str]] | None:
    """Every stored document, read: id -> [(modified, global docnum)], id -> (source,
    modified) of the kept copy, and the live segment ids. None when a segment's records
    cannot be read (reported as damaged)."""
    copies: dict[str, list[tuple[str, int]]] = {}
    kept: dict[str, tuple[str, str]] = {}
    live: set[str] = set()
    try:
        reader = kb.ix.reader()
    except Exception as e:  # a segment that cannot even be opened
        report.findings.append(
            Finding("unreadable", f"the index cannot be read ({type(e).__name__}: {e})", False)
        )
        return None
    try:
        for leaf, offset in reader.leaf_readers():
            segment = leaf.segment()
            name = segment.segment_id() if segment is not None else ""
            live.add(name.removeprefix("MAIN_"))
            try:
                for docnum, fields in leaf.iter_docs():
                    article = unpack_record(fields["record"])
                    copies.setdefault(article.id, []).append(
                        (article.modified or "", offset + docnum)
                    )
                    kept[article.id] = (article.source or "", article.modified or "")
            except Exception as e:  # a truncated or garbled segment raises anything
                report.findings.append(
                    Finding(
                        "unreadable",
                        f"segment {name} cannot be read ({type(e).__name__}: {e})",
                        repairable=False,
                    )
                )
                return None
    finally:
        reader.close()
    return copies, kept, live


def check(path: Path, repair: bool = False, wait: bool = True) -> CheckReport:
    """Check the index at `path`; with `repair`, mend what can be mended (under the
    writer's lock, so never while an ingest writes)."""
    report = CheckReport(path)
    wdir = path / "whoosh"
    if wdir.is_dir() and not whoosh_index.exists_in(str(wdir)):
        segs = [p for p in wdir.iterdir() if _SEGMENT_FILE.match(p.name)]
        if segs:
            report.findings.append(
                Finding(
                    "no_toc",
                    f"the table of contents is missing; {len(segs)} segment file(s) "
                    "still hold the records",
                    repairable=False,
                )
            )
            return report
    kb = KbIndex.open(path, tolerate_ledger=True)  # IndexProblem propagates to the caller
    try:
        _check_open(kb, report, repair, wait)
    finally:
        kb.close()
    return report


def _check_open(kb: KbIndex, report: CheckReport, repair: bool, wait: bool) -> None:
    state = _whoosh_state(kb, report)
    if state is None:
        return
    copies, kept, live = state
    report.articles = len(copies)
    dupes = {i: c for i, c in copies.items() if len(c) > 1}
    ledger_ok, listed = _ledger_ids(kb, report)
    unlisted = sorted(set(kept) - listed) if ledger_ok else []
    missing = sorted(listed - set(kept)) if ledger_ok else []
    orphans = _orphans(kb.path, live, kb.ix.latest_generation())

    if dupes:
        extra = sum(len(c) - 1 for c in dupes.values())
        report.findings.append(
            Finding(
                "duplicate_ids",
                f"{len(dupes):,} article(s) stored more than once ({extra:,} extra "
                f"copies), e.g. {', '.join(sorted(dupes)[:3])}",
                repairable=True,
            )
        )
    if unlisted:
        report.findings.append(
            Finding(
                "unlisted",
                f"{len(unlisted):,} article(s) in the index are missing from the ledger, "
                f"e.g. {', '.join(unlisted[:3])}",
                repairable=True,
            )
        )
    if missing:
        report.findings.append(
            Finding(
                "listed_missing",
                f"{len(missing):,} article(s) in the ledger are not in the index, e.g. "
                f"{', '.join(missing[:3])} (their inputs will be read again)",
                repairable=True,
            )
        )
    if orphans:
        size = sum(_size(p) for p in orphans)
        report.findings.append(
            Finding(
                "orphans",
                f"{len(orphans):,} leftover file(s) of dead runs ({size / 1e6:,.1f} MB): "
                f"{', '.join(p.name for p in orphans[:3])}",
                repairable=True,
            )
        )
    if ledger_ok and not unlisted and not missing:
        # Against a ledger that disagrees with the index, every vector would look wrong:
        # the ledger is mended first, the vectors looked at by the next check.
        _check_vectors(kb, report)
    if not repair or not report.findings:
        return
    with kb.writing(wait=wait):
        _repair(kb, report, dupes, kept, unlisted, missing)


def _current(kb: KbIndex) -> dict[str, str]:
    return {row[0]: row[1] for row in kb.ledger.execute("SELECT id, hash FROM articles")}


def _check_vectors(kb: KbIndex, report: CheckReport) -> None:
    """The vectors file readable, its rows the ledger's articles at their hashes; parts a
    killed run left; articles without a vector (only when the encoder is installed, and
    the index has vectors at all: one ingested without the encoder is whole without
    them; `report.vectors` counts them all the same)."""
    from . import encoder, vectors

    found = vectors.state(kb.path, _current(kb))
    usable = encoder.state() == "in_use"
    report.vectors = {**dataclasses.asdict(found), "encoder": encoder.state()}
    if found.file == "unreadable":
        report.findings.append(
            Finding(
                "vectors_unreadable",
                f"{vectors.VECTORS_FILE} cannot be read (damaged, or of another model); "
                "it is removed and the next ingest embeds the articles again",
                repairable=True,
            )
        )
    if found.stale:
        report.findings.append(
            Finding(
                "vectors_stale",
                f"{found.stale:,} vector(s) of articles changed or no longer in the index",
                repairable=True,
            )
        )
    if found.parts:
        report.findings.append(
            Finding(
                "vectors_parts",
                f"{found.parts:,} part(s) of vectors a stopped ingest finished "
                f"({found.in_parts:,} articles), not yet folded into {vectors.VECTORS_FILE}",
                repairable=True,
            )
        )
    if usable and found.missing and (found.file != "absent" or found.parts):
        report.findings.append(
            Finding(
                "vectors_missing",
                f"{found.missing:,} articles without vectors: the next ingest embeds them",
                repairable=True,
            )
        )


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _ledger_ids(kb: KbIndex, report: CheckReport) -> tuple[bool, set[str]]:
    if kb.ledger_damage:
        report.findings.append(
            Finding(
                "ledger_damaged", f"the ledger cannot be read ({kb.ledger_damage})", repairable=True
            )
        )
        return False, set()
    try:
        ok = kb.ledger.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        ids = {row[0] for row in kb.ledger.execute("SELECT id FROM articles")}
    except sqlite3.DatabaseError as e:
        report.findings.append(
            Finding("ledger_damaged", f"the ledger cannot be read ({e})", repairable=True)
        )
        return False, set()
    if not ok:
        report.findings.append(
            Finding("ledger_damaged", "the ledger fails SQLite's integrity check", repairable=True)
        )
        return False, set()
    return True, ids


def _repair(
    kb: KbIndex,
    report: CheckReport,
    dupes: dict[str, list[tuple[str, int]]],
    kept: dict[str, tuple[str, str]],
    unlisted: list[str],
    missing: list[str],
) -> None:
    # Under the lock now: what was found is looked at again where it could have moved.
    vectors_done = False
    for finding in report.findings:
        if finding.kind == "duplicate_ids":
            _drop_duplicates(kb, dupes)
        elif finding.kind == "ledger_damaged":
            _rebuild_ledger(kb, kept)
        elif finding.kind == "unlisted":
            _list(kb, unlisted, kept)
        elif finding.kind == "listed_missing":
            _unlist(kb, missing)
        elif finding.kind == "orphans":
            remove_leftovers(kb)
        elif finding.kind.startswith("vectors_") and not vectors_done:
            _repair_vectors(kb)
            vectors_done = True
        finding.repaired = True


def _repair_vectors(kb: KbIndex) -> None:
    """Once for all vectors findings: an unreadable file out, then with the encoder
    what an ingest would do (embed the missing, fold, drop), without it a fold of what
    is there."""
    from . import encoder, vectors

    path = kb.path / vectors.VECTORS_FILE
    if vectors.state(kb.path, {}).file == "unreadable":
        path.unlink(missing_ok=True)
    current = _current(kb)
    model = encoder.load(0)
    if model is not None:
        with kb.unmapped_records() as records:
            vectors.refresh(kb.path, current, records, model)
    else:
        vectors.fold(kb.path, current)


def _drop_duplicates(kb: KbIndex, dupes: dict[str, list[tuple[str, int]]]) -> None:
    writer = kb.ix.writer()
    try:
        for copies in dupes.values():
            # Later `modified` first; of equals, the later document (a later ingest's).
            ordered = sorted(copies, key=lambda c: (c[0], c[1]), reverse=True)
            for _modified, docnum in ordered[1:]:
                writer.delete_document(docnum)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()


def _list(kb: KbIndex, ids: list[str], kept: dict[str, tuple[str, str]]) -> None:
    # The content hash is unknown here; an empty one only means the next ingest of that
    # input parses it again, which the id rule makes a no-op.
    kb.ledger.executemany(
        "INSERT OR REPLACE INTO articles(id, source, hash, modified) VALUES (?, ?, '', ?)",
        [(i, kept[i][0], kept[i][1]) for i in ids],
    )
    kb.ledger.commit()


def _unlist(kb: KbIndex, ids: list[str]) -> None:
    kb.ledger.executemany("DELETE FROM articles WHERE id = ?", [(i,) for i in ids])
    kb.ledger.executemany("DELETE FROM inputs WHERE id = ?", [(i,) for i in ids])
    kb.ledger.commit()


def _rebuild_ledger(kb: KbIndex, kept: dict[str, tuple[str, str]]) -> None:
    """Move the damaged ledger aside (never delete it) and list the records again."""
    path = kb.path / "ledger.sqlite"
    kb.ledger.close()
    aside = path.with_name(f"ledger.sqlite.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
    path.rename(aside)
    for suffix in ("-journal", "-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(aside.with_name(aside.name + suffix))
    kb.ledger = KbIndex.connect_ledger(kb.path)
    _list(kb, sorted(kept), kept)


def _live_segments(kb: KbIndex) -> set[str]:
    """The segment ids the current table of contents names (no record is read)."""
    reader = kb.ix.reader()
    try:
        return {
            seg.segment_id().removeprefix("MAIN_")
            for leaf, _offset in reader.leaf_readers()
            if (seg := leaf.segment()) is not None
        }
    finally:
        reader.close()


def remove_leftovers(kb: KbIndex) -> list[Path]:
    """Remove what dead runs left (see `_orphans`); the caller holds the writer's lock.
    Nothing is removed when the table of contents cannot be read."""
    try:
        live = _live_segments(kb)
        generation = kb.ix.latest_generation()
    except Exception:  # a damaged index: its files may be all that is left of the data
        return []
    removed = _orphans(kb.path, live, generation)
    for p in removed:
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)
    return removed


def duplicate_count(kb: KbIndex) -> int:
    """Extra copies of articles in the index (0 for a healthy one); for tests and faults."""
    counts: Counter[str] = Counter()
    reader = kb.ix.reader()
    try:
        for _docnum, fields in reader.iter_docs():
            counts[unpack_record(fields["record"]).id] += 1
    finally:
        reader.close()
    return sum(n - 1 for n in counts.values())


__all__ = [
    "CheckReport",
    "Finding",
    "IndexProblem",
    "check",
    "duplicate_count",
    "remove_leftovers",
]
