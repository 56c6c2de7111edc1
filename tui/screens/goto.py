"""Go to article Q…: a one-line dialog."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from kbassist.kbparse.ids import canonical_id

from .. import strings
from ..safe import plain
from ..widgets.paste_box import SafeInput
from .base import KbModal


class GoToDialog(KbModal[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="goto", classes="dialog"):
            yield Static(strings.CONSOLE_GOTO_TITLE, classes="dialog-title")
            yield SafeInput(placeholder=strings.CONSOLE_GOTO_PLACEHOLDER, id="goto-id")

    def on_mount(self) -> None:
        self.query_one("#goto-id", Input).focus()

    @on(Input.Submitted, "#goto-id")
    def _go(self, event: Input.Submitted) -> None:
        art_id = canonical_id(event.value)
        if art_id is None:
            self.notify(strings.CONSOLE_GOTO_BAD.format(text=plain(event.value)), markup=False)
            return
        self.dismiss(art_id)
