"""Stage one: the query's view -> candidate articles, by BM25-style term-at-a-time
accumulation, with their records for stage two.

Whoosh's own Or matcher with its max-quality optimisation spends seconds walking a deep
tree of matchers for a 60-clause query (measured: 36 s for one pasted message on the
full index). The clauses here are a few rare terms per field: their posting lists are
read a block at a time into numpy arrays and their scores added into one array of the
size of the index, which keeps a short query (whose few words are all common, so whose
posting lists are long) cheap: the per-posting work happens in numpy, not in Python.
Pasted text is never parsed as Whoosh query syntax (`* *` would turn into a wildcard
scan, and `AND`/`(`/`:` into syntax).
"""

from __future__ import annotations

import math

import numpy as np
from whoosh.matching import Matcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import IndexReader, TermNotFound
from whoosh.util.numeric import byte_to_length

from kbassist.kbparse.record import Article, from_json

from . import analysis
from .caches import RememberingReader, SearcherCache
from .query import QueryView
from .rank import focus_terms
from .store import record_focus, record_json
from .whoosh_private import block_arrays, length_column

Clause = tuple[str, str, float]  # field, term, boost
Reader = IndexReader | RememberingReader
# Field boosts: an error message or title hit says more than a word somewhere in the
# More Information section.
_PROSE_FIELDS = {"title": 2.5, "symptoms": 1.6, "cause": 1.0, "fix": 0.8, "body": 0.6, "words": 1.2}
_MSG_BOOST = 3.0
_CODE_BOOST = 6.0
_FILE_BOOST = 3.0
_EXPANSION_BOOST = 1.5  # a thesaurus word (expand.py) against the same field's boost
_MAX_TERMS = 30
_CANDIDATES = 120
# A query of a few words gives the reranker little to tell candidates apart by beyond
# stage one's order: 40 of them rank as well as 120 (same figures on every dev query
# kind, with the semantic features too) at a third of the record-decoding cost.
_SHORT_TOKENS = 8
_SHORT_CANDIDATES = 40
# Articles nearest the query in the semantic model's statement space (semantic.py) join
# stage one's candidates: a description that shares few words with its article is
# often missed by stage one but not there (plain-words MRR .34 -> .36, holdout .28 ->
# .31; 10, 30 and 50 measured lower).
_STATEMENT_CANDIDATES = 20
# Stage one reads at most about this many postings per field group: the rarest words
# first, common ones only while the budget lasts (their BM25 weight is small anyway and
# their posting lists are what made a long paste slow). At least _MIN_TERMS are kept.
# With postings read into numpy arrays these budgets cost a few milliseconds; tickets
# needed the larger ones (Success@1 .79 -> .88 on the dev set).
_POSTING_BUDGET = 40_000
_MIN_TERMS = 3
_PROSE_BUDGET = 300_000  # postings over all prose fields together
_K1 = 1.2
# BM25's length normalisation: a word in a short symptom section says more than the same
# word in a long one (+8 points MRR for described problems, measured). Error messages are
# not normalised by default: an article quoting many messages is no weaker a match for
# one of them (normalising them cost 3 points Success@1 on pasted messages).
_B = 0.75
_B_DEFAULT = {"msg": 0.0}
# A problem described in a person's words matches a message's words loosely: there the
# message field is length-normalised like prose.
_DESCRIBED_B = {"msg": 0.75}
_NO_NORM = {"codes", "files"}  # one term per code or name: nothing to normalise
# Whoosh stores a field's length per document as one byte (a lossy log scale).
_BYTE_TO_LENGTH = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


def find(
    q: QueryView, allowed: np.ndarray | None, cache: SearcherCache
) -> tuple[list[tuple[int, float]], np.ndarray]:
    """The candidates, as (docnum, stage-one score) best first, then the articles
    nearest the query's statement that stage one missed; and every document's
    stage-one score (for facet counts). `allowed` is the filter mask (None: all)."""
    reader = cache.reader
    clauses = clauses_for(reader, q) + _expansion_clauses(reader, q)
    acc = accumulate(reader, clauses, _DESCRIBED_B if q.described else None, cache)
    short = len(q.tokens) <= _SHORT_TOKENS
    found = top(acc, _SHORT_CANDIDATES if short else _CANDIDATES, allowed)
    if q.meaning is not None and q.meaning.statement is not None:
        found += _statement_candidates(q, found, acc, allowed, cache)
    return found, acc


def records(
    found: list[tuple[int, float]], cache: SearcherCache
) -> tuple[list[tuple[Article, float]], list[set[str]]]:
    """The candidates' records with their stage-one score relative to the best one,
    and each record's focus terms (rank.focus_terms)."""
    # Statement candidates that stage one did not match score 0 there.
    best = max((first for _, first in found), default=0.0) or 1.0
    kept = [_record(cache, docnum) for docnum, _ in found]
    candidates = [
        (article, first / best) for (article, _), (_, first) in zip(kept, found, strict=True)
    ]
    return candidates, [have for _, have in kept]


def _record(cache: SearcherCache, docnum: int) -> tuple[Article, set[str]]:
    hit = cache.records.get(docnum)
    if hit is not None:
        return from_json(hit[0]), set(hit[1].split())
    stored = cache.reader.stored_fields(docnum)["record"]
    data = record_json(stored)
    article = from_json(data)
    focus = record_focus(stored)
    if focus is None:
        focus = focus_terms(article)
    cache.records.put(docnum, data, " ".join(focus))
    return article, focus


def _pick(reader: Reader, fieldname: str, terms: list[str], limit: int) -> list[tuple[str, int]]:
    """The rarest `limit` terms that the field knows, with their document frequency."""
    scored = []
    for t in dict.fromkeys(terms):
        df = reader.doc_frequency(fieldname, t)
        if df:
            scored.append((df, t))
    scored.sort()
    return [(t, df) for df, t in scored[:limit]]


def _within_budget(picked: list[tuple[str, int]], budget: int | None = None) -> list[str]:
    budget = _POSTING_BUDGET if budget is None else budget
    out: list[str] = []
    spent = 0
    for t, df in picked:
        if len(out) >= _MIN_TERMS and spent + df > budget:
            break
        out.append(t)
        spent += df
    return out


def clauses_for(reader: Reader, q: QueryView) -> list[Clause]:
    """The paste's own clauses: its rarest message words, prose stems, codes and file
    names. Corrected typos count as message words."""
    extra = " ".join(q.corrections.values())
    message = f"{q.message} {extra}".strip()
    return (
        _message_clauses(reader, message, q.context)
        + _prose_clauses(reader, f"{message}\n{q.context}")
        + [("codes", c, _CODE_BOOST) for c in q.codes]
        + _file_clauses(reader, f"{message}\n{q.context}")
    )


def _message_clauses(reader: Reader, message: str, context: str) -> list[Clause]:
    terms = analysis.error_terms(message) or analysis.error_terms(context)
    return [("msg", t, _MSG_BOOST) for t in _within_budget(_pick(reader, "msg", terms, _MAX_TERMS))]


def _prose_clauses(reader: Reader, text: str) -> list[Clause]:
    stems = analysis.prose_terms(text)
    # Rarity over the fields that hold most words; each chosen stem is asked of all of
    # the prose fields.
    best: dict[str, int] = {}
    for f in ("symptoms", "body", "title"):
        for t, df in _pick(reader, f, stems, _MAX_TERMS * 2):
            best[t] = min(df, best.get(t, df))
    ranked = sorted(best, key=best.__getitem__)[:_MAX_TERMS]
    # The budget counts what will really be read: the stem's postings in every field.
    cost = {t: sum(reader.doc_frequency(f, t) for f in _PROSE_FIELDS) for t in ranked}
    chosen = _within_budget([(t, cost[t]) for t in ranked], _PROSE_BUDGET)
    return _in_prose_fields(reader, chosen, 1.0)


def _file_clauses(reader: Reader, text: str) -> list[Clause]:
    """File names, with or without their extension, in any case."""
    out: list[Clause] = []
    words = {w.strip("\"'(),;:[]<>") for w in text.lower().split()}
    for w in words:
        if 3 <= len(w) <= 64:
            for ft in analysis.file_terms(w):
                if reader.doc_frequency("files", ft):
                    out.append(("files", ft, _FILE_BOOST))
    return out


def _expansion_clauses(reader: Reader, q: QueryView) -> list[Clause]:
    """Clauses for the archive's words of the paste's help-desk words."""
    return _in_prose_fields(reader, q.expansions, _EXPANSION_BOOST)


def _in_prose_fields(reader: Reader, stems: list[str], boost: float) -> list[Clause]:
    """Each stem asked of every prose field that holds it."""
    return [
        (f, t, field_boost * boost)
        for t in stems
        for f, field_boost in _PROSE_FIELDS.items()
        if reader.doc_frequency(f, t)
    ]


def _statement_candidates(
    q: QueryView,
    found: list[tuple[int, float]],
    acc: np.ndarray,
    allowed: np.ndarray | None,
    cache: SearcherCache,
) -> list[tuple[int, float]]:
    """The articles nearest the query's statement that stage one did not find, as
    (docnum, stage-one score); within the filters, never a deleted one."""
    assert q.meaning is not None
    nearest = q.meaning.model.nearest_statements(q.meaning.statement, _STATEMENT_CANDIDATES)
    return dense(nearest, {d for d, _ in found}, acc, allowed, cache, len(nearest))


def dense(
    nearest: list[str],
    have: set[int],
    acc: np.ndarray,
    allowed: np.ndarray | None,
    cache: SearcherCache,
    limit: int,
) -> list[tuple[int, float]]:
    """The first `limit` of the articles nearest the query (ids, nearest first: by the
    sentence vector or the statement space) that are not candidates yet (`have`: their
    docnums), as (docnum, stage-one score); within the filters, never a deleted one."""
    out: list[tuple[int, float]] = []
    for art_id in nearest:
        d = _docnum(cache, art_id)
        if d is None or d in have or cache.reader.is_deleted(d):
            continue
        if allowed is not None and not allowed[d]:
            continue
        out.append((d, float(acc[d])))
        if len(out) >= limit:
            break
    return out


def _docnum(cache: SearcherCache, art_id: str) -> int | None:
    docnums = cache.docnums
    if art_id not in docnums:
        docnums[art_id] = cache.searcher.document_number(id=art_id)
    return docnums[art_id]


def _length_norms(
    leaf: IndexReader,
    field: str,
    avg: float,
    b: float,
    kept: dict[tuple[str, float], np.ndarray | None],
) -> np.ndarray | None:
    """BM25's length factor K1 * (1 - B + B * len / avg) for every document of a
    segment, computed once per segment reader and field (`kept`: the segment's)."""
    key = (field, b)
    if key not in kept:
        col = length_column(leaf, field)
        if col is None:
            kept[key] = None
        else:
            n = leaf.doc_count_all()
            raw = np.fromiter((col[i] for i in range(n)), dtype=np.uint8, count=n)
            lengths = _BYTE_TO_LENGTH[raw]
            kept[key] = _K1 * (1 - b + b * lengths / max(avg, 1.0))
    return kept[key]


def _saturated(
    leaf: IndexReader,
    field: str,
    term: str,
    b: float,
    avg: float,
    cache: SearcherCache | None,
) -> tuple[np.ndarray, np.ndarray] | None:
    """(docnums, BM25's saturated term frequency w * (K1 + 1) / (w + k)) of a term in one
    segment, from the segment's posting cache when it has them; None when the segment
    does not have the term. Kept saturated, not as raw weights: a common word's long
    list then costs a query one product and one addition, not six array operations."""
    kept = cache.postings_of(leaf) if cache is not None else None
    key = (field, term, b)
    hit = kept.get(key) if kept is not None else None
    if hit is not None:
        return hit
    try:
        matcher = leaf.postings(field, term)
    except TermNotFound:
        return None
    ids, w = _block_arrays(matcher)
    norms = None
    if len(ids) and field not in _NO_NORM:
        factors = cache.norms_of(leaf) if cache is not None else {}
        norms = _length_norms(leaf, field, avg, b, factors)
    k = norms[ids] if norms is not None else _K1
    tf = w * (_K1 + 1) / (w + k)
    if kept is not None:
        kept.put(key, ids, tf)
    return ids, tf


def _block_arrays(matcher: Matcher) -> tuple[np.ndarray, np.ndarray]:
    """All (docnums, weights) of a posting list as arrays, deleted documents included."""
    if isinstance(matcher, FilterMatcher):
        # The filter drops deleted documents one id at a time; they are zeroed in the
        # result instead (see accumulate), so read the raw list from its start.
        matcher = matcher.child
        matcher.reset()
    blocks = block_arrays(matcher)
    if blocks is not None:
        return blocks
    ids: list[int] = []
    ws: list[float] = []
    while matcher.is_active():
        ids.append(matcher.id())
        ws.append(matcher.weight())
        matcher.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(ws, dtype=np.float64)


def accumulate(
    reader: Reader,
    clauses: list[Clause],
    b: dict[str, float] | None = None,
    cache: SearcherCache | None = None,
) -> np.ndarray:
    """Score of every document (by reader-wide docnum) under an OR of the clauses.

    `b` overrides the length normalisation per field. Documents matching no clause, and
    deleted ones, score 0; every match scores > 0. Posting lists and length factors are
    kept in `cache` (the reader's searcher's) when given.
    """
    n_docs = max(reader.doc_count_all(), 1)
    acc = np.zeros(reader.doc_count_all())
    leaves = list(reader.leaf_readers())
    avg = {f: reader.field_length(f) / n_docs for f in {c[0] for c in clauses}}
    for field, term, boost in clauses:
        df = reader.doc_frequency(field, term)
        if not df:
            continue
        idf = math.log(1 + (n_docs - df + 0.5) / (df + 0.5)) * boost
        fb = (b or {}).get(field, _B_DEFAULT.get(field, _B))
        for leaf, offset in leaves:
            found = _saturated(leaf, field, term, fb, avg[field], cache)
            if found is None:
                continue
            ids, tf = found
            if len(ids):
                # A posting list names each document once, so plain fancy-index
                # addition is exact (no np.add.at needed).
                acc[offset + ids if offset else ids] += idf * tf
    for leaf, offset in leaves:
        if leaf.has_deletions():
            # A cached property on Whoosh's segment reader, not a method.
            dead = np.fromiter(leaf.deleted_docs_set, dtype=np.int64)
            acc[offset + dead] = 0.0
    return acc


def matched(acc: np.ndarray, allowed: np.ndarray | None = None) -> np.ndarray:
    """Docnums that matched any clause (and pass the filter mask, when given)."""
    mask = acc > 0
    if allowed is not None:
        mask &= allowed
    return np.flatnonzero(mask)


def top(acc: np.ndarray, limit: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
    """The `limit` best (docnum, score) pairs among matches, within `allowed` when given."""
    scores = acc if allowed is None else np.where(allowed, acc, 0.0)
    n_hit = int(np.count_nonzero(scores))
    k = min(limit, n_hit)
    if k == 0:
        return []
    part = np.argpartition(-scores, k - 1)[:k]
    # Ties broken by docnum so that results do not depend on partition order.
    order = np.lexsort((part, -scores[part]))
    return [(int(part[i]), float(scores[part[i]])) for i in order]
