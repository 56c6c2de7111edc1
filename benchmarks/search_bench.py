"""Search latency on the full index, beside SQLite FTS5 answering the same queries.

    python benchmarks/search_bench.py [--index DIR] [--fts FILE] [-n N]

Three query sets: long pastes (the public pasted messages and tickets, plus messages
generated from the archive's own, wrapped, with dialog chrome), short queries (symptom
lines, a few words of a message) and codes. Each set is timed query by query in this one
process, after 20 other queries of its kind have warmed it up (search keeps decoded
posting lists of common words, so a warm-up on the timed queries would flatter it).
Targets: p95 <= 100 ms long, <= 30 ms short; with the sentence encoder (index/encoder.py)
at most 15 ms more (judged on the wall clock, and on this process's CPU time, which a
busy machine does not inflate; OpenBLAS's idle threads do: they spin on the other cores
after each matrix product, and counted twice the wall time even for lexical searches
on 2 cores. Judge by CPU with OPENBLAS_NUM_THREADS=1, as `kbassist web` runs; the
console keeps OpenBLAS's default). `--encoder both` (the default) times every set
without and with it, and adds a fourth set, descriptions (the judged plain-words
descriptions and tickets of benchmarks/queries), where the encoder takes part.
Run ingest_bench.py first (it leaves the index and FTS5 database in place).
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import time
from pathlib import Path

from kbassist.index.search import search
from kbassist.index.store import KbIndex, unpack_record

from common import WORK, fts_search, generated_messages, percentile, public_queries


def _records(kb: KbIndex, n: int, seed: int = 5) -> list:
    s = kb.searcher()
    reader = s.reader()
    ids = list(reader.all_doc_ids())
    random.Random(seed).shuffle(ids)
    return [unpack_record(reader.stored_fields(d)["record"]) for d in ids[:n]]


def query_sets(kb: KbIndex, n: int) -> dict[str, list[str]]:
    pub = public_queries()
    recs = _records(kb, 6000)
    gen = [q["query"] for q in generated_messages(recs, n)]
    long = [q["query"] for q in pub if q["kind"] in ("paste", "ticket")] + gen
    rnd = random.Random(3)
    short = [q["query"] for q in pub if q["kind"] in ("symptom", "product")]
    for r in recs:
        for m in r.error_messages:
            w = m.split()
            if len(w) >= 6:
                start = rnd.randrange(0, len(w) - 3)
                short.append(" ".join(w[start : start + 3]))
        if len(short) >= n:
            break
    codes = [q["query"] for q in pub if q["kind"] == "code"]
    for r in recs:
        for c in r.error_codes:
            codes.append(rnd.choice([c.text, c.text.lower(), f"error {c.value}"]))
        if len(codes) >= n:
            break
    described = [
        json.loads(x)["query"]
        for f in sorted((Path(__file__).parent / "queries").glob("*.jsonl"))
        for x in f.read_text().splitlines()
        if x.strip()
    ]
    rnd.shuffle(described)
    return {
        "long pastes": long[:n],
        "short queries": short[:n],
        "codes": codes[:n],
        "descriptions": described[:n],
    }


_WARM_UP = 20


def timed(
    fn, queries: list[str], warm_up: list[str], cpu: list[float] | None = None
) -> list[float]:
    """Wall milliseconds of each query; with `cpu`, its CPU milliseconds appended there
    (this process's: on a busy machine the wall clock counts other work too)."""
    for q in warm_up:
        fn(q)
    out = []
    for q in queries:
        t0 = time.perf_counter()
        c0 = time.process_time()
        fn(q)
        out.append((time.perf_counter() - t0) * 1000)
        if cpu is not None:
            cpu.append((time.process_time() - c0) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--index", default=str(WORK / "index"))
    ap.add_argument("--fts", default=str(WORK / "fts.sqlite"))
    ap.add_argument("-n", type=int, default=200, help="queries per set")
    ap.add_argument(
        "--encoder",
        choices=["on", "off", "both"],
        default="both",
        help="time searches with the sentence encoder, without it, or both",
    )
    args = ap.parse_args()
    modes = {"on": [True], "off": [False], "both": [False, True]}[args.encoder]
    kb = KbIndex.open(args.index)
    con = sqlite3.connect(args.fts)
    sets = query_sets(kb, args.n + _WARM_UP)
    kb.speller()  # built once per process, on the first unknown word; the console
    # builds it right after its first frame
    targets = {"long pastes": 100, "short queries": 30, "codes": 30, "descriptions": 100}
    head = (
        f"{'set':<26} {'n':>4}   {'kbassist p50/p95/max ms':>26}   {'FTS5 p50/p95/max ms':>22}"
        f"   {'CPU p50/p95':>13}"
    )
    print(head)
    for name, every in sets.items():
        if len(every) <= _WARM_UP:
            continue
        queries, warm_up = every[: args.n], every[args.n :] or every[:_WARM_UP]
        peer = timed(lambda q: fts_search(con, q), queries, warm_up)
        for mode in modes:
            cpu: list[float] = []
            ours = timed(lambda q, m=mode: search(kb, q, encoder=m), queries, warm_up, cpu)
            target = targets[name] + (15 if mode else 0)
            label = f"{name} ({'encoder' if mode else 'lexical'})"
            print(
                f"{label:<26} {len(queries):>4}   "
                f"{percentile(ours, 50):7.1f} {percentile(ours, 95):7.1f} {max(ours):8.1f}   "
                f"{percentile(peer, 50):6.1f} {percentile(peer, 95):6.1f} {max(peer):7.1f}   "
                f"{percentile(cpu, 50):6.1f} {percentile(cpu, 95):6.1f}   "
                f"target p95 <= {target} ms: "
                f"{'met' if percentile(ours, 95) <= target else 'NOT met'}"
                f" (by CPU: {'met' if percentile(cpu, 95) <= target else 'NOT met'})"
            )


if __name__ == "__main__":
    main()
