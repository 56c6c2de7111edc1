"""`kbassist web` under load on the loopback address: 1, 4 and 16 concurrent clients.

    python benchmarks/web_bench.py [--index DIR] [--levels 1,4,16] [--seconds 15]
                                   [--per-client 60] [--ingest N]

The server is a real `kbassist web` process (`python -m kbassist web`) on a free port of
127.0.0.1; the clients are aiohttp sessions in this process, each sending its queries
one after another (GET /api/search?q=...), for at most --seconds or --per-client
requests a level (bounded count and time). Two query sets, those of search_bench.py:
long pastes (the public pastes and tickets, messages generated from the archive's own
with dialog chrome) and short queries (symptom lines, three words of a message).
Per level: requests/s, p50/p95 latency as the client saw it (queueing included), errors
(any answer but 200, or no answer), and the server's resident memory (VmRSS now and
VmHWM, its peak, from /proc). Before timing, 20 other queries warm the server up.

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
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


class Server:
    def __init__(self, index: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cmd = [sys.executable, "-m", "kbassist", "web", "--index", str(index)]
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
) -> None:
    for q in queries:
        if time.perf_counter() > deadline:
            return
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
) -> dict[str, float]:
    latencies: list[float] = []
    errors: list[str] = []
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()
    shares = [
        [queries[(c * per_client + k) % len(queries)] for k in range(per_client)]
        for c in range(clients)
    ]
    await asyncio.gather(
        *(_client(session, server.url, s, deadline, latencies, errors) for s in shares)
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
    }


def show(name: str, clients: int, r: dict[str, float]) -> None:
    print(
        f"{name:<14} {clients:>3} clients: {r['requests']:>4.0f} req, {r['rps']:6.1f} req/s, "
        f"p50 {r['p50']:6.1f} ms, p95 {r['p95']:6.1f} ms, errors {r['errors']:.0f}, "
        f"server RSS {r['rss']:.0f} MB (peak {r['hwm']:.0f} MB)",
        flush=True,
    )


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


async def run_levels(args: argparse.Namespace, sets: dict[str, list[str]]) -> None:
    server = Server(args.index)
    timeout = aiohttp.ClientTimeout(total=60)
    connector = aiohttp.TCPConnector(limit=0)
    try:
        async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
            took = await server.ready(session)
            print(f"server answering after {took:.1f} s; {load()}", flush=True)
            warm = sets["long pastes"][-WARM_UP:] + sets["short queries"][-WARM_UP:]
            await level(session, server, warm, 1, 120, len(warm))
            for name in ("long pastes", "short queries"):
                queries = sets[name][:-WARM_UP]
                for clients in args.levels:
                    r = await level(
                        session, server, queries, clients, args.seconds, args.per_client
                    )
                    show(name, clients, r)
            print(f"after the levels: {load()}", flush=True)
    finally:
        server.stop()


async def run_ingest(args: argparse.Namespace, sets: dict[str, list[str]]) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from kbfixtures import write_many

    scratch = Path(tempfile.mkdtemp(prefix="kbassist-web-bench-"))
    try:
        copy = scratch / "index"
        shutil.copytree(args.index, copy)
        new = scratch / "new"
        ids = write_many(new, args.ingest, start=99_000_000 - args.ingest)
        server = Server(copy)
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
    args = ap.parse_args()
    args.levels = [int(x) for x in args.levels.split(",")]
    with KbIndex.open(args.index) as kb:
        sets = query_sets(kb, args.n)
    print(f"{load()}; queries: {len(sets['long pastes'])} long, {len(sets['short queries'])} short")
    if not args.no_levels:
        asyncio.run(run_levels(args, sets))
    if args.ingest:
        asyncio.run(run_ingest(args, sets))


if __name__ == "__main__":
    main()
