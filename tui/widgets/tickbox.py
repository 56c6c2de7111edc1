"""A checkbox whose state shows in its glyph, `[x]` or `[ ]`, not by colour alone.

Textual's Checkbox draws the same `X` for on and off and tells them apart by colour,
which a colour-blind reader, a monochrome terminal or a screenshot in a ticket loses.
"""

from __future__ import annotations

from textual.widgets import Checkbox


class TickBox(Checkbox):
    # Textual draws the sides in the button's background colour (half blocks): as
    # brackets they would vanish, so the whole `[x]` is the button's text instead.
    BUTTON_LEFT = ""
    BUTTON_RIGHT = ""

    # Textual reads BUTTON_INNER on every render: a property makes it follow the value.
    @property  # type: ignore[override]
    def BUTTON_INNER(self) -> str:
        return "[x]" if self.value else "[ ]"
