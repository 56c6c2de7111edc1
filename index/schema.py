"""The Whoosh schema: which parts of a record are searched, faceted and stored.

Text fields take pre-computed term counts (see analysis.py and documents.py) instead of
running Whoosh analyzers at ingest; they use the Frequency format (no positions): phrase
matching is done by the reranker against the record itself, which keeps the index small
and the ingest fast.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from whoosh import fields, formats
from whoosh.system import pack_uint

INDEX_VERSION = 1
"""Bumped when the schema or the term rules change: an older index must be rebuilt."""


class TermCounts(fields.TEXT):
    """A scorable text field indexed from a {term: count} mapping."""

    def __init__(self, field_boost: float = 1.0) -> None:
        super().__init__(phrase=False, field_boost=field_boost)
        self.format = formats.Frequency(field_boost=field_boost)

    def index(  # type: ignore[override]
        self, value: Mapping[str, int], **kwargs: object
    ) -> Iterator[tuple[bytes, int, float, bytes]]:
        fb = self.format.field_boost
        for term, freq in value.items():
            yield term.encode("utf-8"), freq, freq * fb, pack_uint(freq)


# Field name -> what it holds. Keep in step with documents.fields_for().
TEXT_FIELDS = {
    "title": 1.0,  # title, stemmed
    "msg": 1.0,  # error messages, every word, unstemmed
    "symptoms": 1.0,  # summary, symptoms, question sections
    "cause": 1.0,
    "fix": 1.0,  # resolution, workaround, status
    "body": 1.0,  # more information, references, response, other, preamble
    "words": 1.0,  # additional query words, keywords, applies-to
    "codes": 1.0,  # normalised error codes (index/codes.py)
    "files": 1.0,  # hotfix file names, with and without extension
}


def make_schema() -> fields.Schema:
    spec: dict[str, fields.FieldType] = {
        "id": fields.ID(unique=True, stored=True),
        "product": fields.ID(stored=True, sortable=True),
        "area": fields.ID(stored=True, sortable=True),
        "issue_type": fields.ID(stored=True, sortable=True),
        # Years as text: Whoosh 2.7's NumericRange over a trie-encoded NUMERIC field
        # matched every document for wide ranges (measured); a handful of year terms
        # is exact and cheap.
        "year": fields.ID(stored=True, sortable=True),
        "versions": fields.KEYWORD(lowercase=True, commas=False),
        "related": fields.KEYWORD(),
        "record": fields.STORED(),
    }
    for name, boost in TEXT_FIELDS.items():
        spec[name] = TermCounts(field_boost=boost)
    return fields.Schema(**spec)
