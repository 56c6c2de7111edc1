"""Meaning the archive teaches: a latent semantic model of the articles' own problem
statements, learned at ingest.

People describe a problem in their own words ("the buttons are dimmed", "the mainframe
gateway's console"); the article says "unavailable", "SNA Server Manager". Words that
keep turning up in the same articles' titles, symptoms, causes and messages end up near
each other in a space of `DIMENSIONS` dimensions: the truncated SVD of the articles'
tf-idf matrix (latent semantic analysis), computed from the index's own records, so it
knows this archive's vocabulary and needs no model from outside.

Two ranking features come from it (rank.py):
- `similarity`: the cosine between the query and the article in that space;
- `Meaning.cover`: a query word missing from the article's title and symptoms still
  counts, by its similarity to the nearest word that is there.

The model is a file beside the Whoosh index (`semantic.npz`), written atomically after
each ingest that changed articles. It follows the ledger's articles table: an article
whose content hash the model does not have is folded in (its vector computed with the
current vocabulary) and one no longer in the ledger is dropped; once folded articles
pass a quarter of those it was trained on, the model is trained again. A model that is
missing, damaged or stale never breaks a search: its features are simply absent.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kbparse.record import Article

from . import analysis

MODEL_FILE = "semantic.npz"
FORMAT = 1
DIMENSIONS = 200
MIN_ARTICLES = 500
"""Fewer articles than this teach nothing reliable: no model, no semantic features."""
RETRAIN_SHARE = 0.25
_MIN_DF = 3
_MAX_DF_SHARE = 0.2
# A neighbour below this cosine says nothing; above it, its credit rises linearly to 1.
# (.5, .6, .7 measured: .6 best on plain-words and symptom dev queries alike.)
SIMILAR = 0.6
_TEXT_KINDS = ("symptoms", "summary", "cause", "question")


def article_text(article: Article) -> str:
    """What an article is about: its title (thrice: it is the densest statement of the
    problem), symptom, summary, cause and question sections, messages, keywords and
    product."""
    parts = [article.title] * 3
    parts += [s.text for s in article.sections if s.kind in _TEXT_KINDS]
    if not article.sections:
        parts.append(article.preamble[:2000])
    parts += article.error_messages
    parts += [" ".join(article.additional_query_words), " ".join(article.kb_keywords)]
    parts.append(article.product or "")
    return "\n".join(parts)


@dataclass
class Model:
    vocab: dict[str, int]
    idf: np.ndarray
    """Per term: log(N / df) at training time."""
    projection: np.ndarray
    """Terms x DIMENSIONS: a tf-idf vector times this is its place in the space."""
    neighbours: np.ndarray
    """Terms x DIMENSIONS, unit rows: the terms' own places, for word similarity."""
    ids: list[str]
    hashes: list[str]
    docs: np.ndarray
    """Articles x DIMENSIONS, unit rows (float16: half the memory, same ranking)."""
    trained: int
    """How many articles the vocabulary and projection were learned from."""

    def __post_init__(self) -> None:
        self.row = {art_id: i for i, art_id in enumerate(self.ids)}

    # -- query side ---------------------------------------------------------------
    def place(self, stems: Iterable[str]) -> np.ndarray | None:
        """Unit vector of a bag of stems (binary tf: a query says each thing once)."""
        idx = [self.vocab[t] for t in set(stems) if t in self.vocab]
        if not idx:
            return None
        v = self.idf[idx] @ self.projection[idx]
        n = float(np.linalg.norm(v))
        return v / n if n > 0 else None

    def similarity(self, place: np.ndarray | None, art_id: str) -> float:
        i = self.row.get(art_id)
        if place is None or i is None:
            return 0.0
        return max(0.0, float(self.docs[i].astype(np.float32) @ place))

    def meaning(self, idf: dict[str, float]) -> Meaning:
        return Meaning(self, idf)


class Meaning:
    """A query's words as the model sees them, computed once for all candidates."""

    def __init__(self, model: Model, idf: dict[str, float]) -> None:
        self.model = model
        self.place = model.place(idf)
        known = [(t, w) for t, w in idf.items() if t in model.vocab]
        self.terms = [t for t, _ in known]
        self.weights = np.array([w for _, w in known], np.float32)
        if known:
            rows = model.neighbours[[model.vocab[t] for t in self.terms]]
            # Every query word against every word of the vocabulary, once per query; per
            # candidate only a column lookup is left.
            sims = rows @ model.neighbours.T
            self.credit = np.clip((sims - SIMILAR) / (1 - SIMILAR), 0.0, 1.0)
        else:
            self.credit = np.zeros((0, len(model.vocab)), np.float32)

    def similarity(self, art_id: str) -> float:
        return self.model.similarity(self.place, art_id)

    def cover(self, idf: dict[str, float], have: set[str]) -> float:
        """The share of the query's idf that the article's words hold, a missing word
        counting by its nearest neighbour among them."""
        total = sum(idf.values())
        if not total:
            return 0.0
        got = sum(w for t, w in idf.items() if t in have)
        missing = [i for i, t in enumerate(self.terms) if t not in have]
        cols = [self.model.vocab[t] for t in have if t in self.model.vocab]
        if missing and cols:
            best = self.credit[np.ix_(missing, cols)].max(axis=1)
            got += float(best @ self.weights[missing])
        return got / total


# -- training -------------------------------------------------------------------------
@dataclass
class _Bags:
    """Term counts of many articles, compact: one interned id per distinct term and flat
    arrays (a Counter per article held the whole archive in ~1 GB; these take ~30 MB)."""

    ids: list[str]
    terms: dict[str, int]
    starts: np.ndarray
    """Article i's terms are term_ids[starts[i]:starts[i + 1]]."""
    term_ids: np.ndarray
    counts: np.ndarray


def _counts(articles: Iterable[Article], terms: dict[str, int] | None = None) -> _Bags:
    """Count each article's stems. With `terms` given (a model's vocabulary), other stems
    are left out; else every stem gets an id."""
    fixed = terms is not None
    index: dict[str, int] = terms if terms is not None else {}
    ids: list[str] = []
    lengths: list[int] = []
    chunks_t: list[np.ndarray] = []
    chunks_c: list[np.ndarray] = []
    for a in articles:
        bag = Counter(analysis.prose_terms(article_text(a)))
        if fixed:
            pairs = [(index[t], n) for t, n in bag.items() if t in index]
        else:
            pairs = [(index.setdefault(t, len(index)), n) for t, n in bag.items()]
        ids.append(a.id)
        lengths.append(len(pairs))
        chunks_t.append(np.array([t for t, _ in pairs], np.int32))
        chunks_c.append(np.array([n for _, n in pairs], np.float32))
    starts = np.zeros(len(ids) + 1, np.int64)
    np.cumsum(lengths, out=starts[1:])
    return _Bags(
        ids,
        index,
        starts,
        np.concatenate(chunks_t) if chunks_t else np.zeros(0, np.int32),
        np.concatenate(chunks_c) if chunks_c else np.zeros(0, np.float32),
    )


def _matrix(bags: _Bags, keep: np.ndarray, idf: np.ndarray, width: int):
    """Unit-length rows of log tf x idf; `keep` maps a bag's term id to a column (-1:
    left out)."""
    from scipy import sparse

    cols = keep[bags.term_ids]
    rows = np.repeat(np.arange(len(bags.ids)), np.diff(bags.starts))
    use = cols >= 0
    cols, rows = cols[use], rows[use]
    vals = (1.0 + np.log(bags.counts[use])) * idf[cols]
    a = sparse.csr_matrix((vals.astype(np.float32), (rows, cols)), shape=(len(bags.ids), width))
    norms = np.sqrt(np.asarray(a.multiply(a).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags((1.0 / norms).astype(np.float32)) @ a


def _unit(m: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(m, axis=1, keepdims=True)
    return m / np.maximum(n, 1e-9)


def train(
    articles: Iterable[Article],
    hashes: dict[str, str],
    dimensions: int | None = None,
    min_articles: int | None = None,
) -> Model | None:
    """Learn the space from `articles`; None when there are too few to learn from."""
    dimensions = DIMENSIONS if dimensions is None else dimensions
    min_articles = MIN_ARTICLES if min_articles is None else min_articles
    bags = _counts(articles)
    ids = bags.ids
    n = len(ids)
    if n < max(min_articles, 2):
        return None
    df = np.bincount(bags.term_ids, minlength=len(bags.terms))
    # Words in 3 articles or more say something shared; words in over a fifth of them
    # (`problem`, `microsoft`) say nothing about which article.
    terms = sorted(
        t
        for t, i in bags.terms.items()
        if _MIN_DF <= df[i] <= _MAX_DF_SHARE * n and not t.isdigit()
    )
    k = min(dimensions, len(terms) - 1, n - 1)
    if k < 2:
        return None
    vocab = {t: i for i, t in enumerate(terms)}
    keep = np.full(len(bags.terms), -1, np.int64)
    for t, i in vocab.items():
        keep[bags.terms[t]] = i
    idf = np.array([np.log(n / df[bags.terms[t]]) for t in terms], np.float32)
    a = _matrix(bags, keep, idf, len(terms))
    projection, strengths = _truncated_svd(a, k)
    docs = _unit(np.asarray(a @ projection, dtype=np.float32))
    return Model(
        vocab=vocab,
        idf=idf,
        projection=projection,
        neighbours=_unit(projection * strengths).astype(np.float32),
        ids=ids,
        hashes=[hashes.get(i, "") for i in ids],
        docs=docs.astype(np.float16),
        trained=n,
    )


def _truncated_svd(a, k: int, iterations: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Right singular vectors and values of sparse `a` (randomised range finder with
    power iterations, Halko et al. 2011): seconds for the whole archive, where a full
    SVD of a 57,000 x 17,000 matrix would not fit the time or the memory."""
    from scipy.linalg import qr

    def orthonormal(m: np.ndarray) -> np.ndarray:
        # scipy's QR stays in float32 and works in place: numpy's computes in float64
        # and held another ~400 MB at its peak on the whole archive.
        return qr(m, mode="economic", overwrite_a=True, check_finite=False)[0]

    rng = np.random.default_rng(0)  # the same records give the same model
    width = min(k + 20, min(a.shape))
    y = a @ rng.standard_normal((a.shape[1], width)).astype(np.float32)
    for _ in range(iterations):
        y = a @ orthonormal(a.T @ orthonormal(y))
    q = orthonormal(y)
    b = np.asarray((a.T @ q).T)
    _u, s, vt = np.linalg.svd(b, full_matrices=False)
    return np.ascontiguousarray(vt[:k].T, dtype=np.float32), s[:k].astype(np.float32)


def fold_in(model: Model, articles: Iterable[Article], hashes: dict[str, str]) -> Model:
    """Place new or changed articles in the existing space (the vocabulary stays)."""
    bags = _counts(articles, model.vocab)
    ids = bags.ids
    if not ids:
        return model
    same = np.arange(len(model.vocab), dtype=np.int64)
    vecs = _unit(np.asarray(_matrix(bags, same, model.idf, len(same)) @ model.projection))
    docs = model.docs
    all_ids = list(model.ids)
    all_hashes = list(model.hashes)
    extra = []
    for art_id, vec in zip(ids, vecs.astype(np.float16), strict=True):
        i = model.row.get(art_id)
        if i is None:
            all_ids.append(art_id)
            all_hashes.append(hashes.get(art_id, ""))
            extra.append(vec)
        else:
            if docs is model.docs:
                docs = docs.copy()
            docs[i] = vec
            all_hashes[i] = hashes.get(art_id, "")
    if extra:
        docs = np.vstack([docs, np.array(extra, np.float16)])
    return Model(
        model.vocab, model.idf, model.projection, model.neighbours,
        all_ids, all_hashes, docs, model.trained,
    )  # fmt: skip


def drop(model: Model, keep: set[str]) -> Model:
    """The model without the articles no longer in the index."""
    rows = [i for i, art_id in enumerate(model.ids) if art_id in keep]
    if len(rows) == len(model.ids):
        return model
    return Model(
        model.vocab, model.idf, model.projection, model.neighbours,
        [model.ids[i] for i in rows], [model.hashes[i] for i in rows],
        model.docs[rows], model.trained,
    )  # fmt: skip


# -- files ----------------------------------------------------------------------------
def save(model: Model, folder: Path) -> Path:
    """Written to a temporary file and renamed in: a reader sees the old or the new."""
    path = Path(folder) / MODEL_FILE
    terms = sorted(model.vocab, key=model.vocab.__getitem__)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".semantic-", suffix=".npz")
    try:
        os.fchmod(fd, 0o644)  # mkstemp's 0600 would hide the model from other readers
        with os.fdopen(fd, "wb") as fh:
            np.savez(
                fh,
                format=np.array(FORMAT),
                terms=np.array(terms, dtype=str),
                idf=model.idf,
                projection=model.projection,
                neighbours=model.neighbours.astype(np.float16),
                ids=np.array(model.ids, dtype=str),
                hashes=np.array(model.hashes, dtype=str),
                docs=model.docs,
                trained=np.array(model.trained),
            )
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def load(folder: Path) -> Model | None:
    """The saved model, or None when there is none or it cannot be read."""
    path = Path(folder) / MODEL_FILE
    try:
        with np.load(path, allow_pickle=False) as z:
            if int(z["format"]) != FORMAT:
                return None
            terms = [str(t) for t in z["terms"]]
            return Model(
                vocab={t: i for i, t in enumerate(terms)},
                idf=z["idf"].astype(np.float32),
                projection=z["projection"].astype(np.float32),
                neighbours=z["neighbours"].astype(np.float32),
                ids=[str(i) for i in z["ids"]],
                hashes=[str(h) for h in z["hashes"]],
                docs=z["docs"],
                trained=int(z["trained"]),
            )
    except (OSError, ValueError, KeyError, EOFError):
        return None
    except Exception:  # a damaged zip raises zipfile.BadZipFile and others
        return None


# -- keeping it in step with the index -----------------------------------------------
Reader = Callable[[list[str] | None], Iterable[Article]]
"""Gives the index's records: those of the listed ids, or all of them for None."""


def refresh(
    folder: Path,
    current: dict[str, str],
    records: Reader,
    min_articles: int | None = None,
    on_work: Callable[[str], None] | None = None,
) -> tuple[str, Model | None]:
    """Bring the saved model in step with `current` (article id -> content hash, the
    ledger's articles table). Returns what was done ("unchanged", "folded", "trained",
    "none") and the model."""
    min_articles = MIN_ARTICLES if min_articles is None else min_articles
    model = load(folder)
    if model is not None:
        known = dict(zip(model.ids, model.hashes, strict=True))
        changed = [i for i, h in current.items() if known.get(i) != h]
        gone = len(known.keys() - current.keys())
        if not changed and not gone:
            return "unchanged", model
        new = sum(1 for i in changed if i not in known)
        if len(model.ids) - model.trained + new <= RETRAIN_SHARE * model.trained:
            if on_work:
                on_work(f"placing {len(changed):,} changed articles in the semantic model")
            model = drop(model, set(current))
            model = fold_in(model, records(changed), current)
            save(model, folder)
            return "folded", model
    if len(current) < min_articles:
        (Path(folder) / MODEL_FILE).unlink(missing_ok=True)
        return "none", None
    if on_work:
        on_work(f"learning the vocabulary of {len(current):,} articles (semantic model)")
    model = train(records(None), current, min_articles=min_articles)
    if model is None:
        (Path(folder) / MODEL_FILE).unlink(missing_ok=True)
        return "none", None
    save(model, folder)
    return "trained", model
