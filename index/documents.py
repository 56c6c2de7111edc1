"""Record -> the values of one Whoosh document (runs in ingest worker processes)."""

from __future__ import annotations

from collections import Counter

from kbassist.kbparse.record import Article, to_json

from . import analysis
from .codes import record_terms
from .rank import FOCUS_VERSION, focus_terms

_SECTION_FIELD = {
    "summary": "symptoms",
    "symptoms": "symptoms",
    "question": "symptoms",
    "cause": "cause",
    "resolution": "fix",
    "workaround": "fix",
    "status": "fix",
}


def pack_record(article: Article) -> tuple[bytes, str, int]:
    """The stored record: (compact JSON, the article's focus terms, FOCUS_VERSION).

    Whoosh compresses the stored column itself, so the JSON is stored plain: compressed
    here too, every candidate a search read was inflated twice. The focus terms
    (rank.focus_terms, the stems of the title, messages and symptoms) are worked out
    here once instead of at every search that reads the record as a candidate; with
    the second inflate they were half of reading a record. Indexes written before keep
    zlib-compressed JSON alone; store.record_json reads both."""
    return to_json(article), " ".join(sorted(focus_terms(article))), FOCUS_VERSION


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
