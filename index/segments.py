"""A Whoosh segment writer tuned for bulk ingest (used in the ingest worker processes).

Whoosh looks up each document's field length once per posting while it writes the
postings, through a column reader: a quarter of a full ingest's time. The lengths are
known when the document is added (the sum of its term counts), so they are kept in
arrays and handed to the postings writer directly.
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping

from whoosh.writing import SegmentWriter


class _Lengths:
    def __init__(self, lengths: dict[str, array]) -> None:
        self.lengths = lengths

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        arr = self.lengths.get(fieldname)
        if arr is None or docnum >= len(arr):
            return default
        return arr[docnum]

    def close(self) -> None:
        pass


class BulkSegmentWriter(SegmentWriter):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._lengths: dict[str, array] = {}

    def add_document(self, **fields: object) -> None:
        docnum = self.docnum
        super().add_document(**fields)
        for name, value in fields.items():
            if isinstance(value, Mapping):
                arr = self._lengths.setdefault(name, array("I"))
                if len(arr) < docnum:
                    arr.extend([0] * (docnum - len(arr)))
                arr.append(sum(value.values()))

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = _Lengths(self._lengths) if self.codec.length_stats else None
        self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        self.fieldwriter.close()
