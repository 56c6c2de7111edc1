"""How honest the match signal is (index/match.py): per query kind, the top hit's match
label against its relevance.

    python benchmarks/match_bench.py [--index DIR] [--queries FILE]... [--generated N] [-v]

For each query the first hit's `match` (quote, code, words, meaning, weak) is set beside
whether it is relevant (grade >= 1). Printed per kind: how often the top hit is relevant,
how often it is labelled better than weak when relevant (`said ok`, wanted high), how often
it is labelled better than weak when NOT relevant (`overclaim`, wanted low), and how often
the whole search is called weak. Unanswerable queries (kind `none`, no relevant article:
benchmarks/queries/unanswerable.jsonl) want `weak` near 1. Run ingest_bench.py first.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from kbassist.index.search import search
from kbassist.index.store import KbIndex

from common import WORK, generated_messages, public_queries
from search_bench import _records

HERE = Path(__file__).resolve().parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--index", default=str(WORK / "index"))
    ap.add_argument("--generated", type=int, default=100)
    ap.add_argument(
        "--queries",
        action="append",
        default=None,
        help="judged queries (JSONL), repeatable; default: the public set, dev, holdout and "
        "unanswerable",
    )
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per query")
    args = ap.parse_args()
    kb = KbIndex.open(args.index)
    files = args.queries or [
        str(HERE / "queries" / n) for n in ("dev.jsonl", "holdout.jsonl", "unanswerable.jsonl")
    ]
    queries = public_queries()
    for f in files:
        for line in Path(f).read_text().splitlines():
            if line.strip():
                q = json.loads(line)
                q["kind"] = f"{Path(f).stem}:{q['kind']}"
                queries.append(q)
    if args.generated:
        queries += generated_messages(_records(kb, kb.doc_count(), seed=9), args.generated)
    rows: dict[str, list[tuple[bool, str, bool]]] = defaultdict(list)
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for q in queries:
        r = search(kb, q["query"])
        top = r.hits[0] if r.hits else None
        relevant = bool(top and q["relevant"].get(top.id, 0) >= 1)
        label = top.match if top else "none"
        rows[q["kind"]].append((relevant, label, r.weak))
        labels[q["kind"]][label] += 1
        if args.verbose and top:
            f = top.features
            print(
                f"{q['qid']:6} {q['kind']:20} rel={int(relevant)} {label:7} weak={int(r.weak)} "
                f"msg={f.get('message', 0):.2f} code={f.get('code', 0):.0f} "
                f"focus={f.get('focus', 0):.2f} dense={f.get('dense', 0):.2f} "
                f"stmt={f.get('statement', 0):.2f} {top.id}"
            )
    head = f"{'kind':<24} {'n':>4} {'top ok':>7} {'said ok':>8} {'overclaim':>10} {'weak':>6}"
    print(head + "  labels")
    for kind, got in sorted(rows.items()):
        n = len(got)
        ok = [g for g in got if g[0]]
        bad = [g for g in got if not g[0]]
        said_ok = sum(1 for g in ok if g[1] != "weak") / len(ok) if ok else float("nan")
        over = sum(1 for g in bad if g[1] != "weak") / len(bad) if bad else float("nan")
        weak = sum(1 for g in got if g[2]) / n
        mix = " ".join(f"{k}={v}" for k, v in labels[kind].most_common())
        row = f"{kind:<24} {n:>4} {len(ok) / n:7.2f} {said_ok:8.2f} {over:10.2f} {weak:6.2f}"
        print(f"{row}  {mix}")


if __name__ == "__main__":
    main()
