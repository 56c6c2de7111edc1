"""Bad input never crashes: each case is a ParseError naming the file, line and reason."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kbassist.kbparse import Article, ParseError, parse_bytes, parse_text
from kbassist.kbparse.decode import MAX_BYTES

from articles import txt_article


@pytest.mark.parametrize(
    ("data", "reason", "line"),
    [
        (b"", "empty file", None),
        (b"\x00\x01\x02\x03PK\x05\x06" * 100, "binary data", None),
        (b"Dear team,\r\nthe printer is broken again.\r\n", "not a KB article", 1),
        (
            b"DOCUMENT:Q123  06-AUG-2002  [winnt]\r\nTITLE   :Only a header\r\n",
            "header with no body",
            None,
        ),
        (b"DOCUMENT:Qxyz  06-AUG-2002  [winnt]\r\nTITLE   :t\r\n\r\nbody\r\n", "article id", 1),
        (b"DOCUMENT:Q123  06-AUG-2002  [winnt]\r\n\r\nbody text\r\n", "no TITLE line", 2),
        (b"---\nlayout: page\n---\n{% raw %}\n\tno header here\n{% endraw %}\n", "Article:", None),
        (b"<!DOCTYPE html><html><body><p>hello</p></body></html>", "<pre><code>", None),
    ],
)
def test_bad_inputs_give_parse_errors(data: bytes, reason: str, line: int | None) -> None:
    with pytest.raises(ParseError) as info:
        parse_bytes(data, "inbox/bad.txt")
    err = info.value
    assert err.source == "inbox/bad.txt"
    assert reason in err.reason
    if line is not None:
        assert err.line == line
    assert str(err).startswith("inbox/bad.txt")


def test_a_50_mb_file_is_refused_without_parsing() -> None:
    data = txt_article().encode() + b"x" * (50 * 1024 * 1024)
    with pytest.raises(ParseError, match="bytes; articles are at most"):
        parse_bytes(data, "huge.txt")
    assert MAX_BYTES < 50 * 1024 * 1024


def test_an_odd_date_is_kept_as_a_warning_not_an_error() -> None:
    rec = parse_text(txt_article(modified="??-XXX-2001"), "t.txt")
    assert rec.modified is None
    assert any("date" in w for w in rec.warnings)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=4000))
def test_arbitrary_bytes_give_a_record_or_a_parse_error(data: bytes) -> None:
    with contextlib.suppress(ParseError):
        assert isinstance(parse_bytes(data, "fuzz.bin"), Article)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=3000))
def test_arbitrary_text_gives_a_record_or_a_parse_error(text: str) -> None:
    with contextlib.suppress(ParseError):
        assert isinstance(parse_text(text, "fuzz.txt"), Article)


_line = st.text(alphabet=st.characters(codec="latin-1", exclude_categories=("Cs",)), max_size=90)


@settings(max_examples=200, deadline=None)
@given(st.lists(_line, max_size=60), st.sampled_from(["txt", "md"]))
def test_arbitrary_bodies_behind_a_real_header(lines: list[str], fmt: str) -> None:
    """Random bodies behind a valid header reach deep into the body parser."""
    body = "\n".join(lines)
    text = txt_article(body=body)
    if fmt == "md":
        from articles import md_page

        text = md_page(text)
    try:
        rec = parse_text(text, "fuzz")
    except ParseError:
        return
    assert rec.id == "Q900001"
