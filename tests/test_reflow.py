"""Prose reflows to the pane, everything else keeps its layout (tui/reflow.py and the
article body's layout), on invented text."""

from __future__ import annotations

import io
import re

from rich.console import Console
from rich.text import Text

from kbassist.tui.reflow import Block, blocks
from kbassist.tui.widgets.article_body import lay_out, pieces

# An invented article section, wrapped at 79 columns the way the archive's are.
SECTION = """\
When the invented spooler service starts on a computer that has more than one
network adapter, the queue file may be locked and its password may have become
mismatched with the one the print server holds.

To work around this problem:

1. Stop the spooler service on the server and remove the file named in the
  following message from the queue folder, then start the service again.

2. Type the following command:

     net stop spooler  /y
     del %systemroot%\\queue\\*.lck

- Restart the computer.

File name      Version      Size
------------------------------------
Spoolx.dll     1.0.2        12,345

Microsoft Invented Support
One Invented Way
"""


def kinds(text: str) -> list[str]:
    return [b.kind for b in blocks(text)]


def test_a_wrapped_paragraph_is_one_block() -> None:
    first = blocks(SECTION)[0]
    assert first == Block(
        "prose",
        "When the invented spooler service starts on a computer that has more than one "
        "network adapter, the queue file may be locked and its password may have become "
        "mismatched with the one the print server holds.",
    )


def test_short_lines_are_breaks_the_author_made() -> None:
    # Neither line reached the wrap width: each stays a line of its own.
    assert blocks("Microsoft Invented Support\nOne Invented Way\n") == [
        Block("prose", "Microsoft Invented Support"),
        Block("prose", "One Invented Way"),
    ]
    # A sentence that ends well short of the width ends its paragraph, even when the
    # next word would have fitted; mid-sentence, a line a little short still continues.
    text = (
        "x" * 78 + "\n\n"
        "All rights reserved by the Invented Corporation.\n"
        "Contributions by the invented team of the Invented Corporation, who\n"
        "wrote this text."
    )
    assert [b.text[:12] for b in blocks(text)] == ["x" * 12, "", "All rights r", "Contribution"]
    assert blocks(text)[3].text.endswith("who wrote this text.")


def test_list_items_keep_marker_and_indent_and_take_their_continuation() -> None:
    items = [b for b in blocks(SECTION) if b.kind == "item"]
    assert [(b.marker, b.indent, b.hang) for b in items] == [
        ("1. ", 0, 3),
        ("2. ", 0, 3),
        ("- ", 0, 2),
    ]
    # The continuation sits one column short of the item's text (the archive's cut).
    assert items[0].text.startswith("Stop the spooler") and items[0].text.endswith("again.")
    assert items[1].text == "Type the following command:"


def test_code_tables_and_rules_keep_their_lines_exactly() -> None:
    pre = [b.text for b in blocks(SECTION) if b.kind == "pre"]
    assert pre == [
        "     net stop spooler  /y\n     del %systemroot%\\queue\\*.lck",
        "File name      Version      Size\n"
        "------------------------------------\n"
        "Spoolx.dll     1.0.2        12,345",
    ]
    # A column gap inside a paragraph's width makes a line a table row, not prose; two
    # spaces after a full stop do not.
    assert kinds("Name   Value\nA      1") == ["pre"]
    assert kinds("It stops.  Then it starts.") == ["prose"]
    assert kinds("Heading\n=======") == ["prose", "pre"]
    assert kinds("a | b | c") == ["pre"]


def test_blank_lines_stay_and_nothing_is_lost() -> None:
    got = blocks(SECTION)
    assert [b.kind for b in got].count("blank") == SECTION.rstrip("\n").count("\n\n")
    # Every word of the text is in exactly one block, in order.
    words = " ".join((b.marker + b.text) if b.kind != "blank" else "" for b in got).split()
    assert words == SECTION.split()


def test_a_text_indented_as_a_whole_is_prose_at_its_own_base() -> None:
    text = "   " + "word " * 15 + "end\n   " + "more words here."
    assert blocks(text) == [Block("prose", ("word " * 15) + "end more words here.")]
    assert blocks("") == [] and blocks("\n\n") == []


def test_deeper_indentation_is_preformatted_even_when_it_looks_like_a_list() -> None:
    text = "Run this:\n\n        - not an item but code\n"
    assert kinds(text) == ["prose", "blank", "pre"]


# -- the layout for a width --------------------------------------------------------------

CONSOLE = Console(width=200, file=io.StringIO())


def laid_out(text: str, width: int) -> list[str]:
    return lay_out(pieces(text, frozenset()), width, CONSOLE).plain.split("\n")


def test_prose_fills_the_width_and_is_never_broken_twice() -> None:
    lines = laid_out(SECTION, 40)
    assert all(len(line) <= 40 for line in lines)
    # The first paragraph fills its lines: no line that ends early in mid-paragraph (the
    # "wraps twice" look: a full line, then a stub of the archive's own line end).
    para = lines[: lines.index("")]
    assert all(len(line) >= 30 for line in para[:-1])
    wide = laid_out(SECTION, 300)
    assert wide[0].startswith("When the invented") and wide[0].endswith("print server holds.")


def test_items_hang_under_their_marker_and_code_is_clipped_not_wrapped() -> None:
    lines = laid_out(SECTION, 30)
    start = next(i for i, line in enumerate(lines) if line.startswith("1. Stop"))
    assert lines[start + 1].startswith("   ") and lines[start + 1][3] != " "
    code = [line for line in lines if "net stop" in line or "del %" in line]
    assert code == ["     net stop spooler  /y", "     del %systemroot%\\queue\\*…"]
    assert "-" * 29 + "…" in lines  # the rule, cut to the width, the cut marked
    assert all(len(line) <= 30 for line in lines)


def test_text_stays_literal() -> None:
    nasty = "[bold]x[/bold] [@click=app.quit]OK[/] " * 4
    out = lay_out(pieces(nasty, frozenset({"ok"})), 30, CONSOLE)
    assert isinstance(out, Text)
    assert re.sub(r"\s+", " ", out.plain).strip() == nasty.strip()
    # The paste's words are highlighted, on whichever line they landed.
    assert any(out.plain[s.start : s.end] == "OK" for s in out.spans)


def test_a_pane_too_narrow_for_the_hanging_indent_still_shows_every_word() -> None:
    for width in (1, 5, 12):
        lines = laid_out(SECTION, width)
        assert all(len(line) <= width for line in lines), width
        items = lay_out(pieces("10. " + "word " * 6, frozenset()), width, CONSOLE).plain
        assert items.split() == ["10.", *["word"] * 6] or width < 4
