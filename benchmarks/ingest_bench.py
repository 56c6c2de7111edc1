"""Full ingest of the TXT corpus, then the unchanged re-ingest, beside a SQLite FTS5 build.

    python benchmarks/ingest_bench.py [--jobs N] [--keep]

Prints wall seconds, articles/s, peak memory and index size for kbassist's Whoosh index,
the re-ingest of the unchanged corpus, and the FTS5 build of the same articles with the
ratio. Targets (2 cores): full ingest <= 90 s, re-ingest <= 10 s, peak memory <= 2 GB.
The index and FTS5 database are left in $KBASSIST_BENCH_DIR (default /tmp/kbassist-bench)
for search_bench.py and quality.py.
"""

from __future__ import annotations

import argparse
import os
import shutil
import time

from kbassist.index.ingest import ingest
from kbassist.index.store import KbIndex

from common import WORK, build_fts, corpus_archive, dir_size_mb, load_members, peak_rss_mb


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument(
        "--jobs", type=int, default=None, help="ingest worker processes (default: cores)"
    )
    args = ap.parse_args()
    archive = corpus_archive()
    WORK.mkdir(parents=True, exist_ok=True)
    ix_dir = WORK / "index"
    shutil.rmtree(ix_dir, ignore_errors=True)

    t0 = time.perf_counter()
    phase: list[float] = []
    with KbIndex.open(ix_dir, create=True) as kb:
        report = ingest(
            kb,
            [str(archive)],
            jobs=args.jobs,
            on_phase=lambda _m: phase.append(time.perf_counter()),
        )
        count = kb.doc_count()
    full_s = time.perf_counter() - t0
    semantic_s = time.perf_counter() - phase[0] if phase else 0.0
    me, kids = peak_rss_mb()
    size = dir_size_mb(ix_dir)
    print(
        f"kbassist full ingest : {full_s:6.1f} s  {count / full_s:7,.0f} articles/s  "
        f"({report.added:,} added, {len(report.failed)} failed)"
    )
    jobs = args.jobs or os.cpu_count() or 1
    total_mb = me + jobs * kids
    print(
        f"  peak memory        : main {me:,.0f} MB, largest worker {kids:,.0f} MB; "
        f"all {jobs} workers at once at most {total_mb:,.0f} MB"
    )
    print(f"  of which semantic  : {semantic_s:6.1f} s  (model {report.semantic})")
    print(f"  index size         : {size:,.0f} MB")

    t0 = time.perf_counter()
    with KbIndex.open(ix_dir) as kb:
        again = ingest(kb, [str(archive)], jobs=args.jobs)
    re_s = time.perf_counter() - t0
    print(
        f"kbassist re-ingest   : {re_s:6.1f} s  ({again.unchanged:,} unchanged, "
        f"{again.added + again.updated} changed, semantic model {again.semantic})"
    )

    items = load_members(archive)
    t0 = time.perf_counter()
    build_fts(items, WORK / "fts.sqlite")
    fts_s = time.perf_counter() - t0
    print(
        f"SQLite FTS5 build    : {fts_s:6.1f} s  {len(items) / fts_s:7,.0f} articles/s  "
        f"({(WORK / 'fts.sqlite').stat().st_size / 1e6:,.0f} MB)"
    )
    print(f"ratio kbassist/FTS5  : {full_s / fts_s:.1f}x the time")
    print(
        f"targets              : full <= 90 s {'met' if full_s <= 90 else 'NOT met'}; "
        f"re-ingest <= 10 s {'met' if re_s <= 10 else 'NOT met'}; "
        f"memory <= 2 GB {'met' if max(me, kids) * 2 <= 2048 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
