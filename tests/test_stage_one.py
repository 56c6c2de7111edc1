"""Stage one and the query-side helpers: numpy accumulation, the thesaurus, described
problems."""

from __future__ import annotations

import math
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from kbassist.index import candidates
from kbassist.index.clean import clean
from kbassist.index.expand import expansions
from kbassist.index.ingest import ingest
from kbassist.index.store import KbIndex

from kbfixtures import write_fixture_articles, write_many


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KbIndex:
    root = tmp_path_factory.mktemp("stage1")
    write_many(root / "a", 300)
    write_fixture_articles(root / "b")  # these quote error messages
    index = KbIndex.open(root / "index", create=True)
    ingest(index, [str(root / "a"), str(root / "b")], jobs=2)
    return index


def _brute_force(reader, field: str, term: str, boost: float, b: float) -> dict[int, float]:
    """BM25 for one term, one posting at a time through Whoosh's public API."""
    n = reader.doc_count_all()
    df = reader.doc_frequency(field, term)
    idf = math.log(1 + (n - df + 0.5) / (df + 0.5)) * boost
    avg = reader.field_length(field) / n
    out: dict[int, float] = {}
    m = reader.postings(field, term)
    while m.is_active():
        d, w = m.id(), m.weight()
        length = reader.doc_field_length(d, field)
        k = candidates._K1 * (1 - b + b * length / avg)
        out[d] = idf * w * (candidates._K1 + 1) / (w + k)
        m.next()
    return out


def test_accumulate_is_bm25_over_every_posting(kb: KbIndex) -> None:
    reader = kb.searcher().reader()
    # The commonest term of each field: the longest posting lists, many blocks each.
    clauses = []
    for field, boost in (("symptoms", 1.6), ("fix", 0.8), ("msg", 3.0)):
        terms = [t.decode() for t in reader.lexicon(field)]
        clauses.append((field, max(terms, key=lambda t: reader.doc_frequency(field, t)), boost))
    acc = candidates.accumulate(reader, clauses)
    expected = np.zeros(reader.doc_count_all())
    for field, term, boost in clauses:
        b = candidates._B_DEFAULT.get(field, candidates._B)
        for d, s in _brute_force(reader, field, term, boost, b).items():
            expected[d] += s
    assert np.count_nonzero(expected) > 50
    assert np.allclose(acc, expected)


def test_top_orders_by_score_then_docnum_and_respects_the_filter() -> None:
    acc = np.array([0.0, 2.0, 5.0, 2.0, 1.0, 0.0])
    assert candidates.top(acc, 3) == [(2, 5.0), (1, 2.0), (3, 2.0)]
    assert candidates.top(acc, 10)[-1] == (4, 1.0)  # no zero scores: they did not match
    allowed = np.array([True, True, False, True, False, True])
    assert [d for d, _ in candidates.top(acc, 10, allowed)] == [1, 3]
    assert candidates.matched(acc, allowed).tolist() == [1, 3]


def test_deleted_documents_score_nothing(tmp_path: Path) -> None:
    write_many(tmp_path / "a", 40)
    kb = KbIndex.open(tmp_path / "index", create=True)
    ingest(kb, [str(tmp_path / "a")], jobs=1)
    # Changing an article's content replaces its record: the old document is deleted.
    first = sorted((tmp_path / "a").iterdir())[0]
    first.write_text(first.read_text().replace("Invented", "Reworded"))
    ingest(kb, [str(tmp_path / "a")], jobs=1)
    reader = kb.searcher().reader()
    assert reader.has_deletions()
    acc = candidates.accumulate(reader, [("title", "invent", 1.0), ("title", "reword", 1.0)])
    live = {d for d in reader.all_doc_ids()}
    assert {int(d) for d in np.flatnonzero(acc)} <= live
    assert len(np.flatnonzero(acc)) == reader.doc_count() == 40


def test_thesaurus_maps_help_desk_words_to_the_archive_s() -> None:
    got = expansions("my fox app crashes when the laptop wakes up")
    assert "foxpro" in got
    assert "invalid page fault" in got
    assert "suspend" in got or "resume" in got
    assert expansions("") == []


def test_thesaurus_file_is_well_formed() -> None:
    text = resources.files("kbassist.index").joinpath("vocabulary.tsv").read_text("utf-8")
    keys = set()
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        key, sep, values = line.partition("\t")
        assert sep and key == key.strip().lower(), f"line {n}"
        assert key not in keys, f"line {n}: {key!r} twice"
        keys.add(key)
        targets = [v for v in values.split("|") if v.strip()]
        assert targets and key not in targets, f"line {n}"


@pytest.mark.parametrize(
    "text, described",
    [
        ("Cannot connect to \\\\PRNSRV07\nThe network path was not found.\nOK", False),
        ("I/O error reading drive A", False),
        ("My Computer cannot find the file", False),
        ("encarta keeps asking for disc 2 even though I put it in", True),
        ("our mail server drops messages from the sister office", True),
    ],
)
def test_described_problems_are_told_from_quoted_screens(text: str, described: bool) -> None:
    assert clean(text).described is described
