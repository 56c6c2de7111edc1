"""Embedding the archive's articles with the sentence encoder, as an ingest does.

    python benchmarks/embed_bench.py [--index DIR] [--limit N] [--processes P] [--keep DIR]

Reads the records of an existing index (default $KBASSIST_BENCH_DIR/index, which
benchmarks/ingest_bench.py builds from the TXT archive), embeds them into a scratch
folder (never the index itself) through the ingest's own path (vectors.refresh, parts of
vectors.PART_SIZE, then the fold), and prints articles/s, total time, the vectors file's
size and the resident memory of this process and of the encoder's processes.
`--processes 1` embeds in this process on onnxruntime's threads (one per core), `2` in
two forked processes of one thread each (what ingest does on two cores or more).
`--limit N` embeds the first N articles by id and extrapolates to the whole index.
Target (issue 13): the whole archive in at most 10 minutes on 2 cores, vectors at most
100 MB on disk and in memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from kbassist.index import encoder, ingest, vectors
from kbassist.index.store import KbIndex

from common import WORK


def _rss_mb() -> float:
    """Resident memory now (VmRSS), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _cpu_s() -> float:
    """CPU seconds of this process and of its children that have finished."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--index", type=Path, default=WORK / "index", help="index to read records from")
    ap.add_argument("--limit", type=int, default=0, help="embed only the first N articles by id")
    ap.add_argument(
        "--processes",
        type=int,
        default=None,
        help="1: this process on onnxruntime's threads; 2: two processes of one thread "
        "(default: what ingest does here)",
    )
    ap.add_argument("--keep", type=Path, default=None, help="write the vectors here and keep them")
    args = ap.parse_args()

    if not (args.index / "whoosh").is_dir():
        sys.exit(f"no index at {args.index}: build it with benchmarks/ingest_bench.py")
    ok, line = encoder.status()
    if not ok:
        sys.exit(line)
    if args.processes is not None:
        ingest.ENCODER_PROCESSES = args.processes
    processes = ingest._encoder_processes()
    started = time.perf_counter()
    model = encoder.require(1 if processes > 1 else 0)
    load_s = time.perf_counter() - started
    rss_before = _rss_mb()

    scratch = args.keep or Path(tempfile.mkdtemp(prefix="kbassist-embed-"))
    scratch.mkdir(parents=True, exist_ok=True)
    with KbIndex.open(args.index) as kb:
        everything = dict(kb.ledger.execute("SELECT id, hash FROM articles"))
        ids = sorted(everything)[: args.limit] if args.limit else sorted(everything)
        current = {i: everything[i] for i in ids}
        print(
            f"{line}; embedding {len(current):,} of the index's {len(everything):,} articles "
            f"into {scratch} (parts of {vectors.PART_SIZE}; "
            f"{'this process' if processes == 1 else f'{processes} processes'})",
            flush=True,
        )
        last = [time.perf_counter()]

        def progress(done: int, total: int) -> None:
            now = time.perf_counter()
            if now - last[0] >= 30 or done == total:
                last[0] = now
                rate = done / max(now - t0, 1e-9)
                print(f"  {done:,}/{total:,}  {rate:,.0f} articles/s", flush=True)

        t0 = time.perf_counter()
        cpu0 = _cpu_s()
        with kb.unmapped_records() as records, ingest._Embedder(model) as embedder:
            outcome = vectors.refresh(scratch, current, records, embedder, progress)
        took = time.perf_counter() - t0
        cpu = _cpu_s() - cpu0

    size_mb = (scratch / vectors.VECTORS_FILE).stat().st_size / 1e6
    held = vectors.load(scratch)
    rate = outcome.embedded / took
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"embedded          : {outcome.embedded:,} articles in {took:,.1f} s  {rate:,.0f}/s")
    print(f"model load        : {load_s:.1f} s")
    print(f"vectors file      : {size_mb:,.1f} MB on disk (float16)")
    if held is not None:
        print(
            f"vectors in memory : {held.matrix.nbytes / 1e6:,.1f} MB "
            "(float32, as search holds them)"
        )
    print(
        f"resident memory   : {_rss_mb():,.0f} MB now, {peak:,.0f} MB peak "
        f"({rss_before:,.0f} MB with the model loaded, before embedding)"
    )
    if processes > 1:
        print(f"encoder processes : {kids:,.0f} MB peak resident, the largest")
    cores = os.cpu_count() or 1
    print(
        f"CPU time          : {cpu:,.1f} s ({cpu / max(outcome.embedded, 1) * 1000:,.0f} ms an "
        f"article); on {cores} idle cores about {cpu / cores:,.0f} s "
        "(wall time above counts what other work took from them)"
    )
    if args.limit and len(everything) > len(current):
        idle = cpu / max(outcome.embedded, 1) * len(everything) / cores
        print(f"extrapolated idle : {idle / 60:,.1f} min for the whole index, from the CPU time")
        whole = len(everything) / rate
        per_article = size_mb / max(len(current), 1)
        print(
            f"extrapolated      : {len(everything):,} articles in {whole / 60:,.1f} min, "
            f"{per_article * len(everything):,.0f} MB on disk"
        )
    if args.keep is None:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
