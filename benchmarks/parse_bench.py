"""Parse speed over the whole TXT corpus on one core.

    python benchmarks/parse_bench.py [ARCHIVE] [--repeat N]

ARCHIVE defaults to ../shared/corpus/mskb-txt.tar.xz (or $KBASSIST_CORPUS). The archive
is read into memory first, so the figure is the parser's own speed (bytes -> Article),
then again with JSON encoding, as `kbassist parse` does. Target: >= 3,000 articles/s.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from kbassist.kbparse import ParseError, parse_bytes
from kbassist.kbparse.record import to_json

from common import corpus_archive, load_members, peak_rss_mb


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("archive", nargs="?", type=Path, default=None)
    ap.add_argument("--repeat", type=int, default=1, help="runs; the best is reported")
    args = ap.parse_args()
    args.archive = args.archive or corpus_archive()
    if not args.archive.exists():
        sys.exit(f"corpus not found: {args.archive}")

    t0 = time.perf_counter()
    items = load_members(args.archive)
    load_s = time.perf_counter() - t0
    total_bytes = sum(len(b) for _, b in items)
    print(
        f"corpus: {args.archive.name}: {len(items):,} files, {total_bytes / 1e6:.0f} MB "
        f"(read and decompressed in {load_s:.1f} s)"
    )

    best_parse = best_json = float("inf")
    errors: Counter[str] = Counter()
    records = encoded = 0
    for _ in range(args.repeat):
        # Records are streamed, as `kbassist parse` does: holding 57,000 of them would
        # make the cyclic GC walk millions of objects and measure that instead.
        errors.clear()
        records = encoded = 0
        parse_s = json_s = 0.0
        for source, data in items:
            t0 = time.perf_counter()
            try:
                rec = parse_bytes(data, source)
            except ParseError as e:
                errors[e.reason] += 1
                parse_s += time.perf_counter() - t0
                continue
            t1 = time.perf_counter()
            encoded += len(to_json(rec)) + 1
            json_s += time.perf_counter() - t1
            parse_s += t1 - t0
            records += 1
        best_parse = min(best_parse, parse_s)
        best_json = min(best_json, parse_s + json_s)

    n = len(items)
    peak_mb = peak_rss_mb()[0]
    print(f"parse only      : {best_parse:6.1f} s  {n / best_parse:8,.0f} articles/s  (one core)")
    print(
        f"parse + JSON    : {best_json:6.1f} s  {n / best_json:8,.0f} articles/s  "
        f"({encoded / 1e6:.0f} MB of JSON Lines)"
    )
    print(f"records         : {records:,}   ParseErrors: {sum(errors.values())}")
    for reason, count in errors.most_common():
        print(f"  {count:6,} x {reason}")
    print(f"peak memory     : {peak_mb:,.0f} MB (the corpus bytes are held in memory)")
    print(f"target 3,000/s  : {'met' if n / best_parse >= 3000 else 'NOT met'}")


if __name__ == "__main__":
    main()
