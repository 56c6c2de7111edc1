"""Every use of Whoosh's private API, behind small named functions; nothing else in
kbassist reaches under Whoosh's public names.

Two paths go beneath the public API because the public one was measured too slow or
cannot do the job:

- Ingest (ingest.py): each worker process writes one segment of its own, without the
  index lock and in a temporary folder of its own, fed field lengths directly and
  keeping the text fields' postings itself (`BulkSegmentWriter`); the parent publishes
  every new segment with one TOC write. Whoosh's writer only offers
  `commit()`, which would write one TOC per worker and merge on its own terms.
- Stage one (candidates.py): posting blocks are read straight into numpy arrays, and
  field lengths per segment from the length column, instead of through Whoosh's
  per-posting generators (short queries p50 35 -> 21 ms).

One path patches a Whoosh class because it wasted memory:

- Sub-files of a mapped segment (`read_in_place`): Whoosh's `BufferFile` wraps a
  memoryview of the mapped .seg file in `BytesIO`, which copies it. The stored-records
  column is opened by the first search and kept open: 142 MB copied into the heap, and
  the copy read every page of the mapping too (the .seg pages resident went 116 ->
  252 MB), in the console and in every `kbassist web` process. Read in place, only the
  pages a search reads are resident, and they are the page cache's, shared by every
  process that maps the file.

Everything here is written against the pinned whoosh-reloaded 2.7.5.
`tests/test_whoosh_private.py` checks that each private name used here still exists
with the shape relied on and runs each function on a tiny index: a new Whoosh fails
there first, by name, instead of somewhere in a search.
"""

from __future__ import annotations

import io
import os
from array import array
from collections.abc import Mapping
from itertools import groupby
from operator import itemgetter

import numpy as np
from whoosh import index as whoosh_index
from whoosh.codec.base import Segment
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, _lenfield
from whoosh.columns import ColumnReader
from whoosh.fields import FieldType
from whoosh.filedb.structfile import BufferFile
from whoosh.matching import Matcher
from whoosh.reading import IndexReader
from whoosh.system import pack_uint
from whoosh.writing import SegmentWriter

from .schema import TermCounts


class _Lengths:
    """Field lengths per document, as the postings writer asks for them."""

    def __init__(self, lengths: dict[str, array]) -> None:
        self.lengths = lengths

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        arr = self.lengths.get(fieldname)
        if arr is None or docnum >= len(arr):
            return default
        return arr[docnum]

    def close(self) -> None:
        pass


def _takes_counts(field: FieldType) -> bool:
    """A field whose postings the bulk writer may keep itself: indexed from a {term:
    count} mapping (schema.TermCounts), scored, and with nothing stored, no column, no
    vector and no spelling words, so the postings are all Whoosh would have made of it."""
    return (
        isinstance(field, TermCounts)
        and field.scorable
        and not field.stored
        and field.column_type is None
        and not field.vector
        and not field.separate_spelling()
    )


class BulkSegmentWriter(SegmentWriter):
    """A segment writer tuned for bulk ingest; the segment it writes is byte for byte
    the one Whoosh's own writer writes from the same documents (tested).

    - Field lengths: Whoosh looks up each document's field length once per posting
      while it writes the postings, through a column reader (a quarter of a full
      ingest's time). The lengths are known when the document is added (the sum of its
      term counts), so they are kept in arrays and handed to the postings writer.
    - Postings of the term-count fields (the schema's nine text fields, most of the
      postings): Whoosh makes a tuple of each, pools them (spilling sorted runs to
      temporary files past `limitmb`), sorts and merges them, then feeds them one by one
      to the posting-list writer. Here each term keeps an array of (document, count)
      pairs as documents are added, already in document order; at the end the terms are
      written in byte order, each block's arrays handed to Whoosh's block writer whole.
      The TXT archive's ingest: 563 -> 342 CPU-s, peak memory 749 -> 526 MB.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._lengths: dict[str, array] = {}
        self._counts: dict[str, dict[str, array]] = {
            name: {} for name, field in self.schema.items() if _takes_counts(field)
        }
        for name, field in self.schema.items():
            if field.vector or field.separate_spelling():
                raise ValueError(f"the bulk segment writer writes no vectors or spellings: {name}")

    def _add_length(self, name: str, docnum: int, length: int) -> None:
        arr = self._lengths.setdefault(name, array("I"))
        if len(arr) < docnum:
            arr.extend([0] * (docnum - len(arr)))
        arr.append(length)

    def add_document(self, **fields: object) -> None:
        """Whoosh's `SegmentWriter.add_document` (fields in name order, the per-document
        writer's calls in the same order), less boosts, which kbassist never gives."""
        self._check_state()
        if any(name.startswith("_") for name in fields):
            raise ValueError("the bulk segment writer takes no boosts or stored overrides")
        perdoc = self.perdocwriter
        docnum = self.docnum
        add_post = self.pool.add
        perdoc.start_doc(docnum)
        try:
            for name in sorted(fields):
                value = fields[name]
                if value is None:
                    continue
                field = self.schema[name]
                kept = self._counts.get(name)
                if kept is not None:
                    assert isinstance(value, Mapping)
                    length = 0
                    for term, count in value.items():
                        pairs = kept.get(term)
                        if pairs is None:
                            kept[term] = pairs = array("I")
                        pairs.append(docnum)
                        pairs.append(count)
                        length += count
                    self._add_length(name, docnum, length)
                    perdoc.add_field(name, field, None, length)
                    continue
                length = 0
                if field.indexed:
                    for tbytes, freq, weight, vbytes in field.index(value):
                        if field.scorable:
                            length += freq
                        add_post((name, tbytes, docnum, weight * 1.0, vbytes))  # Whoosh's boost
                if field.scorable:
                    self._add_length(name, docnum, length)
                perdoc.add_field(name, field, value if field.stored else None, length)
                if field.column_type is not None:
                    perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = _Lengths(self._lengths) if self.codec.length_stats else None
        fw = self.fieldwriter
        # Whoosh writes fields in name order (their ids in the terms table follow it):
        # the pooled fields' postings and the kept ones are interleaved by name.
        kept = sorted(name for name, terms in self._counts.items() if terms)
        for name, postings in groupby(self.pool.iter_postings(), key=itemgetter(0)):
            while kept and kept[0] < name:
                self._write_kept(kept.pop(0), lengths)
            fw.add_postings(self.schema, lengths, postings)
        for name in kept:
            self._write_kept(name, lengths)
        fw.close()

    def _write_kept(self, name: str, lengths: _Lengths | None) -> None:
        """One term-count field's postings, as `FieldWriter.add_postings` would write
        them from the pool: terms in byte order, postings in document order, blocks of
        `blocklimit` with the same statistics `add_posting` keeps."""
        fw = self.fieldwriter
        field = self.schema[name]
        boost = field.format.field_boost
        field_lengths = lengths.lengths.get(name) if lengths is not None else None
        fw.start_field(name, field)
        terms = sorted((term.encode("utf-8"), pairs) for term, pairs in self._counts[name].items())
        for btext, pairs in terms:
            fw.start_term(btext)
            pw = fw._postwriter
            docnums, counts = pairs[0::2], pairs[1::2]
            limit = pw._blocklimit
            for start in range(0, len(docnums), limit):
                if start:
                    pw._write_block()
                ids, block = docnums[start : start + limit], counts[start : start + limit]
                weights = [count * boost for count in block]
                pw._ids = ids
                pw._weights = array("f", weights)
                pw._values = [pack_uint(count) for count in block]
                pw._maxweight = max(0, *weights)
                if field_lengths is not None:
                    present = [field_lengths[d] for d in ids if field_lengths[d]]
                    if present:
                        pw._minlength, pw._maxlength = min(present), max(present)
            fw.finish_term()
        fw.finish_field()
        self._counts[name] = {}


# -- ingest: one segment per worker, one TOC for all -----------------------------------


def worker_segment_writer(ix_dir: str, limitmb: int, blocklimit: int) -> BulkSegmentWriter:
    """A writer of one new segment of the index in `ix_dir`, for one worker process.

    It takes no index lock (the ingest holds kbassist's own) and writes its temporary
    files in a folder of its own: Whoosh names that folder after the index, so all
    workers (and a worker orphaned by a killed ingest) would otherwise share, and
    delete, one folder. `blocklimit` is the number of postings per posting block.
    """
    ix = whoosh_index.open_dir(ix_dir)
    storage = ix.storage
    own_tmp = f"{ix.indexname}-{os.getpid()}.tmp"
    base_temp_storage = type(storage).temp_storage
    storage.temp_storage = lambda name=None: base_temp_storage(storage, own_tmp)
    return BulkSegmentWriter(ix, _lk=False, limitmb=limitmb, codec=W3Codec(blocklimit=blocklimit))


def finish_worker_segment(writer: SegmentWriter, has_documents: bool) -> Segment | None:
    """Write out the worker's segment (None when it holds no document) and remove its
    temporary folder. The segment is not part of the index until a TOC names it."""
    if has_documents:
        segment = writer._finalize_segment()
    else:
        writer._close_segment()
        segment = None
    writer._tempstorage.destroy()
    return segment


def publish_segments(writer: SegmentWriter, segments: list[Segment]) -> None:
    """Make `segments` the index, in one TOC write (renamed into place by Whoosh), and
    release `writer`. Files of segments no longer named are cleaned up here."""
    writer._close_segment()
    writer._commit_toc(segments)
    writer._finish()


# -- stage one: posting blocks and field lengths as arrays -----------------------------


def length_column(leaf: IndexReader, field: str) -> ColumnReader | None:
    """The column of one-byte field lengths of a segment reader (Whoosh's lossy log
    scale: see whoosh.util.numeric.byte_to_length), or None when the segment has none."""
    perdoc = getattr(leaf, "_perdoc", None)
    if perdoc is None or not hasattr(perdoc, "_cached_reader"):
        return None
    return perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)


def block_arrays(matcher: Matcher) -> tuple[np.ndarray, np.ndarray] | None:
    """All (docnums, weights) of a posting list, deleted documents included, read from
    its blocks from where the matcher stands; None for a matcher that has no blocks
    (an inlined one-posting list), which the caller reads through the public API.

    Whoosh 3 posting blocks hold a pickled (delta-encoded ids, weights, values) tuple;
    reading that tuple directly skips Whoosh's per-posting Python generators.
    """
    if not (hasattr(matcher, "_read_data") and hasattr(matcher, "_next_block")):
        return None
    id_parts: list[np.ndarray] = []
    w_parts: list[np.ndarray] = []
    while not matcher._atend:
        if matcher._data is None:
            matcher._read_data()
        ids, weights = matcher._data[0], matcher._data[1]
        n = matcher._blocklength
        if matcher._byteids:  # not used by kbassist's fields; be correct anyway
            id_parts.append(np.fromiter(ids, dtype=np.int64, count=n))
        else:
            id_parts.append(np.cumsum(np.asarray(ids, dtype=np.int64)))
        if weights is None:
            w_parts.append(np.ones(n))
        elif isinstance(weights, float | int):
            w_parts.append(np.full(n, float(weights)))
        else:
            w_parts.append(np.asarray(weights, dtype=np.float64))
        matcher._next_block()
    if not id_parts:
        return np.empty(0, dtype=np.int64), np.empty(0)
    return np.concatenate(id_parts), np.concatenate(w_parts)


class ViewFile:
    """A read-only file over a memoryview, read in place (`BytesIO` copies its
    initial value unless it is `bytes`)."""

    def __init__(self, buf: bytes | memoryview) -> None:
        self._view = memoryview(buf).cast("B")
        self._pos = 0

    def read(self, n: int | None = -1) -> bytes:
        end = len(self._view) if n is None or n < 0 else min(self._pos + n, len(self._view))
        out = self._view[self._pos : end].tobytes()
        self._pos = max(self._pos, end)
        return out

    def readline(self, limit: int | None = -1) -> bytes:
        end = len(self._view) if limit is None or limit < 0 else self._pos + limit
        rest = self._view[self._pos : end]
        nl = rest.tobytes().find(b"\n")  # rare in Whoosh: the TOC and old formats only
        line = rest[: nl + 1 if nl >= 0 else len(rest)].tobytes()
        self._pos += len(line)
        return line

    def __iter__(self) -> ViewFile:
        return self

    def __next__(self) -> bytes:
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def seek(self, pos: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: len(self._view)}[whence]
        if base + pos < 0:
            raise ValueError(f"negative seek position {base + pos}")
        self._pos = base + pos
        return self._pos

    def tell(self) -> int:
        return self._pos

    def write(self, data: bytes) -> int:
        raise io.UnsupportedOperation("a mapped sub-file is read-only")

    def truncate(self, size: int | None = None) -> int:
        raise io.UnsupportedOperation("a mapped sub-file is read-only")

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self._view.release()


def _buffer_file_in_place(
    self: BufferFile, buf: bytes | memoryview, name: str | None = None, onclose: object = None
) -> None:
    # BufferFile.__init__ of whoosh-reloaded 2.7.5, with ViewFile for BytesIO(buf).
    self._buf = buf
    self._name = name
    self.file = ViewFile(buf)
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False


def read_in_place() -> None:
    """Make Whoosh read sub-files of a mapped segment in place (see the module's
    docstring); idempotent. Called when the index module is imported."""
    BufferFile.__init__ = _buffer_file_in_place  # type: ignore[method-assign]
