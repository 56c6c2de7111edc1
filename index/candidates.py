"""Stage one: candidate articles by BM25-style term-at-a-time accumulation.

Whoosh's own Or matcher with its max-quality optimisation spends seconds walking a deep
tree of matchers for a 60-clause query (measured: 36 s for one pasted message on the
full index). The clauses here are a few rare terms per field: their posting lists are
read a block at a time into numpy arrays and their scores added into one array of the
size of the index, which keeps a short query (whose few words are all common, so whose
posting lists are long) cheap: the per-posting work happens in numpy, not in Python.
"""

from __future__ import annotations

import math
import weakref
from collections import OrderedDict

import numpy as np
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import IndexReader, TermNotFound
from whoosh.util.numeric import byte_to_length

from .whoosh_private import block_arrays, length_column

Clause = tuple[str, str, float]  # field, term, boost
_K1 = 1.2
# BM25's length normalisation: a word in a short symptom section says more than the same
# word in a long one (+8 points MRR for described problems, measured). Error messages are
# not normalised by default: an article quoting many messages is no weaker a match for
# one of them (normalising them cost 3 points Success@1 on pasted messages).
_B = 0.75
_B_DEFAULT = {"msg": 0.0}
_NO_NORM = {"codes", "files"}  # one term per code or name: nothing to normalise
# Whoosh stores a field's length per document as one byte (a lossy log scale).
_BYTE_TO_LENGTH = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
_NORMS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _length_norms(leaf, field: str, avg: float, b: float) -> np.ndarray | None:
    """BM25's length factor K1 * (1 - B + B * len / avg) for every document of a
    segment, computed once per segment reader and field."""
    per_leaf = _NORMS.setdefault(leaf, {})
    key = (field, b)
    if key not in per_leaf:
        col = length_column(leaf, field)
        if col is None:
            per_leaf[key] = None
        else:
            n = leaf.doc_count_all()
            raw = np.fromiter((col[i] for i in range(n)), dtype=np.uint8, count=n)
            lengths = _BYTE_TO_LENGTH[raw]
            per_leaf[key] = _K1 * (1 - b + b * lengths / max(avg, 1.0))
    return per_leaf[key]


# Decoded posting lists, per segment reader, most recently used last. Help-desk pastes
# share their common words ("error", "file", "server"), whose long lists are most of
# stage one's cost (block decompression and unpickling); a console serves many searches
# from one process. Bounded by postings held (12 bytes each: ~70 MB at most).
_MAX_CACHED_POSTINGS = 6_000_000
_POSTINGS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class _PostingCache:
    def __init__(self) -> None:
        self.lists: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self.held = 0

    def get(self, key: tuple[str, str]) -> tuple[np.ndarray, np.ndarray] | None:
        hit = self.lists.get(key)
        if hit is not None:
            self.lists.move_to_end(key)
        return hit

    def put(self, key: tuple[str, str], ids: np.ndarray, weights: np.ndarray) -> None:
        if len(ids) > _MAX_CACHED_POSTINGS // 4:
            return  # one list must not push out everything else
        # Ids fit 32 bits (a segment's docnums); weights stay exact.
        self.lists[key] = (ids.astype(np.int32), weights)
        self.held += len(ids)
        while self.held > _MAX_CACHED_POSTINGS:
            _, (old, _w) = self.lists.popitem(last=False)
            self.held -= len(old)


def forget_postings() -> None:
    """Empty the posting cache (benchmarks measure searches cold)."""
    _POSTINGS.clear()


def _postings(leaf, field: str, term: str) -> tuple[np.ndarray, np.ndarray] | None:
    """(docnums, weights) of a term in one segment, from the cache when it has them;
    None when the segment does not have the term."""
    cache = _POSTINGS.get(leaf)
    if cache is None:
        cache = _POSTINGS[leaf] = _PostingCache()
    hit = cache.get((field, term))
    if hit is not None:
        return hit
    try:
        matcher = leaf.postings(field, term)
    except TermNotFound:
        return None
    ids, w = _block_arrays(matcher)
    cache.put((field, term), ids, w)
    return ids, w


def _block_arrays(matcher) -> tuple[np.ndarray, np.ndarray]:
    """All (docnums, weights) of a posting list as arrays, deleted documents included."""
    if isinstance(matcher, FilterMatcher):
        # The filter drops deleted documents one id at a time; they are zeroed in the
        # result instead (see accumulate), so read the raw list from its start.
        matcher = matcher.child
        matcher.reset()
    blocks = block_arrays(matcher)
    if blocks is not None:
        return blocks
    ids: list[int] = []
    ws: list[float] = []
    while matcher.is_active():
        ids.append(matcher.id())
        ws.append(matcher.weight())
        matcher.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(ws, dtype=np.float64)


def accumulate(
    reader: IndexReader, clauses: list[Clause], b: dict[str, float] | None = None
) -> np.ndarray:
    """Score of every document (by reader-wide docnum) under an OR of the clauses.

    `b` overrides the length normalisation per field. Documents matching no clause, and
    deleted ones, score 0; every match scores > 0.
    """
    n_docs = max(reader.doc_count_all(), 1)
    acc = np.zeros(reader.doc_count_all())
    leaves = list(reader.leaf_readers())
    avg = {f: reader.field_length(f) / n_docs for f in {c[0] for c in clauses}}
    for field, term, boost in clauses:
        df = reader.doc_frequency(field, term)
        if not df:
            continue
        idf = math.log(1 + (n_docs - df + 0.5) / (df + 0.5)) * boost
        for leaf, offset in leaves:
            found = _postings(leaf, field, term)
            if found is None:
                continue
            ids, w = found
            if len(ids):
                fb = (b or {}).get(field, _B_DEFAULT.get(field, _B))
                norms = None if field in _NO_NORM else _length_norms(leaf, field, avg[field], fb)
                k = norms[ids] if norms is not None else _K1
                # A posting list names each document once, so plain fancy-index
                # addition is exact (no np.add.at needed).
                acc[offset + ids] += idf * w * (_K1 + 1) / (w + k)
    for leaf, offset in leaves:
        if leaf.has_deletions():
            # A cached property on Whoosh's segment reader, not a method.
            dead = np.fromiter(leaf.deleted_docs_set, dtype=np.int64)
            acc[offset + dead] = 0.0
    return acc


def matched(acc: np.ndarray, allowed: np.ndarray | None = None) -> np.ndarray:
    """Docnums that matched any clause (and pass the filter mask, when given)."""
    mask = acc > 0
    if allowed is not None:
        mask &= allowed
    return np.flatnonzero(mask)


def top(acc: np.ndarray, limit: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
    """The `limit` best (docnum, score) pairs among matches, within `allowed` when given."""
    scores = acc if allowed is None else np.where(allowed, acc, 0.0)
    n_hit = int(np.count_nonzero(scores))
    k = min(limit, n_hit)
    if k == 0:
        return []
    part = np.argpartition(-scores, k - 1)[:k]
    # Ties broken by docnum so that results do not depend on partition order.
    order = np.lexsort((part, -scores[part]))
    return [(int(part[i]), float(scores[part[i]])) for i in order]
