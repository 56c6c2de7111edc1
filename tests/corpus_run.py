"""Parse a whole corpus archive on all cores, once per test session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from kbassist.kbparse import ParseError
from kbassist.kbparse.record import Article, from_json
from kbassist.kbparse.sources import iter_inputs

from lossless import parse_and_check


@dataclass
class CorpusRun:
    records: dict[str, Article] = field(default_factory=dict)
    parse_errors: list[str] = field(default_factory=list)
    problems: dict[str, list[str]] = field(default_factory=dict)
    inputs: int = 0


def _items(path: Path) -> Iterator[tuple[str, bytes]]:
    for item in iter_inputs([str(path)]):
        if isinstance(item, ParseError):
            raise AssertionError(f"corpus archive unreadable: {item}")
        yield item


def run(path: Path) -> CorpusRun:
    result = CorpusRun()
    workers = max(1, min(os.cpu_count() or 1, 4))
    with ProcessPoolExecutor(workers) as pool:
        for source, art_id, data, error, problems in pool.map(
            parse_and_check, _items(path), chunksize=200
        ):
            result.inputs += 1
            if error is not None:
                result.parse_errors.append(error)
                continue
            assert data is not None
            result.records[art_id] = from_json(data)
            if problems:
                result.problems[source] = problems
    return result
