"""The filter bar: product (with counts from the search's facets), area, years, issue type.

Each choice says what its count counts: articles in the index before a search, articles
sharing a word with the paste after one (the search's facets: thousands for a common
word, so never to be read as results). The bar is one row when the pane is wide enough
for every label, else two (the product on a row of its own); the dropdowns are as wide
as their names (styles/console.tcss)."""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.events import Resize
from textual.widgets import Input, Select

from .. import events, strings
from ..safe import literal, one_line
from .paste_box import SafeInput

_NONE = "(none)"
NAME_WIDTH = 72  # a choice's name is cut here (the archive's longest run past 80)
# Below this width the bar takes two rows: the fixed columns (area 10, years 11 and 9,
# issue type 14, four gaps) leave the product less than 24 columns on one.
ONE_ROW_MIN = 72

Scope = Literal["index", "matches"]
_COUNTED = {"index": strings.CONSOLE_FILTER_IN_INDEX, "matches": strings.CONSOLE_FILTER_IN_MATCHES}


def _prompt(value: str, count: int | None, scope: Scope = "index") -> Text:
    label = strings.CONSOLE_NO_VALUE if value == _NONE else one_line(value, NAME_WIDTH)
    out = literal(label)
    if count is not None:
        out.append("  " + _COUNTED[scope].format(n=count), style="dim")
    return out


def _year(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() and len(text) == 4 else None


class FilterBar(Horizontal):
    """Posts `events.FiltersChanged` when a filter changes."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._choices: dict[str, tuple] = {}

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < ONE_ROW_MIN, "-narrow")

    def compose(self) -> ComposeResult:
        yield Select([], prompt=strings.CONSOLE_FILTER_PRODUCT, id="f-product", compact=True)
        yield Select([], prompt=strings.CONSOLE_FILTER_AREA, id="f-area", compact=True)
        yield SafeInput(
            placeholder=strings.CONSOLE_FILTER_SINCE,
            id="f-since",
            type="integer",
            max_length=4,
            compact=True,
        )
        yield SafeInput(
            placeholder=strings.CONSOLE_FILTER_UNTIL,
            id="f-until",
            type="integer",
            max_length=4,
            compact=True,
        )
        yield Select([], prompt=strings.CONSOLE_FILTER_ISSUE, id="f-issue", compact=True)

    # -- values -------------------------------------------------------------------
    def _value(self, wid: str) -> str | None:
        v = self.query_one(wid, Select).value
        return v if isinstance(v, str) else None

    @property
    def product(self) -> str | None:
        return self._value("#f-product")

    @property
    def area(self) -> str | None:
        return self._value("#f-area")

    @property
    def issue_type(self) -> str | None:
        return self._value("#f-issue")

    @property
    def since(self) -> int | None:
        return _year(self.query_one("#f-since", Input).value)

    @property
    def until(self) -> int | None:
        return _year(self.query_one("#f-until", Input).value)

    # -- options ------------------------------------------------------------------
    def set_choices(
        self,
        wid: str,
        counts: list[tuple[str, int]],
        limit: int = 80,
        scope: Scope = "index",
    ) -> None:
        """Offer `counts` (value, articles), most articles first, as the choices, keeping
        the current value; `scope` says what was counted: the index, or the articles
        sharing a word with the paste. Rebuilt only when they changed: this runs on every
        search."""
        select = self.query_one(wid, Select)
        current = select.value if isinstance(select.value, str) else None
        wanted = (tuple(counts[:limit]), current, scope)
        if self._choices.get(wid) == wanted:
            return
        self._choices[wid] = wanted
        options = [(_prompt(v, c, scope), v) for v, c in counts[:limit]]
        if current is not None and current not in {v for _p, v in options}:
            options.insert(0, (_prompt(current, None), current))
        with self.prevent(Select.Changed):
            select.set_options(options)
            if current is not None:
                select.value = current

    def clear(self) -> None:
        with self.prevent(Select.Changed, Input.Changed):
            for wid in ("#f-product", "#f-area", "#f-issue"):
                self.query_one(wid, Select).clear()
            for wid in ("#f-since", "#f-until"):
                self.query_one(wid, Input).value = ""

    @on(Select.Changed)
    @on(Input.Changed)
    def _changed(self, event: Select.Changed | Input.Changed) -> None:
        event.stop()
        if isinstance(event, Input.Changed) and event.value.strip() and _year(event.value) is None:
            return  # a year being typed: wait for four digits
        self.post_message(events.FiltersChanged())
