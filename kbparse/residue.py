"""HTML residue in article text: drop the converter's tags, keep the article's brackets.

The archive went through an HTML step that left `<BR/>` at line ends and table cells,
and a few `<B>`, `<I>`, `<P>` and `&nbsp;` in prose. But angle brackets are also real
article content: placeholders (`<X>`, `<servername>`), `#include <iostream>`, `<DIR>`,
keys like `<ENTER>`, and HTML code samples in FrontPage/IIS articles. A plain
`get_text()` over a line destroys all of those, so only known residue is handed to
BeautifulSoup, with every other `<` and `&` escaped first so they come back literally.
"""

from __future__ import annotations

import functools
import re

from bs4.dammit import EntitySubstitution, UnicodeDammit

from .decode import CONTROL
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


_RESIDUE = re.compile(f"{_RESIDUE_TAG.pattern}|{_ENTITY.pattern}", re.IGNORECASE)


def _soup_text(fragment: str) -> str:
    """The fragment with its residue tags dropped and its entities decoded, the rest as is.

    This is what BeautifulSoup's html.parser tree gave for the fragment with everything
    but the residue escaped (`get_text()`), done directly: a line of thousands of `<B>`
    cost BeautifulSoup tens of microseconds a tag (5 s/MB); this is one pass. As in bs4, a
    text between two tags that is nothing but ASCII blanks becomes one space.
    """
    out: list[str] = []
    run: list[str] = []  # the text since the last tag

    def end_run() -> None:
        text = "".join(run)
        run.clear()
        if text and not text.strip(_ASCII_SPACES):
            text = "\n" if "\n" in text else " "
        out.append(text)

    pos = 0
    for m in _RESIDUE.finditer(fragment):
        run.append(fragment[pos : m.start()])
        if m.group(0)[0] == "&":
            run.append(entity_text(m.group(0)[1:-1]))
        else:
            end_run()
        pos = m.end()
    run.append(fragment[pos:])
    end_run()
    # Entities may name control characters (`&#27;`): decode.py's rule holds for them too,
    # no escape sequence from an article reaches a terminal, however it was written.
    return CONTROL.sub("", "".join(out))


_ASCII_SPACES = " \n\t\x0c\r"


@functools.lru_cache(maxsize=1024)
def entity_text(name: str) -> str:
    """An entity's text as BeautifulSoup's html.parser builder gives it (`nbsp`, `#27`,
    `#x9B`)."""
    if name[0] == "#":
        base = 16 if name[1:2] in ("x", "X") else 10
        text = UnicodeDammit.numeric_character_reference(int(name[1 + (base == 16) :], base))[0]
    else:
        # Unknown names (`&NBSP;`) come back as written, less the semicolon, as in bs4.
        text = EntitySubstitution.HTML_ENTITY_TO_CHARACTER.get(name) or f"&{name}"
    return text


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
