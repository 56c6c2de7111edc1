"""Records -> OpenSearch (or Elasticsearch) `_bulk` NDJSON, and the index mapping.

Each article is two lines: the action `{"index":{"_id":"Q253729"}}` and the source
document; the file ends with a newline, as `_bulk` requires. The action names no
`_index`: the index is the one in the URL, so one file loads into any index name:

    curl -XPUT localhost:9200/kb -H 'Content-Type: application/json' --data-binary @mapping.json
    curl -XPOST localhost:9200/kb/_bulk -H 'Content-Type: application/x-ndjson' \
         --data-binary @kb.ndjson

The source document is flatter than the record: the help-desk groups of sections
(symptoms, cause, resolution, the rest as body), keywords merged, codes and files as
nested objects so that a query can match one file's name and version together. The
mapping is `dynamic: strict`, so a field the mapping does not name is an error at load
time instead of a silently guessed type.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, BinaryIO

import msgspec

from kbassist.kbparse.record import Article

from . import fields

_KEYWORD = {"type": "keyword"}
_PROSE = {"type": "text", "analyzer": "english"}


def source(article: Article) -> dict[str, Any]:
    """The document indexed for one article (keys in a fixed order)."""
    return {
        "id": article.id,
        "number": article.number,
        "title": article.title,
        "product": article.product,
        "area": article.area,
        "modified": article.modified,
        "prod_ver": [{"platform": p.platform, "versions": p.versions} for p in article.prod_ver],
        "oper_sys": article.oper_sys,
        "applies_to": article.applies_to,
        "issue_type": article.issue_type,
        "solution_type": article.solution_type,
        "keywords": fields.keywords(article),
        "query_words": article.additional_query_words,
        "symptoms": fields.section_text(article, fields.SYMPTOMS),
        "cause": fields.section_text(article, fields.CAUSE),
        "resolution": fields.section_text(article, fields.RESOLUTION),
        "body": fields.body_text(article),
        "error_messages": article.error_messages,
        "error_codes": [
            {"text": c.text, "kind": c.kind, "value": c.value} for c in article.error_codes
        ],
        "files": [
            {
                "name": f.name,
                "version": f.version,
                "date": f.date,
                "time": f.time,
                "size_bytes": f.size_bytes,
                "size_text": f.size_text,
                "platform": f.platform,
            }
            for f in article.files
        ],
        "related_articles": article.related_articles,
        "urls": article.urls,
    }


MAPPING: dict[str, Any] = {
    "settings": {
        "analysis": {
            # File names match whatever their case (`MPR.DLL`, `Mpr.dll`).
            "normalizer": {"kb_lowercase": {"type": "custom", "filter": ["lowercase"]}},
        },
    },
    "mappings": {
        "dynamic": "strict",
        "properties": {
            "id": _KEYWORD,
            "number": {"type": "integer"},
            # Searched as words, and sortable / exact as `title.raw`.
            "title": {**_PROSE, "fields": {"raw": {"type": "keyword", "ignore_above": 512}}},
            "product": _KEYWORD,
            "area": _KEYWORD,
            "modified": {"type": "date", "format": "strict_date"},
            "prod_ver": {
                "type": "object",
                "properties": {"platform": _KEYWORD, "versions": _KEYWORD},
            },
            "oper_sys": _KEYWORD,
            "applies_to": _PROSE,
            "issue_type": _KEYWORD,
            "solution_type": _KEYWORD,
            "keywords": _KEYWORD,
            "query_words": _PROSE,
            "symptoms": _PROSE,
            "cause": _PROSE,
            "resolution": _PROSE,
            "body": _PROSE,
            # Messages are matched word for word (no stemming, no stop words): a pasted
            # message is the query; `.raw` finds the exact message.
            "error_messages": {
                "type": "text",
                "analyzer": "standard",
                "fields": {"raw": {"type": "keyword", "ignore_above": 1024}},
            },
            "error_codes": {
                "type": "nested",
                "properties": {"text": _KEYWORD, "kind": _KEYWORD, "value": _KEYWORD},
            },
            "files": {
                "type": "nested",
                "properties": {
                    "name": {"type": "keyword", "normalizer": "kb_lowercase"},
                    "version": _KEYWORD,
                    "date": {"type": "date", "format": "strict_date"},
                    "time": _KEYWORD,
                    "size_bytes": {"type": "long"},
                    "size_text": _KEYWORD,
                    "platform": _KEYWORD,
                },
            },
            "related_articles": _KEYWORD,
            "urls": {"type": "keyword", "ignore_above": 2048},
        },
    },
}


def mapping_json() -> bytes:
    """The mapping as pretty JSON with a final newline (`--mapping`)."""
    return msgspec.json.format(msgspec.json.encode(MAPPING), indent=2) + b"\n"


_encoder = msgspec.json.Encoder()


def write_bulk(records: Iterable[Article], out: BinaryIO) -> None:
    for article in records:
        out.write(_encoder.encode({"index": {"_id": article.id}}))
        out.write(b"\n")
        out.write(_encoder.encode(source(article)))
        out.write(b"\n")
