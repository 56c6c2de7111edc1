"""`kbassist web` under load on the loopback address: 1, 4 and 16 concurrent clients.

    python benchmarks/web_bench.py [--index DIR] [--levels 1,4,16] [--seconds 15]
                                   [--per-client 60] [--ingest N] [--workers N]
                                   [--no-console]

The server is a real `kbassist web` process (`python -m kbassist web`) on a free port of
127.0.0.1; the clients are aiohttp sessions in this process, each sending its queries
one after another (GET /api/search?q=...), for at most --seconds or --per-client
requests a level (bounded count and time). Two query sets, those of search_bench.py:
long pastes (the public pastes and tickets, messages generated from the archive's own
with dialog chrome) and short queries (symptom lines, three words of a message).
Per level: requests/s, p50/p95 latency as the client saw it (queueing included), errors
(any answer but 200, or no answer), and the server's memory: with `--workers N` the
server is N + 1 processes sharing most of their pages, so their resident sizes (RSS)
added up count each shared page N + 1 times; the honest figure is the sum of their
proportional sizes (PSS, /proc/PID/smaps_rollup: a page shared by k processes counts
1/k in each). Both sums are printed, over the server and every process under it.
Before timing, 20 other queries warm the server up.

Memory against one console, measured the same way (unless --no-console): issue 16's
yardstick is "at most one console", and tui_bench.py's figure is not comparable to this
server's (it is read after 50 pastes and after the bench has emptied the searcher's
caches to time cold searches, in a process that also holds the bench's query sets).
Here a real console (Textual, headless, as tui_bench runs it) is started on the same
index in a process of its own, warmed as it warms itself (the speller, one search), and
given the same searches the server was given (the warm-up and every level's distinct
queries, once each, by bracketed paste): its RSS and PSS are then read from /proc as
the server's are.

`--ingest N` then copies the index to a scratch folder, serves the copy, and runs
`kbassist ingest` of N invented articles into it while 4 clients send long pastes: the
same figures during the ingest, and whether the new articles are found after it without
a restart. Targets (issue 16): p95 <= 150 ms for a long paste at 4 clients, 0 errors,
server memory at most that of one console. The machine's load average is printed with
the figures: on a shared machine they mean little without it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

from kbassist.index.store import KbIndex

from common import ROOT, WORK, percentile
from search_bench import query_sets

LONG_P95_TARGET_MS = 150.0
WARM_UP = 20


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024
    return fields.get("VmRSS", 0.0), fields.get("VmHWM", 0.0)


def pss_mb(pid: int) -> float:
    """The proportional set size of a process (a page shared by k processes counts
    1/k), in MB."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return 0.0


def process_tree(pid: int) -> list[int]:
    """`pid` and every process under it."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return out


def tree_memory(pid: int) -> dict[str, float]:
    """RSS and PSS added up over the server's processes, and their count."""
    rss = pss = 0.0
    pids = process_tree(pid)
    for p in pids:
        try:
            rss += rss_mb(p)[0]
            pss += pss_mb(p)
        except (FileNotFoundError, ProcessLookupError):
            continue
    return {"rss_sum": rss, "pss_sum": pss, "processes": len(pids)}


class Server:
    def __init__(self, index: Path, workers: int | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cmd = [sys.executable, "-m", "kbassist", "web", "--index", str(index)]
        if workers is not None:
            cmd += ["--workers", str(workers)]
        self.proc = subprocess.Popen(
            [*cmd, "--port", str(self.port)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    async def ready(self, session: aiohttp.ClientSession, timeout: float = 120) -> float:
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            if self.proc.poll() is not None:
                sys.exit(f"kbassist web exited with {self.proc.returncode}")
            try:
                async with session.get(self.url + "/api/health") as r:
                    if r.status == 200:
                        return time.perf_counter() - started
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
        sys.exit("kbassist web did not answer in time")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


async def _client(
    session: aiohttp.ClientSession,
    url: str,
    queries: list[str],
    deadline: float,
    latencies: list[float],
    errors: list[str],
    sent: list[str],
) -> None:
    for q in queries:
        if time.perf_counter() > deadline:
            return
        sent.append(q)
        t0 = time.perf_counter()
        try:
            async with session.get(url + "/api/search", params={"q": q}) as r:
                await r.read()
                if r.status != 200:
                    errors.append(f"{r.status}")
                    continue
        except (aiohttp.ClientError, TimeoutError) as e:
            errors.append(type(e).__name__)
            continue
        latencies.append((time.perf_counter() - t0) * 1000)


async def level(
    session: aiohttp.ClientSession,
    server: Server,
    queries: list[str],
    clients: int,
    seconds: float,
    per_client: int,
) -> dict[str, Any]:
    latencies: list[float] = []
    errors: list[str] = []
    sent: list[str] = []
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()
    shares = [
        [queries[(c * per_client + k) % len(queries)] for k in range(per_client)]
        for c in range(clients)
    ]
    await asyncio.gather(
        *(_client(session, server.url, s, deadline, latencies, errors, sent) for s in shares)
    )
    wall = time.perf_counter() - started
    rss, hwm = rss_mb(server.proc.pid)
    return {
        "requests": len(latencies) + len(errors),
        "rps": len(latencies) / wall if wall else 0.0,
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "errors": len(errors),
        "rss": rss,
        "hwm": hwm,
        **tree_memory(server.proc.pid),
        "sent": sent,
    }


def show(name: str, clients: int, r: dict[str, Any]) -> None:
    print(
        f"{name:<14} {clients:>3} clients: {r['requests']:>4.0f} req, {r['rps']:6.1f} req/s, "
        f"p50 {r['p50']:6.1f} ms, p95 {r['p95']:6.1f} ms, errors {r['errors']:.0f}, "
        f"server {r['processes']:.0f} processes: RSS sum {r['rss_sum']:.0f} MB, "
        f"PSS sum {r['pss_sum']:.0f} MB (main process peak RSS {r['hwm']:.0f} MB); {load()}",
        flush=True,
    )


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


async def run_levels(args: argparse.Namespace, sets: dict[str, list[str]]) -> list[str]:
    """The levels; returns every distinct query the server was sent."""
    sent: dict[str, None] = {}
    server = Server(args.index, args.workers)
    timeout = aiohttp.ClientTimeout(total=60)
    connector = aiohttp.TCPConnector(limit=0)
    try:
        async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
            took = await server.ready(session)
            print(f"server answering after {took:.1f} s; {load()}", flush=True)
            warm = sets["long pastes"][-WARM_UP:] + sets["short queries"][-WARM_UP:]
            await level(session, server, warm, 1, 120, len(warm))
            sent.update(dict.fromkeys(warm))
            r = tree_memory(server.proc.pid)
            print(
                f"after the warm-up: server {r['processes']:.0f} processes: RSS sum "
                f"{r['rss_sum']:.0f} MB, PSS sum {r['pss_sum']:.0f} MB",
                flush=True,
            )
            for name in ("long pastes", "short queries"):
                queries = sets[name][:-WARM_UP]
                for clients in args.levels:
                    r = await level(
                        session, server, queries, clients, args.seconds, args.per_client
                    )
                    show(name, clients, r)
                    sent.update(dict.fromkeys(r.pop("sent")))
            print(f"after the levels: {load()}", flush=True)
    finally:
        server.stop()
    return list(sent)


def console_memory(index: Path, queries: list[str]) -> None:
    """Start a console in a process of its own, paste `queries`, print its memory."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(queries, fh)
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--console-child", fh.name, "--index", str(index)],
            cwd=ROOT / "benchmarks",
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        os.unlink(fh.name)
    if out.returncode:
        print(f"console yardstick failed: {out.stderr.strip().splitlines()[-1:]}")
        return
    print(out.stdout.strip(), flush=True)


async def console_child(index: Path, path: Path) -> None:
    """In the console's own process: start, warm, paste each query, report memory."""
    from textual import events

    from kbassist.tui.app import make_app
    from kbassist.tui.screens.main import MainScreen
    from kbassist.tui.widgets.paste_box import PasteBox

    queries = json.loads(path.read_text())
    app = make_app(str(index), blink=False)
    async with app.run_test(size=(120, 36), headless=True) as pilot:
        while not isinstance(app.screen, MainScreen):
            await asyncio.sleep(0.001)
        await app.workers.wait_for_complete()  # the speller and the warm-up search
        await pilot.pause()
        screen = app.screen
        box = screen.query_one("#paste", PasteBox)
        for q in queries:
            box.set_paste("")
            await pilot.pause()
            before = screen._seq
            box.post_message(events.Paste(q))
            while screen._seq == before or screen.shown_seq != screen._seq:
                await asyncio.sleep(0.0005)
        await pilot.pause()
        me = os.getpid()
        rss, hwm = rss_mb(me)
        print(
            f"one console, same index, warm-up and {len(queries)} searches: RSS {rss:.0f} MB "
            f"(peak {hwm:.0f} MB), PSS {pss_mb(me):.0f} MB; {load()}",
            flush=True,
        )
        app.exit()


async def run_ingest(args: argparse.Namespace, sets: dict[str, list[str]]) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from kbfixtures import write_many

    scratch = Path(tempfile.mkdtemp(prefix="kbassist-web-bench-"))
    try:
        copy = scratch / "index"
        shutil.copytree(args.index, copy)
        new = scratch / "new"
        ids = write_many(new, args.ingest, start=99_000_000 - args.ingest)
        server = Server(copy, args.workers)
        timeout = aiohttp.ClientTimeout(total=60)
        try:
            async with aiohttp.ClientSession(timeout=timeout) as session:
                await server.ready(session)
                queries = sets["long pastes"]
                await level(session, server, queries[-WARM_UP:], 1, 120, WARM_UP)
                before = await _count(session, server)
                ingest = subprocess.Popen(
                    [sys.executable, "-m", "kbassist", "ingest", str(new), "--index", str(copy)],
                    cwd=ROOT,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                t0 = time.perf_counter()
                totals = {"requests": 0, "errors": 0}
                lat: list[float] = []
                peak = 0.0
                while ingest.poll() is None:
                    r = await level(session, server, queries, 4, 5, 15)
                    totals["requests"] += int(r["requests"])
                    totals["errors"] += int(r["errors"])
                    lat.append(r["p95"])
                    peak = max(peak, r["hwm"])
                    show("during ingest", 4, r)
                took = time.perf_counter() - t0
                _, err = ingest.communicate()
                # With workers the server renews them once the index stays unchanged
                # (tui/web/service.py): 4 more windows show the memory after that.
                for _ in range(4):
                    show("after ingest", 4, await level(session, server, queries, 4, 5, 15))
                after = await _count(session, server)
                async with session.get(server.url + f"/api/articles/{ids[0]}") as r:
                    found = r.status == 200
                print(
                    f"ingest of {len(ids)} articles took {took:.1f} s (exit {ingest.returncode}); "
                    f"during it: {totals['requests']} requests, {totals['errors']} errors, "
                    f"worst p95 of a 5 s window {max(lat, default=0):.1f} ms, server peak "
                    f"{peak:.0f} MB; articles {before} -> {after}, a new one found without a "
                    f"restart: {found}; {load()}",
                    flush=True,
                )
                if ingest.returncode:
                    print(err.strip().splitlines()[-1:], flush=True)
        finally:
            server.stop()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


async def _count(session: aiohttp.ClientSession, server: Server) -> int:
    async with session.get(server.url + "/api/health") as r:
        return int((await r.json())["articles"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=Path, default=WORK / "index")
    ap.add_argument("--levels", default="1,4,16")
    ap.add_argument("--seconds", type=float, default=15.0)
    ap.add_argument("--per-client", type=int, default=60)
    ap.add_argument("-n", type=int, default=150, help="queries per set")
    ap.add_argument("--ingest", type=int, default=0, help="articles ingested under load")
    ap.add_argument("--no-levels", action="store_true")
    ap.add_argument(
        "--workers", type=int, default=None, help="the server's --workers (default: its own)"
    )
    ap.add_argument("--no-console", action="store_true", help="skip the console measured alongside")
    ap.add_argument("--console-child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.console_child:
        asyncio.run(console_child(args.index, args.console_child))
        return
    args.levels = [int(x) for x in args.levels.split(",")]
    with KbIndex.open(args.index) as kb:
        sets = query_sets(kb, args.n)
    print(f"{load()}; queries: {len(sets['long pastes'])} long, {len(sets['short queries'])} short")
    if not args.no_levels:
        sent = asyncio.run(run_levels(args, sets))
        if not args.no_console:
            console_memory(args.index, sent)
    if args.ingest:
        asyncio.run(run_ingest(args, sets))


if __name__ == "__main__":
    main()
