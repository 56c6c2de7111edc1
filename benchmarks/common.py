"""Shared by the benchmarks: the corpus, the FTS5 peer, query sets, and timing helpers."""

from __future__ import annotations

import json
import os
import random
import re
import resource
import sqlite3
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORK = Path(os.environ.get("KBASSIST_BENCH_DIR", "/tmp/kbassist-bench"))
EXAMPLES = ROOT.parent / "shared" / "examples"


def corpus_archive(name: str = "mskb-txt.tar.xz") -> Path:
    corpus = Path(os.environ.get("KBASSIST_CORPUS", ROOT.parent / "shared" / "corpus"))
    path = corpus / name
    if not path.exists():
        sys.exit(f"corpus not found: {path} (set KBASSIST_CORPUS)")
    return path


def load_members(path: Path) -> list[tuple[str, bytes]]:
    items = []
    with tarfile.open(path) as tar:
        for member in tar:
            if member.isfile():
                f = tar.extractfile(member)
                assert f is not None
                items.append((member.name, f.read()))
    return items


def peak_rss_mb() -> tuple[float, float]:
    """(this process, the largest child) peak resident memory in MB."""
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return me, kids


def dir_size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


# -- the peer: SQLite FTS5 over the raw article text, bm25, OR of the words -------------

_ID = re.compile(rb"DOCUMENT:(Q\d+)")
_TITLE = re.compile(rb"\nTITLE\s*:(.*)")


def build_fts(items: list[tuple[str, bytes]], db: Path) -> None:
    if db.exists():
        db.unlink()
    con = sqlite3.connect(db)
    con.execute("CREATE VIRTUAL TABLE kb USING fts5(id UNINDEXED, title, body)")
    rows = []
    for _name, data in items:
        m = _ID.search(data[:200])
        t = _TITLE.search(data[:400])
        if not m:
            continue
        rows.append(
            (
                m.group(1).decode(),
                (t.group(1).strip() if t else b"").decode("latin-1"),
                data.decode("latin-1"),
            )
        )
    con.executemany("INSERT INTO kb(id, title, body) VALUES (?, ?, ?)", rows)
    con.commit()
    con.close()


_WORD = re.compile(r"\w+")


def fts_search(con: sqlite3.Connection, text: str, limit: int = 10) -> list[str]:
    words = list(dict.fromkeys(w.lower() for w in _WORD.findall(text)))
    if not words:
        return []
    match = " OR ".join(f'"{w}"' for w in words[:200])
    rows = con.execute(
        "SELECT id FROM kb WHERE kb MATCH ? ORDER BY bm25(kb) LIMIT ?", (match, limit)
    ).fetchall()
    return [r[0] for r in rows]


# -- query sets -------------------------------------------------------------------------


def public_queries() -> list[dict]:
    path = EXAMPLES / "queries_public.jsonl"
    if not path.exists():
        sys.exit(f"examples not found: {path}")
    return [json.loads(x) for x in path.read_text().splitlines() if x.strip()]


_PLACEHOLDER = re.compile(r"<[^<>]{1,40}>|%\d|\bx{3,}\b", re.IGNORECASE)
_VALUES = ["H", "PRNSRV07", "C:\\DATA\\REPORT.DOC", "MAILGW1", "12", "\\\\FS01\\USERS", "0x0040"]
_CHROME = [("Error", "OK"), ("Microsoft Windows", "OK"), ("", "Cancel"), ("Warning", "Details >>")]


def generated_messages(records: list, n: int, seed: int = 11) -> list[dict]:
    """Pasted-message queries made from the archive's own messages.

    Placeholders get real-looking values, long messages are wrapped at 60 columns, and a
    dialog title and button are added; an article is relevant (2) when it quotes the
    same message.
    """
    rnd = random.Random(seed)
    by_message: dict[str, set[str]] = {}
    for r in records:
        for m in r.error_messages:
            by_message.setdefault(" ".join(m.lower().split()), set()).add(r.id)
    pool = [(r, m) for r in records for m in r.error_messages if len(m.split()) >= 4]
    rnd.shuffle(pool)
    out = []
    for _r, m in pool[:n]:
        text = _PLACEHOLDER.sub(lambda _m: rnd.choice(_VALUES), m)
        words = text.split()
        lines, line = [], ""
        for w in words:
            if len(line) + len(w) + 1 > 60:
                lines.append(line)
                line = w
            else:
                line = f"{line} {w}".strip()
        lines.append(line)
        title, button = rnd.choice(_CHROME)
        query = "\n".join(([title] if title else []) + lines + ["", button])
        rel = {i: 2 for i in by_message[" ".join(m.lower().split())]}
        out.append({"qid": f"g{len(out)}", "kind": "generated", "query": query, "relevant": rel})
    return out


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    k = min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))
    return s[k]
