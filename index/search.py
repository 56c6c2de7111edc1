"""Search: compose the query's view, stage one and stage two, within the filters.

The paste travels one way: query.py turns it into the query's view, candidates.py
finds candidate articles for the view (stage one), rank.py rescores them against their
records (stage two). Here they are composed, with the filters (a mask over the index),
the facet counts of what matched, and the hits as the UI shows them.
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from whoosh import query as wq
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from kbassist.kbparse.record import Article

from . import analysis, candidates, query, rank
from . import encoder as encoder_module
from . import match as match_module
from .caches import SearcherCache
from .clean import headline
from .codes import only_codes
from .query import QueryView
from .store import KbIndex


@dataclass
class Filters:
    product: str | None = None
    area: str | None = None
    since: int | None = None
    until: int | None = None
    issue_type: str | None = None

    def query(self, reader: IndexReader) -> wq.Query | None:
        parts: list[wq.Query] = []
        if self.product:
            parts.append(wq.Term("product", self.product))
        if self.area:
            parts.append(wq.Term("area", self.area))
        if self.issue_type:
            parts.append(wq.Term("issue_type", self.issue_type))
        if self.since is not None or self.until is not None:
            lo, hi = self.since or 0, self.until or 9999
            years = [y.decode() if isinstance(y, bytes) else y for y in reader.lexicon("year")]
            wanted = [y for y in years if y.isdigit() and lo <= int(y) <= hi]
            parts.append(wq.Or([wq.Term("year", y) for y in wanted]) if wanted else wq.NullQuery)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else wq.And(parts)


@dataclass
class Match:
    """A span of article text that matched the query: field and character offsets."""

    field: str
    start: int
    end: int


@dataclass
class Hit:
    id: str
    title: str
    product: str
    area: str | None
    modified: str | None
    score: float
    snippet: str
    matches: list[Match]
    record: Article
    match: str = "weak"
    """How it matched the paste (match.MATCHES): quote, code, words, meaning or weak."""
    features: dict[str, float] = field(default_factory=dict, repr=False)
    """The second stage's feature values behind `score` and `match` (for benchmarks)."""


# The longest paste searched, in characters. A ticket or a whole dialog is a few
# thousand; a pasted log or base64 blob of megabytes was searched for over a minute and
# a gigabyte (10 MB: 73 s, 1.1 GB). The start of a paste is what names the problem.
MAX_QUERY_CHARS = 20_000


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    took_ms: float
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    suggestions: list[str] = field(default_factory=list)
    cut_from: int = 0
    """The paste's length when it was longer than MAX_QUERY_CHARS and cut (else 0)."""
    encoder: bool = False
    """The sentence encoder took part (a description, with vectors and the extra)."""
    weak: bool = True
    """Nothing matches well: no hit, or every hit shares only a few words (match.weak)."""


def _matches(article: Article, q: QueryView) -> list[Match]:
    out: list[Match] = []
    targets = [("title", article.title)] + [
        (f"error_messages[{i}]", m) for i, m in enumerate(article.error_messages)
    ]
    for name, text in targets:
        low = text.lower()
        for m in analysis._WORD.finditer(low):
            if m.group(0) in q.token_set and len(m.group(0)) > 1:
                out.append(Match(name, m.start(), m.end()))
    return out


def _snippet(article: Article) -> str:
    if article.error_messages:
        return headline(article.error_messages[0])
    for s in article.sections:
        if s.kind in ("symptoms", "summary", "question") and s.text.strip():
            return " ".join(s.text.split())[:200]
    return " ".join(article.preamble.split())[:200]


def search(
    kb: KbIndex,
    text: str,
    filters: Filters | None = None,
    limit: int = 10,
    facets: bool = False,
    encoder: bool = True,
) -> SearchResult:
    """`encoder` False leaves the sentence encoder out even when it is there (benchmarks
    compare the two)."""
    started = time.perf_counter()
    cut_from = len(text) if len(text) > MAX_QUERY_CHARS else 0
    if cut_from:
        text = text[:MAX_QUERY_CHARS]
    # One searcher for the whole search: kb.cache() replaces it after an ingest.
    cache = kb.cache()
    s = cache.searcher
    reader = s.reader()
    q = query.read(kb, cache, text)
    hits: list[Hit] = []
    result = SearchResult(query=text, hits=hits, took_ms=0.0, cut_from=cut_from)
    allowed = _mask(s, reader, filters.query(reader) if filters else None)
    found, acc = candidates.find(q, allowed, cache)
    articles, focus = candidates.records(found, cache)
    values, haves = rank.lexical(articles, q, focus)
    # A paste of codes alone (`STOP 0x7B`, `error 1603`) is neither a description nor a
    # ticket: it has no sentence for the encoder to read.
    if encoder and not rank.quoted(values) and not only_codes(text):
        result.encoder = _add_dense(kb, cache, q, found, acc, allowed, articles, values, haves)
    scored = rank.finish(articles, q, values, haves)
    # finish completed each candidate's values in place; `scored` is re-sorted.
    by_id = {a.id: v for (a, _), v in zip(articles, values, strict=True)}
    for sc, article in scored[:limit]:
        v = by_id[article.id]
        hits.append(
            Hit(
                id=article.id,
                title=article.title,
                product=article.product,
                area=article.area,
                modified=article.modified,
                score=round(sc, 4),
                snippet=_snippet(article),
                matches=_matches(article, q),
                record=article,
                match=match_module.how(v),
                features=v,
            )
        )
    result.weak = match_module.weak([h.match for h in hits])
    if facets:
        result.facets = facet_counts(cache, candidates.matched(acc, allowed))
        # A facet's own filter is left out of its counts (disjunctive facets): with one
        # product chosen, the other products still show how many articles they hold.
        for name in ("product", "area"):
            if filters and getattr(filters, name):
                wider = _mask(s, reader, dataclasses.replace(filters, **{name: None}).query(reader))
                counted = facet_counts(cache, candidates.matched(acc, wider), (name,))
                result.facets[name] = counted[name]
    result.suggestions = query.suggestions(q)
    result.took_ms = round((time.perf_counter() - started) * 1000, 1)
    return result


# Articles nearest the query's sentence vector that join the candidates: a description
# that shares few words with its article is missed by stage one but not by the encoder.
DENSE_CANDIDATES = 30


def _add_dense(
    kb: KbIndex,
    cache: SearcherCache,
    q: QueryView,
    found: list[tuple[int, float]],
    acc: np.ndarray,
    allowed: np.ndarray | None,
    articles: list[tuple[Article, float]],
    values: list[dict[str, float]],
    haves: list[set[str]],
) -> bool:
    """The encoder's part, for a paste that no candidate quotes: its nearest articles
    join the candidates, and every candidate gets its cosine as the `dense` feature.
    False when there is no encoder or no vectors (the ranking is then the lexical one)."""
    vecs = kb.vectors()
    if vecs is None or not len(vecs):
        return False
    model = encoder_module.load(threads=1)
    if model is None:
        return False
    vector = query.vector(q, model)
    if vector is None:
        return False
    cosines = vecs.cosines(vector)
    nearest = vecs.nearest(vector, DENSE_CANDIDATES * 3, cosines)
    more = candidates.dense(nearest, {d for d, _ in found}, acc, allowed, cache, DENSE_CANDIDATES)
    if more:
        best = max((first for _, first in found), default=0.0) or 1.0
        extra, extra_focus = candidates.records(more, cache)
        # Stage-one scores relative to the lexical candidates' best, as theirs are.
        extra = [(a, float(acc[d]) / best) for (a, _), (d, _) in zip(extra, more, strict=True)]
        extra_values, extra_haves = rank.lexical(extra, q, extra_focus)
        articles += extra
        values += extra_values
        haves += extra_haves
    for (article, _), v in zip(articles, values, strict=True):
        row = vecs.row.get(article.id)
        v["dense"] = float(cosines[row]) if row is not None else 0.0
    return True


def _facet_codes(cache: SearcherCache, name: str) -> tuple[list[str], np.ndarray]:
    """Every document's value of a facet column as a code, once per searcher: counting
    the matches of a short query (tens of thousands) is then one bincount."""
    kept = cache.facet_codes
    if name not in kept:
        reader = cache.reader
        col = reader.column_reader(name)
        values: dict[str, int] = {}
        codes = np.fromiter(
            (values.setdefault(v, len(values)) for v in col),
            dtype=np.int64,
            count=reader.doc_count_all(),
        )
        kept[name] = (list(values), codes)
    return kept[name]


def _mask(s: Searcher, reader: IndexReader, q: wq.Query | None) -> np.ndarray | None:
    """The documents a filter query allows, as a boolean array (None: no filter)."""
    if q is None:
        return None
    mask = np.zeros(reader.doc_count_all(), dtype=bool)
    mask[np.fromiter(s.docs_for_query(q), dtype=np.int64)] = True
    return mask


def facet_counts(
    cache: SearcherCache,
    docnums: np.ndarray | Iterable[int],
    names: tuple[str, ...] = ("product", "area"),
) -> dict[str, list[tuple[str, int]]]:
    """Matching articles counted by product and by area (`cache`: the searcher's)."""
    out: dict[str, list[tuple[str, int]]] = {}
    docs = np.asarray(docnums if isinstance(docnums, np.ndarray) else list(docnums), dtype=np.int64)
    for name in names:
        values, codes = _facet_codes(cache, name)
        counts = np.bincount(codes[docs], minlength=len(values))
        pairs = [(values[i], int(counts[i])) for i in np.flatnonzero(counts)]
        out[name] = sorted(pairs, key=lambda kv: (-kv[1], kv[0]))
    return out


def products(kb: KbIndex) -> list[tuple[str, int]]:
    """Every product with its number of articles, most articles first."""
    counts: Counter[str] = Counter()
    s = kb.searcher()
    reader = s.reader()
    col = reader.column_reader("product")
    for docnum in reader.all_doc_ids():
        counts[col[docnum]] += 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
