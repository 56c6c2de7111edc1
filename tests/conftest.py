"""Shared fixtures: where the real archive is, and whether a test may skip without it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT.parent / "shared" / "examples"


def corpus_dir() -> Path:
    return Path(os.environ.get("KBASSIST_CORPUS", ROOT.parent / "shared" / "corpus"))


def need_corpus(name: str) -> Path:
    """The archive `name` in the corpus folder; skip without it, fail under CI."""
    path = corpus_dir() / name
    if not path.exists():
        reason = f"real corpus not found: {path} (set KBASSIST_CORPUS)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(reason + " - under CI the corpus must be present")
        pytest.skip(reason)
    return path


def need_examples(name: str) -> Path:
    path = EXAMPLES / name
    if not path.exists():
        reason = f"hand-checked examples not found: {path}"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(reason + " - under CI ../shared must be present")
        pytest.skip(reason)
    return path
