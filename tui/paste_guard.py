"""An ESC inside a bracketed paste: kept out of Textual's key parser.

A paste from a terminal or a log can carry ESC bytes (`\\x1b[31m`). Textual 8.2.8's
XTermParser reads an ESC inside a bracketed paste as the start of a key sequence: the
text after it arrives as key presses *before* the paste's first part, so the paste box
showed the paste reordered (`[31mred def doneError: abc`). The paste box drops control
characters anyway (tui/safe.py), so here every ESC between the paste's start and end
markers is dropped before the parser sees it, and the paste arrives whole and in order.

This is the one place that reaches into Textual's private parts: the drivers build their
parser from the module-level name `XTermParser`, which `install()` replaces with a
subclass. `tests/test_paste_guard.py` fails loudly if the pinned Textual changes under it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import _xterm_parser

PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
_ESC = "\x1b"
_DRIVERS = (
    "textual.drivers.linux_driver",
    "textual.drivers.linux_inline_driver",
    "textual.drivers.web_driver",
)


class PasteFilter:
    """Drops ESC inside bracketed pastes from a stream of terminal input, chunk by chunk
    (a marker may be split between two chunks)."""

    def __init__(self) -> None:
        self.in_paste = False
        self._held = ""  # the start of what may be the end marker, split off a chunk
        self._tail = ""  # the last characters passed on outside a paste (a start marker
        # split between chunks is found across them)

    def __call__(self, data: str) -> str:
        out: list[str] = []
        text = self._held + data
        self._held = ""
        pos = 0
        while pos < len(text):
            if not self.in_paste:
                window = self._tail + text[pos:]
                start = window.find(PASTE_START)
                if start < 0:
                    out.append(text[pos:])
                    self._tail = window[-(len(PASTE_START) - 1) :]
                    break
                end = pos + start + len(PASTE_START) - len(self._tail)
                out.append(text[pos:end])
                pos = end
                self._tail = ""
                self.in_paste = True
                continue
            end = text.find(PASTE_END, pos)
            if end < 0:
                body = text[pos:]
                # Hold back a tail that could be the end marker's beginning.
                keep = _marker_prefix(body)
                if keep:
                    self._held, body = body[-keep:], body[:-keep]
                out.append(body.replace(_ESC, ""))
                break
            out.append(text[pos:end].replace(_ESC, "") + PASTE_END)
            pos = end + len(PASTE_END)
            self.in_paste = False
        return "".join(out)


def _marker_prefix(text: str) -> int:
    """How many characters at the end of `text` begin PASTE_END (0 when none)."""
    for n in range(min(len(PASTE_END) - 1, len(text)), 0, -1):
        if text.endswith(PASTE_END[:n]):
            return n
    return 0


class GuardedXTermParser(_xterm_parser.XTermParser):
    """Textual's parser, fed through a PasteFilter."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._paste_filter = PasteFilter()

    def feed(self, data: str) -> Iterable[Any]:
        if data:  # "" is end of file: passed on as it is
            data = self._paste_filter(data)
            if not data:
                return ()
        return super().feed(data)


def install() -> None:
    """Make every Textual driver build the guarded parser (idempotent)."""
    import importlib

    for name in _DRIVERS:
        module = importlib.import_module(name)
        if getattr(module, "XTermParser", None) is not None:
            module.XTermParser = GuardedXTermParser  # type: ignore[attr-defined]
