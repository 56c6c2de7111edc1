"""The article view, full screen, with a history like a browser's.

Enter on a reference opens it here (the article shown so far goes on the history, with
where the reader was in it); Backspace or Escape goes back one, to that place, and from
the first article back to where it was opened from. `r` switches to the raw article
text and back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Static

from kbassist.kbparse.ids import canonical_id
from kbassist.kbparse.record import Article

from .. import events, strings
from ..safe import plain
from ..widgets.article_view import ArticleView
from .base import COPY_BINDINGS, KbScreen


@dataclass
class Place:
    """An article on the history, and where the reader was in it."""

    id: str
    scroll_y: float = 0.0
    ref: int | None = None
    """The highlighted reference, when the reference list had the focus."""
    article: Article | None = None
    """The record as it was shown: Back shows the same text, so the place fits it."""


class ArticleScreen(KbScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to the previous article or list"),
        Binding(
            "backspace", "back", "Back", show=False, priority=True, tooltip="Back, like Escape"
        ),
        Binding("r", "raw", "Raw text", tooltip="Show the raw article text, or the article again"),
        *COPY_BINDINGS,
        Binding("ctrl+s", "export", "Export", tooltip="Export this article"),
        Binding("ctrl+b", "app.browse", "Browse", tooltip="Browse by product"),
    ]

    def __init__(
        self, article_id: str, words: frozenset[str] = frozenset(), article: Article | None = None
    ) -> None:
        super().__init__()
        self.words = words
        self.history: list[Place] = []
        self.article: Article | None = None
        self._first = (article_id, article)

    def compose(self) -> ComposeResult:
        yield Static(id="trail")
        yield ArticleView(full=True, id="article")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        art_id, article = self._first
        if article is not None:
            self._shown(article)
        else:
            self._load(art_id)
        self.query_one("#article", ArticleView).focus()

    # -- loading ------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="article")
    def _load(self, art_id: str, back: Place | None = None) -> None:
        article = self.app.library.get(art_id)
        self.app.call_from_thread(self._loaded, art_id, article, back)

    def _loaded(self, art_id: str, article: Article | None, back: Place | None) -> None:
        if article is None:
            self.notify(strings.CONSOLE_ARTICLE_MISSING.format(id=plain(art_id)), markup=False)
            if self.article is None:
                self.dismiss()
            elif back is None and self.history:
                self.history.pop()  # the move did not happen
            return
        self._shown(article)
        view = self.query_one("#article", ArticleView)
        if back is not None:
            view.restore(back.scroll_y, back.ref)
        elif self.focused is not view:
            # A followed reference: the reader starts at the top of the new article, not
            # in its reference list far below.
            view.focus(scroll_visible=False)

    def _shown(self, article: Article) -> None:
        self.article = article
        view = self.query_one("#article", ArticleView)
        if view.raw_shown:
            view.toggle_raw()
        view.show(article, self.words)
        trail = self.query_one("#trail", Static)
        trail.update(
            Text(
                strings.CONSOLE_HISTORY.format(trail=" › ".join(p.id for p in self.history)),
                style="dim",
            )
            if self.history
            else Text("")
        )
        trail.display = bool(self.history)

    def open(self, art_id: str) -> None:
        art_id = canonical_id(art_id) or art_id.strip()
        if self.article is not None:
            if art_id == self.article.id:
                return
            scroll_y, ref = self.query_one("#article", ArticleView).place
            self.history.append(Place(self.article.id, scroll_y, ref, self.article))
        self._load(art_id)

    @on(events.OpenArticle)
    def _open(self, event: events.OpenArticle) -> None:
        event.stop()
        self.open(event.article_id)

    # -- actions ------------------------------------------------------------------
    def action_back(self) -> None:
        if self.history:
            place = self.history.pop()
            if place.article is not None:
                self._loaded(place.id, place.article, place)
            else:
                self._load(place.id, back=place)
        else:
            self.dismiss()

    def action_raw(self) -> None:
        view = self.query_one("#article", ArticleView)
        sources = self.app.library.sources(self.article.id) if self.article else None
        if not view.toggle_raw(sources):
            view.focus()

    def action_copy(self, markdown: bool) -> None:
        self.app.copy_fix(self.article, markdown)

    def action_export(self) -> None:
        if self.article is not None:
            self.app.export_records(
                [self.article], strings.CONSOLE_EXPORT_ARTICLE.format(id=self.article.id)
            )
