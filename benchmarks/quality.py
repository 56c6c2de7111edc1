"""Ranking quality: MRR@10, Success@1 and Recall@10 per query kind, beside SQLite FTS5.

    python benchmarks/quality.py [--index DIR] [--fts FILE] [--generated N] [--queries FILE]...
        [--encoder on|off|both]

Queries: ../shared/examples/queries_public.jsonl (graded: 2 = the fixing article,
1 = related), any further JSONL files of the same shape given with --queries (a team's own
judged tickets, say), and N messages generated from the archive's own (see common.py): an
article is relevant to a generated message when it quotes the same message, over the whole
index, not only over the sample the messages were drawn from. A --queries file's kinds
are reported under its name (`holdout:paraphrase`), so a tuning set and its holdout stand
side by side. `--encoder both` ranks every query with and without the sentence encoder
(index/encoder.py) in one run: the two columns differ by the encoder alone. Success@1:
the first result is a grade-2 article; MRR@10 and Recall@10 count grade >= 1.
Run ingest_bench.py first.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from collections import defaultdict
from pathlib import Path

from kbassist.index.search import search
from kbassist.index.store import KbIndex

from common import WORK, fts_search, generated_messages, public_queries
from search_bench import _records


def metrics(ranked: list[str], relevant: dict[str, int]) -> tuple[float, float, float]:
    rr = next((1 / (i + 1) for i, d in enumerate(ranked[:10]) if relevant.get(d, 0) >= 1), 0.0)
    s1 = 1.0 if ranked and relevant.get(ranked[0], 0) == 2 else 0.0
    rel = [d for d, g in relevant.items() if g >= 1]
    recall = len(set(ranked[:10]) & set(rel)) / len(rel) if rel else 0.0
    return rr, s1, recall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--index", default=str(WORK / "index"))
    ap.add_argument("--fts", default=str(WORK / "fts.sqlite"))
    ap.add_argument("--generated", type=int, default=300)
    ap.add_argument(
        "--queries", action="append", default=[], help="more judged queries (JSONL), repeatable"
    )
    ap.add_argument(
        "--encoder",
        choices=["on", "off", "both"],
        default="both",
        help="rank with the sentence encoder, without it, or both side by side",
    )
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per query")
    args = ap.parse_args()
    kb = KbIndex.open(args.index)
    con = sqlite3.connect(args.fts)
    extra = []
    for f in args.queries:
        for x in Path(f).read_text().splitlines():
            if x.strip():
                q = json.loads(x)
                q["kind"] = f"{Path(f).stem}:{q['kind']}"
                extra.append(q)
    every = _records(kb, kb.doc_count(), seed=9)
    queries = public_queries() + extra + generated_messages(every, args.generated)
    modes = {"on": [True], "off": [False], "both": [False, True]}[args.encoder]
    names = [("encoder" if m else "lexical") for m in modes] + ["FTS5"]
    table: dict[str, dict[str, list[tuple[float, float, float]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for q in queries:
        for mode, name in zip(modes, names, strict=False):
            ours = [h.id for h in search(kb, q["query"], encoder=mode).hits]
            table[q["kind"]][name].append(metrics(ours, q["relevant"]))
            if args.verbose:
                m = metrics(ours, q["relevant"])
                top = ours[:3]
                print(f"{q['qid']:6} {name:8} {q['kind']:18} rr={m[0]:.2f} s1={m[1]:.0f} {top}")
        table[q["kind"]]["FTS5"].append(metrics(fts_search(con, q["query"]), q["relevant"]))
    head = "".join(f"   {n + ' MRR  S@1  R@10':>22}" for n in names)
    print(f"{'kind':<20} {'n':>4}{head}")
    for kind, by in sorted(table.items()):
        row = f"{kind:<20} {len(by['FTS5']):>4}"
        for name in names:
            vals = by[name]
            mrr = sum(v[0] for v in vals) / len(vals)
            s1 = sum(v[1] for v in vals) / len(vals)
            rec = sum(v[2] for v in vals) / len(vals)
            row += f"   {mrr:10.2f} {s1:5.2f} {rec:5.2f}"
        print(row)


if __name__ == "__main__":
    main()
