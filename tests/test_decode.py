"""Decoding and sanitising: every encoding a user's archive may have, every repair noted."""

from __future__ import annotations

import codecs

from kbassist.kbparse import parse_bytes
from kbassist.kbparse.decode import decode_bytes, sanitise

from articles import txt_article


def test_ascii_needs_no_repair() -> None:
    assert decode_bytes(b"plain text") == ("plain text", [])


def test_cp1252_no_break_space_and_quotes() -> None:
    text, warnings = decode_bytes(b"article.\xa0This Don\x92t \xa7 \xb7")
    assert text == "article.\u00a0This Don\u2019t \u00a7 \u00b7"
    assert warnings == ["decoded 4 non-ASCII byte(s) as cp1252"]


def test_cp437_when_bytes_are_undefined_in_cp1252() -> None:
    text, warnings = decode_bytes(b"Empf\x84nger \x81bermittelt")
    assert text == "Empf\u00e4nger \u00fcbermittelt"
    assert "cp437" in warnings[0]


def test_cp437_box_drawing() -> None:
    text, _ = decode_bytes(b"\xda\xc4\xc4\xc4\xbf")
    assert text == "\u250c\u2500\u2500\u2500\u2510"


def test_utf8_with_and_without_bom_and_utf16() -> None:
    word = "Zürich ™"
    assert decode_bytes(word.encode("utf-8"))[0] == word
    assert decode_bytes(codecs.BOM_UTF8 + word.encode("utf-8"))[0] == word
    assert decode_bytes(word.encode("utf-16"))[0] == word
    assert decode_bytes(codecs.BOM_UTF16_BE + word.encode("utf-16-be"))[0] == word


def test_sanitise_line_ends_tabs_and_controls() -> None:
    text, warnings = sanitise("a\r\nb\rc\td\x1b[31mred\x7f\x9b")
    assert text == "a\nb\nc       d[31mred"
    assert any("tab" in w for w in warnings)
    assert any("control" in w and "0x1B" in w for w in warnings)


def test_articles_in_other_encodings_parse_alike() -> None:
    txt = txt_article(title="Zürich Office Can’t Print")
    records = [
        parse_bytes(txt.encode(enc), f"x.{enc}")
        for enc in ("cp1252", "utf-8", "utf-8-sig", "utf-16")
    ]
    assert {r.title for r in records} == {"Zürich Office Can’t Print"}
    assert {tuple(s.text for s in r.sections) for r in records}.__len__() == 1


def test_escape_sequences_never_reach_the_record() -> None:
    body = "SYMPTOMS\n========\n\nThe printer prints \x1b]52;c;ZXZpbA==\x07 garbage.\n"
    rec = parse_bytes(txt_article(body=body).encode("latin-1"), "esc.txt")
    text = rec.sections[0].text
    assert "\x1b" not in text and "\x07" not in text
    assert "garbage" in text
    assert any("control" in w for w in rec.warnings)
