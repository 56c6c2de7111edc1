"""What searches and browsing keep between them, owned by the searcher it was read from.

Pastes share common words and pastes about one problem share candidates: reading and
decoding posting lists and records was most of a search (long pastes p95 66 -> 57 ms,
codes 19 -> 16 ms). What is kept is read from one searcher's readers, so it belongs to
that searcher: `KbIndex` makes a new `SearcherCache` with each searcher it opens, and
after an ingest the old one goes with the old searcher. Two indexes open in one process
never see each other's. Held as bytes, strings and numpy arrays only: decoded records
kept here made the garbage collector's full walks take ~100 ms in the console.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from whoosh.reading import IndexReader
    from whoosh.searching import Searcher

    from .browse import BrowseTree, NodeKey

# Bounded by postings held (12 bytes each: ~70 MB at most). Help-desk pastes share
# their common words ("error", "file", "server"), whose long lists are most of stage
# one's cost (block decompression and unpickling).
MAX_POSTINGS = 6_000_000
# Candidates' records: pastes about one problem bring back the same articles, and
# reading a stored record (unpickling, inflating) and stemming its focus text is most
# of the rerank's cost.
MAX_RECORDS = 2000
# (field, term) document frequencies: help-desk words recur from search to search.
MAX_FREQUENCIES = 200_000

_BUDGET = (MAX_POSTINGS, MAX_RECORDS)


def divide_budget(parts: int) -> None:
    """Keep 1/parts of the postings and records budget in this process: `kbassist web
    --workers N`'s search processes each fill caches of their own, and N full ones were
    N times the memory of one (~70 MB of postings each after 300 searches). Together
    they now hold what one process would."""
    global MAX_POSTINGS, MAX_RECORDS
    MAX_POSTINGS = _BUDGET[0] // max(1, parts)
    MAX_RECORDS = _BUDGET[1] // max(1, parts)


class PostingCache:
    """Decoded posting lists of one segment, most recently used last."""

    def __init__(self) -> None:
        # (field, term, BM25's b) -> (docnums, saturated term frequencies)
        self.lists: OrderedDict[tuple[str, str, float], tuple[np.ndarray, np.ndarray]] = (
            OrderedDict()
        )
        self.held = 0

    def get(self, key: tuple[str, str, float]) -> tuple[np.ndarray, np.ndarray] | None:
        hit = self.lists.get(key)
        if hit is not None:
            self.lists.move_to_end(key)
        return hit

    def put(self, key: tuple[str, str, float], ids: np.ndarray, weights: np.ndarray) -> None:
        if len(ids) > MAX_POSTINGS // 4:
            return  # one list must not push out everything else
        # Ids fit 32 bits (a segment's docnums); weights stay exact.
        self.lists[key] = (ids.astype(np.int32), weights)
        self.held += len(ids)
        while self.held > MAX_POSTINGS:
            _, (old, _w) = self.lists.popitem(last=False)
            self.held -= len(old)


class KeptRecords:
    """Candidates' records as JSON, with their focus terms as one string, by docnum,
    most recently used last."""

    def __init__(self) -> None:
        self.records: OrderedDict[int, tuple[bytes, str]] = OrderedDict()

    def get(self, docnum: int) -> tuple[bytes, str] | None:
        hit = self.records.get(docnum)
        if hit is not None:
            self.records.move_to_end(docnum)
        return hit

    def put(self, docnum: int, data: bytes, focus: str) -> None:
        self.records[docnum] = (data, focus)
        if len(self.records) > MAX_RECORDS:
            self.records.popitem(last=False)


class RememberingReader:
    """A reader whose document frequencies are remembered in its searcher's cache: one
    search asks the same (field, term) up to five times (rarest words, budget, clauses,
    idf, spelling), and help-desk words recur from search to search. Everything else
    goes to the reader itself."""

    def __init__(self, reader: IndexReader, known: dict[tuple[str, str], int]) -> None:
        self._reader = reader
        self._known = known

    def doc_frequency(self, fieldname: str, term: str) -> int:
        key = (fieldname, term)
        n = self._known.get(key)
        if n is None:
            if len(self._known) >= MAX_FREQUENCIES:
                self._known.clear()
            n = self._known[key] = self._reader.doc_frequency(fieldname, term)
        return n

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)


class SearcherCache:
    """Everything kept between searches for one searcher; dies with it."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.frequencies: dict[tuple[str, str], int] = {}
        self.reader = RememberingReader(searcher.reader(), self.frequencies)
        self.records = KeptRecords()
        # Keyed by segment reader: the searcher's own, which live as long as it does.
        self.postings: dict[IndexReader, PostingCache] = {}
        self.norms: dict[IndexReader, dict[tuple[str, float], np.ndarray | None]] = {}
        # Article id -> docnum (None: not in the index), for the statement candidates.
        self.docnums: dict[str, int | None] = {}
        # Facet column -> (values, every document's value as an index into them).
        self.facet_codes: dict[str, tuple[list[str], np.ndarray]] = {}
        self.browse: tuple[BrowseTree, dict[NodeKey, list[int]]] | None = None

    def postings_of(self, leaf: IndexReader) -> PostingCache:
        cache = self.postings.get(leaf)
        if cache is None:
            cache = self.postings[leaf] = PostingCache()
        return cache

    def norms_of(self, leaf: IndexReader) -> dict[tuple[str, float], np.ndarray | None]:
        return self.norms.setdefault(leaf, {})

    def forget_postings(self) -> None:
        """Empty the posting lists (benchmarks measure searches cold)."""
        self.postings.clear()

    def forget_records(self) -> None:
        """Empty the kept records (benchmarks measure searches cold)."""
        self.records = KeptRecords()
