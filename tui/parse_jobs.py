"""`kbassist parse` on several cores, with the bytes and order of one process.

This process reads the inputs (an archive is read once, front to back) and hands them
to worker processes in numbered chunks; a worker parses a chunk and encodes its records
as JSON, and the chunks are given back in their numbers' order. Only a few chunks per
worker are ever on their way, so memory stays flat whatever the archive's size.

Workers are forked, as ingest's are. They ignore Ctrl-C (it reaches the whole process
group; this process stops them) and leave by themselves when this process is killed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, NamedTuple

from kbassist.kbparse import ParseError, parse_bytes
from kbassist.kbparse.record import to_json
from kbassist.kbparse.sources import iter_inputs

if TYPE_CHECKING:
    import multiprocessing as mp

CHUNK = 32
"""Inputs a worker gets at once; fewer inputs than this are parsed here, without
workers, which would take longer to start than the parsing."""
CHUNK_BYTES = 4 << 20
"""A chunk is cut early at this many bytes of input (articles go up to 16 MB)."""
IN_FLIGHT = 4
"""Chunks per worker on their way at most: enough to keep every worker busy while
this process writes, few enough to keep memory flat."""


class Failure(NamedTuple):
    """An input that could not be parsed: `FILE:LINE: reason`, as ParseError says it.
    (ParseError itself does not survive pickling: its arguments are not its args.)"""

    message: str


Outcome = bytes | Failure
"""A record encoded as JSON (`to_json`), or why an input has none."""
_Job = tuple[str, bytes] | Failure


def parse_inputs(paths: list[str], jobs: int | None = None) -> Iterator[Outcome]:
    """Every input under `paths` parsed, in input order, on `jobs` processes (None: one
    a core). Close the iterator to stop early: its workers stop with it."""
    jobs = jobs or max(1, os.cpu_count() or 1)
    inputs: Iterator[_Job] = (
        Failure(str(item)) if isinstance(item, ParseError) else item for item in iter_inputs(paths)
    )
    first = _chunk(inputs)
    if jobs <= 1 or len(first) < CHUNK:
        yield from map(_parse, first)
        yield from map(_parse, inputs)
        return
    yield from _parallel(_chunks(first, inputs), jobs)


def _parse(job: _Job) -> Outcome:
    if isinstance(job, Failure):
        return job
    source, data = job
    try:
        return to_json(parse_bytes(data, source))
    except ParseError as e:
        return Failure(str(e))


def _chunk(inputs: Iterator[_Job]) -> list[_Job]:
    out: list[_Job] = []
    size = 0
    for job in islice(inputs, CHUNK):
        out.append(job)
        size += 0 if isinstance(job, Failure) else len(job[1])
        if size >= CHUNK_BYTES:
            break
    return out


def _chunks(first: list[_Job], inputs: Iterator[_Job]) -> Iterator[list[_Job]]:
    chunk = first
    while chunk:
        yield chunk
        chunk = _chunk(inputs)


def _parallel(chunks: Iterable[list[_Job]], jobs: int) -> Iterator[Outcome]:
    # Imported here, like in _worker: a parse of a few files needs none of it.
    import multiprocessing as mp
    import queue

    ctx = mp.get_context("fork")
    todo: mp.Queue = ctx.Queue()
    done: mp.Queue = ctx.Queue()
    workers = [
        ctx.Process(target=_worker, args=(todo, done, os.getpid()), daemon=True)
        for _ in range(jobs)
    ]
    for w in workers:
        w.start()
    sent = 0
    written = 0
    ready: dict[int, list[Outcome]] = {}

    def next_in_order() -> list[Outcome]:
        while written not in ready:
            try:
                seq, outcomes = done.get(timeout=1.0)
            except queue.Empty:
                if not all(w.is_alive() for w in workers):
                    raise RuntimeError("a parse worker died; the output is incomplete") from None
                continue
            ready[seq] = outcomes
        return ready.pop(written)

    finished = False
    try:
        for chunk in chunks:
            todo.put((sent, chunk))
            sent += 1
            while sent - written >= jobs * IN_FLIGHT or written in ready:
                yield from next_in_order()
                written += 1
        while written < sent:
            yield from next_in_order()
            written += 1
        finished = True
    finally:
        _stop(workers, todo, finished)


def _stop(workers: list[mp.process.BaseProcess], todo: mp.Queue, finished: bool) -> None:
    if finished:
        for _ in workers:
            todo.put(None)
        for w in workers:
            w.join()
        return
    # Stopped early (the reader closed stdout, Ctrl-C, a dead worker): nobody will read
    # what is still queued, so neither wait for it nor for the workers.
    todo.cancel_join_thread()
    for w in workers:
        w.terminate()
    for w in workers:
        w.join()


def _worker(todo: mp.Queue, done: mp.Queue, parent: int) -> None:
    import queue
    import signal

    from kbassist.index.orphans import exit_with_parent

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The parse killed: leave at once, wherever this worker is (between jobs, blocked
    # reading a job its parent half wrote, flushing results nobody reads), instead of
    # parsing the queued chunks for nobody.
    exit_with_parent(parent)
    while True:
        try:
            job = todo.get(timeout=1.0)
        except queue.Empty:
            continue
        if job is None:
            return
        seq, chunk = job
        done.put((seq, [_parse(j) for j in chunk]))
