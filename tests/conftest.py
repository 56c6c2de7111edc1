"""Shared fixtures: where the real archive is, and whether a test may skip without it."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

# One BLAS thread a process, set before numpy loads (no plugin imports it sooner:
# tests/test_suite_setup.py checks). xdist already runs one worker a core, and
# OpenBLAS's own threads spin while they wait, taking the core the other worker needs
# (the suite 10-13 % faster without them: ARCHITECTURE.md, "Suite time").
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
NUMPY_BEFORE_CONFTEST = "numpy" in sys.modules

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT.parent / "shared" / "examples"


def corpus_dir() -> Path:
    return Path(os.environ.get("KBASSIST_CORPUS", ROOT.parent / "shared" / "corpus"))


def _need(path: Path, reason: str) -> Path:
    """`path` if it exists; else skip, or fail under CI where ../shared is always there."""
    if not path.exists():
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"{reason} - under CI ../shared must be present")
        pytest.skip(reason)
    return path


def need_corpus(name: str) -> Path:
    """The archive `name` in the corpus folder; skip without it, fail under CI."""
    path = corpus_dir() / name
    return _need(path, f"real corpus not found: {path} (set KBASSIST_CORPUS)")


def need_examples(name: str) -> Path:
    path = EXAMPLES / name
    return _need(path, f"hand-checked examples not found: {path}")


# The sentence encoder (kbassist[semantic], which the test extra installs) embeds every
# article an ingest adds: a few seconds for each of the suite's many small indexes, which
# took the suite from 6 to 18 minutes. It is off for the suite (set before any fixture
# runs, so subprocesses inherit it too) and on where a test is about it: a module that
# uses `encoder_on` below. A developer's own KBASSIST_ENCODER is left as it is.
os.environ.setdefault("KBASSIST_ENCODER", "off")


def encoder_on() -> Iterator[None]:
    """The encoder switched on for a whole module, before its module fixtures ingest:
    `_on = pytest.fixture(scope="module", autouse=True)(encoder_on)` in the module."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("KBASSIST_ENCODER", raising=False)
        yield


def encoder_installed() -> bool:
    """The extra is installed and its files check out, whatever the suite's switch says."""
    from kbassist.index import encoder

    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("KBASSIST_ENCODER", raising=False)
        return encoder.state() == "in_use"


# The modules that read the whole archive take most of the suite's time (about 450 of its
# 840 s on one core). Run with xdist's --dist loadfile (pyproject's addopts), a module goes
# to one worker whole, in collection order: these first, so that they start at once on
# different workers and the small modules fill in around them. Every worker collects the
# same order, as xdist requires. `--no-loadscope-reorder` keeps that order: by default
# xdist 3.6+ hands out the modules with the most tests first, which put the whole-archive
# ingest (2 tests) last, alone on one worker for its last 4 minutes (CI 725 s).
_HEAVY = ("test_index_corpus.py", "test_corpus.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def heavy(item: pytest.Item) -> int:
        name = item.path.name
        return _HEAVY.index(name) if name in _HEAVY else len(_HEAVY)

    items.sort(key=heavy)  # stable: the order within each module is kept
