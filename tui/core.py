"""The console's headless core: everything the screens ask of the index, behind one lock.

No textual here (harlequin's split): this module can be driven and tested without a
screen, and the screens stay thin. Searches run in worker threads; Whoosh searchers are
not known to be thread safe, so every call into index/ holds `Library.lock`.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from kbassist.index import browse
from kbassist.index.store import IndexMissing, IndexProblem, KbIndex

if TYPE_CHECKING:
    from kbassist.index.search import Filters, SearchResult
    from kbassist.kbparse.record import Article


class State(Enum):
    READY = "ready"
    EMPTY = "empty"
    MISSING = "missing"
    BROKEN = "broken"


@dataclass
class Opened:
    state: State
    path: Path
    kb: KbIndex | None = None
    problem: str = ""


def open_index(path: Path) -> Opened:
    """Open the index at `path` and say what shape it is in; never raises for a bad one."""
    try:
        kb = KbIndex.open(path)
    except IndexMissing:
        return Opened(State.MISSING, path)
    except IndexProblem as e:
        return Opened(State.BROKEN, path, problem=str(e))
    except Exception as e:  # a damaged ledger or folder: sqlite3 / OS errors
        return Opened(State.BROKEN, path, problem=f"index at {path} cannot be opened ({e})")
    try:
        count = kb.doc_count()
        if count:
            kb.searcher()  # a damaged segment shows here, not in the first search
    except Exception as e:
        kb.close()
        return Opened(State.BROKEN, path, problem=f"index at {path} cannot be read ({e})")
    return Opened(State.READY if count else State.EMPTY, path, kb)


def set_aside(path: Path) -> Path:
    """Move a broken index out of the way (kept, never deleted) so a new one can be built."""
    target = path.with_name(f"{path.name}.broken-{time.strftime('%Y%m%d-%H%M%S')}")
    n = 1
    while target.exists():
        n += 1
        target = target.with_name(f"{path.name}.broken-{time.strftime('%Y%m%d-%H%M%S')}-{n}")
    shutil.move(str(path), str(target))
    return target


@dataclass
class Query:
    """One search as the main screen asks it."""

    text: str
    product: str | None = None
    area: str | None = None
    since: int | None = None
    until: int | None = None
    issue_type: str | None = None

    def filters(self) -> Filters | None:
        from kbassist.index.search import Filters

        f = Filters(
            product=self.product,
            area=self.area,
            since=self.since,
            until=self.until,
            issue_type=self.issue_type,
        )
        return f if any(v is not None for v in vars(f).values()) else None

    @property
    def filtered(self) -> bool:
        return self.filters() is not None


class Library:
    """The open index, as the console uses it. Thread safe."""

    def __init__(self, kb: KbIndex, owned: bool = True) -> None:
        self.kb = kb
        self.owned = owned
        self.lock = threading.Lock()

    def close(self) -> None:
        if self.owned:
            with self.lock:
                self.kb.close()

    def warm(self) -> None:
        """Load and build what the first search would otherwise wait for: the search
        modules (numpy among them, ~0.15 s) and the speller. Run after the first frame."""
        from kbassist.index.search import search

        with self.lock:
            self.kb.speller()
            # One throwaway search reads the posting-list headers and caches of the
            # common fields, which the first real paste would otherwise pay for. On an
            # index with vectors it loads them and the encoder too (measured: it takes
            # the encoder's path), so a first description does not wait for them.
            search(self.kb, "cannot find the file", limit=1)

    def search(self, query: Query, limit: int = 20) -> SearchResult:
        from kbassist.index.search import search

        with self.lock:
            return search(self.kb, query.text, query.filters(), limit=limit, facets=True)

    def get(self, art_id: str) -> Article | None:
        with self.lock:
            return self.kb.get(art_id)

    def titles(self, ids: Iterable[str], limit: int = 40) -> dict[str, str]:
        """Titles of the referenced articles that the index holds (the first `limit`)."""
        out = {}
        for i in list(ids)[:limit]:
            # The lock is taken per article so that a search never waits for a long
            # reference list.
            with self.lock:
                a = self.kb.get(i)
            if a is not None:
                out[i] = a.title
        return out

    def sources(self, art_id: str) -> list[str]:
        with self.lock:
            return self.kb.sources(art_id)

    def doc_count(self) -> int:
        with self.lock:
            return self.kb.doc_count()

    def field_counts(self, name: str) -> list[tuple[str, int]]:
        with self.lock:
            return browse.field_counts(self.kb, name)

    def tree(self) -> browse.BrowseTree:
        with self.lock:
            return browse.tree(self.kb)

    def node_articles(self, node: browse.NodeKey, limit: int = 500) -> list[browse.Row]:
        with self.lock:
            return browse.articles(self.kb, node, limit)

    def search_node(self, node: browse.NodeKey, text: str, limit: int = 100) -> list[browse.Row]:
        """Search within a browse node: the area/product filters, then the version."""
        from kbassist.index.search import Filters, search

        filters = Filters(area=node.area, product=node.product)
        with self.lock:
            r = search(self.kb, text, filters, limit=limit)
        return [
            browse.Row(h.id, h.title, h.product, h.modified, h.record)
            for h in r.hits
            if browse.node_contains(node, h.record)
        ]


def ingest_paths(
    kb: KbIndex,
    paths: list[str],
    progress: Callable[[int, int | None], None] | None = None,
    jobs: int | None = None,
    on_phase: Callable[[str], None] | None = None,
):
    """Run an ingest (the caller shows progress, and `on_phase` what comes after
    parsing); returns the IngestReport."""
    from kbassist.index.ingest import ingest

    return ingest(kb, paths, progress=progress, jobs=jobs, wait=False, on_phase=on_phase)
