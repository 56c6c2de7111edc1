"""Search results as JSON objects: one shape for `search --format json|jsonl`, `--batch`
and the web API (`kbassist web`), so that a script can move between them.

No click, no aiohttp here: both front ends import it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kbassist.index.search import Hit, SearchResult


def hit_json(hit: Hit, full: bool) -> dict[str, Any]:
    """One result: id, title, product, score and how it matched; with `full`, also the
    area, date, snippet and the spans of the title and messages that matched."""
    out: dict[str, Any] = {
        "id": hit.id,
        "title": hit.title,
        "product": hit.product,
        "score": hit.score,
        "match": hit.match,
    }
    if full:
        out.update(
            area=hit.area,
            modified=hit.modified,
            snippet=hit.snippet,
            matches=[{"field": m.field, "start": m.start, "end": m.end} for m in hit.matches],
        )
    return out


def facets_json(facets: dict[str, list[tuple[str, int]]]) -> dict[str, list[dict[str, Any]]]:
    return {k: [{"value": v, "count": c} for v, c in items] for k, items in facets.items()}


def result_json(query: str, result: SearchResult) -> dict[str, Any]:
    """`search --format json`'s object: query, results (full), facets, suggestions,
    took_ms and whether nothing matches well (`weak`)."""
    return {
        "query": query,
        "results": [hit_json(h, True) for h in result.hits],
        "facets": facets_json(result.facets),
        "suggestions": result.suggestions,
        "weak": result.weak,
        "took_ms": result.took_ms,
    }
