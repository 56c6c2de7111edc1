"""Where an index lives and how it is opened: the Whoosh index plus a small SQLite
ledger of sources, behind one `KbIndex` object. Nothing outside index/ touches Whoosh.

Layout of an index folder:
    whoosh/            the Whoosh index (segments + TOC; a commit renames a new TOC in)
    ledger.sqlite      every input ever ingested: content hash -> article id, source,
                       modified; and the winning source per article
    semantic.npz       the latent semantic model learned from the records (semantic.py)
    vectors.npz        the articles' sentence vectors, with the encoder (vectors.py)
    vectors.part-*.npz vectors a killed ingest finished but did not fold in yet
    kbassist.json      {"index_version": N}: an index from another version is refused
    ingest.lock        held (lockf) by the one ingest that may write
    create.lock        held for the moment an index is created (two first ingests)
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from kbassist.kbparse.ids import canonical_id
from kbassist.kbparse.record import Article, from_json

from .caches import SearcherCache
from .schema import INDEX_VERSION, make_schema
from .whoosh_private import read_in_place

read_in_place()  # before any index is opened: whoosh_private.py says why


class IndexProblem(Exception):
    """The index folder cannot be used; the message says why and what to do."""


class IndexMissing(IndexProblem):
    pass


class IndexBusy(IndexProblem):
    pass


class IndexDamaged(IndexProblem):
    """The folder holds an index that cannot be read as it is: reported as damaged, never
    treated as absent (an ingest into it would have written an empty index over data)."""


def rebuild_advice(path: Path) -> str:
    return (
        f"rebuild it with: kbassist ingest PATH... --index {path} --rebuild "
        "(the old folder is moved aside, not deleted)"
    )


def move_aside(path: Path, wait: bool = True) -> Path | None:
    """Rename an index folder out of the way, never deleting it: `DIR.old-YYYYmmdd-HHMMSS`
    (None when there is nothing at `path`). Not while an ingest writes into it: this waits
    for the writer's lock, or raises IndexBusy without `wait`."""
    if not path.exists():
        return None
    if not path.is_dir():
        raise NotADirectoryError(20, "not a folder", str(path))
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.old-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.old-{stamp}-{n}")
    with open(path / "ingest.lock", "a+") as fh:
        try:
            fcntl.lockf(fh, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except (BlockingIOError, PermissionError):
            raise IndexBusy(
                f"another ingest is writing to {path}; try again when it has finished"
            ) from None
        path.rename(aside)
    return aside


def user_data_dir() -> Path:
    """kbassist's folder in the user's data folder: the default index lives in it, and
    the console's clipboard fallback."""
    from platformdirs import user_data_dir as platform_data_dir

    return Path(platform_data_dir("kbassist", appauthor=False))


def default_index_dir() -> Path:
    env = os.environ.get("KBASSIST_INDEX")
    if env:
        return Path(env)
    return user_data_dir() / "index"


_LEDGER = """
CREATE TABLE IF NOT EXISTS inputs (
    hash TEXT PRIMARY KEY, id TEXT NOT NULL, source TEXT NOT NULL, modified TEXT
);
CREATE INDEX IF NOT EXISTS inputs_id ON inputs(id);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, hash TEXT NOT NULL, modified TEXT
);
"""


class KbIndex:
    """An open index: search it, read records, list facets; ingest writes through it."""

    def __init__(self, path: Path, ix: whoosh_index.Index, ledger: sqlite3.Connection) -> None:
        self.path = path
        self.ix = ix
        self.ledger = ledger
        self._searcher = None
        self._cache: SearcherCache | None = None
        self._speller = None
        self._semantic: tuple[tuple[int, int] | None, object] = (None, None)
        self._vectors: tuple[tuple[int, int] | None, object] = (None, None)
        self.ledger_damage = ""
        """Why the ledger could not be read (only with `open(tolerate_ledger=True)`)."""

    # -- opening ------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str, create: bool = False, tolerate_ledger: bool = False) -> KbIndex:
        """Open the index at `path` (creating it with `create`). `tolerate_ledger` opens an
        index whose ledger is damaged, with an empty stand-in (for `check --repair`)."""
        path = Path(path)
        wdir = path / "whoosh"
        exists = wdir.exists() and whoosh_index.exists_in(str(wdir))
        if not exists:
            _refuse_lost_toc(path)
        if not exists and not create:
            raise IndexMissing(
                f"no index at {path}. Build one with: kbassist ingest PATH... --index {path}"
            )
        if not exists:
            # Two first ingests into a new folder: one creates, the other waits and opens.
            with _creating(path):
                return cls._open(path, tolerate_ledger)
        return cls._open(path, tolerate_ledger)

    @classmethod
    def _open(cls, path: Path, tolerate_ledger: bool) -> KbIndex:
        wdir = path / "whoosh"
        meta = path / "kbassist.json"
        exists = wdir.exists() and whoosh_index.exists_in(str(wdir))
        if exists and meta.exists():
            try:
                version = json.loads(meta.read_text()).get("index_version")
            except (OSError, ValueError) as e:
                raise IndexDamaged(
                    f"index at {path} is damaged ({e}); {rebuild_advice(path)}"
                ) from e
            if version != INDEX_VERSION:
                raise IndexProblem(
                    f"index at {path} was built by another kbassist version "
                    f"(index version {version}, this one reads {INDEX_VERSION}); "
                    f"{rebuild_advice(path)}"
                )
        try:
            if exists:
                ix = whoosh_index.open_dir(str(wdir))
            else:
                wdir.mkdir(parents=True, exist_ok=True)
                ix = FileStorage(str(wdir)).create_index(make_schema())
                meta.write_text(json.dumps({"index_version": INDEX_VERSION}) + "\n")
        except IndexProblem:
            raise
        except PermissionError as e:
            raise IndexProblem(f"index at {path} cannot be opened: {e.strerror}") from e
        except Exception as e:  # Whoosh raises many kinds on a damaged folder
            raise IndexDamaged(
                f"index at {path} is damaged ({type(e).__name__}: {e}); {rebuild_advice(path)}"
            ) from e
        try:
            ledger = cls.connect_ledger(path)
            damage = ""
        except sqlite3.DatabaseError as e:
            if not tolerate_ledger:
                ix.close()
                raise IndexDamaged(
                    f"the ledger of the index at {path} is damaged ({e}); repair it with: "
                    f"kbassist check --repair --index {path}"
                ) from e
            ledger = sqlite3.connect(":memory:", check_same_thread=False)
            ledger.executescript(_LEDGER)
            damage = str(e)
        kb = cls(path, ix, ledger)
        kb.ledger_damage = damage
        return kb

    @staticmethod
    def connect_ledger(path: Path) -> sqlite3.Connection:
        """The ledger of the index at `path`; sqlite3.DatabaseError when it is damaged."""
        ledger = sqlite3.connect(str(path / "ledger.sqlite"), check_same_thread=False)
        try:
            ledger.executescript(_LEDGER)
            ledger.execute("SELECT count(*) FROM articles").fetchone()
        except sqlite3.DatabaseError:
            ledger.close()
            raise
        return ledger

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        self._cache: SearcherCache | None = None
        self._speller = None
        self.ledger.close()
        self.ix.close()

    def speller(self):
        """The did-you-mean speller over the error-message vocabulary, built once."""
        if self._speller is None:
            from .spelling import Speller

            reader = self.searcher().reader()
            vocab = {
                t.decode() if isinstance(t, bytes) else t: reader.doc_frequency("msg", t)
                for t in reader.lexicon("msg")
            }
            self._speller = Speller({w: n for w, n in vocab.items() if w.isalpha() and len(w) > 3})
        return self._speller

    def semantic(self):
        """The semantic model (semantic.Model) or None; read again when an ingest has
        replaced the file."""
        from . import semantic

        self._semantic = _reloaded(self.path / semantic.MODEL_FILE, self._semantic, semantic.load)
        return self._semantic[1]

    def stamp(self) -> tuple[object, ...]:
        """What an ingest changes: the table of contents' generation, and the semantic
        model's and the vectors' file stamps (the files semantic() and vectors() read
        again when theirs changes)."""
        from . import semantic, vectors

        return (
            self.ix.latest_generation(),
            file_stamp(self.path / semantic.MODEL_FILE),
            file_stamp(self.path / vectors.VECTORS_FILE),
        )

    def vectors(self):
        """The articles' sentence vectors (vectors.Vectors) or None; read again when an
        ingest has replaced the file. One stat() a call when nothing changed."""
        from . import vectors

        self._vectors = _reloaded(self.path / vectors.VECTORS_FILE, self._vectors, vectors.load)
        return self._vectors[1]

    @contextmanager
    def unmapped_records(self) -> Iterator[Callable[[list[str]], Iterator[Article]]]:
        """A reader of the records of given ids, through a searcher of its own that
        reads the files instead of mapping them: a pass over every record through
        Whoosh's mmap leaves the whole index resident (see `records`)."""
        ix = FileStorage(str(self.path / "whoosh"), supports_mmap=False).open_index()
        with ix.searcher() as s:

            def read(ids: list[str]) -> Iterator[Article]:
                for art_id in ids:
                    doc = s.document(id=art_id)
                    if doc:
                        yield unpack_record(doc["record"])

            yield read

    def records(self, ids: list[str] | None = None) -> Iterator[Article]:
        """The records of `ids` (those the index has), or every record for None."""
        if ids is None:
            # Read, not memory-mapped: a pass over every stored record through Whoosh's
            # mmap left ~500 MB of the index resident in the ingest (same speed).
            ix = FileStorage(str(self.path / "whoosh"), supports_mmap=False).open_index()
            with ix.searcher() as whole:
                for _docnum, fields in whole.reader().iter_docs():
                    yield unpack_record(fields["record"])
            return
        s = self.searcher()
        for art_id in ids:
            doc = s.document(id=art_id)
            if doc:
                yield unpack_record(doc["record"])

    def searcher(self):
        """A Whoosh searcher kept open between searches (opening one costs ~100 ms on
        the full index); refreshed when an ingest has committed since."""
        if self._searcher is None:
            self._searcher = self.ix.searcher()
            self._cache = None
        elif not self._searcher.up_to_date():
            # Not refresh(): it reuses segment readers by segment id and so would miss
            # documents deleted from a segment by the last ingest.
            self._searcher.close()
            self._searcher = self.ix.searcher()
            self._cache = None
        return self._searcher

    def cache(self) -> SearcherCache:
        """What searches and browsing keep between them (caches.py), for the current
        searcher: a searcher replaced after an ingest takes its cache with it."""
        searcher = self.searcher()
        if self._cache is None:
            self._cache = SearcherCache(searcher)
        return self._cache

    def __enter__(self) -> KbIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ------------------------------------------------------------------
    def doc_count(self) -> int:
        return self.ix.doc_count()

    def get(self, art_id: str) -> Article | None:
        doc = self.searcher().document(id=canonical_id(art_id) or art_id.strip())
        return unpack_record(doc["record"]) if doc else None

    def sources(self, art_id: str) -> list[str]:
        rows = self.ledger.execute(
            "SELECT DISTINCT source FROM inputs WHERE id = ? ORDER BY source", (art_id,)
        )
        return [r[0] for r in rows]

    # -- writing ------------------------------------------------------------------
    @contextmanager
    def writing(self, wait: bool = True, on_wait: object = None) -> Iterator[None]:
        """Hold the one-writer lock; waits (telling `on_wait`) or raises IndexBusy."""
        self.path.mkdir(parents=True, exist_ok=True)
        fh: IO[str] = open(self.path / "ingest.lock", "a+")  # noqa: SIM115
        try:
            try:
                # POSIX record locks belong to the process, not to the open file: the
                # ingest's forked workers do not inherit it, so a killed ingest frees
                # the lock at once even if a worker lingers.
                fcntl.lockf(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except (BlockingIOError, PermissionError):
                fh.seek(0)
                holder = fh.read().strip() or "another process"
                if not wait:
                    raise IndexBusy(
                        f"another ingest ({holder}) is writing to {self.path}; try again "
                        "when it has finished"
                    ) from None
                if callable(on_wait):
                    on_wait(f"another ingest ({holder}) is writing to {self.path}; waiting...")
                fcntl.lockf(fh, fcntl.LOCK_EX)
            fh.seek(0)
            fh.truncate()
            fh.write(f"pid {os.getpid()}")
            fh.flush()
            yield
        finally:
            fcntl.lockf(fh, fcntl.LOCK_UN)
            fh.close()


def _refuse_lost_toc(path: Path) -> None:
    """Segment files without a table of contents are an index whose TOC was lost: the
    records are still there, and creating an index over them would hide them for good."""
    wdir = path / "whoosh"
    if not wdir.is_dir():
        return
    segments = [n for n in os.listdir(wdir) if n.startswith("MAIN_") and n.endswith(".seg")]
    if segments:
        raise IndexDamaged(
            f"index at {path} is damaged: its table of contents is missing "
            f"({len(segments)} segment file(s) still hold the records); {rebuild_advice(path)}"
        )


@contextmanager
def _creating(path: Path) -> Iterator[None]:
    """A short lock around creating an index, apart from the writer's lock (an ingest
    holds that for minutes; a console only opening the index must not wait for it)."""
    path.mkdir(parents=True, exist_ok=True)
    with open(path / "create.lock", "a+") as fh:
        fcntl.lockf(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.lockf(fh, fcntl.LOCK_UN)


def record_json(stored: object) -> bytes:
    """A stored record field as its JSON text: (JSON, focus terms, version) as ingest
    stores it (documents.pack_record), or zlib-compressed JSON as indexes written before
    it hold."""
    if isinstance(stored, tuple):
        return stored[0]
    return zlib.decompress(stored)  # type: ignore[arg-type]


def record_focus(stored: object) -> set[str] | None:
    """The focus terms stored with a record (rank.focus_terms), or None when the record
    has none of this version."""
    from .rank import FOCUS_VERSION

    if isinstance(stored, tuple) and len(stored) == 3 and stored[2] == FOCUS_VERSION:
        return set(stored[1].split())
    return None


def unpack_record(stored: object) -> Article:
    return from_json(record_json(stored))


def file_stamp(file: Path) -> tuple[int, int] | None:
    """(mtime, size) of a file an ingest replaces whole; None while it is absent."""
    try:
        st = file.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def _reloaded(
    file: Path, kept: tuple[tuple[int, int] | None, object], load: Callable[[Path], object]
) -> tuple[tuple[int, int] | None, object]:
    """(stamp, loaded) for a file an ingest replaces whole: loaded again (from its
    folder) only when its (mtime, size) changed; None while it is absent."""
    stamp = file_stamp(file)
    if stamp == kept[0]:
        return kept
    return stamp, load(file.parent) if stamp else None
