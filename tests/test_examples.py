"""The hand-checked records in ../shared/examples/parse_public.jsonl, field for field."""

from __future__ import annotations

import json
import tarfile
from functools import cache

import pytest

from kbassist.kbparse import parse_bytes
from kbassist.kbparse.record import to_dict

from conftest import EXAMPLES, corpus_dir, need_corpus, need_examples

_ARCHIVES = {"txt": "mskb-txt.tar.xz", "kb": "mskb-md.tar.xz", "docs": "mskb-html-sample.tar.xz"}


def _examples() -> list[dict]:
    path = EXAMPLES / "parse_public.jsonl"
    if not path.exists():
        return [{"id": "missing", "source": "txt/missing"}]
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


@cache
def _members(archive: str, wanted: frozenset[str]) -> dict[str, bytes]:
    out = {}
    with tarfile.open(corpus_dir() / archive) as tar:
        for member in tar:
            if member.name in wanted:
                f = tar.extractfile(member)
                assert f is not None
                out[member.name] = f.read()
    return out


def _source_bytes(source: str) -> bytes:
    archive = _ARCHIVES[source.split("/", 1)[0]]
    need_corpus(archive)
    wanted = frozenset(e["source"] for e in _examples() if e["source"].startswith(source[:3]))
    return _members(archive, wanted)[source]


def _record_view(rec: dict) -> dict:
    rec = dict(rec)
    rec["section_kinds"] = [s["kind"] for s in rec["sections"]]
    rec["sections"] = [s["heading"] for s in rec["sections"]]
    return rec


@pytest.mark.parametrize("example", _examples(), ids=lambda e: e["id"])
def test_hand_checked_record(example: dict) -> None:
    need_examples("parse_public.jsonl")
    rec = _record_view(to_dict(parse_bytes(_source_bytes(example["source"]), example["source"])))
    wrong = {}
    for key, expected in example.items():
        if key == "notes":
            continue
        got = rec.get(key)
        if key == "prod_ver":
            # The examples' convention: the platform's case does not count.
            got = [(p["platform"].lower(), p["versions"]) for p in got]
            expected = [(p["platform"].lower(), p["versions"]) for p in expected]
        if got != expected:
            wrong[key] = {"expected": expected, "got": got}
    assert not wrong, json.dumps(wrong, indent=1)
