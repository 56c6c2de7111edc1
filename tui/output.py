"""Writing records for programs: JSON Lines (one record a line) or one JSON array."""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO


def write_records(records: Iterable[bytes], out: BinaryIO, fmt: str) -> int:
    """Stream records, each already encoded as JSON (`to_json`: the encoding can then
    happen in the process that parsed it), to `out`; returns how many were written."""
    n = 0
    if fmt == "jsonl":
        for rec in records:
            out.write(rec + b"\n")
            n += 1
        return n
    out.write(b"[")
    for rec in records:
        out.write(b"\n" if n == 0 else b",\n")
        out.write(rec)
        n += 1
    out.write(b"\n]\n" if n else b"]\n")
    return n
