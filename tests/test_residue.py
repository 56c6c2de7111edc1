"""HTML residue goes; the article's own angle brackets stay."""

from __future__ import annotations

import pytest

from kbassist.kbparse.residue import clean_line


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "   02/08/2000  19:27  60,176  Mpr.dll       Intel<BR/>",
            "   02/08/2000  19:27  60,176  Mpr.dll       Intel",
        ),
        ("Default: 15<BR/>", "Default: 15"),
        ("<B>Caution</B>: back up WIN.INI first.", "Caution: back up WIN.INI first."),
        ("Click <I>Options</I> on the Tools menu.", "Click Options on the Tools menu."),
        ("NOTE: &nbsp;For more information", "NOTE: \u00a0For more information"),
        ("Cats &amp; dogs, &lt;X&gt; and &#65;", "Cats & dogs, <X> and A"),
        ("C:\\&gt;format a:", "C:\\>format a:"),
    ],
)
def test_residue_is_removed(line: str, expected: str) -> None:
    assert clean_line(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "An error occurred while connecting to <X>: the device is in use.",
        "Cannot find <servername> or <drive>:<filename>",
        "#include <iostream>",
        "WINDOWS      <DIR>        03-14-95  9:15a",
        "Press <ENTER> to continue, <ESC> to quit.",
        '   <P><A HREF="index.htm"><B>Charset</B></A>',
        '   <%= Request.Form("name") %><br>',
        '     Response.Write "<p>By Key:<br>"',
        "if (a < b && c > d) return;",
    ],
)
def test_article_text_survives(line: str) -> None:
    assert clean_line(line) == line
