"""The paste box (multi-line: a whole dialog or ticket) and the one-line inputs; neither
keeps the control characters a paste can carry."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import Input, TextArea

from .. import events as kb_events
from .. import strings
from ..safe import plain


class PasteBox(TextArea):
    """A TextArea whose pasted text loses its control characters before it lands.

    A paste from a terminal or a log can carry ESC sequences; a TextArea would keep them
    in its document and draw them.

    Down on the last line (where a paste leaves the cursor) goes on to the results: one
    key from the paste to the list. Enter still adds a line, as a paste box must.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "down",
            "down_or_results",
            "Results",
            key_display="↓",
            tooltip="Down at the end of the paste: to the result list",
        ),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            id=id,
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            highlight_cursor_line=False,
            placeholder=strings.CONSOLE_PASTE_PLACEHOLDER,
        )
        self.just_pasted = False
        """Set by a paste: the screen searches at once instead of after the debounce."""

    async def _on_paste(self, event: events.Paste) -> None:
        # Stop TextArea's own handler, which would insert the raw text.
        event.prevent_default()
        event.stop()
        if self.read_only:
            return
        text = plain(event.text.replace("\r\n", "\n").replace("\r", "\n"))
        self.just_pasted = True
        if result := self._replace_via_keyboard(text, *self.selection):
            self.move_cursor(result.end_location)
            self.focus()

    def action_down_or_results(self) -> None:
        # The last row as drawn (a long last line wraps): above it Down moves the cursor.
        if self.navigator.is_last_wrapped_line(self.cursor_location):
            self.post_message(kb_events.LeavePaste())
        else:
            self.action_cursor_down()

    def set_paste(self, text: str) -> None:
        """Replace the whole paste (a suggestion, a test) with clean text."""
        self.load_text(plain(text))
        self.move_cursor(self.document.end)


class SafeInput(Input):
    """A one-line Input whose pasted text loses its control characters too."""

    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()
        event.stop()
        lines = plain(event.text).splitlines()
        if lines:
            if self.selection.is_empty:
                self.insert_text_at_cursor(lines[0])
            else:
                self.replace(lines[0], *self.selection)
