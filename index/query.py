"""The paste, turned once into the query's view that the rest of a search reads.

A search is a straight line: this module (the paste -> `QueryView`), then stage one
(candidates.py: the view -> candidate articles), then stage two (rank.py: the view and
each candidate's record -> a score). Everything the paste is turned into is made here,
once: the cleaned text (clean.py: the message apart from its context, a described
problem told from a quoted screen), its terms and error codes (codes.py), typo
corrections (spelling.py), the archive's words for its help-desk words (expand.py), the
inverse document frequency of its stems, and its place in the semantic model's spaces
(semantic.py).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

import numpy as np

from . import analysis, products
from .clean import clean
from .codes import query_terms
from .expand import expansions

if TYPE_CHECKING:
    from .caches import RememberingReader, SearcherCache
    from .encoder import Encoder
    from .semantic import Meaning
    from .spelling import Speller
    from .store import KbIndex

_MAX_EXPANSIONS = 20


@dataclass
class QueryView:
    """The query, computed once for all candidates."""

    tokens: list[str]
    token_set: frozenset[str]
    stems: frozenset[str]
    codes: frozenset[str]
    files: frozenset[str]
    idf: dict[str, float] = field(default_factory=dict)
    """Query stems with their inverse document frequency in the symptom texts."""
    meaning: Meaning | None = None
    """The query in the semantic model's space, when the index has a model."""
    literal: str = ""
    """The pasted message as written (lower case, white space collapsed)."""
    described: bool = False
    """The paste is a person's description (a ticket, first person), not a screen."""
    message: str = ""
    """The message-like text of the cleaned paste (clean.Paste.message)."""
    context: str = ""
    """The rest of the cleaned paste (clean.Paste.context)."""
    text: str = ""
    """The cleaned paste as a whole (clean.Paste.text)."""
    corrections: dict[str, str] = field(default_factory=dict)
    """Words the index does not know, with the closest word it does."""
    expansions: list[str] = field(default_factory=list)
    """Stems of the archive's words for the paste's help-desk words (expand.py), those
    the paste does not hold already."""
    vector: np.ndarray | None = field(default=None, repr=False, compare=False)
    """The paste's sentence vector (encoder.py), once asked for."""
    product_words: frozenset[str] = frozenset()
    product_pairs: frozenset[tuple[str, str]] = frozenset()
    """The paste's words and (word, version) pairs ("exchange", "4.0"): products.py."""
    _matcher: SequenceMatcher | None = field(default=None, repr=False, compare=False)
    _positions: dict[str, list[int]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def token_positions(self) -> dict[str, list[int]]:
        """Each token of the paste with its positions in order, indexed once per query
        (every message of every candidate is matched against it)."""
        if self._positions is None:
            self._positions = {}
            for i, t in enumerate(self.tokens):
                self._positions.setdefault(t, []).append(i)
        return self._positions

    def literal_matcher(self) -> SequenceMatcher:
        """A matcher with the paste as its second sequence, indexed once per query."""
        if self._matcher is None:
            self._matcher = SequenceMatcher(None, autojunk=False)
            self._matcher.set_seq2(self.literal)
        return self._matcher


def read(kb: KbIndex, cache: SearcherCache, text: str) -> QueryView:
    """The paste as the search sees it, with what the index (`cache`: its searcher's,
    the one the whole search reads) and its semantic model say about its words."""
    paste = clean(text)
    # Codes are read from the paste as it came, before cleaning drops any of its lines.
    view = query_view(paste.message, paste.context, query_terms(text), paste.described)
    view.text = paste.text
    # Typos: words the index does not know are searched as the closest known word too.
    view.corrections = _corrections(cache.reader, kb.speller, paste.text)
    view.idf = _idf(cache.reader, view.stems)
    model = kb.semantic()
    if model is not None and view.idf:
        view.meaning = model.meaning(view.idf)
    view.expansions = _expansion_stems(paste.text)
    return view


def query_view(message: str, context: str, codes: set[str], described: bool = False) -> QueryView:
    """The view's words alone: what needs no index."""
    tokens = analysis.error_terms(message)
    every = tokens + analysis.error_terms(context)
    mentions = products.paste_mentions(message + "\n" + context)
    return QueryView(
        literal=literal(message),
        described=described,
        tokens=tokens,
        token_set=frozenset(every),
        stems=frozenset(analysis.prose_terms(message + " " + context)),
        codes=frozenset(codes),
        files=frozenset(
            t
            for w in (message + " " + context).lower().split()
            for t in analysis.file_terms(w.strip("\"'(),;:[]<>"))
        ),
        message=message,
        context=context,
        product_words=mentions[0],
        product_pairs=mentions[1],
    )


_LITERAL_CHARS = 2000
"""Longer than any one message box; bounds difflib's quadratic worst case on a huge paste."""


def literal(text: str) -> str:
    """Text as the literal comparison reads it: lower case, white space collapsed."""
    return " ".join(text[: _LITERAL_CHARS * 2].lower().split())[:_LITERAL_CHARS]


def _idf(reader: RememberingReader, stems: frozenset[str]) -> dict[str, float]:
    """The stems' inverse document frequency in the symptom texts (the body's for a
    stem no symptom section holds); stems the index lacks are left out."""
    n_docs = max(reader.doc_count(), 1)
    out: dict[str, float] = {}
    for stem in stems:
        df = reader.doc_frequency("symptoms", stem) or reader.doc_frequency("body", stem)
        if df:
            out[stem] = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
    return out


def _expansion_stems(text: str) -> list[str]:
    own = set(analysis.prose_terms(text))
    stems = dict.fromkeys(analysis.prose_terms(" ".join(expansions(text))))
    return [t for t in stems if t not in own][:_MAX_EXPANSIONS]


def _known(reader: RememberingReader, word: str) -> bool:
    if reader.doc_frequency("msg", word):
        return True
    stem = analysis.stem(word)
    return any(reader.doc_frequency(f, stem) for f in ("title", "symptoms", "body", "fix"))


def _corrections(
    reader: RememberingReader, speller: Callable[[], Speller], text: str
) -> dict[str, str]:
    """Words the index does not know, with the closest word it does (edit distance <= 2).
    The speller is asked for only when a word needs it: building it walks a lexicon."""
    out: dict[str, str] = {}
    for w in dict.fromkeys(analysis.words(text)):
        if len(w) < 4 or not w.isalpha() or _known(reader, w):
            continue
        fix = speller().suggest(w)
        if fix:
            out[w] = fix
    return out


_VECTOR_CHARS = 2000
"""The encoder reads 128 word pieces at most: a few hundred words of the paste."""


def vector(q: QueryView, model: Encoder) -> np.ndarray | None:
    """The paste's sentence vector (one encoder call), kept on the view; None for a paste
    with no words."""
    if q.vector is None:
        text = q.text[:_VECTOR_CHARS].strip()
        if not text:
            return None
        q.vector = model.encode([text])[0]
    return q.vector


def suggestions(q: QueryView) -> list[str]:
    """The paste with its unknown words corrected, when it has any (did you mean)."""
    if not q.corrections:
        return []
    return [" ".join(q.corrections.get(w, w) for w in analysis.words(q.text))]
