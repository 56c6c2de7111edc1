"""What every console screen shares: cursors that blink only when the app says so, and
the copy keys (the same on every screen that shows a fix)."""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import ModalScreen, Screen, ScreenResultType
from textual.widgets import Input, TextArea

COPY_BINDINGS = [
    Binding("ctrl+t", "copy(False)", "Copy", tooltip="Copy the fix as plain text"),
    Binding("ctrl+n", "copy(True)", "Copy MD", tooltip="Copy the fix as Markdown"),
]


def settle_cursors(screen: Screen) -> None:
    # Snapshot tests run with blinking off: a blinking cursor makes frames differ.
    blink = getattr(screen.app, "blink", True)
    for w in screen.query(Input):
        w.cursor_blink = blink
    for t in screen.query(TextArea):
        t.cursor_blink = blink


class KbScreen(Screen):
    def on_mount(self) -> None:
        settle_cursors(self)


class KbModal(ModalScreen[ScreenResultType]):
    def on_mount(self) -> None:
        settle_cursors(self)
