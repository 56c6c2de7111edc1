"""Writing records for programs: JSON Lines (one record a line) or one JSON array."""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from kbassist.kbparse.record import Article, to_json


def write_records(records: Iterable[Article], out: BinaryIO, fmt: str) -> int:
    """Stream records to `out`; returns how many were written."""
    n = 0
    if fmt == "jsonl":
        for rec in records:
            out.write(to_json(rec) + b"\n")
            n += 1
        return n
    out.write(b"[")
    for rec in records:
        out.write(b"\n" if n == 0 else b",\n")
        out.write(to_json(rec))
        n += 1
    out.write(b"\n]\n" if n else b"]\n")
    return n
