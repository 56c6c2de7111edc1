"""Meaning the archive teaches: a latent semantic model of the articles' own problem
statements, learned at ingest.

People describe a problem in their own words ("the buttons are dimmed", "the mainframe
gateway's console"); the article says "unavailable", "SNA Server Manager". Words that
keep turning up in the same articles' titles, symptoms, causes and messages end up near
each other in a space of `DIMENSIONS` dimensions: the truncated SVD of the articles'
tf-idf matrix (latent semantic analysis), computed from the index's own records, so it
knows this archive's vocabulary and needs no model from outside.

A second pair of projections is then trained on the archive's own pairs of a title and
the rest of its article (in-batch contrastive learning, two passes, started from the
LSA projection): how a problem is *stated* in a few words, against how the article
tells it. A description is a short statement too, so this ranks articles for it far
better than the topic space alone (symptom lines by this cosine alone: MRR .91, against
.61 for the LSA cosine).

Three ranking features come from it (rank.py):
- `similarity`: the cosine between the query and the article in the LSA space;
- `statement`: the cosine between the query as a statement and the article's text;
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

import dataclasses
import functools
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kbassist.kbparse.record import Article

from . import analysis, atomic

MODEL_FILE = "semantic.npz"
FORMAT = 2
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


_TITLE_WEIGHT = 3
"""The title counts thrice in the LSA text: it is the densest statement of the problem."""


def article_parts(article: Article) -> tuple[str, str]:
    """What an article is about: its title, and the rest (symptom, summary, cause and
    question sections, messages, keywords and product)."""
    parts = [s.text for s in article.sections if s.kind in _TEXT_KINDS]
    if not article.sections:
        parts.append(article.preamble[:2000])
    parts += article.error_messages
    parts += [" ".join(article.additional_query_words), " ".join(article.kb_keywords)]
    parts.append(article.product or "")
    return article.title, "\n".join(parts)


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
    asks: np.ndarray
    """Terms x DIMENSIONS: a short statement of a problem (a title, a query) -> space."""
    tells: np.ndarray
    """Terms x DIMENSIONS: an article's text (all but its title) -> the same space."""
    statements: np.ndarray
    """Articles x DIMENSIONS, unit rows (float16): each article's text through `tells`."""

    def __post_init__(self) -> None:
        self.row = {art_id: i for i, art_id in enumerate(self.ids)}
        self._statements32: np.ndarray | None = None

    def nearest_statements(self, place: np.ndarray, n: int) -> list[str]:
        """The ids of the `n` articles whose text is nearest a statement's place."""
        if self._statements32 is None:
            # float32 once (45 MB on the archive): a float16 product per query would
            # convert the whole matrix every time.
            self._statements32 = self.statements.astype(np.float32)
        if not len(self.ids):
            return []
        sims = self._statements32 @ place
        n = min(n, len(sims))
        best = np.argpartition(-sims, n - 1)[:n]
        return [self.ids[i] for i in best[np.argsort(-sims[best])]]

    # -- query side ---------------------------------------------------------------
    def place(self, stems: Iterable[str], through: np.ndarray | None = None) -> np.ndarray | None:
        """Unit vector of a bag of stems (binary tf: a query says each thing once),
        through the LSA projection or the one given."""
        idx = [self.vocab[t] for t in set(stems) if t in self.vocab]
        if not idx:
            return None
        v = self.idf[idx] @ (self.projection if through is None else through)[idx]
        n = float(np.linalg.norm(v))
        return v / n if n > 0 else None

    def similarity(
        self, place: np.ndarray | None, art_id: str, among: np.ndarray | None = None
    ) -> float:
        i = self.row.get(art_id)
        if place is None or i is None:
            return 0.0
        vecs = self.docs if among is None else among
        return max(0.0, float(vecs[i].astype(np.float32) @ place))

    def meaning(self, idf: dict[str, float]) -> Meaning:
        return Meaning(self, idf)


class Meaning:
    """A query's words as the model sees them, computed once for all candidates."""

    def __init__(self, model: Model, idf: dict[str, float]) -> None:
        self.model = model
        self.place = model.place(idf)
        self.statement = model.place(idf, through=model.asks)
        known = [(t, w) for t, w in idf.items() if t in model.vocab]
        self.terms = [t for t, _ in known]
        self.weights = np.array([w for _, w in known], np.float32)

    @functools.cached_property
    def credit(self) -> np.ndarray:
        """Every query word against every word of the vocabulary, once per query; per
        candidate only a column lookup is left. Made at the first `cover`: a quoted
        screen never asks for it, and for a long paste it was the largest single cost of
        the search (~5 ms of ~45 at p50)."""
        model = self.model
        if not self.terms:
            return np.zeros((0, len(model.vocab)), np.float32)
        rows = model.neighbours[[model.vocab[t] for t in self.terms]]
        sims = rows @ model.neighbours.T
        return np.clip((sims - SIMILAR) / (1 - SIMILAR), 0.0, 1.0)

    def similarity(self, art_id: str) -> float:
        return self.model.similarity(self.place, art_id)

    def statement_similarity(self, art_id: str) -> float:
        return self.model.similarity(self.statement, art_id, self.model.statements)

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
    """Term counts of many texts, compact: one interned id per distinct term and flat
    arrays (a Counter per article held the whole archive in ~1 GB; these take ~30 MB)."""

    ids: list[str]
    terms: dict[str, int]
    starts: np.ndarray
    """Text i's terms are term_ids[starts[i]:starts[i + 1]]."""
    term_ids: np.ndarray
    counts: np.ndarray


class _Counter:
    """Builds _Bags text by text; with a fixed vocabulary, other stems are left out."""

    def __init__(self, terms: dict[str, int], fixed: bool) -> None:
        self.terms = terms
        self.fixed = fixed
        self.lengths: list[int] = []
        self.term_ids: list[np.ndarray] = []
        self.counts: list[np.ndarray] = []

    def add(self, text: str) -> None:
        bag = Counter(analysis.prose_terms(text))
        index = self.terms
        if self.fixed:
            pairs = [(index[t], n) for t, n in bag.items() if t in index]
        else:
            pairs = [(index.setdefault(t, len(index)), n) for t, n in bag.items()]
        self.lengths.append(len(pairs))
        self.term_ids.append(np.array([t for t, _ in pairs], np.int32))
        self.counts.append(np.array([n for _, n in pairs], np.float32))

    def bags(self, ids: list[str]) -> _Bags:
        starts = np.zeros(len(self.lengths) + 1, np.int64)
        np.cumsum(self.lengths, out=starts[1:])
        return _Bags(
            ids,
            self.terms,
            starts,
            np.concatenate(self.term_ids) if self.term_ids else np.zeros(0, np.int32),
            np.concatenate(self.counts) if self.counts else np.zeros(0, np.float32),
        )


def _counts(
    articles: Iterable[Article], terms: dict[str, int] | None = None
) -> tuple[_Bags, _Bags]:
    """Each article's title stems and the rest's, counted. With `terms` given (a model's
    vocabulary), other stems are left out; else every stem gets an id."""
    index: dict[str, int] = terms if terms is not None else {}
    titles = _Counter(index, terms is not None)
    rests = _Counter(index, terms is not None)
    ids: list[str] = []
    for a in articles:
        title, rest = article_parts(a)
        ids.append(a.id)
        titles.add(title)
        rests.add(rest)
    return titles.bags(ids), rests.bags(ids)


def _raw(bags: _Bags, keep: np.ndarray, width: int):
    """Counts as a sparse matrix; `keep` maps a bag's term id to a column (-1: left out)."""
    from scipy import sparse

    cols = keep[bags.term_ids]
    rows = np.repeat(np.arange(len(bags.ids)), np.diff(bags.starts))
    use = cols >= 0
    return sparse.csr_matrix(
        (bags.counts[use], (rows[use], cols[use])), shape=(len(bags.ids), width)
    )


def _weigh(counts, idf: np.ndarray):
    """Unit-length rows of log tf x idf."""
    from scipy import sparse

    a = counts.tocsr(copy=True)
    a.sum_duplicates()
    a.data = ((1.0 + np.log(a.data)) * idf[a.indices]).astype(np.float32)
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
    titles, rests = _counts(articles)
    n = len(titles.ids)
    if n < max(min_articles, 2):
        return None
    width = len(titles.terms)
    # Rows in id order, not in the order the index yields them (which follows how the
    # ingest's workers happened to share the articles): the same records train the
    # same model (two ingests of the archive ranked plain-words MRR .315 and .282).
    order = sorted(range(n), key=titles.ids.__getitem__)
    ids = [titles.ids[i] for i in order]
    title_counts = _raw(titles, np.arange(width), width)[order]
    rest_counts = _raw(rests, np.arange(width), width)[order]
    df = np.diff((title_counts + rest_counts).tocsc().indptr)
    bags = titles
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
    cols = np.flatnonzero(keep >= 0)
    order = keep[cols]
    # Columns of the kept terms, in vocabulary order.
    pick = np.empty(len(terms), np.int64)
    pick[order] = cols
    title_counts = title_counts[:, pick]
    rest_counts = rest_counts[:, pick]
    a = _weigh(title_counts * _TITLE_WEIGHT + rest_counts, idf)
    projection, strengths = _truncated_svd(a, k)
    docs = _unit(np.asarray(a @ projection, dtype=np.float32))
    told = _weigh(rest_counts, idf)
    asks, tells = _train_statements(_weigh(title_counts, idf), told, projection)
    return Model(
        vocab=vocab,
        idf=idf,
        projection=projection,
        neighbours=_unit(projection * strengths).astype(np.float32),
        ids=ids,
        hashes=[hashes.get(i, "") for i in ids],
        docs=docs.astype(np.float16),
        trained=n,
        asks=asks,
        tells=tells,
        statements=_unit(np.asarray(told @ tells, dtype=np.float32)).astype(np.float16),
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


def _train_statements(
    titles, texts, start: np.ndarray, updates: int = 110, batch: int = 1024
) -> tuple[np.ndarray, np.ndarray]:
    """Projections for short statements (`asks`) and article texts (`tells`), learned
    from the archive's pairs of a title and the rest of its article: each title should
    land nearer its own article than any other in its batch (softmax over the batch's
    cosines, temperature .05, Adam, learning rate .002). `updates` batches in all: on
    the archive that is two passes, measured as good as five. Both start from the LSA
    projection. Pure numpy: ~4 s for the whole archive."""
    asks = start.copy()
    tells = start.copy()
    both = np.flatnonzero((titles.getnnz(axis=1) > 0) & (texts.getnnz(axis=1) > 0))
    batch = min(batch, len(both))
    if batch < 2:
        return asks, tells
    tau, rate, beta1, beta2 = 0.05, 0.002, 0.9, 0.999
    moments = [(np.zeros_like(start), np.zeros_like(start)) for _ in range(2)]
    rng = np.random.default_rng(0)
    step = 0
    diag = np.arange(batch)
    per_pass = len(both) // batch
    for _ in range(-(-updates // per_pass)):
        rng.shuffle(both)
        for at in range(0, len(both) - batch + 1, batch):
            rows = both[at : at + batch]
            xq, xd = titles[rows], texts[rows]
            rq, rd = np.asarray(xq @ asks), np.asarray(xd @ tells)
            nq = np.linalg.norm(rq, axis=1, keepdims=True) + 1e-9
            nd = np.linalg.norm(rd, axis=1, keepdims=True) + 1e-9
            q, d = rq / nq, rd / nd
            logits = q @ d.T / tau
            logits -= logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            p /= p.sum(axis=1, keepdims=True)
            p[diag, diag] -= 1.0  # d(loss)/d(logits) of the cross-entropy
            p /= batch * tau
            dq, dd = p @ d, p.T @ q
            # Back through the normalisation: only the component across each vector.
            dq = (dq - q * (q * dq).sum(axis=1, keepdims=True)) / nq
            dd = (dd - d * (d * dd).sum(axis=1, keepdims=True)) / nd
            step += 1
            for weights, grad, (m, v) in (
                (asks, np.asarray(xq.T @ dq), moments[0]),
                (tells, np.asarray(xd.T @ dd), moments[1]),
            ):
                m *= beta1
                m += (1 - beta1) * grad
                v *= beta2
                v += (1 - beta2) * grad * grad
                weights -= rate * (m / (1 - beta1**step)) / (np.sqrt(v / (1 - beta2**step)) + 1e-8)
    return asks.astype(np.float32), tells.astype(np.float32)


def fold_in(model: Model, articles: Iterable[Article], hashes: dict[str, str]) -> Model:
    """Place new or changed articles in the existing spaces (the vocabulary stays)."""
    titles, rests = _counts(articles, model.vocab)
    ids = titles.ids
    if not ids:
        return model
    width = len(model.vocab)
    same = np.arange(width, dtype=np.int64)
    title_counts, rest_counts = _raw(titles, same, width), _raw(rests, same, width)
    a = _weigh(title_counts * _TITLE_WEIGHT + rest_counts, model.idf)
    vecs = _unit(np.asarray(a @ model.projection)).astype(np.float16)
    told = _unit(np.asarray(_weigh(rest_counts, model.idf) @ model.tells)).astype(np.float16)
    docs, statements = model.docs, model.statements
    all_ids = list(model.ids)
    all_hashes = list(model.hashes)
    extra: list[int] = []
    replaced: list[tuple[int, int]] = []
    for k, art_id in enumerate(ids):
        i = model.row.get(art_id)
        if i is None:
            all_ids.append(art_id)
            all_hashes.append(hashes.get(art_id, ""))
            extra.append(k)
        else:
            replaced.append((i, k))
            all_hashes[i] = hashes.get(art_id, "")
    if replaced:
        docs, statements = docs.copy(), statements.copy()
        at = [i for i, _ in replaced]
        docs[at] = vecs[[k for _, k in replaced]]
        statements[at] = told[[k for _, k in replaced]]
    if extra:
        docs = np.vstack([docs, vecs[extra]])
        statements = np.vstack([statements, told[extra]])
    return dataclasses.replace(
        model, ids=all_ids, hashes=all_hashes, docs=docs, statements=statements
    )


def drop(model: Model, keep: set[str]) -> Model:
    """The model without the articles no longer in the index."""
    rows = [i for i, art_id in enumerate(model.ids) if art_id in keep]
    if len(rows) == len(model.ids):
        return model
    return dataclasses.replace(
        model,
        ids=[model.ids[i] for i in rows],
        hashes=[model.hashes[i] for i in rows],
        docs=model.docs[rows],
        statements=model.statements[rows],
    )


# -- files ----------------------------------------------------------------------------
def save(model: Model, folder: Path) -> Path:
    """Written to a temporary file and renamed in: a reader sees the old or the new."""
    path = Path(folder) / MODEL_FILE
    terms = sorted(model.vocab, key=model.vocab.__getitem__)
    return atomic.save_npz(
        path,
        ".semantic-",
        format=np.array(FORMAT),
        terms=np.array(terms, dtype=str),
        idf=model.idf,
        projection=model.projection,
        neighbours=model.neighbours.astype(np.float16),
        ids=np.array(model.ids, dtype=str),
        hashes=np.array(model.hashes, dtype=str),
        docs=model.docs,
        trained=np.array(model.trained),
        asks=model.asks.astype(np.float16),
        tells=model.tells.astype(np.float16),
        statements=model.statements,
    )


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
                asks=z["asks"].astype(np.float32),
                tells=z["tells"].astype(np.float32),
                statements=z["statements"],
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
        # In id order, not the ledger's (which follows how the ingest's workers shared
        # the inputs): new rows are appended in this order, and the same records must
        # give the same model.
        changed = sorted(i for i, h in current.items() if known.get(i) != h)
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
