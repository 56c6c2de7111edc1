"""Faults on purpose: fuzzed and hostile inputs through the parser, with a time limit each.

    python benchmarks/faults.py fuzz [-n 100000] [--jobs 2] [--seed 1]

`fuzz` mutates real articles of the three archives (../shared/corpus, or
$KBASSIST_CORPUS) and parses each mutant with `parse_bytes`: byte flips, inserted
control and high bytes, truncation, splices of two articles, one line repeated thousands
of times, long tokens (hex dumps, base64, `0x0 ` runs, rules), nested `<pre>`, stacked
headings, footer continuation lines, directory listings and file-table rows, a keyword
before a long run of one character. It prints:

- inputs parsed, records and ParseErrors, unhandled exceptions (anything else);
- over budget: inputs slower than 1 s per MB (plus 50 ms for the fixed cost of a
  small input), and time-outs (over 30 s; the input is abandoned);
- the slowest inputs in s/MB and the largest input's time, peak memory of a worker.

Every failing input is written to $KBASSIST_BENCH_DIR/faults/ (default
/tmp/kbassist-bench/faults) with its mutation in the name, for reproduction; nothing of
the corpus is written into the repository. Target: 0 unhandled, 0 over budget.
"""

from __future__ import annotations

import argparse
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
        dt = time.perf_counter() - t0
        out.n += 1
        out.bytes_total += len(data)
        out.seconds_total += dt
        if dt > BUDGET_FLOOR_S + BUDGET_S_PER_MB * mb:
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
        f"over budget (> {BUDGET_FLOOR_S * 1000:.0f} ms + {BUDGET_S_PER_MB:.0f} s/MB): "
        f"{total.over_budget}; time-outs (> {TIMEOUT_S} s): {total.timeouts}"
    )
    print("slowest inputs of 64 KB or more:")
    for s_per_mb, dt, mb, what in total.slowest:
        print(f"  {s_per_mb:6.2f} s/MB  {dt:6.2f} s  {mb:6.2f} MB  {what[:90]}")
    mb, dt, what = total.largest
    print(f"largest input: {mb:.2f} MB in {dt:.2f} s ({what[:80]})")
    print(f"peak memory of a worker: {kids:.0f} MB")
    if total.unhandled or total.over_budget or total.timeouts:
        print(f"failing inputs saved in {WORK / 'faults'}")
        return 1
    return 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="what", required=True)
    f = sub.add_parser("fuzz", help="fuzzed articles through the parser")
    f.add_argument("-n", type=int, default=100_000, help="inputs (default 100,000)")
    f.add_argument("--jobs", type=int, default=2)
    f.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if args.what == "fuzz":
        sys.exit(fuzz(args.n, args.jobs, args.seed))


if __name__ == "__main__":
    main()
