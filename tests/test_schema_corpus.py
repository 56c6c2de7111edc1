"""Every record of the whole TXT archive, as `kbassist export` writes it, validates against
the JSON Schema; its OpenSearch documents all fit the mapping.

Reads ../shared/corpus (or $KBASSIST_CORPUS); see conftest.need_corpus. The archive is
parsed once on up to four cores into a jsonl export (about 20 s on two cores); the
schema is checked with fastjsonschema's compiled validator (2 s for the 57,000 records,
against ~30 s for `jsonschema`, which still checks a sample so that the two cannot
disagree unnoticed).
"""

from __future__ import annotations

import datetime
import json
import os
import re
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import fastjsonschema
import jsonschema
import msgspec
import pytest
from test_export import check_bulk

from kbassist.index.export import opensearch, write_export
from kbassist.kbparse import ParseError, parse_bytes
from kbassist.kbparse.record import Article, from_json, to_json
from kbassist.kbparse.schema import generate
from kbassist.kbparse.sources import iter_inputs

from conftest import need_corpus

pytestmark = pytest.mark.corpus

ARCHIVE = "mskb-txt.tar.xz"
COUNT = 56_989


def _parse(item: tuple[str, bytes]) -> bytes:
    source, data = item
    try:
        return to_json(parse_bytes(data, source))
    except ParseError as e:  # test_corpus reports parse failures; here they only count
        return json.dumps({"parse_error": str(e)}).encode()


def _items(path: Path) -> Iterator[tuple[str, bytes]]:
    for item in iter_inputs([str(path)]):
        assert not isinstance(item, ParseError), f"corpus archive unreadable: {item}"
        yield item


def _records(path: Path, failures: list[str]) -> Iterator[Article]:
    workers = max(1, min(os.cpu_count() or 1, 4))
    with ProcessPoolExecutor(workers) as pool:
        for data in pool.map(_parse, _items(path), chunksize=200):
            if data.startswith(b'{"parse_error"'):
                failures.append(json.loads(data)["parse_error"])
                continue
            yield from_json(data)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The whole archive exported as jsonl, through write_export."""
    archive = need_corpus(ARCHIVE)
    dest = tmp_path_factory.mktemp("schema") / "all.jsonl"
    failures: list[str] = []
    n = write_export(_records(archive, failures), "jsonl", dest)
    assert not failures, failures[:10]
    assert n == COUNT
    yield dest
    # 400 MB of exports: not worth keeping in pytest's last three temporary folders.
    for path in dest.parent.iterdir():
        path.unlink()


def test_every_exported_record_validates_against_the_schema(exported: Path) -> None:
    schema = generate()
    validate = fastjsonschema.compile(schema)
    reference = jsonschema.Draft202012Validator(schema)
    invalid: list[str] = []
    n = 0
    with open(exported, "rb") as fh:
        for n, line in enumerate(fh, 1):
            rec = msgspec.json.decode(line)
            try:
                validate(rec)
            except fastjsonschema.JsonSchemaValueException as e:
                invalid.append(f"{rec.get('id')}: {e.message}")
            if n % 50 == 0:
                errors = list(reference.iter_errors(rec))
                assert not errors, f"{rec['id']}: {errors[0].message}"
            assert rec["schema_version"] == 1
    assert n == COUNT
    assert not invalid, f"{len(invalid)} invalid records: {invalid[:10]}"


def _articles(path: Path) -> Iterator[Article]:
    with open(path, "rb") as fh:
        for line in fh:
            yield from_json(line)


def _strict_date(value: str) -> bool:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def test_opensearch_bulk_of_the_whole_archive(exported: Path) -> None:
    dest = exported.parent / "all.ndjson"
    assert write_export(_articles(exported), "opensearch", dest) == COUNT
    data = dest.read_bytes()
    ids = check_bulk(data, json.loads(opensearch.mapping_json()))
    assert len(ids) == len(set(ids)) == COUNT
    # The date fields are `strict_date`: a value OpenSearch would reject fails here.
    bad = []
    for line in data.split(b"\n")[1::2]:
        if not line:
            continue
        doc = msgspec.json.decode(line)
        for value in [doc["modified"]] + [f["date"] for f in doc["files"]]:
            if value is not None and not _strict_date(value):
                bad.append((doc["id"], value))
    assert not bad, bad[:10]
