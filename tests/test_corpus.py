"""The whole real archive: every article parses, nothing is lost, the formats agree, and
every record of the TXT archive, as `kbassist export` writes it, validates against the
JSON Schema and fits the OpenSearch mapping.

These read ../shared/corpus (or $KBASSIST_CORPUS); see conftest.need_corpus. Each archive
is parsed once for the whole module (`_run`): the export checks read the TXT archive's
records from that parse instead of parsing it again (38 s of the suite's setup when they
were a module of their own). The schema is checked with fastjsonschema's compiled
validator (2 s for the 57,000 records, against ~30 s for `jsonschema`, which still checks
a sample so that the two cannot disagree unnoticed).
"""

from __future__ import annotations

import datetime
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import fastjsonschema
import jsonschema
import msgspec
import pytest
from test_export import check_bulk

from kbassist.index.export import opensearch, write_export
from kbassist.kbparse.record import Article, from_json
from kbassist.kbparse.schema import generate

import corpus_run
from conftest import need_corpus

pytestmark = pytest.mark.corpus

_runs: dict[str, corpus_run.CorpusRun] = {}
TXT = "mskb-txt.tar.xz"
TXT_COUNT = 56_989


def _run(name: str) -> corpus_run.CorpusRun:
    if name not in _runs:
        _runs[name] = corpus_run.run(need_corpus(name))
    return _runs[name]


def _report(run: corpus_run.CorpusRun) -> str:
    counts = Counter(e.split(": ", 1)[-1] for e in run.parse_errors)
    lines = [f"{n} x {reason}" for reason, n in counts.most_common()]
    for source, problems in list(run.problems.items())[:20]:
        lines.append(f"{source}: {problems[:3]}")
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("archive", "count"),
    [(TXT, TXT_COUNT), ("mskb-md.tar.xz", 60_335), ("mskb-html-sample.tar.xz", 3_016)],
)
def test_every_article_parses_and_nothing_is_lost(archive: str, count: int) -> None:
    run = _run(archive)
    assert run.inputs == count
    # Every real article is a readable article: no ParseError, no exception (an
    # exception would have failed the worker and this test).
    assert not run.parse_errors, _report(run)
    assert len(run.records) == count
    assert not run.problems, f"{len(run.problems)} articles lose or invent lines:\n{_report(run)}"


def _view(rec: Article) -> dict[str, object]:
    return {
        "title": rec.title,
        "modified": rec.modified,
        "product": rec.product,
        "headings": [s.heading for s in rec.sections],
        "kinds": [s.kind for s in rec.sections],
        "texts": [rec.preamble] + [s.text for s in rec.sections],
        "error_messages": rec.error_messages,
        "files": rec.files,
        "related_articles": rec.related_articles,
    }


@pytest.mark.parametrize("other", ["mskb-md.tar.xz", "mskb-html-sample.tar.xz"])
def test_same_article_in_other_formats_gives_the_same_record(other: str) -> None:
    txt = _run(TXT).records
    rendered = _run(other).records
    common = [i for i in rendered if i in txt]
    assert len(common) > 0.9 * len(rendered) - 3_349
    disagree: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    bad = set()
    for art_id in common:
        a, b = _view(txt[art_id]), _view(rendered[art_id])
        for key in a:
            if a[key] != b[key]:
                disagree[key] += 1
                examples.setdefault(key, []).append(art_id)
                bad.add(art_id)
    share = 1 - len(bad) / len(common)
    detail = {k: (n, examples[k][:8]) for k, n in disagree.items()}
    assert share >= 0.995, f"{share:.4%} agree; disagreeing fields: {detail}"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The whole TXT archive exported as jsonl, through write_export."""
    run = _run(TXT)
    assert not run.parse_errors, _report(run)
    dest = tmp_path_factory.mktemp("schema") / "all.jsonl"
    assert write_export(iter(run.records.values()), "jsonl", dest) == TXT_COUNT
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
    assert n == TXT_COUNT
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
    assert write_export(_articles(exported), "opensearch", dest) == TXT_COUNT
    data = dest.read_bytes()
    ids = check_bulk(data, json.loads(opensearch.mapping_json()))
    assert len(ids) == len(set(ids)) == TXT_COUNT
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
