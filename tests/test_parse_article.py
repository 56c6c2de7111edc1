"""One invented article, end to end, in all three formats."""

from __future__ import annotations

import pytest

from kbassist.kbparse import Article, parse_bytes, parse_text
from kbassist.kbparse.record import from_json, to_dict, to_json

from articles import html_page, md_page, txt_article


@pytest.fixture(scope="module")
def article() -> Article:
    return parse_bytes(txt_article().encode("ascii"), "fixtures/Q900001.TXT")


def test_header_fields(article: Article) -> None:
    assert article.id == "Q900001"
    assert article.number == 900001
    assert article.format == "txt"
    assert article.source == "fixtures/Q900001.TXT"
    assert article.title == "Spooler Share Unavailable After Drive Mapping"
    assert article.modified == "2001-03-14"
    assert article.area == "winnt"
    assert article.product == "Invented Print Server"
    assert [(p.platform, p.versions) for p in article.prod_ver] == [("WINDOWS", ["3.1", "3.11"])]
    assert article.header_keywords == ["kbprint", "kbnetwork"]
    assert article.applies_to == ["Invented Print Server version 1.0"]


def test_sections_in_order_with_kinds(article: Article) -> None:
    assert [(s.heading, s.kind) for s in article.sections] == [
        ("SYMPTOMS", "symptoms"),
        ("CAUSE", "cause"),
        ("RESOLUTION", "resolution"),
        ("STATUS", "status"),
    ]
    assert article.sections[0].text.startswith("When you map a drive")
    # Quoted blocks keep their indentation (one space less than the TXT file).
    assert "\n  Cannot reach <servername>: the spooler share is\n" in article.sections[0].text


def test_extracted_facts(article: Article) -> None:
    assert article.error_messages == [
        "Cannot reach <servername>: the spooler share is unavailable right now."
    ]
    assert [(f.name, f.size_bytes, f.date, f.time, f.platform) for f in article.files] == [
        ("Spoolfix.dll", 45312, "2001-03-14", "09:15", "Intel")
    ]
    assert article.related_articles == ["Q123456"]
    assert article.urls == ["http://www.example.com/downloads/fixes/spoolfix.htm"]


def test_footer(article: Article) -> None:
    assert article.additional_query_words == ["spooler", "share"]
    assert article.kb_keywords == ["kbprint", "kbnetwork"]
    assert article.technology == ["kbInventedSearch", "kbInvented100"]
    assert article.version_footer == "WINDOWS:3.1,3.11"
    assert article.issue_type == "kbbug"
    assert article.solution_type == "kbfix"
    assert article.hardware == []
    assert article.disclaimer.endswith("Copyright Microsoft Corporation 2001.")


def test_html_residue_is_dropped_and_reported(article: Article) -> None:
    text = "\n".join(s.text for s in article.sections)
    assert "<BR/>" not in text
    assert any("HTML residue" in w for w in article.warnings)


def test_json_round_trip(article: Article) -> None:
    data = to_json(article)
    assert from_json(data) == article
    assert to_dict(article)["schema_version"] == 1


@pytest.mark.parametrize("render", [md_page, html_page])
def test_markdown_and_html_give_the_same_record(render, article: Article) -> None:
    other = parse_text(render(txt_article()), "fixtures/page")
    a, b = to_dict(article), to_dict(other)
    for key in ("format", "source", "area", "disclaimer", "warnings"):
        a.pop(key)
        b.pop(key)
    assert a == b
