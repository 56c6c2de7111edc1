"""Shared fixtures: where the real archive is, and whether a test may skip without it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
