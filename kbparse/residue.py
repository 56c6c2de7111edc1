"""HTML residue in article text: drop the converter's tags, keep the article's brackets.

The archive went through an HTML step that left `<BR/>` at line ends and table cells,
and a few `<B>`, `<I>`, `<P>` and `&nbsp;` in prose. But angle brackets are also real
article content: placeholders (`<X>`, `<servername>`), `#include <iostream>`, `<DIR>`,
keys like `<ENTER>`, and HTML code samples in FrontPage/IIS articles. A plain
`get_text()` over a line destroys all of those, so only known residue is handed to
BeautifulSoup, with every other `<` and `&` escaped first so they come back literally.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from .lines import match_lines

# `<BR/>` (the XHTML spelling) never appears in 1990s article text or code samples; it
# is always the converter's, wherever it sits.
_XHTML_BR = re.compile(r"<BR/>", re.IGNORECASE)
_RESIDUE_TAG = re.compile(r"</?(?:B|I|U|P|EM|STRONG)>|<BR\s*/?>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:nbsp|amp|lt|gt|quot|apos|#[0-9]{1,5}|#x[0-9a-fA-F]{1,4});")
# A line that is (part of) an HTML code sample: it opens with a tag, carries a tag with
# attributes, server-side script, or a tag inside a string literal. Such a line keeps
# its tags; they are the sample.
_CODE_LINE = re.compile(
    r"""^\s*<(?!/?(?:B|I|U|EM|STRONG|BR)\s*/?>)[A-Za-z!/%]|<[A-Za-z]+\s+[A-Za-z-]+\s*="""
    r"""|<%|["']<[A-Za-z/]""",
    re.IGNORECASE,
)
_QUICK = re.compile(r"<[A-Za-z/]|&[#a-zA-Z]")


def _soup_text(fragment: str) -> str:
    # Escape everything that is not residue so html.parser returns it unchanged.
    pieces: list[str] = []
    pos = 0
    for m in re.finditer(f"{_RESIDUE_TAG.pattern}|{_ENTITY.pattern}", fragment, re.IGNORECASE):
        pieces.append(fragment[pos : m.start()].replace("&", "&amp;").replace("<", "&lt;"))
        pieces.append(m.group(0))
        pos = m.end()
    pieces.append(fragment[pos:].replace("&", "&amp;").replace("<", "&lt;"))
    return BeautifulSoup("".join(pieces), "html.parser").get_text()


def clean_line(line: str) -> str:
    """The line without converter residue; unchanged when it has none."""
    if not _QUICK.search(line):
        return line
    out = _XHTML_BR.sub("", line)
    if _CODE_LINE.search(out):
        return out
    if _RESIDUE_TAG.search(out) or _ENTITY.search(out):
        out = _soup_text(out)
    return out


_ANY = re.compile(f"{_XHTML_BR.pattern}|{_RESIDUE_TAG.pattern}|{_ENTITY.pattern}", re.IGNORECASE)


def clean_lines(lines: list[str]) -> tuple[list[str], int]:
    """Clean every line; returns the lines and how many were changed."""
    # One pass over the whole text finds the few lines that hold residue at all.
    hits = match_lines(_ANY, "\n".join(lines))
    if not hits:
        return lines, 0
    out = list(lines)
    changed = 0
    for k in hits:
        new = clean_line(out[k])
        if new != out[k]:
            changed += 1
            # A `<BR/>` that stood alone leaves only its indentation behind.
            out[k] = new.rstrip() if not new.strip() else new
    return out, changed
