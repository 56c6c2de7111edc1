"""The index on a small invented collection: ingest, the paste cases, filters, facets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kbassist.index.ingest import ingest
from kbassist.index.search import Filters, products, search
from kbassist.index.store import IndexMissing, IndexProblem, KbIndex

from articles import txt_article
from kbfixtures import ARTICLES, write_fixture_articles


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KbIndex:
    root = tmp_path_factory.mktemp("kb")
    write_fixture_articles(root / "articles")
    index = KbIndex.open(root / "index", create=True)
    report = ingest(index, [str(root / "articles")], jobs=2)
    assert report.added == len(ARTICLES)
    return index


def top(kb: KbIndex, text: str, **filters: object) -> str | None:
    r = search(kb, text, Filters(**filters) if filters else None)  # type: ignore[arg-type]
    return r.hits[0].id if r.hits else None


def test_pasted_dialog_with_real_server_name_finds_the_placeholder_article(kb: KbIndex) -> None:
    paste = (
        "Mapping Error\n\nCannot reach PRNSRV07: the spooler share is unavailable right now.\n\nOK"
    )
    assert top(kb, paste) == "Q900101"


def test_wrapped_and_cut_message(kb: KbIndex) -> None:
    assert top(kb, "the spooler share is\nunavailable right") == "Q900101"


@pytest.mark.parametrize(
    "code",
    [
        "STOP 0x0000001E",
        "stop 1e",
        "Stop 0x1E",
        "*** STOP: 0x0000001e (0xc0000005, 0x0)",
        "bugcheck 1E",
    ],
)
def test_stop_code_spellings(kb: KbIndex, code: str) -> None:
    assert top(kb, code) == "Q900102"


def test_hresult_finds_the_win32_error_and_back(kb: KbIndex) -> None:
    assert top(kb, "0x80070005") == "Q900103"
    assert top(kb, "HRESULT 80070005 when saving") == "Q900103"


def test_event_id(kb: KbIndex) -> None:
    assert top(kb, "Event ID 2011") == "Q900104"
    log = (
        "Event Type: Error\nEvent Source: Srv\nEvent ID: 2011\nDate: 3/4/2001\n"
        "Description: irpstacksize too small"
    )
    assert top(kb, log) == "Q900104"


@pytest.mark.parametrize("name", ["Fltdrv.sys", "FLTDRV.SYS", "fltdrv"])
def test_file_names_with_or_without_extension(kb: KbIndex, name: str) -> None:
    assert top(kb, name) == "Q900102"


def test_plain_symptom_sentence(kb: KbIndex) -> None:
    assert (
        top(kb, "mail client can't open default folders after installing personal web server")
        == "Q900105"
    )


def test_hostile_query_syntax_is_searched_as_words(kb: KbIndex) -> None:
    for q in ["* *", "AND OR NOT (", 'title:"spooler', "[/3GB]", "\x1b[31m", "?" * 50, ""]:
        search(kb, q)  # never raises
    assert top(kb, "spooler* AND (share") == "Q900101"


def test_filters_and_facets(kb: KbIndex) -> None:
    assert top(kb, "driver", product="Invented Print Server") in (None, "Q900101")
    r = search(kb, "server", Filters(since=2001), facets=True)
    assert r.hits and all((h.modified or "") >= "2001" for h in r.hits)
    counts = dict(r.facets["product"])
    assert sum(counts.values()) >= len(r.hits)
    # With a product chosen, the product counts still show the other products.
    wide = dict(search(kb, "server", facets=True).facets["product"])
    assert len(wide) > 1
    r = search(kb, "server", Filters(product=next(iter(wide))), facets=True)
    assert dict(r.facets["product"]) == wide
    assert len({h.product for h in r.hits}) <= 1
    r = search(kb, "server", Filters(until=1999))
    assert {h.id for h in r.hits} <= {"Q900104"}


def test_match_spans_are_character_offsets(kb: KbIndex) -> None:
    hit = search(kb, "Cannot reach SRV1: the spooler share is unavailable").hits[0]
    assert hit.matches
    for m in hit.matches:
        text = hit.title if m.field == "title" else hit.record.error_messages[int(m.field[15:-1])]
        assert (
            text[m.start : m.end].lower() in "cannot reach srv1: the spooler share is unavailable"
        )


def test_did_you_mean(kb: KbIndex) -> None:
    r = search(kb, "spoolr shaer unavailable")
    assert r.suggestions and "spooler" in r.suggestions[0]


def test_get_products_and_sources(kb: KbIndex) -> None:
    art = kb.get("q900104")
    assert art is not None and art.title.startswith("Event ID 2011")
    assert kb.get("Q1") is None
    assert dict(products(kb))["Invented Operating System"] == 2
    assert kb.sources("Q900101")[0].endswith("Q900101.TXT")


def test_missing_and_foreign_index(tmp_path: Path) -> None:
    with pytest.raises(IndexMissing, match="kbassist ingest"):
        KbIndex.open(tmp_path / "nothing")
    KbIndex.open(tmp_path / "ix", create=True).close()
    (tmp_path / "ix" / "kbassist.json").write_text(json.dumps({"index_version": 999}))
    with pytest.raises(IndexProblem, match="rebuild"):
        KbIndex.open(tmp_path / "ix")


def test_incremental_ingest(tmp_path: Path) -> None:
    paths = write_fixture_articles(tmp_path / "a")
    with KbIndex.open(tmp_path / "ix", create=True) as kb:
        assert ingest(kb, [str(tmp_path / "a")]).added == 5
        again = ingest(kb, [str(tmp_path / "a")])
        assert (again.added, again.updated, again.unchanged) == (0, 0, 5)
        # A changed article replaces its record.
        p = paths["Q900105"]
        p.write_text(p.read_text().replace("personal web server", "personal web server 4.0"))
        changed = ingest(kb, [str(tmp_path / "a")])
        assert (changed.added, changed.updated, changed.unchanged) == (0, 1, 4)
        assert "4.0" in kb.get("Q900105").sections[0].text  # type: ignore[union-attr]
        assert kb.doc_count() == 5
        # The same id from another source: the later `modified` wins, both are recorded.
        older = tmp_path / "b" / "old.txt"
        newer = tmp_path / "b" / "new.txt"
        older.parent.mkdir()
        older.write_text(txt_article("Q900101", title="Older Copy", modified="01-JAN-1999"))
        newer.write_text(txt_article("Q900101", title="Newer Copy", modified="01-JAN-2002"))
        r = ingest(kb, [str(older), str(newer)])
        assert r.updated == 1 and r.superseded == 1
        assert kb.get("Q900101").title == "Newer Copy"  # type: ignore[union-attr]
        assert len(kb.sources("Q900101")) == 3
        assert kb.doc_count() == 5


def test_an_improved_parser_reaches_an_existing_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_fixture_articles(tmp_path / "a")
    with KbIndex.open(tmp_path / "ix", create=True) as kb:
        assert ingest(kb, [str(tmp_path / "a")]).added == 5
        # Same bytes, newer parser: every input is read again, each record replaced once.
        monkeypatch.setattr("kbassist.index.ingest.PARSER_REVISION", 10_000)
        again = ingest(kb, [str(tmp_path / "a")])
        assert (again.added, again.updated, again.unchanged) == (0, 5, 0)
        assert kb.doc_count() == 5
        assert ingest(kb, [str(tmp_path / "a")]).unchanged == 5


def test_kept_postings_and_records_never_outlive_an_ingest(tmp_path: Path) -> None:
    # Search keeps decoded posting lists and candidates' records between searches; a
    # search after an ingest must see the new records, and a warm search the same
    # results as a cold one.
    paths = write_fixture_articles(tmp_path / "a")
    with KbIndex.open(tmp_path / "ix", create=True) as kb:
        ingest(kb, [str(tmp_path / "a")])
        paste = "the mail client cannot open its default e-mail folders"

        def ranked() -> list[tuple[str, float, str]]:
            r = search(kb, paste)
            return [(h.id, h.score, h.record.sections[0].text) for h in r.hits]

        cold = ranked()
        assert cold[0][0] == "Q900105"
        assert ranked() == cold
        kb.cache().forget_postings()
        kb.cache().forget_records()
        assert ranked() == cold
        p = paths["Q900105"]
        p.write_text(p.read_text().replace("personal web server", "intranet web server"))
        ingest(kb, [str(tmp_path / "a")])
        after = ranked()
        assert after[0][0] == "Q900105"
        assert "intranet web server" in after[0][2]


def test_failures_are_reported_and_do_not_stop_the_run(tmp_path: Path) -> None:
    write_fixture_articles(tmp_path / "a")
    (tmp_path / "a" / "junk.txt").write_text("not an article at all\n")
    with KbIndex.open(tmp_path / "ix", create=True) as kb:
        r = ingest(kb, [str(tmp_path / "a"), str(tmp_path / "missing")])
        assert r.added == 5
        assert len(r.failed) == 2
        assert r.report_path is not None and "junk.txt" in r.report_path.read_text()


def test_jsonl_export_reingests_to_the_same_records(tmp_path: Path) -> None:
    from kbassist.kbparse import parse_bytes
    from kbassist.kbparse.record import to_json

    paths = write_fixture_articles(tmp_path / "a")
    lines = [to_json(parse_bytes(p.read_bytes(), str(p))) for p in paths.values()]
    (tmp_path / "all.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    with KbIndex.open(tmp_path / "ix", create=True) as kb:
        assert ingest(kb, [str(tmp_path / "all.jsonl")]).added == 5
        for line in lines:
            from kbassist.kbparse.record import from_json

            rec = from_json(line)
            assert kb.get(rec.id) == rec
        assert search(kb, "stop 1e").hits[0].id == "Q900102"


def test_records_stored_with_their_focus_terms_and_old_ones_read_alike(tmp_path: Path) -> None:
    # Ingest stores (JSON, focus terms, version); an index written before holds
    # zlib-compressed JSON. Both read back as the same record, and the stored focus
    # terms are those a search would work out.
    import zlib

    from kbassist.index.documents import pack_record
    from kbassist.index.rank import focus_terms
    from kbassist.index.store import record_focus, record_json, unpack_record
    from kbassist.kbparse import parse_text

    article = parse_text(txt_article(), "t.txt")
    stored = pack_record(article)
    old = zlib.compress(record_json(stored), 6)
    assert unpack_record(stored) == unpack_record(old) == article
    assert record_focus(stored) == focus_terms(article) != set()
    assert record_focus(old) is None
    assert record_focus((stored[0], stored[1], stored[2] + 1)) is None  # another version
