"""Record -> the values of one Whoosh document (runs in ingest worker processes)."""

from __future__ import annotations

import zlib
from collections import Counter

from kbassist.kbparse.record import Article, to_json

from . import analysis
from .codes import record_terms

_SECTION_FIELD = {
    "summary": "symptoms",
    "symptoms": "symptoms",
    "question": "symptoms",
    "cause": "cause",
    "resolution": "fix",
    "workaround": "fix",
    "status": "fix",
}


def pack_record(article: Article) -> bytes:
    """The stored record: compact JSON, zlib-compressed (about a third of the size)."""
    return zlib.compress(to_json(article), 6)


def fields_for(article: Article) -> dict[str, object]:
    texts: dict[str, list[str]] = {"symptoms": [], "cause": [], "fix": [], "body": []}
    if article.preamble:
        texts["body"].append(article.preamble)
    for section in article.sections:
        texts[_SECTION_FIELD.get(section.kind, "body")].append(
            section.heading + "\n" + section.text
        )
    doc: dict[str, object] = {
        "id": article.id,
        "title": Counter(analysis.prose_terms(article.title)),
        "msg": Counter(analysis.error_terms("\n".join(article.error_messages))),
        "words": Counter(
            analysis.prose_terms(
                " ".join(
                    article.additional_query_words
                    + article.kb_keywords
                    + article.applies_to
                    + [article.product]
                )
            )
        ),
        "codes": Counter(record_terms(article.error_codes)),
        "files": Counter(t for f in article.files for t in analysis.file_terms(f.name)),
        "product": article.product or "(none)",
        "area": article.area or "(none)",
        "issue_type": article.issue_type or "(none)",
        "versions": " ".join(v.replace(" ", "_") for p in article.prod_ver for v in p.versions),
        "related": " ".join(article.related_articles),
        "record": pack_record(article),
    }
    for name, parts in texts.items():
        doc[name] = Counter(analysis.prose_terms("\n".join(parts)))
    if article.modified:
        doc["year"] = article.modified[:4]
    return {k: v for k, v in doc.items() if v or k in ("id", "record")}
