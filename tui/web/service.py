"""The index as `kbassist web` holds it: opened once, every call behind one lock, searches
off the event loop with a time limit; with `workers`, searches in forked processes
(workers.py) and the rest here.

No aiohttp here beyond asyncio: the handlers (api.py, pages.py) await these methods.
Whoosh searchers are not known to be thread safe, so every call into index/ holds
`lock` (the console's `Library` does the same). `KbIndex.searcher()` checks the index's
table of contents on each call and opens a new searcher once an ingest has committed
one: a request during an ingest reads the previous state, the one after it the new.
"""

from __future__ import annotations

import asyncio
import gc
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from kbassist.index import browse
from kbassist.index.store import KbIndex

from .workers import WorkerPool, trim_heap

if TYPE_CHECKING:
    from kbassist.index.search import Filters, SearchResult
    from kbassist.kbparse.record import Article

T = TypeVar("T")

SEARCH_SECONDS = 10.0
"""Time limit of one request's work in the index (a search takes 20-150 ms on the
archive; a request still waiting after this is answered 503, not held open)."""

MAX_WAITING = 64
"""Requests waiting for the index at once; more are refused at once with 503 instead of
queueing behind work that cannot finish within the time limit anyway."""


PAGE_FIELDS = ("area", "issue_type", "product")
"""The fields whose values the paste page offers as filters."""


class Busy(Exception):
    """Too many requests are waiting for the index."""


class TimedOut(Exception):
    """The request's work did not finish within the time limit."""


@dataclass
class Limits:
    seconds: float = SEARCH_SECONDS
    waiting: int = MAX_WAITING


class WebIndex:
    """The open index of one `kbassist web` process."""

    def __init__(self, kb: KbIndex, limits: Limits | None = None, workers: int = 0) -> None:
        self.kb = kb
        self.limits = limits or Limits()
        self.lock = threading.Lock()
        self.workers = workers
        """Search processes to fork once warm (0: searches run in this process)."""
        self.pool: WorkerPool | None = None
        # Work runs one at a time under `lock` anyway; a few threads let a request that
        # timed out go on finishing while later ones queue behind it.
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="kbassist-web")
        self._waiting = 0
        self._counts: tuple[object, dict[str, list[tuple[str, int]]]] = (None, {})

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
        self._pool.shutdown(wait=True, cancel_futures=True)
        with self.lock:
            self.kb.close()

    async def run(self, work: Callable[[], T]) -> T:
        """`work()` under the lock in a worker thread, within the time limit."""

        def locked() -> T:
            with self.lock:
                return work()

        return await self._limited(
            lambda: asyncio.get_running_loop().run_in_executor(self._pool, locked)
        )

    async def _limited(self, start: Callable[[], Awaitable[T]]) -> T:
        """What `start()` returns, within the waiting bound and the time limit."""
        if self._waiting >= self.limits.waiting:
            raise Busy()
        self._waiting += 1
        try:
            try:
                return await asyncio.wait_for(start(), self.limits.seconds)
            except TimeoutError:
                raise TimedOut() from None
        finally:
            self._waiting -= 1

    # -- the work, each run in a thread by `run` ------------------------------------
    def warm(self) -> None:
        """What the first search would otherwise wait for (the console's warm-up), then
        the long-lived heap out of the collector's walks (full collections of up to 1 s
        were the console's slowest pastes; the same heap is here)."""
        from kbassist.index.search import search

        with self.lock:
            if self.kb.doc_count():
                self.kb.speller()
                search(self.kb, "cannot find the file", limit=1)
                self._field_counts(PAGE_FIELDS)
        gc.collect()
        gc.freeze()
        # What the warm-up built and dropped, back to the system: 70 MB of free but
        # resident heap on the archive (and, with workers, pages each child would copy).
        trim_heap()

    def start_workers(self) -> None:
        """Fork the search processes (after `warm`: they share its heap and caches)."""
        if self.workers > 0 and self.pool is None:
            self.pool = WorkerPool(self.kb, self.workers, self.lock)

    async def search(
        self, text: str, filters: Filters | None, limit: int, facets: bool
    ) -> SearchResult:
        from kbassist.index.search import search

        pool = self.pool
        if pool is not None:
            return await self._limited(lambda: pool.call("search", text, filters, limit, facets))
        return await self.run(lambda: search(self.kb, text, filters, limit=limit, facets=facets))

    async def get(self, art_id: str) -> Article | None:
        return await self.run(lambda: self.kb.get(art_id))

    async def titles(self, ids: list[str], limit: int = 60) -> dict[str, str]:
        """Titles of the referenced articles the index holds (the first `limit`)."""

        def work() -> dict[str, str]:
            out = {}
            for i in ids[:limit]:
                a = self.kb.get(i)
                if a is not None:
                    out[i] = a.title
            return out

        return await self.run(work)

    async def products(self) -> list[tuple[str, int]]:
        from kbassist.index.search import products

        return await self.run(lambda: products(self.kb))

    def _field_counts(self, names: tuple[str, ...]) -> dict[str, list[tuple[str, int]]]:
        cache = self.kb.cache()  # a new one after an ingest
        if self._counts[0] is not cache:
            self._counts = (cache, {})
        kept = self._counts[1]
        for n in names:
            if n not in kept:
                kept[n] = browse.field_counts(self.kb, n)
        return {n: kept[n] for n in names}

    async def field_counts(self, names: tuple[str, ...]) -> dict[str, list[tuple[str, int]]]:
        """Every value of these fields with its count, kept until an ingest (the paste
        page lists products, areas and issue types on every load: on the archive each
        is a pass over 57,000 documents)."""
        return await self.run(lambda: self._field_counts(names))

    async def tree(self) -> browse.BrowseTree:
        return await self.run(lambda: browse.tree(self.kb))

    async def node_articles(self, node: browse.NodeKey, limit: int) -> list[browse.Row]:
        return await self.run(lambda: browse.articles(self.kb, node, limit))

    async def doc_count(self) -> int:
        # Refreshes the searcher too, so that the count follows an ingest.
        return await self.run(lambda: self.kb.searcher().doc_count())
