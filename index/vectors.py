"""The articles' sentence vectors (encoder.py), kept beside the Whoosh index.

One vector per article, of its title and the start of its problem statement
(`article_text`): what a person's description of the problem is compared with. The
vectors follow the ledger's articles table like the semantic model does: an article whose
content hash has no vector yet is embedded, one no longer in the ledger is dropped.

On disk (all in the index folder):

    vectors.npz            ids, content hashes and float16 vectors, sorted by id; written
                           to a temporary file and renamed in (readers see old or new)
    vectors.part-*.npz     work finished by a run that has not yet folded it into
                           vectors.npz: each a few hundred articles, renamed in whole

Embedding the archive takes minutes, so it is done in parts: each finished part is
renamed into place before the next starts, and a run killed half way (kill -9, a power
cut) leaves only finished parts, which the next run counts as done. When every article
has its vector the parts are folded into vectors.npz and removed. Search reads only
vectors.npz, so it answers (lexically, or from the previous vectors) while this runs.

57,000 articles x 384 dimensions: 44 MB on disk as float16, 88 MB in memory as float32
(what numpy's matrix product wants: float16 has no BLAS and was ~10x slower).
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from kbassist.kbparse.record import Article

from . import atomic, crash
from .encoder import ARTICLE_TOKENS, DIMENSIONS, MODEL_ID

VECTORS_FILE = "vectors.npz"
PART_PREFIX = "vectors.part-"
TEMP_PREFIX = ".vectors-"
FORMAT = 1
PART_SIZE = 512
"""Articles a part holds: a kill loses at most this much work (~5 s of it)."""

_STATEMENT_KINDS = ("symptoms", "summary", "question")
_STATEMENT_WORDS = 56
"""The title and this many words of the problem statement: the encoder reads 128 word
pieces at most, and the start of the symptoms is what a description retells."""

Reader = Callable[[list[str]], Iterable[Article]]
Progress = Callable[[int, int], None]


class Embeds(Protocol):
    """What embeds: encoder.Encoder, or encoder.EncoderProcesses."""

    def encode(self, texts: list[str], max_tokens: int = ...) -> np.ndarray: ...


def article_text(article: Article) -> str:
    """What an article's vector is made of: its title and the first words of its
    symptoms (or summary, or question; else its first words)."""
    title = article.title.strip()
    body = next(
        (s.text for s in article.sections if s.kind in _STATEMENT_KINDS and s.text.strip()),
        "",
    )
    if not body:
        body = article.preamble if not article.sections else article.sections[0].text
    words = body.split()[:_STATEMENT_WORDS]
    return f"{title}. {' '.join(words)}" if words else title


@dataclass
class Vectors:
    """The vectors of one index, rows in id order."""

    ids: list[str]
    hashes: list[str]
    matrix: np.ndarray
    """(articles, DIMENSIONS) float32 unit rows."""
    model: str = MODEL_ID
    row: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.row:
            self.row = {i: n for n, i in enumerate(self.ids)}

    def __len__(self) -> int:
        return len(self.ids)

    def cosines(self, query: np.ndarray) -> np.ndarray:
        """Every article's cosine with a unit query vector, in row order."""
        return self.matrix @ query.astype(np.float32)

    def nearest(self, query: np.ndarray, k: int, cosines: np.ndarray | None = None) -> list[str]:
        """Ids of the `k` articles nearest the query, nearest first."""
        sims = self.cosines(query) if cosines is None else cosines
        k = min(k, len(sims))
        if k <= 0:
            return []
        part = np.argpartition(-sims, k - 1)[:k]
        order = np.lexsort((part, -sims[part]))
        return [self.ids[int(part[i])] for i in order]


def load(folder: Path) -> Vectors | None:
    """The saved vectors, or None when there are none, of another model, or unreadable."""
    found = _read(Path(folder) / VECTORS_FILE)
    if found is None:
        return None
    ids, hashes, vecs = found
    return Vectors(ids=ids, hashes=hashes, matrix=vecs.astype(np.float32))


def _read(path: Path) -> tuple[list[str], list[str], np.ndarray] | None:
    try:
        with np.load(path, allow_pickle=False) as z:
            if int(z["format"]) != FORMAT or str(z["model"]) != MODEL_ID:
                return None
            # Vectors of another reading length are another recipe: embedded again.
            if "tokens" not in z.files or int(z["tokens"]) != ARTICLE_TOKENS:
                return None
            vecs = z["vectors"]
            ids = [str(i) for i in z["ids"]]
            hashes = [str(h) for h in z["hashes"]]
    except FileNotFoundError:
        return None
    except Exception:  # damaged: a zip error, a short read, a missing array
        return None
    if vecs.shape != (len(ids), DIMENSIONS) or len(hashes) != len(ids):
        return None
    return ids, hashes, vecs


def _write(path: Path, ids: list[str], hashes: list[str], vecs: np.ndarray) -> None:
    """Written to a temporary file, synced and renamed in: whole or not at all."""
    atomic.save_npz(
        path,
        TEMP_PREFIX,
        format=np.array(FORMAT),
        model=np.array(MODEL_ID),
        tokens=np.array(ARTICLE_TOKENS),
        ids=np.array(ids, dtype=str),
        hashes=np.array(hashes, dtype=str),
        vectors=vecs.astype(np.float16),
    )


def parts(folder: Path) -> list[Path]:
    return sorted(Path(folder).glob(f"{PART_PREFIX}*.npz"))


@dataclass
class Outcome:
    what: str
    """unchanged, embedded (some or all articles), or none (no articles)"""
    embedded: int = 0
    resumed: int = 0
    """Articles a killed run had finished, taken from its parts."""


def refresh(
    folder: Path,
    current: dict[str, str],
    records: Reader,
    encoder: Embeds,
    progress: Progress | None = None,
) -> Outcome:
    """Bring the vectors in step with `current` (article id -> content hash, the
    ledger's articles table): embed what has no vector for its hash, drop what is gone."""
    folder = Path(folder)
    have = _known(folder, current)
    resumed = sum(1 for i, (h, _v, part) in have.items() if part and _fits(h, current.get(i)))
    todo = sorted(i for i, h in current.items() if not _fits(have.get(i, (None,))[0], h))
    final = _read(folder / VECTORS_FILE)
    stale = final is None or final[0] != sorted(current) or bool(todo) or bool(parts(folder))
    if not current:
        (folder / VECTORS_FILE).unlink(missing_ok=True)
        for p in parts(folder):
            with contextlib.suppress(OSError):
                p.unlink()
        return Outcome("none")
    if not stale:
        return Outcome("unchanged")
    done = 0
    if progress and todo:
        progress(0, len(todo))
    chunks = [todo[at : at + PART_SIZE] for at in range(0, len(todo), PART_SIZE)]

    def texts_of(chunk: list[str]) -> dict[str, str]:
        return {a.id: article_text(a) for a in records(chunk)}

    # The next part's records are read while the encoder works on this one: read in
    # turn, the encoder's processes stood idle a fifth of the time (81% CPU each).
    with ThreadPoolExecutor(1) as ahead:
        coming = ahead.submit(texts_of, chunks[0]) if chunks else None
        for k, chunk in enumerate(chunks):
            assert coming is not None
            texts = coming.result()
            if k + 1 < len(chunks):
                coming = ahead.submit(texts_of, chunks[k + 1])
            done = _embed_part(folder, chunk, texts, current, have, encoder, done)
            if progress:
                progress(done, len(todo))
    _fold(folder, current, have)
    return Outcome("embedded", embedded=len(todo), resumed=resumed)


def _embed_part(
    folder: Path,
    chunk: list[str],
    texts: dict[str, str],
    current: dict[str, str],
    have: dict[str, tuple[str, np.ndarray, bool]],
    encoder: Embeds,
    done: int,
) -> int:
    """One part embedded and renamed in (kill point `embedded`); articles done so far."""
    kept = [i for i in chunk if i in texts]
    vecs = encoder.encode([texts[i] for i in kept], max_tokens=ARTICLE_TOKENS)
    _write(
        folder / f"{PART_PREFIX}{uuid.uuid4().hex}.npz",
        kept,
        [current[i] for i in kept],
        vecs,
    )
    crash.point("embedded")
    for i, v in zip(kept, vecs, strict=True):
        have[i] = (current[i], v, True)
    return done + len(chunk)


def _fits(held: str | None, current: str | None) -> bool:
    """Whether a vector made for content `held` is the article's at ledger hash
    `current`. An empty ledger hash is unknown, not a change: `check --repair` lists the
    articles of a rebuilt ledger that way, and their vectors stay."""
    if held is None or current is None:
        return False
    return held == current or current == ""


def _known(
    folder: Path, current: dict[str, str] | None = None
) -> dict[str, tuple[str, np.ndarray, bool]]:
    """Every vector on disk: id -> (hash, vector, came from a part). Parts are newer
    than the folded file, so they win; of two copies, the one of the article's current
    hash wins (parts of two killed runs may hold an article before and after a change,
    and their names say nothing of their order)."""
    out: dict[str, tuple[str, np.ndarray, bool]] = {}
    sources = [(folder / VECTORS_FILE, False)] + [(p, True) for p in parts(folder)]
    for path, is_part in sources:
        found = _read(path)
        if found is None:
            continue
        ids, hashes, vecs = found
        for i, h, v in zip(ids, hashes, vecs, strict=True):
            held = out.get(i)
            if held is not None and current is not None and held[0] == current.get(i) != h:
                continue
            out[i] = (h, v, is_part)
    return out


@dataclass
class State:
    """What the folder holds against the ledger (for `kbassist check`)."""

    file: str
    """absent, readable, or unreadable (damaged, another format or model)"""
    articles: int = 0
    """Rows of vectors.npz."""
    missing: int = 0
    """Current articles with no vector of their hash, in the file or a part."""
    stale: int = 0
    """Rows of vectors.npz whose article is gone or changed."""
    parts: int = 0
    in_parts: int = 0
    """Articles the parts hold."""


def state(folder: Path, current: dict[str, str]) -> State:
    folder = Path(folder)
    path = folder / VECTORS_FILE
    found = _read(path)
    if found is None:
        kind = "unreadable" if path.exists() else "absent"
        ids: list[str] = []
        hashes: list[str] = []
    else:
        kind = "readable"
        ids, hashes = found[0], found[1]
    stale = sum(1 for i, h in zip(ids, hashes, strict=True) if not _fits(h, current.get(i)))
    held = _known(folder, current)
    missing = sum(1 for i, h in current.items() if not _fits(held.get(i, (None,))[0], h))
    found_parts = parts(folder)
    in_parts = 0
    for p in found_parts:
        got = _read(p)
        in_parts += len(got[0]) if got else 0
    return State(kind, len(ids), missing, stale, len(found_parts), in_parts)


def fold(folder: Path, current: dict[str, str]) -> None:
    """Without embedding anything: the parts' vectors and the file's still current ones
    into one new vectors.npz, the parts removed, the rows of gone or changed articles
    dropped (`check --repair` without the encoder; the next ingest embeds the rest)."""
    folder = Path(folder)
    have = _known(folder, current)
    if not any(_fits(have.get(i, (None,))[0], h) for i, h in current.items()):
        (folder / VECTORS_FILE).unlink(missing_ok=True)
        for p in parts(folder):
            with contextlib.suppress(OSError):
                p.unlink()
        return
    _fold(folder, current, have)


def _fold(
    folder: Path, current: dict[str, str], have: dict[str, tuple[str, np.ndarray, bool]]
) -> None:
    """One file of the current articles' vectors, then the parts removed."""
    ids = sorted(i for i, h in current.items() if _fits(have.get(i, (None,))[0], h))
    vecs = (
        np.stack([have[i][1] for i in ids]).astype(np.float16)
        if ids
        else np.zeros((0, DIMENSIONS), np.float16)
    )
    _write(folder / VECTORS_FILE, ids, [have[i][0] for i in ids], vecs)
    crash.point("folded")
    for p in parts(folder):
        with contextlib.suppress(OSError):
            p.unlink()
