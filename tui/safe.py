"""Article and paste text on screen: literal, never markup, never terminal control.

Every widget that shows text from an article or a paste builds it here, as a
`rich.text.Text` (a Text is never parsed for markup, so `[boot]`, `[/3GB]` and
`[@click=app.quit]OK[/]` stay what they are), after `plain()` has removed the control
characters that could otherwise reach the terminal (ESC sequences, OSC 52 clipboard
writes, C1 controls, DEL). Records from `.jsonl` ingests are not cleaned by the parser,
so this is the last line, not the only one. The command line's human output (`search`'s
table, `show`, `products`) goes through `plain()` too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

# C0 except TAB and LF, DEL, C1; also CR (a bare CR would move the cursor).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_WORD = re.compile(r"[a-z0-9]+")

HIGHLIGHT = "bold reverse"


def plain(text: str | None) -> str:
    """`text` with every control character but TAB and newline removed."""
    if not text:
        return ""
    return _CONTROL.sub("", text)


def one_line(text: str | None, width: int | None = None) -> str:
    """Whitespace collapsed to single spaces, cut to `width` with an ellipsis."""
    s = " ".join(plain(text).split())
    if width is not None and len(s) > width:
        s = s[: max(width - 1, 0)] + "…"
    return s


def literal(text: str | None, style: str = "") -> Text:
    """A Text that shows `text` exactly (controls removed), whatever brackets it holds."""
    # Imported here: the command line uses plain() for its tables without loading rich.
    from rich.text import Text

    return Text(plain(text), style=style)


def highlighted(text: str | None, words: Iterable[str] | frozenset[str], style: str = "") -> Text:
    """Literal text with every word that is in `words` (lower-case) highlighted."""
    out = literal(text, style)
    wanted = words if isinstance(words, frozenset) else frozenset(words)
    if wanted:
        for m in _WORD.finditer(out.plain.lower()):
            if m.group(0) in wanted:
                out.stylize(HIGHLIGHT, m.start(), m.end())
    return out


def paste_words(paste: str) -> frozenset[str]:
    """The words of a paste worth highlighting in an article: cleaned like the search
    cleans it (buttons, window chrome and timestamps out), stop words and single letters
    left out so that `the` and `a` do not light up every line."""
    from kbassist.index.analysis import STOP, words
    from kbassist.index.clean import clean

    text = clean(paste).text if paste.strip() else ""
    return frozenset(w for w in words(text) if len(w) > 1 and w not in STOP)
