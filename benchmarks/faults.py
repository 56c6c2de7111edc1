"""Faults on purpose: ingests killed at random steps, and fuzzed inputs through the parser.

    python benchmarks/faults.py kill [-n 100] [--seed 1]
    python benchmarks/faults.py fuzz [-n 100000] [--jobs 2] [--seed 1]

`kill` runs N ingests that are each killed (SIGKILL, through the kill points of
index/crash.py) at a random step of a random point in the work: while inputs are handed
to the workers, after the segments are written, after the TOC, after the ledger, ... Each
starts from a copy of a small index, ingests new and changed articles, is killed, then
ingests again without a kill, and is checked: every article there once (duplicates),
none missing and every changed one at its new version (losses), the ledger listing what
the index holds, no leftovers (`kbassist check` finds nothing). It prints kills survived,
duplicates, losses, disagreements and the kill points drawn. Target: 0, 0, 0.

`fuzz` mutates real articles of the three archives (../shared/corpus, or
$KBASSIST_CORPUS) and parses each mutant with `parse_bytes`: byte flips, inserted
control and high bytes, truncation, splices of two articles, one line repeated thousands
of times, long tokens (hex dumps, base64, `0x0 ` runs, rules), nested `<pre>`, stacked
headings, footer continuation lines, directory listings and file-table rows, a keyword
before a long run of one character. It prints:

- inputs parsed, records and ParseErrors, unhandled exceptions (anything else);
- over budget: inputs slower than 1 s per MB of the parser's CPU time (plus 50 ms for the
  fixed cost of a small input; one over it is timed twice and keeps the faster), beside
  the same count by the wall clock, and time-outs (over 30 s; the input is abandoned);
- the slowest inputs in s/MB and the largest input's time, peak memory of a worker.

Every failing input is written to $KBASSIST_BENCH_DIR/faults/ (default
/tmp/kbassist-bench/faults) with its mutation in the name, for reproduction; nothing of
the corpus is written into the repository. Target: 0 unhandled, 0 over budget.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing as mp
import random
import resource
import signal
import sys
import tarfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kbassist.kbparse import ParseError, parse_bytes

from common import WORK, corpus_archive

BUDGET_S_PER_MB = 1.0
BUDGET_FLOOR_S = 0.05
TIMEOUT_S = 30
SEEDS_PER_ARCHIVE = {"mskb-txt.tar.xz": 400, "mskb-md.tar.xz": 400, "mskb-html-sample.tar.xz": 200}


def load_seeds() -> list[tuple[str, bytes]]:
    """The first articles of each archive: enough variety, read in seconds."""
    seeds: list[tuple[str, bytes]] = []
    for name, count in SEEDS_PER_ARCHIVE.items():
        with tarfile.open(corpus_archive(name)) as tar:
            for member in tar:
                if not member.isfile():
                    continue
                f = tar.extractfile(member)
                if f is not None:
                    seeds.append((member.name, f.read()))
                if sum(1 for s in seeds if s[0].startswith(member.name.split("/")[0])) >= count:
                    break
    return seeds


# -- mutations: each takes the article and a random source, returns the mutant ----------

Mutation = Callable[[bytes, random.Random, list[tuple[str, bytes]]], bytes]

_LONG_TOKENS = [
    b"A",
    b"0x0 ",
    b"0123456789abcdef",
    b"QUJDRA==",
    b"<pre>",
    b"<pre><code>",
    b"=",
    b"-",
    b"|",
    b".",
    b" ",
    b"\t",
    b"%1 ",
    b"STOP 0x0000007B ",
    b"http://x/",
    b"Q123456 ",
]
_FRAGMENTS = [
    b"SYMPTOMS\r\n========\r\n\r\n",
    b"   Date        Time   Size    File name     Platform\r\n   ----------------------\r\n",
    b"   03/14/2001  09:15  45,312  Spoolfix.dll  Intel\r\n",
    b" 03/14/2001  09:15 <DIR>          x\r\n 1 File(s)  45,312 bytes\r\n",
    b"Keywords          : kbprint kbnetwork\r\n",
    b"                    kbword kbother\r\n",
    b"you may receive the following error message:\r\n\r\n   Error: %1 failed.\r\n\r\n",
    b" - \r\n      The message below a bullet.\r\n",
    b"<pre><code>",
    b"</code></pre>",
    b"<B>bold</B><BR/>",
    b"&lt;X&gt;&amp;",
    b"\x1b[2J\x1b]52;c;ZXZpbA==\x07",
    b"\x00\x01\x7f\x80\x9b\xff",
    b"==================================================\r\n",
    b"Additional query words: \r\n",
]


def _scale(rnd: random.Random, most: int) -> int:
    """A repeat count: mostly small, now and then up to `most` (a big input every ~50):
    superlinear work shows on the big ones, and the small ones keep the run short."""
    return rnd.randint(1, most) if rnd.random() < 0.02 else rnd.randint(1, 200)


def flip(data: bytes, rnd: random.Random, _s: list[tuple[str, bytes]]) -> bytes:
    buf = bytearray(data)
    for _ in range(rnd.randint(1, 20)):
        if buf:
            buf[rnd.randrange(len(buf))] = rnd.randrange(256)
    return bytes(buf)


def insert_bytes(data: bytes, rnd: random.Random, _s: list[tuple[str, bytes]]) -> bytes:
    at = rnd.randint(0, len(data))
    junk = bytes(
        rnd.choice(b"\x00\x07\x08\x0b\x0c\x1b\x7f\x85\x9b\xc3\xe2\xff\r\n\t<>&")
        for _ in range(rnd.randint(1, 200))
    )
    return data[:at] + junk + data[at:]


def truncate(data: bytes, rnd: random.Random, _s: list[tuple[str, bytes]]) -> bytes:
    return data[: rnd.randint(0, len(data))]


def splice(data: bytes, rnd: random.Random, seeds: list[tuple[str, bytes]]) -> bytes:
    other = rnd.choice(seeds)[1]
    return data[: rnd.randint(0, len(data))] + other[rnd.randint(0, len(other)) :]


def repeat_line(data: bytes, rnd: random.Random, _s: list[tuple[str, bytes]]) -> bytes:
    lines = data.split(b"\n")
    i = rnd.randrange(len(lines))
    k = _scale(rnd, 40_000)
    return b"\n".join(lines[:i] + [lines[i]] * k + lines[i:])


def long_token(data: bytes, rnd: random.Random, _s: list[tuple[str, bytes]]) -> bytes:
    lines = data.split(b"\n")
    i = rnd.randrange(len(lines))
    token = rnd.choice(_LONG_TOKENS) * _scale(rnd, 50_000)
    lead = rnd.choice([b"", b"   ", b"\t"])
    return b"\n".join([*lines[:i], lead + token, *lines[i:]])


# A word the parser keys on, then a long run of one character and a character that spoils
# the match at its end: where a pattern with several unbounded parts around the word
# backtracks over every split of the run (`STOP` + 400 blanks took 0.2 s, cubic).
_RUN_WORDS = [b"STOP", b"Event ID", b"error", b"0x", b"   Date  Time  Size  File name\r\n   ",
              b'you get the error "', b"Q123456", b"http://", b"<pre>", b"&#"]  # fmt: skip
_RUN_CHARS = [b" ", b"-", b"=", b"_", b"1", b"x", b".", b"\t", b"(", b'"']


def word_run(data: bytes, rnd: random.Random, _s: list[tuple[str, bytes]]) -> bytes:
    lines = data.split(b"\n")
    i = rnd.randrange(len(lines))
    run = rnd.choice(_RUN_CHARS) * _scale(rnd, 50_000)
    return b"\n".join([*lines[:i], rnd.choice(_RUN_WORDS) + run + b"x 0x1", *lines[i:]])


def fragments(data: bytes, rnd: random.Random, _s: list[tuple[str, bytes]]) -> bytes:
    lines = data.split(b"\n")
    i = rnd.randrange(len(lines))
    frag = rnd.choice(_FRAGMENTS)
    k = _scale(rnd, 10_000)
    if rnd.random() < 0.5:
        mixed = b"".join(rnd.choice(_FRAGMENTS) for _ in range(min(k, 2_000)))
        return b"\n".join([*lines[:i], mixed, *lines[i:]])
    return b"\n".join([*lines[:i], frag * k, *lines[i:]])


def shuffle_window(data: bytes, rnd: random.Random, _s: list[tuple[str, bytes]]) -> bytes:
    lines = data.split(b"\n")
    i = rnd.randrange(len(lines))
    window = lines[i : i + rnd.randint(2, 40)]
    rnd.shuffle(window)
    return b"\n".join(lines[:i] + window + lines[i + len(window) :])


MUTATIONS: dict[str, Mutation] = {
    "flip": flip,
    "insert": insert_bytes,
    "truncate": truncate,
    "splice": splice,
    "repeat": repeat_line,
    "token": long_token,
    "fragments": fragments,
    "shuffle": shuffle_window,
    "wordrun": word_run,
}


# -- the run ------------------------------------------------------------------------------


@dataclass
class Outcome:
    n: int = 0
    records: int = 0
    parse_errors: int = 0
    unhandled: Counter[str] = field(default_factory=Counter)
    over_budget: int = 0
    """By the parser's CPU time (the target)."""
    over_budget_wall: int = 0
    """By the wall clock, which a loaded machine inflates (for information)."""
    timeouts: int = 0
    slowest: list[tuple[float, float, float, str]] = field(default_factory=list)  # s/MB, s, MB
    largest: tuple[float, float, str] = (0.0, 0.0, "")  # MB, s, what
    bytes_total: int = 0
    seconds_total: float = 0.0


_SEEDS: list[tuple[str, bytes]] = []


class _TimedOut(Exception):
    pass


def _alarm(_signum: int, _frame: object) -> None:
    raise _TimedOut


def _save(kind: str, what: str, data: bytes) -> None:
    folder = WORK / "faults"
    folder.mkdir(parents=True, exist_ok=True)
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in what)[:120]
    (folder / f"{kind}-{safe}.bin").write_bytes(data)


def _cpu_seconds(data: bytes, what: str) -> float:
    c0 = time.process_time()
    with contextlib.suppress(ParseError):
        parse_bytes(data, what)
    return time.process_time() - c0


def run_chunk(args: tuple[int, int, int]) -> Outcome:
    start, count, seed = args
    out = Outcome()
    signal.signal(signal.SIGALRM, _alarm)
    names = sorted(MUTATIONS)
    for k in range(start, start + count):
        rnd = random.Random(seed * 1_000_003 + k)
        src_name, data = rnd.choice(_SEEDS)
        mutation = names[k % len(names)]
        for _ in range(rnd.choice([1, 1, 2, 3])):
            data = MUTATIONS[mutation](data, rnd, _SEEDS)
        what = f"{k}-{mutation}-{src_name}"
        mb = len(data) / 1e6
        signal.alarm(TIMEOUT_S)
        t0 = time.perf_counter()
        c0 = time.process_time()
        try:
            parse_bytes(data, what)
            out.records += 1
        except ParseError:
            out.parse_errors += 1
        except _TimedOut:
            out.timeouts += 1
            _save("timeout", what, data)
        except Exception as e:
            out.unhandled[f"{type(e).__name__}: {str(e)[:80]}"] += 1
            _save("unhandled", what, data)
        finally:
            signal.alarm(0)
        wall = time.perf_counter() - t0
        # The budget is the parser's own CPU time: on a shared machine the wall clock
        # counts whatever else runs (at load 10, 725 of 100,000 inputs were "slow" by the
        # clock and 5 by CPU). An input over it is parsed once more and keeps the
        # faster time, so a collector pause alone does not make an input slow.
        dt = time.process_time() - c0
        budget = BUDGET_FLOOR_S + BUDGET_S_PER_MB * mb
        if dt > budget:
            dt = min(dt, _cpu_seconds(data, what))
        out.n += 1
        out.bytes_total += len(data)
        out.seconds_total += dt
        if wall > budget:
            out.over_budget_wall += 1
        if dt > budget:
            out.over_budget += 1
            _save("slow", what, data)
        if mb >= 0.064:
            out.slowest.append((dt / mb, dt, mb, what))
            out.slowest = sorted(out.slowest, reverse=True)[:5]
        if mb > out.largest[0]:
            out.largest = (mb, dt, what)
    out.slowest.sort(reverse=True)
    return out


def _merge(parts: list[Outcome]) -> Outcome:
    total = Outcome()
    for p in parts:
        total.n += p.n
        total.records += p.records
        total.parse_errors += p.parse_errors
        total.unhandled.update(p.unhandled)
        total.over_budget += p.over_budget
        total.over_budget_wall += p.over_budget_wall
        total.timeouts += p.timeouts
        total.slowest = sorted(total.slowest + p.slowest, reverse=True)[:5]
        total.largest = max(total.largest, p.largest)
        total.bytes_total += p.bytes_total
        total.seconds_total += p.seconds_total
    return total


def fuzz(n: int, jobs: int, seed: int) -> int:
    global _SEEDS
    t0 = time.perf_counter()
    _SEEDS = load_seeds()
    print(
        f"seeds: {len(_SEEDS):,} articles of the three archives ({time.perf_counter() - t0:.1f} s)"
    )
    chunk = 500
    tasks = [(s, min(chunk, n - s), seed) for s in range(0, n, chunk)]
    parts: list[Outcome] = []
    t0 = time.perf_counter()
    # fork: the workers share the seeds read above.
    with mp.get_context("fork").Pool(jobs) as pool:
        for i, part in enumerate(pool.imap_unordered(run_chunk, tasks), 1):
            parts.append(part)
            if sys.stderr.isatty():
                done = sum(p.n for p in parts)
                sys.stderr.write(f"\r{done:,}/{n:,} inputs, {time.perf_counter() - t0:.0f} s")
            del i
    if sys.stderr.isatty():
        sys.stderr.write("\r\x1b[K")
    wall = time.perf_counter() - t0
    total = _merge(parts)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"fuzz: {total.n:,} inputs ({total.bytes_total / 1e6:,.0f} MB) in {wall:.0f} s on "
        f"{jobs} processes: {total.records:,} records, {total.parse_errors:,} ParseErrors"
    )
    print(f"unhandled exceptions: {sum(total.unhandled.values())}")
    for what, count in total.unhandled.most_common(10):
        print(f"  {count:6,}  {what}")
    print(
        f"over budget (> {BUDGET_FLOOR_S * 1000:.0f} ms + {BUDGET_S_PER_MB:.0f} s/MB of CPU): "
        f"{total.over_budget}; time-outs (> {TIMEOUT_S} s): {total.timeouts}"
    )
    print(
        f"  (by the wall clock, which other work on the machine inflates: {total.over_budget_wall})"
    )
    print("slowest inputs of 64 KB or more (CPU time):")
    for s_per_mb, dt, mb, what in total.slowest:
        print(f"  {s_per_mb:6.2f} s/MB  {dt:6.2f} s  {mb:6.2f} MB  {what[:90]}")
    mb, dt, what = total.largest
    print(f"largest input: {mb:.2f} MB in {dt:.2f} s ({what[:80]})")
    print(f"peak memory of a worker: {kids:.0f} MB")
    if total.unhandled or total.over_budget or total.timeouts:
        print(f"failing inputs saved in {WORK / 'faults'}")
        return 1
    return 0


# -- kill: ingests killed at random commit steps -----------------------------------------


def _write_articles(folder: Path, ids: range, title: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in ids:
        (folder / f"Q{n}.TXT").write_text(
            f"DOCUMENT:Q{n}  14-MAR-2001  [winnt]\nTITLE   :{title} article {n}\n"
            "PRODUCT :Invented Server\nPROD/VER:WINNT:4.0\nOPER/SYS:\nKEYWORDS:kbtest\n\n"
            + "="
            * 70
            + f"\n\nSYMPTOMS\n========\n\nThe service {n} stops with error {n % 97}.\n\n"
            "RESOLUTION\n==========\n\nInstall the update.\n\n"
            "Keywords          : kbtest\n" + "=" * 70 + "\n"
        )


def _ingest(folder: Path, index: Path, crash_at: str | None) -> int:
    import os
    import subprocess

    env = {k: v for k, v in os.environ.items() if k != "KBASSIST_CRASH_AT"}
    if crash_at:
        env["KBASSIST_CRASH_AT"] = crash_at
    done = subprocess.run(
        [sys.executable, "-m", "kbassist", "ingest", folder.name, "--index", str(index)],
        cwd=folder.parent,
        env=env,
        capture_output=True,
        timeout=600,
    )
    return done.returncode


def kill(n: int, seed: int) -> int:
    import shutil
    import sqlite3

    from kbassist.index.check import check, duplicate_count
    from kbassist.index.crash import POINTS
    from kbassist.index.store import KbIndex

    rnd = random.Random(seed)
    work = WORK / "kills"
    shutil.rmtree(work, ignore_errors=True)
    base = work / "base"
    _write_articles(base / "articles", range(800000, 800300), "Original")
    assert _ingest(base / "articles", base / "index", None) == 0
    drawn: Counter[str] = Counter()
    survived = dupes = losses = disagreements = not_killed = 0
    t0 = time.perf_counter()
    for k in range(n):
        run = work / "run"
        shutil.rmtree(run, ignore_errors=True)
        shutil.copytree(base, run)
        new = rnd.randint(1, 400)
        changed = rnd.randint(0, 300)
        _write_articles(run / "articles", range(810000, 810000 + new), "New")
        _write_articles(run / "articles", range(800000, 800000 + changed), "Revised")
        feeds = (new + changed) // 64
        point = rnd.choice([p for p in POINTS if p != "fed"] + ["fed"] * min(feeds, 3))
        if point == "fed":
            point = f"fed:{rnd.randint(1, feeds)}"
        drawn[point.split(":")[0]] += 1
        rc = _ingest(run / "articles", run / "index", point)
        if rc != -9:
            not_killed += 1
        assert _ingest(run / "articles", run / "index", None) == 0
        expected = {f"Q{i}" for i in range(800000, 800300)} | {
            f"Q{i}" for i in range(810000, 810000 + new)
        }
        with KbIndex.open(run / "index") as kb:
            ids = [f["id"] for f in kb.searcher().all_stored_fields()]
            dupes += duplicate_count(kb)
            lost = expected - set(ids)
            stale = [
                i
                for i in range(800000, 800000 + changed)
                if not (a := kb.get(f"Q{i}")) or not a.title.startswith("Revised")
            ]
            losses += len(lost) + len(stale)
        con = sqlite3.connect(run / "index" / "ledger.sqlite")
        listed = {row[0] for row in con.execute("SELECT id FROM articles")}
        con.close()
        findings = check(run / "index").findings
        if listed != set(ids) or findings:
            disagreements += 1
        if not lost and not stale and listed == set(ids) and not findings:
            survived += 1
        if sys.stderr.isatty():
            sys.stderr.write(f"\r{k + 1}/{n} kills, {time.perf_counter() - t0:.0f} s")
    if sys.stderr.isatty():
        sys.stderr.write("\r\x1b[K")
    print(f"kill: {n} ingests killed at random points in {time.perf_counter() - t0:.0f} s")
    print(f"kills survived: {survived}/{n}; not killed (point not reached): {not_killed}")
    print(f"duplicates: {dupes}; losses (missing or stale articles): {losses}")
    print(f"ledger/index disagreements or check findings: {disagreements}")
    print("kill points drawn: " + ", ".join(f"{p} {c}" for p, c in sorted(drawn.items())))
    return 0 if survived == n and not dupes and not losses else 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="what", required=True)
    f = sub.add_parser("fuzz", help="fuzzed articles through the parser")
    f.add_argument("-n", type=int, default=100_000, help="inputs (default 100,000)")
    f.add_argument("--jobs", type=int, default=2)
    f.add_argument("--seed", type=int, default=1)
    k = sub.add_parser("kill", help="ingests killed at random commit steps")
    k.add_argument("-n", type=int, default=100, help="kills (default 100)")
    k.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if args.what == "fuzz":
        sys.exit(fuzz(args.n, args.jobs, args.seed))
    sys.exit(kill(args.n, args.seed))


if __name__ == "__main__":
    main()
