"""Search: clean the paste, find candidates with Whoosh, rerank them precisely.

Queries are built as objects (never through Whoosh's query parser: pasted text like
`* *` would turn into a wildcard scan, and `AND`/`(`/`:` into syntax). Stage one is a
BM25F OR over the rarest few words of the paste in each field, which keeps Whoosh's
posting lists short and the search fast; stage two (rank.py) rescores the top
candidates against their records.
"""

from __future__ import annotations

import dataclasses
import math
import time
import weakref
from collections import Counter, OrderedDict
from dataclasses import dataclass, field

import numpy as np
from whoosh import query as wq

from kbassist.kbparse.record import Article, from_json

from . import analysis, rank
from .candidates import Clause, accumulate, matched, top
from .clean import clean
from .codes import query_terms
from .expand import expansions
from .store import KbIndex, record_json

# Field boosts for stage one: an error message or title hit says more than a word
# somewhere in the More Information section.
_PROSE_FIELDS = {"title": 2.5, "symptoms": 1.6, "cause": 1.0, "fix": 0.8, "body": 0.6, "words": 1.2}
_MSG_BOOST = 3.0
_CODE_BOOST = 6.0
_FILE_BOOST = 3.0
_EXPANSION_BOOST = 1.5  # a thesaurus word (expand.py) against the same field's boost
_MAX_EXPANSIONS = 20
_MAX_TERMS = 30
_CANDIDATES = 120
# A query of a few words gives the reranker little to tell candidates apart by beyond
# stage one's order: 40 of them rank as well as 120 (same figures on every dev query
# kind, with the semantic features too) at a third of the record-decoding cost.
# Articles nearest the query in the semantic model's statement space (semantic.py) join
# stage one's candidates: a description that shares few words with its article is
# often missed by stage one but not there (plain-words MRR .34 -> .36, holdout .28 ->
# .31; 10, 30 and 50 measured lower).
_STATEMENT_CANDIDATES = 20
_SHORT_TOKENS = 8
_SHORT_CANDIDATES = 40
# Stage one reads at most about this many postings per field group: the rarest words
# first, common ones only while the budget lasts (their BM25 weight is small anyway and
# their posting lists are what made a long paste slow). At least _MIN_TERMS are kept.
# With postings read into numpy arrays (candidates.py) these budgets cost a few
# milliseconds; tickets needed the larger ones (Success@1 .79 -> .88 on the dev set).
_POSTING_BUDGET = 40_000
_MIN_TERMS = 3
_PROSE_BUDGET = 300_000  # postings over all prose fields together
# A problem described in a person's words matches a message's words loosely: there the
# message field is length-normalised like prose (see candidates._B_DEFAULT).
_DESCRIBED_B = {"msg": 0.75}


@dataclass
class Filters:
    product: str | None = None
    area: str | None = None
    since: int | None = None
    until: int | None = None
    issue_type: str | None = None

    def query(self, reader) -> wq.Query | None:
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


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    took_ms: float
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    suggestions: list[str] = field(default_factory=list)


def _pick(reader, fieldname: str, terms: list[str], limit: int) -> list[tuple[str, int]]:
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


def _stage_one(reader, paste_message: str, paste_context: str, codes: set[str]) -> list[Clause]:
    text = f"{paste_message}\n{paste_context}"
    clauses: list[Clause] = []
    msg_terms = analysis.error_terms(paste_message) or analysis.error_terms(paste_context)
    for t in _within_budget(_pick(reader, "msg", msg_terms, _MAX_TERMS)):
        clauses.append(("msg", t, _MSG_BOOST))
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
    for t in chosen:
        for f, boost in _PROSE_FIELDS.items():
            if reader.doc_frequency(f, t):
                clauses.append((f, t, boost))
    for c in codes:
        clauses.append(("codes", c, _CODE_BOOST))
    # File names, with or without their extension, in any case.
    words = {w.strip("\"'(),;:[]<>") for w in text.lower().split()}
    for w in words:
        if 3 <= len(w) <= 64:
            for ft in analysis.file_terms(w):
                if reader.doc_frequency("files", ft):
                    clauses.append(("files", ft, _FILE_BOOST))
    return clauses


def _expansion_clauses(reader, text: str) -> list[Clause]:
    """Stage-one clauses for the archive's words of the help-desk words in `text`."""
    own = set(analysis.prose_terms(text))
    stems = dict.fromkeys(analysis.prose_terms(" ".join(expansions(text))))
    out: list[Clause] = []
    for t in [t for t in stems if t not in own][:_MAX_EXPANSIONS]:
        for f, boost in _PROSE_FIELDS.items():
            if reader.doc_frequency(f, t):
                out.append((f, t, boost * _EXPANSION_BOOST))
    return out


def _matches(article: Article, q: rank.QueryView) -> list[Match]:
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
        return article.error_messages[0]
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
) -> SearchResult:
    started = time.perf_counter()
    paste = clean(text)
    codes = query_terms(text)
    view = rank.query_view(paste.message, paste.context, codes, paste.described)
    hits: list[Hit] = []
    result = SearchResult(query=text, hits=hits, took_ms=0.0)
    s = kb.searcher()
    reader = s.reader()
    counted = _Remembering(reader)
    filter_q = filters.query(reader) if filters else None
    # Typos: words the index does not know are searched as the closest known word too.
    fixes = corrections(kb, paste.text)
    extra = " ".join(fixes.values())
    clauses = _stage_one(counted, f"{paste.message} {extra}".strip(), paste.context, codes)
    n_docs = max(reader.doc_count(), 1)
    for stem in view.stems:
        df = counted.doc_frequency("symptoms", stem) or counted.doc_frequency("body", stem)
        if df:
            view.idf[stem] = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
    model = kb.semantic()
    if model is not None and view.idf:
        view.meaning = model.meaning(view.idf)
    allowed = _mask(s, reader, filter_q)
    clauses += _expansion_clauses(counted, paste.text)
    acc = accumulate(counted, clauses, _DESCRIBED_B if paste.described else None)
    short = len(view.tokens) <= _SHORT_TOKENS
    found = top(acc, _SHORT_CANDIDATES if short else _CANDIDATES, allowed)
    if view.meaning is not None and view.meaning.statement is not None:
        found += _statement_candidates(s, reader, view.meaning, found, acc, allowed)
    # Statement candidates that stage one did not match score 0 there.
    best = max((first for _, first in found), default=0.0) or 1.0
    kept = [_candidate(reader, docnum) for docnum, _ in found]
    candidates = [
        (article, first / best) for (article, _), (_, first) in zip(kept, found, strict=True)
    ]
    scored = rank.rank_all(candidates, view, [have for _, have in kept])
    for sc, article in scored[:limit]:
        hits.append(
            Hit(
                id=article.id,
                title=article.title,
                product=article.product,
                area=article.area,
                modified=article.modified,
                score=round(sc, 4),
                snippet=_snippet(article),
                matches=_matches(article, view),
                record=article,
            )
        )
    if facets:
        result.facets = facet_counts(reader, matched(acc, allowed))
        # A facet's own filter is left out of its counts (disjunctive facets): with one
        # product chosen, the other products still show how many articles they hold.
        for name in ("product", "area"):
            if filters and getattr(filters, name):
                wider = _mask(s, reader, dataclasses.replace(filters, **{name: None}).query(reader))
                result.facets[name] = facet_counts(reader, matched(acc, wider), (name,))[name]
    result.suggestions = _suggestion(paste.text, fixes)
    result.took_ms = round((time.perf_counter() - started) * 1000, 1)
    return result


# Candidates' records (as JSON) and focus terms (as one string), per reader, most
# recently used last: pastes about one problem bring back the same articles, and reading
# a stored record (unpickling, inflating) and stemming its focus text is most of the
# rerank's cost. Bytes and strings only, so the garbage collector never walks the
# cache: decoded records here made its full collections take ~100 ms in the console.
_MAX_KEPT = 2000
_KEPT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def forget_candidates() -> None:
    """Empty the kept records (benchmarks measure searches cold)."""
    _KEPT.clear()


def _candidate(reader, docnum: int) -> tuple[Article, set[str]]:
    kept: OrderedDict[int, tuple[bytes, str]] = _KEPT.setdefault(reader, OrderedDict())
    hit = kept.get(docnum)
    if hit is not None:
        kept.move_to_end(docnum)
        return from_json(hit[0]), set(hit[1].split())
    data = record_json(reader.stored_fields(docnum)["record"])
    article = from_json(data)
    focus = rank.focus_terms(article)
    kept[docnum] = (data, " ".join(focus))
    if len(kept) > _MAX_KEPT:
        kept.popitem(last=False)
    return article, focus


_FACET_CODES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_DOCNUMS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _statement_candidates(
    s, reader, meaning, found: list[tuple[int, float]], acc: np.ndarray, allowed
) -> list[tuple[int, float]]:
    """The articles nearest the query's statement that stage one did not find, as
    (docnum, stage-one score); within the filters, never a deleted one."""
    docnums: dict[str, int | None] = _DOCNUMS.setdefault(reader, {})
    have = {d for d, _ in found}
    out = []
    for art_id in meaning.model.nearest_statements(meaning.statement, _STATEMENT_CANDIDATES):
        if art_id not in docnums:
            docnums[art_id] = s.document_number(id=art_id)
        d = docnums[art_id]
        if d is None or d in have or reader.is_deleted(d):
            continue
        if allowed is not None and not allowed[d]:
            continue
        out.append((d, float(acc[d])))
    return out


_FREQUENCIES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_MAX_FREQUENCIES = 200_000


class _Remembering:
    """A reader whose document frequencies are remembered for as long as it lives: one
    search asks the same (field, term) up to five times (rarest words, budget, clauses,
    idf, spelling), and help-desk words recur from search to search. Everything else
    goes to the reader itself."""

    def __init__(self, reader) -> None:
        self._reader = reader
        self._known: dict[tuple[str, str], int] = _FREQUENCIES.setdefault(reader, {})

    def doc_frequency(self, fieldname: str, term: str) -> int:
        key = (fieldname, term)
        n = self._known.get(key)
        if n is None:
            if len(self._known) >= _MAX_FREQUENCIES:
                self._known.clear()
            n = self._known[key] = self._reader.doc_frequency(fieldname, term)
        return n

    def __getattr__(self, name: str):
        return getattr(self._reader, name)


def _facet_codes(reader, name: str) -> tuple[list[str], np.ndarray]:
    """Every document's value of a facet column as a code, once per reader: counting
    the matches of a short query (tens of thousands) is then one bincount."""
    per_reader = _FACET_CODES.setdefault(reader, {})
    if name not in per_reader:
        col = reader.column_reader(name)
        values: dict[str, int] = {}
        codes = np.fromiter(
            (values.setdefault(v, len(values)) for v in col),
            dtype=np.int64,
            count=reader.doc_count_all(),
        )
        per_reader[name] = (list(values), codes)
    return per_reader[name]


def _mask(s, reader, q: wq.Query | None) -> np.ndarray | None:
    """The documents a filter query allows, as a boolean array (None: no filter)."""
    if q is None:
        return None
    mask = np.zeros(reader.doc_count_all(), dtype=bool)
    mask[np.fromiter(s.docs_for_query(q), dtype=np.int64)] = True
    return mask


def facet_counts(
    reader, docnums, names: tuple[str, ...] = ("product", "area")
) -> dict[str, list[tuple[str, int]]]:
    """Matching articles counted by product and by area."""
    out: dict[str, list[tuple[str, int]]] = {}
    docs = np.asarray(docnums if isinstance(docnums, np.ndarray) else list(docnums), dtype=np.int64)
    for name in names:
        values, codes = _facet_codes(reader, name)
        counts = np.bincount(codes[docs], minlength=len(values))
        pairs = [(values[i], int(counts[i])) for i in np.flatnonzero(counts)]
        out[name] = sorted(pairs, key=lambda kv: (-kv[1], kv[0]))
    return out


def _known(reader, word: str) -> bool:
    if reader.doc_frequency("msg", word):
        return True
    stem = analysis.stem(word)
    return any(reader.doc_frequency(f, stem) for f in ("title", "symptoms", "body", "fix"))


def corrections(kb: KbIndex, text: str) -> dict[str, str]:
    """Words the index does not know, with the closest word it does (edit distance <= 2)."""
    reader = _Remembering(kb.searcher().reader())
    out: dict[str, str] = {}
    for w in dict.fromkeys(analysis.words(text)):
        if len(w) < 4 or not w.isalpha() or _known(reader, w):
            continue
        fix = kb.speller().suggest(w)
        if fix:
            out[w] = fix
    return out


def _suggestion(text: str, fixes: dict[str, str]) -> list[str]:
    if not fixes:
        return []
    return [" ".join(fixes.get(w, w) for w in analysis.words(text))]


def products(kb: KbIndex) -> list[tuple[str, int]]:
    """Every product with its number of articles, most articles first."""
    counts: Counter[str] = Counter()
    s = kb.searcher()
    reader = s.reader()
    col = reader.column_reader("product")
    for docnum in reader.all_doc_ids():
        counts[col[docnum]] += 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
