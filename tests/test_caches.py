"""What searches keep between them belongs to the index's searcher (index/caches.py): two
indexes in one process never share it, and it goes with its index."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from kbassist.index import browse
from kbassist.index.ingest import ingest
from kbassist.index.search import search
from kbassist.index.store import KbIndex

from kbfixtures import write_fixture_articles, write_many

PASTE = "the mail client cannot open its default e-mail folders"


def _kept_ids(kb: KbIndex) -> set[str]:
    cache = kb.cache()
    return {cache.reader.stored_fields(d)["id"] for d in cache.records.records}


def test_two_indexes_keep_separate_caches(tmp_path: Path) -> None:
    write_fixture_articles(tmp_path / "a")
    write_many(tmp_path / "b", 30)
    with (
        KbIndex.open(tmp_path / "ix-a", create=True) as one,
        KbIndex.open(tmp_path / "ix-b", create=True) as two,
    ):
        ingest(one, [str(tmp_path / "a")], jobs=1)
        ingest(two, [str(tmp_path / "b")], jobs=1)
        first = [h.id for h in search(one, PASTE, facets=True).hits]
        assert first[0] == "Q900105"
        other = [h.id for h in search(two, PASTE, facets=True).hits]
        assert not set(other) & set(first)
        # Each index's cache holds its own records, posting lists and tables only.
        assert one.cache() is not two.cache()
        assert _kept_ids(one) >= set(first)
        assert not _kept_ids(one) & _kept_ids(two)
        leaves_one = {leaf for leaf, _ in one.searcher().reader().leaf_readers()}
        leaves_two = {leaf for leaf, _ in two.searcher().reader().leaf_readers()}
        assert set(one.cache().postings) <= leaves_one
        assert set(two.cache().postings) <= leaves_two
        assert one.cache().postings and two.cache().postings
        assert one.cache().facet_codes["product"] != two.cache().facet_codes["product"]
        assert browse.tree(one).total == one.doc_count()
        assert browse.tree(two).total == two.doc_count()
        # Emptying one index's cache leaves the other's, and searches agree warm or cold.
        one.cache().forget_postings()
        one.cache().forget_records()
        assert not one.cache().postings and not one.cache().records.records
        assert two.cache().postings and two.cache().records.records
        assert [h.id for h in search(one, PASTE).hits] == first
        assert [h.id for h in search(two, PASTE).hits] == other


def test_a_cache_goes_with_its_searcher_and_its_index(tmp_path: Path) -> None:
    write_fixture_articles(tmp_path / "a")
    kb = KbIndex.open(tmp_path / "ix", create=True)
    ingest(kb, [str(tmp_path / "a")], jobs=1)
    search(kb, PASTE)
    before = weakref.ref(kb.cache())
    assert kb.cache() is before()
    # An ingest replaces the searcher: the next search starts from an empty cache.
    write_many(tmp_path / "b", 5)
    ingest(kb, [str(tmp_path / "b")], jobs=1)
    after = kb.cache()
    assert after is not before() and not after.records.records
    search(kb, PASTE)
    kept = weakref.ref(kb.cache())
    kb.close()
    del kb, after
    gc.collect()
    assert before() is None
    assert kept() is None


def test_a_divided_budget_keeps_a_share_of_the_postings_and_records() -> None:
    import numpy as np

    from kbassist.index import caches

    full = (caches.MAX_POSTINGS, caches.MAX_RECORDS)
    try:
        caches.divide_budget(4)
        assert (full[0] // 4, full[1] // 4) == (caches.MAX_POSTINGS, caches.MAX_RECORDS)
        postings = caches.PostingCache()
        size = full[0] // 40
        for k in range(20):  # half the whole budget: twice a quarter's
            postings.put(("f", str(k), 0.75), np.arange(size), np.ones(size))
        assert postings.held <= full[0] // 4
        assert ("f", "19", 0.75) in postings.lists and ("f", "0", 0.75) not in postings.lists
        records = caches.KeptRecords()
        for d in range(full[1]):
            records.put(d, b"{}", "")
        assert len(records.records) == full[1] // 4
    finally:
        caches.divide_budget(1)
    assert full == (caches.MAX_POSTINGS, caches.MAX_RECORDS)
