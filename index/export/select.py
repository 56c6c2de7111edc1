"""Which records an export writes: the whole index, a filtered part, listed ids, or the
result list of a search, streamed so that memory stays flat whatever the size.

The whole-index and filter paths read the index through a reader of their own that does
not memory-map the segment files: Whoosh maps each whole segment, and reading every
stored record through the map makes the process's resident size grow by the size of
the index (measured: 560 MB for the full archive, against 45 MB unmapped, at the same
speed for a sequential pass). Only document numbers are held, never the records.
"""

from __future__ import annotations

import sqlite3
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from whoosh import matching
from whoosh import query as wq
from whoosh.filedb.filestore import FileStorage

from kbassist.kbparse.ids import canonical_id
from kbassist.kbparse.record import Article

from ..search import Filters, search
from ..store import KbIndex, unpack_record

DEFAULT_LIMIT = 100
MAX_LIMIT = 120
"""The search's candidate pool (index/search.py): a longer result list does not exist."""


class HasField(wq.Every):
    """Documents with anything in a field, read from the per-document field lengths.

    Whoosh's own `Every(field)` reads the posting list of every term of the field
    (4.5 s for `files` on the full index); the lengths are one array lookup each.
    """

    def matcher(self, searcher: Any, context: Any = None) -> matching.Matcher:
        reader = searcher.reader()
        name = self.fieldname
        ids = array("I", (d for d in reader.all_doc_ids() if reader.doc_field_length(d, name, 0)))
        return matching.ListMatcher(ids, all_weights=self.boost)


@dataclass
class ExportFilters(Filters):
    """The search filters plus the export's own: articles with files, listed ids."""

    has_files: bool = False
    ids: list[str] | None = None

    def query(self, reader: Any) -> wq.Query | None:
        parts = [q for q in [super().query(reader)] if q is not None]
        if self.has_files:
            parts.append(HasField("files"))
        if self.ids is not None:
            parts.append(wq.Or([wq.Term("id", i) for i in self.ids]) if self.ids else wq.NullQuery)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else wq.And(parts)


def read_ids(lines: Iterable[str]) -> tuple[list[str], list[tuple[int, str]]]:
    """Article ids from the lines of an ids file: (ids in file order, once each; bad lines).

    One id a line, `Q253729`, `q253729` or `253729`; blank lines and `#` comments are
    skipped. A bad line is (line number, text).
    """
    ids: dict[str, None] = {}
    bad: list[tuple[int, str]] = []
    for n, raw in enumerate(lines, 1):
        text = raw.strip().lstrip("\ufeff")
        if not text or text.startswith("#"):
            continue
        art_id = canonical_id(text)
        if art_id is not None:
            ids[art_id] = None
        else:
            bad.append((n, text[:80]))
    return list(ids), bad


@dataclass
class Selection:
    """The records to export, streamed by iterating; `total` is known in advance."""

    total: int
    unknown: list[str] = field(default_factory=list)
    """Ids asked for (--ids) that the index does not hold."""
    _docnums: list[int] | None = None
    _records: list[Article] | None = None
    _view: KbIndex | None = None

    def __iter__(self) -> Iterator[Article]:
        if self._records is not None:
            yield from self._records
            return
        assert self._docnums is not None and self._view is not None
        reader = self._view.searcher().reader()
        try:
            for docnum in self._docnums:
                yield unpack_record(reader.stored_fields(docnum)["record"])
        finally:
            self.close()

    def close(self) -> None:
        """Let go of the index (done by itself when the iteration ends)."""
        if self._view is not None:
            self._view.close()
            self._view = None


def _unmapped(kb: KbIndex) -> KbIndex:
    """The same index, read without memory maps (see the module docstring), with a
    read-only ledger connection of its own so that closing it leaves `kb` open."""
    storage = FileStorage(str(kb.path / "whoosh"), supports_mmap=False, readonly=True)
    ix = storage.open_index()
    uri = (kb.path / "ledger.sqlite").resolve().as_uri() + "?mode=ro"
    ledger = sqlite3.connect(uri, uri=True, check_same_thread=False)
    return KbIndex(kb.path, ix, ledger)


def select(
    kb: KbIndex,
    query: str | None = None,
    filters: ExportFilters | None = None,
    limit: int = DEFAULT_LIMIT,
) -> Selection:
    """The records to export.

    Without a query: every article that passes the filters, in id order (Q-number
    ascending), or in the order of `filters.ids` when ids are given. With a query: the
    search result list for it within the filters, best first, at most `limit` (the
    search of an unmapped view of the index: 55 MB instead of 570 MB on the full
    archive, measured, at the same speed).
    """
    filters = filters or ExportFilters()
    view = _unmapped(kb)
    try:
        searcher = view.searcher()
        unknown = [] if filters.ids is None else _unknown(searcher, filters.ids)
        if query is not None and query.strip():
            limit = max(1, min(limit, MAX_LIMIT))
            hits = search(view, query, filters, limit=limit).hits
            view.close()
            return Selection(len(hits), unknown, _records=[h.record for h in hits])
        docnums = _ordered(searcher, filters)
    except BaseException:
        view.close()
        raise
    return Selection(len(docnums), unknown, _docnums=docnums, _view=view)


def _unknown(searcher: Any, ids: list[str]) -> list[str]:
    return [i for i in ids if searcher.document_number(id=i) is None]


def _ordered(searcher: Any, filters: ExportFilters) -> list[int]:
    reader = searcher.reader()
    q = filters.query(reader)
    wanted = set(searcher.docs_for_query(q)) if q is not None else None
    if filters.ids is not None:
        out = []
        for i in filters.ids:
            d = searcher.document_number(id=i)
            if d is not None and (wanted is None or d in wanted):
                out.append(d)
        return out
    # Id order from the `id` terms (sorted as text), then by number: stable whatever
    # order the articles were ingested in. The pairs are ints, a few MB for the archive.
    pairs: list[tuple[int, int]] = []
    for leaf, offset in reader.leaf_readers():
        deleted = leaf.has_deletions()
        for term in leaf.lexicon("id"):
            for d in leaf.postings("id", term).all_ids():
                if deleted and leaf.is_deleted(d):
                    continue
                if wanted is None or offset + d in wanted:
                    pairs.append((_number(term), offset + d))
    pairs.sort()
    return [d for _n, d in pairs]


def _number(term: bytes | str) -> int:
    text = term.decode() if isinstance(term, bytes) else term
    return int(text[1:]) if text[1:].isdigit() else 0
