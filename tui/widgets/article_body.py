"""An article's text laid out for the pane it is in: prose reflowed, the rest kept.

The article view hands over `Piece`s (what tui.reflow made of the text, styled and
highlighted); this widget lays them out for its own width, again whenever that width
changes, into one literal `Text` with its line breaks already made, shown without
wrapping. So prose and list items fill the pane and preformatted lines are clipped with a
`…` instead of wrapping a second time.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from rich.text import Text
from textual import events
from textual.widgets import Static

from ..reflow import Block, blocks
from ..safe import highlighted, literal

# Below this many columns for an item's text, its hanging indent is dropped: a long
# marker would otherwise leave a column of one-word lines.
MIN_TEXT = 12
FALLBACK_WIDTH = 80  # before the widget has a size


@dataclass(frozen=True)
class Piece:
    """One run of the article as styled text.

    `hang` None: preformatted, one line per line of `text`, clipped to the width.
    Otherwise wrapped: `text` flows from column `indent` (behind `marker`), and its
    further lines start at column `hang`.
    """

    text: Text
    hang: int | None = 0
    indent: int = 0
    marker: Text | None = None


def pieces(text: str, words: frozenset[str], style: str = "") -> list[Piece]:
    """A section's text as pieces: tui.reflow's blocks, the paste's words highlighted."""
    out: list[Piece] = []
    for b in blocks(text):
        out.append(_piece(b, words, style))
    return out


def _piece(b: Block, words: frozenset[str], style: str) -> Piece:
    if b.kind == "pre":
        return Piece(highlighted(b.text, words, style), hang=None)
    if b.kind == "blank":
        return Piece(Text(""), hang=None)
    if b.kind == "item":
        return Piece(
            highlighted(b.text, words, style),
            hang=b.hang,
            indent=b.indent,
            marker=literal(b.marker),
        )
    return Piece(highlighted(b.text, words, style), hang=b.indent, indent=b.indent)


def lay_out(parts: list[Piece], width: int, console: Console) -> Text:
    """The pieces as one Text of lines no wider than `width` cells."""
    width = max(width, 1)
    lines: list[Text] = []
    for p in parts:
        if p.hang is None:
            for line in p.text.split("\n", allow_blank=True):
                line.truncate(width, overflow="ellipsis")
                lines.append(line)
            continue
        hang = p.hang if width - p.hang >= MIN_TEXT else 0
        first = Text(" " * min(p.indent, hang)) if p.indent else Text("")
        if p.marker is not None:
            first.append_text(p.marker)
        first.pad_right(max(hang - first.cell_len, 0))
        wrapped = p.text.wrap(console, max(width - hang, 1), overflow="fold")
        if hang < first.cell_len:
            # No room for the hanging indent: the marker is a line of its own.
            first.rstrip()
            first.truncate(width, overflow="ellipsis")
            lines.append(first)
            lines.extend(wrapped)
            continue
        for n, line in enumerate(wrapped):
            lead = first if n == 0 else Text(" " * hang)
            line.rstrip()
            lines.append(lead + line)
    return Text("\n").join(lines)


class ArticleBody(Static):
    """Shows pieces laid out for its width (`show`), laid out again on a resize."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._parts: list[Piece] = []
        self._width = 0

    def show(self, parts: list[Piece]) -> None:
        self._parts = parts
        self._lay_out()

    @property
    def laid_out_width(self) -> int:
        """The width the text was last laid out for."""
        return self._width

    def _lay_out(self) -> None:
        self._width = self.content_size.width or FALLBACK_WIDTH
        self.update(lay_out(self._parts, self._width, self.app.console))

    def on_resize(self, event: events.Resize) -> None:
        if self.content_size.width and self.content_size.width != self._width:
            self._lay_out()
