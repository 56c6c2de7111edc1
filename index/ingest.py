"""Ingest: inputs -> records (parsed on all cores) -> Whoosh documents, incrementally.

- Unchanged inputs are skipped by content hash (the ledger knows every hash ingested).
- A changed article replaces its record; the same id from two sources keeps the later
  `modified` (ties keep the record already there), and every source is recorded.
- Crash safety: each worker process writes one new segment; the parent settles which
  record wins per id, marks the others deleted, and publishes everything with one TOC
  (written to a temporary name, then renamed in), so a reader (or a killed ingest) only
  ever sees the previous index or the finished one. The ledger is committed after the
  index, so a kill in between makes the next ingest redo those inputs, which the id rule
  turns into no-ops: no duplicates.
- One writer at a time (KbIndex.writing).
- Last, the semantic model (semantic.py) is brought in step with the ledger: trained
  again, or the changed articles folded in, or left as it is when nothing changed; then,
  when the sentence encoder is installed (encoder.py), the articles without a vector of
  their content are embedded (vectors.py), in parts a kill cannot undo.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
import queue
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import msgspec
from whoosh.codec.base import Segment

from kbassist.kbparse import PARSER_REVISION, ParseError, parse_bytes
from kbassist.kbparse.decode import sanitise
from kbassist.kbparse.record import Article
from kbassist.kbparse.sources import iter_inputs

from . import crash, encoder, semantic, vectors
from .check import remove_leftovers
from .documents import fields_for
from .orphans import exit_with_parent
from .store import KbIndex, unpack_record
from .whoosh_private import finish_worker_segment, publish_segments, worker_segment_writer


class IngestFailed(Exception):
    """The ingest could not finish (a worker died, the disk is full); nothing of it was
    published, and the index is as it was before."""


Progress = Callable[[int, int | None], None]
"""Called with (inputs done, inputs in all when known)."""

Meta = tuple[str, str, str, str]
"""What a worker tells of each record it wrote: (id, modified, source, digest)."""
Finished = list[tuple[Segment | None, list[Meta]]]
"""Each worker's new segment (None: it wrote nothing) with its records' Meta, in order."""
Best = dict[str, tuple[str, bool, str, str, int, int]]
"""Article id -> the record that wins it: (modified, is the index's already, source,
digest, index of its new segment in Finished, its docnum there; -1, -1 when existing)."""


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    superseded: int = 0
    """Inputs whose article came from another, newer (or earlier-ingested) source."""
    parsed: int = 0
    """Parsed so far and not yet settled (only while the ingest runs)."""
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    report_path: Path | None = None
    semantic: str = ""
    """What the semantic model needed: unchanged, folded, trained, none, or failed."""
    semantic_error: str = ""
    """Why the model could not be updated (the articles are in; search works without it)."""
    encoder: str = ""
    """The sentence encoder's status line (encoder.status(), or why it failed to load)."""
    encoder_state: str = ""
    """in_use, off, not_installed or unusable (encoder.STATES)."""
    vectors: str = ""
    """What the articles' vectors needed: unchanged, embedded, none (no articles), failed,
    or absent (no encoder)."""
    vectors_embedded: int = 0
    """Articles embedded by this run."""
    vectors_resumed: int = 0
    """Articles a killed run had embedded, taken from its parts instead of embedded again."""
    vectors_seconds: float = 0.0
    vectors_error: str = ""
    """Why the vectors could not be brought in step (the articles are in; search works
    without them, and the next ingest goes on from the parts finished)."""

    @property
    def done(self) -> int:
        return (
            self.added
            + self.updated
            + self.unchanged
            + self.superseded
            + self.parsed
            + len(self.failed)
        )


_record_decoder = msgspec.json.Decoder(Article)


def _prepare(kind: str, source: str, data: bytes) -> tuple[str, object]:
    """Worker: bytes -> ("ok", (id, modified, record source, fields)) or ("error", reason)."""
    try:
        if kind == "record":
            article = _clean_record(_record_decoder.decode(data), data)
        else:
            article = parse_bytes(data, source)
    except ParseError as e:
        return "error", (f"line {e.line}: {e.reason}" if e.line else e.reason)
    except (msgspec.ValidationError, msgspec.DecodeError) as e:
        return "error", f"not a kbassist record: {e}"
    return "ok", (article.id, article.modified or "", fields_for(article))


# A control character in a JSON line: escaped C0 (but tab, line feed, carriage return),
# DEL and C1, escaped or raw (C1 in UTF-8 is \xc2\x80-\x9f).
_JSON_CONTROL = re.compile(
    rb"\\u00(?:0[0-8bcefBCEF]|1[0-9a-fA-F]|7[fF]|[89][0-9a-fA-F])|\x7f|\xc2[\x80-\x9f]"
)


def _clean_record(article: Article, data: bytes) -> Article:
    """A record read from .jsonl under the parser's control-character policy: the same
    text, whatever format it came from, so no escape sequence in a record can reach a
    terminal or a page. Each removal is noted in the record's warnings."""
    if not _JSON_CONTROL.search(data):
        return article
    removed: list[str] = []

    def clean(value: object) -> object:
        if isinstance(value, str):
            text, notes = sanitise(value, expand_tabs=False)
            removed.extend(notes)
            return text
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        return value

    fields = clean(msgspec.to_builtins(article))
    cleaned = msgspec.convert(fields, Article)
    if removed:
        cleaned.warnings.append(f"record read from .jsonl: {'; '.join(sorted(set(removed)))}")
    return cleaned


def _inputs(paths: list[str]) -> Iterator[tuple[str, str, bytes] | ParseError]:
    """(kind, source, bytes) for every input; `.jsonl` files give one record a line."""
    for raw in paths:
        if raw.lower().endswith(".jsonl") and Path(raw).is_file():
            with open(raw, "rb") as fh:
                for n, line in enumerate(fh, 1):
                    if line.strip():
                        yield "record", f"{raw}:{n}", line
            continue
        for item in iter_inputs([raw]):
            if isinstance(item, ParseError):
                yield item
            else:
                yield "article", item[0], item[1]


def count_inputs(paths: list[str]) -> int | None:
    """How many inputs, when that is cheap to know (files and folders, not archives)."""
    total = 0
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for _root, _dirs, files in os.walk(p):
                if any(f.lower().endswith((".zip", ".tar", ".xz", ".gz", ".bz2")) for f in files):
                    return None
                total += sum(
                    1 for f in files if f.lower().endswith((".txt", ".md", ".html", ".htm"))
                )
        elif p.is_file() and not raw.lower().endswith(
            (".jsonl", ".zip", ".tar", ".xz", ".gz", ".bz2", ".tgz")
        ):
            total += 1
        else:
            return None
    return total


def _digest(data: bytes) -> str:
    # The parser's revision is part of the hash: bytes an older parser read count as
    # changed, so an improved parser reaches an existing index on its next ingest.
    h = hashlib.blake2b(f"kbparse {PARSER_REVISION}\n".encode(), digest_size=16)
    h.update(data)
    return h.hexdigest()


def ingest(
    index: KbIndex,
    paths: list[str],
    progress: Progress | None = None,
    jobs: int | None = None,
    wait: bool = True,
    on_wait: Callable[[str], None] | None = None,
    on_phase: Callable[[str], None] | None = None,
    on_embed: Callable[[int, int], None] | None = None,
) -> IngestReport:
    """`on_phase` is told when the work moves past parsing (the semantic model);
    `on_embed` with (articles embedded, articles to embed) as the encoder goes, first
    with (0, n) before it starts."""
    report = IngestReport()
    started = time.monotonic()
    total = count_inputs(paths)
    jobs = jobs or max(1, (os.cpu_count() or 1))
    with index.writing(wait=wait, on_wait=on_wait):
        # A killed or failed run's leftovers (worker folders, unpublished segments,
        # half-written model files) go first: only now, under the lock, is no one
        # writing them.
        remove_leftovers(index)
        _run(index, paths, report, progress, total, jobs)
        crash.point("semantic")
        report.semantic, report.semantic_error = _refresh_semantic(index, on_phase)
        _refresh_vectors(index, report, on_embed)
    report.seconds = time.monotonic() - started
    if report.failed:
        report.report_path = _write_failures(index.path, report.failed)
    return report


def _segment_worker(ix_dir: str, jobs: mp.Queue, results: mp.Queue, parent: int) -> None:
    """Worker process: parse inputs and write them into one new Whoosh segment of its own.

    The segment is not part of the index until the parent writes a TOC naming it, so a
    killed ingest leaves only unreferenced files behind (the next commit cleans them).
    """
    exit_with_parent(parent)
    try:
        _write_segment(ix_dir, jobs, results, parent)
    except BaseException as e:  # a full disk, no memory: the parent must hear of it
        results.put(("failed", f"{type(e).__name__}: {e}"))
        results.close()
        results.join_thread()
        os._exit(1)
    # Leave without the interpreter's exit handlers: in a process forked from the
    # console they are the console's, and could fail (exit status 1) after the work is
    # done and sent.
    results.close()
    results.join_thread()
    os._exit(0)


def _write_segment(ix_dir: str, jobs: mp.Queue, results: mp.Queue, parent: int) -> None:
    # Posting blocks of 1,024 instead of Whoosh's 128: stage one reads whole posting
    # lists into arrays, and each block costs a fixed unpickle and seek.
    writer = worker_segment_writer(ix_dir, limitmb=512, blocklimit=1024)
    meta: list[Meta] = []
    while True:
        try:
            job = jobs.get(timeout=1.0)
        except queue.Empty:
            if os.getppid() != parent:
                # The ingest was killed: drop everything and leave at once (a normal
                # exit would wait on the result queue's feeder, which nobody reads).
                writer.cancel()
                results.cancel_join_thread()
                os._exit(0)
            continue
        if job is None:
            break
        done = []
        for kind, source, data, digest in job:
            status, payload = _prepare(kind, source, data)
            if status == "ok":
                art_id, modified, doc = payload  # type: ignore[misc]
                writer.add_document(**doc)
                meta.append((art_id, modified, source, digest))
                done.append((source, digest, "ok", art_id))
            else:
                done.append((source, digest, "error", str(payload)))
        results.put(("progress", done))
    segment = finish_worker_segment(writer, has_documents=bool(meta))
    results.put(("done", segment, meta, os.getpid()))


_CHUNK = 64  # inputs per job sent to a worker


@dataclass
class _Workers:
    """One ingest's worker processes, their queues, and what they have sent back."""

    processes: list[mp.process.BaseProcess]
    jobs: mp.Queue
    results: mp.Queue
    report: IngestReport
    progress: Progress | None
    total: int | None
    finished: Finished = field(default_factory=list)
    copies: list[tuple[str, str]] = field(default_factory=list)
    """(digest, source) of inputs whose bytes an earlier input of this run had."""
    failed_digests: dict[str, str] = field(default_factory=dict)
    """digest -> why, of the inputs that failed."""
    delivered: set[int] = field(default_factory=set)
    """pids of the workers whose segment arrived (how they exit after it is no matter)."""


def _run(
    index: KbIndex,
    paths: list[str],
    report: IngestReport,
    progress: Progress | None,
    total: int | None,
    jobs: int,
) -> None:
    known = {row[0] for row in index.ledger.execute("SELECT hash FROM inputs")}
    workers = _start_workers(index, jobs, report, progress, total)
    try:
        _feed(workers, paths, known)
        _wait_for_segments(workers)
        _count_copies(workers)
    except BaseException:
        _stop_workers(workers)
        remove_leftovers(index)  # their unpublished segments: the index is as it was
        raise
    _settle(index, report, workers.finished)
    if progress:
        progress(report.done, total)


def _count_copies(workers: _Workers) -> None:
    """A copy of an input that failed is a failure of its own (100,000 identical junk
    members are 100,000 failures, not one and 99,999 unchanged)."""
    report = workers.report
    for digest, source in workers.copies:
        why = workers.failed_digests.get(digest)
        if why is not None:
            report.unchanged -= 1
            report.failed.append((source, why))


def _stop_workers(workers: _Workers) -> None:
    for w in workers.processes:
        if w.is_alive():
            w.kill()
    for w in workers.processes:
        w.join(timeout=5)
    workers.jobs.cancel_join_thread()
    workers.results.cancel_join_thread()


def _start_workers(
    index: KbIndex, jobs: int, report: IngestReport, progress: Progress | None, total: int | None
) -> _Workers:
    ctx = mp.get_context("fork")
    job_q: mp.Queue = ctx.Queue(maxsize=jobs * 4)
    res_q: mp.Queue = ctx.Queue()
    processes = [
        ctx.Process(
            target=_segment_worker,
            args=(str(index.path / "whoosh"), job_q, res_q, os.getpid()),
            daemon=True,
        )
        for _ in range(jobs)
    ]
    for w in processes:
        w.start()
    return _Workers(processes, job_q, res_q, report, progress, total)


def _feed(workers: _Workers, paths: list[str], known: set[str]) -> None:
    """Every changed input to the workers, in chunks; unchanged ones (by content hash,
    in the ledger or seen earlier in this run) are only counted."""
    report, progress = workers.report, workers.progress
    chunk: list[tuple[str, str, bytes, str]] = []
    seen_now: set[str] = set()
    for item in _inputs(paths):
        if isinstance(item, ParseError):
            report.failed.append((item.source, item.reason))
            continue
        digest = _digest(item[2])
        if digest in seen_now:
            # The same bytes as an input of this run: it fares as that one does (a copy
            # of a failure fails too), which is known once the workers are done.
            workers.copies.append((digest, item[1]))
            report.unchanged += 1
            continue
        if digest in known:
            report.unchanged += 1
            if progress and report.unchanged % 500 == 0:
                progress(report.done, workers.total)
            continue
        seen_now.add(digest)
        chunk.append((item[0], item[1], item[2], digest))
        if len(chunk) >= _CHUNK:
            _put(workers, chunk)
            crash.point("fed")
            chunk = []
            _collect(workers, block=False)
    if chunk:
        workers.jobs.put(chunk)
    for _ in workers.processes:
        workers.jobs.put(None)


def _put(workers: _Workers, chunk: list[tuple[str, str, bytes, str]]) -> None:
    """Queue a job, reading results while the queue is full (a worker blocked on a
    full result pipe would never take the next job)."""
    while True:
        try:
            workers.jobs.put(chunk, timeout=0.2)
            return
        except queue.Full:
            _collect(workers, block=False)
            _check_alive(workers)


def _collect(workers: _Workers, block: bool) -> None:
    """Take one result message (block), or every one waiting (not block)."""
    while True:
        try:
            msg = workers.results.get(block=block, timeout=0.5 if block else None)
        except queue.Empty:
            return
        if msg[0] == "progress":
            _count_progress(workers, msg[1])
        elif msg[0] == "failed":
            raise IngestFailed(msg[1])
        else:
            workers.finished.append((msg[1], msg[2]))
            workers.delivered.add(msg[3])
        if block:
            return


def _count_progress(workers: _Workers, done: list[tuple[str, str, str, str]]) -> None:
    report = workers.report
    for source, digest, status, info in done:
        if status == "error":
            report.failed.append((source, info))
            workers.failed_digests[digest] = info
        else:
            report.parsed += 1
    if workers.progress:
        workers.progress(report.done, workers.total)


def _wait_for_segments(workers: _Workers) -> None:
    """Until every worker has sent its finished segment; then they have left."""
    while len(workers.finished) < len(workers.processes):
        _collect(workers, block=True)
        _check_alive(workers)
    for w in workers.processes:
        w.join()


def _check_alive(workers: _Workers) -> None:
    """A worker that died without a word (killed, out of memory) ends the ingest: its
    inputs would never be written, and waiting for it would be waiting for good."""
    for w in workers.processes:
        if w.exitcode not in (None, 0) and w.pid not in workers.delivered:
            _collect(workers, block=False)  # its last words, if it had any
            raise IngestFailed(f"a worker process died (exit status {w.exitcode})")


def _settle(index: KbIndex, report: IngestReport, finished: Finished) -> None:
    """Pick one record per id, delete the others, and publish it all in one TOC write;
    then the ledger. Each commit step is a function of its own, in commit order, with a
    kill point after it (crash.py)."""
    crash.point("segments")
    current = _current_articles(index, {m[0] for _seg, meta in finished for m in meta})
    best, losers, inputs = _pick_winners(finished, current)
    replaced_existing = _count_outcomes(report, best, current, len(inputs))
    segments = [seg for seg, _meta in finished]
    _delete_losers(segments, losers)
    crash.point("losers")
    final = _publish_toc(index, segments, replaced_existing)
    crash.point("toc")
    _commit_ledger(index, inputs, best)
    crash.point("ledger")
    _sync()
    crash.point("synced")
    if len(final) > 8:
        _merge_small_segments(index)
    crash.point("merged")


def _current_articles(index: KbIndex, batch: set[str]) -> dict[str, tuple[str, str, str]]:
    """Article id -> (source, modified, digest) of the record the index holds.

    The ledger says, and the index is asked too for this batch's ids that the ledger
    does not list: a kill after the TOC was published but before the ledger was
    committed leaves records the ledger never heard of. Counted as held, they are
    replaced (every copy) instead of stored a second time.
    """
    current = {
        row[0]: (row[1], row[2] or "", row[3])
        for row in index.ledger.execute("SELECT id, source, modified, hash FROM articles")
    }
    unlisted = batch - current.keys()
    if unlisted:
        searcher = index.searcher()
        # One pass over the index's ids, not a look-up per new article: a first ingest
        # of the whole archive has 57,000 ids the ledger does not list, and normally
        # none of them is in the index.
        held = {t.decode() if isinstance(t, bytes) else t for t in searcher.reader().lexicon("id")}
        for art_id in unlisted & held:
            doc = searcher.document(id=art_id)  # None when only a deleted copy has it
            if doc:
                record = unpack_record(doc["record"])
                current[art_id] = (record.source or "", record.modified or "", "")
    return current


def _pick_winners(
    finished: Finished, current: dict[str, tuple[str, str, str]]
) -> tuple[Best, list[tuple[int, int]], list[tuple[str, str, str, str]]]:
    """The record that wins each id (later `modified`; a changed source replaces its
    own record; ties keep what is there), the losers as (new segment, docnum), and
    every new input as a ledger row (digest, id, source, modified)."""
    best: Best = {}
    losers: list[tuple[int, int]] = []
    inputs: list[tuple[str, str, str, str]] = []
    for seg_i, (_segment, meta) in enumerate(finished):
        for n, (art_id, modified, source, digest) in enumerate(meta):
            inputs.append((digest, art_id, source, modified))
            cand = (modified, False, source, digest, seg_i, n)
            if art_id not in best and art_id in current:
                old_source, old_modified, old_hash = current[art_id]
                best[art_id] = (old_modified, True, old_source, old_hash, -1, -1)
            held = best.get(art_id)
            if held is None:
                best[art_id] = cand
                continue
            newer = modified > held[0] or (held[1] and source == held[2])
            if newer:
                if held[4] >= 0:
                    losers.append((held[4], held[5]))
                best[art_id] = cand
            else:
                losers.append((seg_i, n))
    return best, losers, inputs


def _count_outcomes(
    report: IngestReport, best: Best, current: dict[str, tuple[str, str, str]], n_inputs: int
) -> list[str]:
    """Added, updated and superseded into the report; the ids whose record in the
    index is replaced."""
    added = updated = 0
    replaced_existing: list[str] = []
    for art_id, (_m, is_existing, *_rest) in best.items():
        if is_existing:
            continue
        if art_id in current:
            updated += 1
            replaced_existing.append(art_id)
        else:
            added += 1
    report.added = added
    report.updated = updated
    # New inputs whose record lost to another source of the same article.
    report.superseded = n_inputs - added - updated
    report.parsed = 0
    return replaced_existing


def _delete_losers(segments: list[Segment | None], losers: list[tuple[int, int]]) -> None:
    """Mark the losing records deleted inside the new segments (not yet published)."""
    for seg_i, n in losers:
        segments[seg_i].delete_document(n)  # type: ignore[union-attr]


def _publish_toc(
    index: KbIndex, segments: list[Segment | None], replaced_existing: list[str]
) -> list[Segment]:
    """Commit step 1: the replaced records deleted from the old segments and the new
    segments added, in one TOC write. Returns the index's segments now."""
    writer = index.ix.writer()
    try:
        with writer.searcher() as s:
            for art_id in replaced_existing:
                # Every copy: an index hurt before this fix may hold an article twice.
                for docnum in list(s.document_numbers(id=art_id)):
                    writer.delete_document(docnum)
        # A segment whose every document lost holds nothing: leave it out (its files are
        # cleaned up with the commit).
        final = list(writer.segments) + [
            seg for seg in segments if seg is not None and seg.deleted_count() < seg.doc_count_all()
        ]
        publish_segments(writer, final)
    except BaseException:
        writer.cancel()
        raise
    return final


def _commit_ledger(index: KbIndex, inputs: list[tuple[str, str, str, str]], best: Best) -> None:
    """Commit step 2: every new input, and the winning source of each article."""
    ledger = index.ledger
    ledger.executemany(
        "INSERT OR REPLACE INTO inputs(hash, id, source, modified) VALUES (?, ?, ?, ?)", inputs
    )
    ledger.executemany(
        "INSERT OR REPLACE INTO articles(id, source, hash, modified) VALUES (?, ?, ?, ?)",
        [(i, b[2], b[3], b[0]) for i, b in best.items() if not b[1]],
    )
    ledger.commit()


def _sync() -> None:
    """Commit step 3: Whoosh never fsyncs; make the finished ingest durable."""
    os.sync()


def _merge_small_segments(index: KbIndex) -> None:
    """Many small segments slow every search: let Whoosh merge the small ones."""
    w = index.ix.writer()
    w.commit(merge=True)


def _refresh_semantic(index: KbIndex, on_phase: Callable[[str], None] | None) -> tuple[str, str]:
    """The articles are committed by now: a model that cannot be learned (no memory, a
    full disk) is reported, never allowed to fail the ingest; the old model file, if
    any, stays and the next ingest tries again."""
    current = {row[0]: row[1] for row in index.ledger.execute("SELECT id, hash FROM articles")}
    try:
        what, _model = semantic.refresh(index.path, current, index.records, on_work=on_phase)
    except Exception as e:  # MemoryError too; reported in the summary
        return "failed", f"{type(e).__name__}: {e}"
    return what, ""


def _refresh_vectors(
    index: KbIndex, report: IngestReport, on_embed: Callable[[int, int], None] | None
) -> None:
    """The articles' sentence vectors in step with the ledger, when the encoder is there.
    Like the semantic model, this never fails the ingest: the articles are committed,
    and every part embedded before a failure (or a kill) stays done for the next run.

    The encoder runs in forked processes of one onnxruntime thread each, one per core:
    on two cores they were measured faster than this process on onnxruntime's two
    threads (ARCHITECTURE.md)."""
    ok, report.encoder = encoder.status()
    report.encoder_state = encoder.state()
    if not ok:
        report.vectors = "absent"
        return
    started = time.monotonic()
    try:
        # Loaded here, in this process, even when processes embed: the files' checks
        # (size, sha256) say "unusable" once, before any process is started.
        model = encoder.require(1 if _encoder_processes() > 1 else 0)
    except encoder.EncoderUnavailable as e:
        report.encoder, report.encoder_state, report.vectors = str(e), e.kind, "absent"
        return
    current = {row[0]: row[1] for row in index.ledger.execute("SELECT id, hash FROM articles")}
    try:
        with index.unmapped_records() as records, _Embedder(model) as embedder:
            outcome = vectors.refresh(index.path, current, records, embedder, on_embed)
    except Exception as e:  # MemoryError, a full disk, the encoder's own errors
        report.vectors, report.vectors_error = "failed", f"{type(e).__name__}: {e}"
    else:
        report.vectors = outcome.what
        report.vectors_embedded = outcome.embedded
        report.vectors_resumed = outcome.resumed
    report.vectors_seconds = time.monotonic() - started


ENCODER_PROCESSES = 2
"""Processes of one onnxruntime thread each that embed (at most one per core)."""
_PROCESSES_FROM = 64
"""Fewer texts than this are embedded in this process: starting processes and loading
the model in each costs more than they save."""


def _encoder_processes() -> int:
    return max(1, min(ENCODER_PROCESSES, os.cpu_count() or 1))


class _Embedder:
    """The encoder for vectors.refresh: this process's for a few texts, else
    `encoder.EncoderProcesses` (started on the first large batch, closed on exit)."""

    def __init__(self, model: encoder.Encoder) -> None:
        self.model = model
        self.processes: encoder.EncoderProcesses | None = None

    def encode(self, texts: list[str], max_tokens: int = encoder.MAX_TOKENS) -> object:
        if _encoder_processes() < 2 or len(texts) < _PROCESSES_FROM:
            return self.model.encode(texts, max_tokens=max_tokens)
        if self.processes is None:
            self.processes = encoder.EncoderProcesses(_encoder_processes())
        return self.processes.encode(texts, max_tokens=max_tokens)

    def __enter__(self) -> _Embedder:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.processes is not None:
            self.processes.close()


def _write_failures(index_path: Path, failed: list[tuple[str, str]]) -> Path:
    folder = index_path / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / time.strftime("ingest-failures-%Y%m%d-%H%M%S.tsv")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("source\treason\n")
        for source, reason in failed:
            fh.write(f"{source}\t{reason}\n")
    return path
