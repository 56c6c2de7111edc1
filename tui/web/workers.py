"""The search processes of `kbassist web --workers N`.

Whoosh is pure Python: one process runs one search at a time (the GIL), so four clients
pasting at once queued behind each other (a long paste's p95 252 ms at 4 clients, for
a 43 ms search). Here the parent opens and warms the index once (`WebIndex.warm`: the
speller, a first search, the page's field counts), takes its heap out of the
collector's walks (`gc.freeze`), and then forks N processes that share all of that
copy-on-write; each search is handed to an idle one over a pipe and its `SearchResult`
comes back pickled. Everything else a request needs (an article, titles, the browse
tree, counts) is quick and stays in the parent, under `WebIndex.lock`.

- An ingest: each process's `KbIndex.searcher()` checks the table of contents on every
  search, as the single process did, so every worker answers from the new index once
  the ingest has committed and from the previous one until then.
- A process that dies (killed, out of memory) is replaced by a fresh fork of the
  parent. A request it held is refused with one 503 (`worker_lost`); a request sent to
  one that had died while idle is sent again to its replacement.
- A search past the time limit: its process is killed and replaced (it would otherwise
  hold a worker for as long as the search runs), the request answered 503 `timeout`.
- Forks are made while holding `WebIndex.lock`: no thread of the parent is then inside
  the index, so no copy carries a half-made cache. The children ignore SIGINT (Ctrl-C
  reaches the whole process group; the parent stops them), drop the parent's asyncio
  signal wake-up pipe (a signal to a child must not wake the parent's loop as if it
  were its own), and die with the parent (PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import signal
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kbassist.index.store import KbIndex

log = logging.getLogger("kbassist.web")

_FORK = multiprocessing.get_context("fork")
STOP_SECONDS = 5.0
"""How long a worker gets to exit once its pipe is closed before it is killed."""


class WorkerLost(Exception):
    """The search process died while it held the request (it has been replaced)."""


class Retired(Exception):
    """The pool is being retired after an ingest: the request goes to the new one."""


def _search(kb: KbIndex, *args: Any) -> Any:
    from kbassist.index.search import search

    text, filters, limit, facets = args
    return search(kb, text, filters, limit=limit, facets=facets)


CALLS: dict[str, Callable[..., Any]] = {"search": _search}
"""What a worker runs: a name and its arguments cross the pipe, never code."""


def worker_count(wanted: int | None) -> int:
    """`--workers`: given, or 2 when this process may use 2 or more cores (2 searches
    at once measured best on 2 cores; more processes than cores only queue inside the
    kernel instead of here), else 0 (searches in the server's own process)."""
    if wanted is not None:
        return wanted
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return 2 if cores >= 2 else 0


def _die_with_parent() -> None:
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if name is None:
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(name).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def trim_heap() -> None:
    """Hand the heap's free pages back to the system before forking (glibc's
    malloc_trim). A page left free but resident is shared with the children, and the
    first child to allocate in it copies it: the page then exists once in the parent
    and once in every child that wrote it. Given back, a child's allocation takes a
    fresh page of its own and the parent keeps none."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if name is None:
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(name).malloc_trim(0)


def _worker_main(kb: KbIndex, conn: Connection, others: list[Connection], workers: int) -> None:
    """A search process: answer calls from the pipe until the parent closes it."""
    from kbassist.index import caches

    caches.divide_budget(workers)
    with contextlib.suppress(ValueError, OSError):
        signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    for other in others:  # the parent's ends of the other pipes: not ours to hold open
        other.close()
    while True:
        try:
            name, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer: tuple[str, Any] = ("ok", CALLS[name](kb, *args))
        except Exception as e:
            log.error("search process failed:\n%s", traceback.format_exc())
            answer = ("error", e)
        try:
            conn.send(answer)
        except (EOFError, OSError):
            return
        except Exception as e:  # an exception or result that does not pickle
            conn.send(("error", RuntimeError(f"{type(e).__name__}: {e}")))


@dataclass
class Worker:
    process: BaseProcess
    conn: Connection

    @property
    def pid(self) -> int:
        return self.process.pid or 0


class WorkerPool:
    """N search processes forked from this one, each serving one search at a time."""

    def __init__(self, kb: KbIndex, count: int, lock: threading.Lock) -> None:
        self._kb = kb
        self._lock = lock
        self.workers: list[Worker] = []
        self._idle: asyncio.Queue[Worker] = asyncio.Queue()
        # One thread a worker waits for its answer (a large result is read in pieces);
        # a killed worker's pipe ends at once, so no thread stays blocked.
        self._threads = ThreadPoolExecutor(max_workers=count, thread_name_prefix="kbassist-recv")
        self._forking = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kbassist-fork")
        self._tasks: set[asyncio.Task[None]] = set()
        self.count = count
        self.replaced = 0
        self.retiring = False
        """Set once the pool stops taking requests (`retire`); those it holds finish."""
        self.closed = False
        trim_heap()
        for _ in range(count):
            worker = self._fork()
            self.workers.append(worker)
            self._idle.put_nowait(worker)

    def pids(self) -> list[int]:
        return [w.pid for w in self.workers]

    def _fork(self) -> Worker:
        parent_end, child_end = _FORK.Pipe()
        others = [w.conn for w in self.workers] + [parent_end]
        with self._lock:
            process = _FORK.Process(
                target=_worker_main,
                args=(self._kb, child_end, others, self.count),
                name="kbassist-web-search",
                daemon=True,
            )
            process.start()
        child_end.close()
        return Worker(process, parent_end)

    async def call(self, name: str, *args: Any) -> Any:
        """`CALLS[name](kb, *args)` in an idle worker (waiting for one). Raises
        `Retired`, having done nothing, once `retire` has begun: its workers are then
        taken by `retire` as they come free, and a request queued after it would wait
        until the time limit (a 503 in CI, stop 24)."""
        if self.retiring or self.closed:
            raise Retired()
        while True:
            worker = await self._idle.get()
            if worker not in self.workers:
                continue  # replaced meanwhile
            try:
                worker.conn.send((name, args))
                break
            except (OSError, EOFError):
                # It had died while idle: nothing of this request was done, so the
                # next idle worker (its replacement, or another) takes it.
                self._replace_later(worker)
        try:
            status, value = await asyncio.get_running_loop().run_in_executor(
                self._threads, worker.conn.recv
            )
        except (EOFError, OSError):
            self._replace_later(worker)
            raise WorkerLost() from None
        except asyncio.CancelledError:
            # The time limit (or the client left): the search goes on in the worker and
            # would hold it; kill it and fork a fresh one.
            self._kill(worker)
            self._replace_later(worker)
            raise
        self._idle.put_nowait(worker)
        if status == "error":
            raise value
        return value

    async def call_each(self, name: str, *args: Any) -> list[Any]:
        """`CALLS[name](kb, *args)` in every worker, each once (waiting until all are
        idle): what each process answers, e.g. that each sees the index as it is now."""
        held = [await self._idle.get() for _ in range(len(self.workers))]
        try:
            out = []
            for worker in held:
                worker.conn.send((name, args))
                status, value = await asyncio.get_running_loop().run_in_executor(
                    self._threads, worker.conn.recv
                )
                if status == "error":
                    raise value
                out.append(value)
            return out
        finally:
            for worker in held:
                self._idle.put_nowait(worker)

    def _kill(self, worker: Worker) -> None:
        with contextlib.suppress(ProcessLookupError, TypeError):
            os.kill(worker.pid, signal.SIGKILL)

    async def _replace(self, worker: Worker) -> Worker:
        """A fresh fork in place of `worker` (dead or killed), returned busy."""
        self._kill(worker)
        if worker in self.workers:
            self.workers.remove(worker)
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._forking, worker.process.join, STOP_SECONDS)
        worker.conn.close()  # after it is gone: a thread may still be reading its answer
        if self.closed:
            raise WorkerLost()
        fresh = await loop.run_in_executor(self._forking, self._fork)
        self.workers.append(fresh)
        self.replaced += 1
        log.warning(
            "search process %d stopped (exit %s); replaced by %d",
            worker.pid,
            worker.process.exitcode,
            fresh.pid,
        )
        return fresh

    def _replace_later(self, worker: Worker) -> None:
        async def replace() -> None:
            with contextlib.suppress(WorkerLost):
                self._idle.put_nowait(await self._replace(worker))

        task = asyncio.get_running_loop().create_task(replace())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def retire(self, seconds: float) -> None:
        """Close the pool once every worker is idle (the searches they hold finish
        first), or after `seconds` whatever they hold."""
        held = []
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                while len(held) < len(self.workers):
                    held.append(await self._idle.get())
        await asyncio.get_running_loop().run_in_executor(self._forking, self.close)

    def close(self) -> None:
        """Close every pipe (a worker exits when its pipe ends), then wait for them."""
        self.closed = True
        for w in self.workers:
            w.conn.close()
        for w in self.workers:
            w.process.join(STOP_SECONDS)
            if w.process.is_alive():
                self._kill(w)
                w.process.join(STOP_SECONDS)
        self._threads.shutdown(wait=False, cancel_futures=True)
        self._forking.shutdown(wait=False, cancel_futures=True)
