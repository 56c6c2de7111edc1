"""Stage one: candidate articles by BM25-style term-at-a-time accumulation.

Whoosh's own Or matcher with its max-quality optimisation spends seconds walking a deep
tree of matchers for a 60-clause query (measured: 36 s for one pasted message on the
full index). The clauses here are a few rare terms per field, so reading their posting
lists block by block and adding up scores in a dict is both simple and fast.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterator

from whoosh.reading import IndexReader, TermNotFound

Clause = tuple[str, str, float]  # field, term, boost
_K1 = 1.2


def _postings(matcher) -> Iterator[tuple[list[int], list[float]]]:
    """(ids, weights) a block at a time; falls back to the public API elsewhere."""
    if hasattr(matcher, "_read_ids") and hasattr(matcher, "_next_block"):
        while not matcher._atend:
            matcher._read_ids()
            matcher._read_weights()
            yield list(matcher._ids), list(matcher._weights)
            matcher._next_block()
        return
    ids: list[int] = []
    weights: list[float] = []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    yield ids, weights


def accumulate(reader: IndexReader, clauses: list[Clause]) -> dict[int, float]:
    """Score of every document matching any clause (an OR of them)."""
    n_docs = max(reader.doc_count_all(), 1)
    acc: dict[int, float] = defaultdict(float)
    for field, term, boost in clauses:
        df = reader.doc_frequency(field, term)
        if not df:
            continue
        idf = math.log(1 + (n_docs - df + 0.5) / (df + 0.5)) * boost
        for leaf, offset in reader.leaf_readers():
            try:
                matcher = leaf.postings(field, term)
            except TermNotFound:
                continue
            deleted = leaf.has_deletions()
            for ids, weights in _postings(matcher):
                for docnum, w in zip(ids, weights, strict=True):
                    if deleted and leaf.is_deleted(docnum):
                        continue
                    acc[offset + docnum] += idf * w * (_K1 + 1) / (w + _K1)
    return acc


def top(
    acc: dict[int, float], limit: int, allowed: set[int] | None = None
) -> list[tuple[int, float]]:
    """The `limit` best (docnum, score) pairs, within `allowed` when given."""
    items = acc.items()
    if allowed is not None:
        items = [(d, s) for d, s in items if d in allowed]
    return heapq.nlargest(limit, items, key=lambda kv: kv[1])
