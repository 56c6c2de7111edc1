"""Export the whole index to jsonl and to csv (articles table), each in a child process.

    python benchmarks/export_bench.py [--index DIR] [--formats jsonl,csv,...]

Runs `kbassist export --format F -o FILE` on the full-corpus index (default
$KBASSIST_BENCH_DIR/index, built by ingest_bench.py; only read here) into a temporary
folder, and prints for each format the wall seconds, records/s, the child's peak
resident memory (wait4's ru_maxrss: that process alone) and the output size, beside the
targets: under 20 s and under 300 MB each.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, WORK

TARGET_S = 20.0
TARGET_MB = 300.0


def run(index: Path, fmt: str, folder: Path) -> tuple[float, float, int, int]:
    """(seconds, peak MB, records, output bytes) of one export in a child process."""
    out = folder / f"all.{fmt}"
    cmd = [sys.executable, "-m", "kbassist", "export", "--index", str(index), "--format", fmt]
    if fmt == "csv":
        cmd += ["--table", "articles"]
    cmd += ["-o", str(out)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    child = subprocess.Popen(cmd, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    # wait4 gives this child's own peak RSS (RUSAGE_CHILDREN would be the maximum over
    # every child so far, hiding the second export behind the first).
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - t0
    stderr = child.stderr.read() if child.stderr else ""
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"export --format {fmt} failed ({child.returncode}):\n{stderr}")
    # "56,989 article(s) exported as jsonl to ..." is the summary line.
    count = int(stderr.split(" article(s)")[0].split()[-1].replace(",", ""))
    return seconds, usage.ru_maxrss / 1024, count, out.stat().st_size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--index", type=Path, default=WORK / "index", help="index folder (read only)")
    ap.add_argument("--formats", default="jsonl,csv", help="comma-separated formats")
    args = ap.parse_args()
    if not (args.index / "whoosh").is_dir():
        sys.exit(f"no index at {args.index}: build one with benchmarks/ingest_bench.py")
    results = []
    with tempfile.TemporaryDirectory(prefix="kbassist-export-") as tmp:
        for fmt in args.formats.split(","):
            seconds, peak, count, size = run(args.index, fmt, Path(tmp))
            results.append((fmt, seconds, peak))
            print(
                f"export {fmt:<10}: {seconds:6.1f} s  {count / seconds:7,.0f} records/s  "
                f"peak {peak:6,.0f} MB  output {size / 1e6:7,.1f} MB  ({count:,} records)"
            )
    met = all(s < TARGET_S and p < TARGET_MB for _f, s, p in results)
    print(
        f"targets          : < {TARGET_S:.0f} s and < {TARGET_MB:.0f} MB peak each: "
        f"{'met' if met else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
