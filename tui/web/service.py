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
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from kbassist.index import browse
from kbassist.index.store import KbIndex

from .workers import Retired, WorkerLost, WorkerPool, trim_heap

if TYPE_CHECKING:
    from kbassist.index.search import Filters, SearchResult
    from kbassist.kbparse.record import Article

T = TypeVar("T")

log = logging.getLogger("kbassist.web")

SEARCH_SECONDS = 10.0
"""Time limit of one request's work in the index (a search takes 20-150 ms on the
archive; a request still waiting after this is answered 503, not held open)."""

MAX_WAITING = 64
"""Requests waiting for the index at once; more are refused at once with 503 instead of
queueing behind work that cannot finish within the time limit anyway."""


STAMP_SECONDS = 2.0
"""How often a search checks whether an ingest changed the index (with workers), and
how long the index must stay unchanged before the workers are renewed."""

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
        self._stamp: tuple[object, ...] = ()
        self._checked = 0.0
        self._rolling: asyncio.Task[None] | None = None
        self.rollovers = 0
        """Times the workers were renewed after an ingest."""
        # Work runs one at a time under `lock` anyway; a few threads let a request that
        # timed out go on finishing while later ones queue behind it.
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="kbassist-web")
        self._waiting = 0
        self._counts: tuple[object, dict[str, list[tuple[str, int]]]] = (None, {})

    def close(self) -> None:
        if self._rolling is not None:
            self._rolling.cancel()
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
            self._stamp = self.kb.stamp()
            self.pool = WorkerPool(self.kb, self.workers, self.lock)

    def _check_for_ingest(self) -> None:
        """After an ingest each worker would load the new searcher, model and vectors on
        its own (N copies: PSS sum 816 -> 1,349 MB during `--ingest 300`). Instead, once
        the index has stopped changing, the server loads them once, warms, and forks new
        workers that share them; the old ones finish what they hold and exit. Until then
        the old workers answer (each sees the new index by itself, as before)."""
        now = time.monotonic()
        if self._rolling is not None or now - self._checked < STAMP_SECONDS:
            return
        self._checked = now
        if self.kb.stamp() == self._stamp:
            return
        self._rolling = asyncio.get_running_loop().create_task(self._roll_over())

    async def _roll_over(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            # An ingest writes the TOC, then the model and the vectors: wait for quiet.
            while True:
                stamp = self.kb.stamp()
                await asyncio.sleep(STAMP_SECONDS)
                if self.kb.stamp() == stamp:
                    break
            await loop.run_in_executor(self._pool, self.warm)
            fresh = await loop.run_in_executor(
                self._pool, WorkerPool, self.kb, self.workers, self.lock
            )
            old, self.pool, self._stamp = self.pool, fresh, stamp
            if old is not None:
                await old.retire(self.limits.seconds)
            self.rollovers += 1
        except Exception:
            log.exception("renewing the search processes after an ingest failed")
        finally:
            self._rolling = None

    async def search(
        self, text: str, filters: Filters | None, limit: int, facets: bool
    ) -> SearchResult:
        from kbassist.index.search import search

        pool = self.pool
        if pool is not None:
            self._check_for_ingest()
            return await self._limited(
                lambda: self.in_worker(pool, "search", text, filters, limit, facets)
            )
        return await self.run(lambda: search(self.kb, text, filters, limit=limit, facets=facets))

    async def in_worker(self, pool: WorkerPool, name: str, *args: object) -> Any:
        """`pool.call(name, *args)`, or the current pool's when `pool` was retired after
        an ingest between this request's arrival and its turn (the request had taken
        the old pool; the renewal swapped it and began retiring it meanwhile)."""
        while True:
            try:
                return await pool.call(name, *args)
            except Retired:
                if self.pool is None or self.pool is pool:
                    raise WorkerLost() from None  # the server is closing
                pool = self.pool

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
