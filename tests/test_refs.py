"""Q-number references and URLs: the conventions of the hand-checked records."""

from __future__ import annotations

import pytest

from kbassist.kbparse import parse_text
from kbassist.kbparse.refs import related_articles, urls

from articles import txt_article


def test_related_articles_in_order_without_duplicates_or_self() -> None:
    lines = [
        "See Q123456 and Q654321, then Q123456 again.",
        "This article is Q900001; ARTICLE-ID: Q0777777",
        "Not references: SQ2500 printers, LQ850, file CPPQ1195.EXE, Q810T_",
    ]
    assert related_articles(lines, "Q900001") == ["Q123456", "Q654321", "Q777777"]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # Enclosing parentheses and sentence punctuation go.
        (
            ["Get it (http://invented.example.com/fix.exe)."],
            ["http://invented.example.com/fix.exe"],
        ),
        (
            ["Visit www.invented.example.com, then ftp://ftp.invented.example.com/pub;"],
            ["www.invented.example.com", "ftp://ftp.invented.example.com/pub"],
        ),
        # A `)` the URL opened itself stays; one it did not open ends it.
        (
            ["http://invented.example.com/page(v2).htm"],
            ["http://invented.example.com/page(v2).htm"],
        ),
        (
            ["Vendors (www.invented.example.com)--for example Acme--work."],
            ["www.invented.example.com"],
        ),
        # No duplicates, first-appearance order.
        (
            ["http://b.example.com/", "http://a.example.com/", "http://b.example.com/"],
            ["http://b.example.com/", "http://a.example.com/"],
        ),
    ],
)
def test_url_punctuation_and_order(lines: list[str], expected: list[str]) -> None:
    assert urls(lines) == expected


def test_templates_with_placeholders_are_not_urls() -> None:
    lines = [
        "Browse to http://<servername>/invented/default.htm or",
        "ftp://ftp.invented.example.com/pub/<adapter_type>/release, or",
        "HTTP://WWW.<SOMEPLACE>.COM/TEST. A tag after a real one is fine:",
        "<LINK>http://www.invented.example.com/nfs.</LINK>",
    ]
    assert urls(lines) == ["http://www.invented.example.com/nfs"]


def test_wrapped_urls_are_rejoined() -> None:
    lines = [
        "Download it from ftp://ftp.invented.example.com/pub/fixes/usa/",
        "   hotfixes-postSP2/spool-fix",
        "or (http://www.invented.example.com/download",
        "/support/files/Spoolfix.exe).",
        "Or go to http://support.",
        "invented.example.com/support/ and search for the article.",
    ]
    assert urls(lines) == [
        "ftp://ftp.invented.example.com/pub/fixes/usa/hotfixes-postSP2/spool-fix",
        "http://www.invented.example.com/download/support/files/Spoolfix.exe",
        "http://support.invented.example.com/support/",
    ]


def test_a_url_on_the_next_line_is_not_a_continuation() -> None:
    lines = [
        "http://www.invented.example.com/security/",
        "http://www.invented.example.com/server/default.asp",
        "Acme-http://www.acme.example.com/",
        "Bolt-http://www.bolt.example.com/",
        "http://www.invented.example.com/",
        "I/O Magic-http://www.iomagic.example.com/",
        "http://www.invented.example.com/",
        "Windows.NET is described there.",
    ]
    assert urls(lines) == [
        "http://www.invented.example.com/security/",
        "http://www.invented.example.com/server/default.asp",
        "http://www.acme.example.com/",
        "http://www.bolt.example.com/",
        "http://www.invented.example.com/",
        "http://www.iomagic.example.com/",
    ]


def test_registry_warning_above_the_applies_to_block_is_body_text() -> None:
    body = "SYMPTOMS\n========\n\nThe spooler stops."
    txt = txt_article(body=body)
    warning = (
        "IMPORTANT: This article contains information about changing the invented\r\n"
        "registry. Back it up first; see the following article:\r\n\r\n"
        "   Q900123 How to Back Up the Invented Registry\r\n\r\n"
    )
    txt = txt.replace("=" * 70 + "\r\n" + "-" * 79, "=" * 70 + "\r\n" + warning + "-" * 79, 1)
    rec = parse_text(txt, "t.txt")
    assert rec.applies_to == ["Invented Print Server version 1.0"]
    assert rec.related_articles == ["Q900123"]
    assert rec.header_residue == []
    assert rec.preamble.startswith("IMPORTANT: This article contains")
    assert [s.heading for s in rec.sections] == ["SYMPTOMS"]


def test_url_starts_only_at_a_word_start() -> None:
    lines = [
        "xhttp://invented.example.com/a is no URL, nor a.www.invented.example.com,",
        "nor mail@www.invented.example.com; but (https://invented.example.com/b) is,",
        "and so is\twww.invented.example.com/c after a tab.",
    ]
    assert urls(lines) == ["https://invented.example.com/b", "www.invented.example.com/c"]


def test_urls_after_a_dotted_capital_i_keep_their_text() -> None:
    # U+0130 lower-cases to two characters; offsets into the text must not drift.
    lines = ["\u0130stanbul: see http://invented.example.com/\u0130zmir then www.example.org/x"]
    assert urls(lines) == ["http://invented.example.com/\u0130zmir", "www.example.org/x"]
