"""The main screen: paste, filters, results, and the first result previewed beside them.

Typing is debounced; a bracketed paste searches at once. Each search runs in a thread
worker (typing never waits on the index) and carries a sequence number: a result that
is not the latest one asked for is dropped, so a slow search can never overwrite the
answer to a newer paste.

The keyboard path a help desk lives on: paste, Down (or Tab) to the results, a digit or
the arrows to the one wanted, Enter. Tab goes paste box -> results -> preview -> filters:
the filters sit above the list on screen but come last in the Tab order.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Static, TextArea

from .. import events, strings
from ..core import Query
from ..safe import paste_words
from ..widgets.article_view import ArticleView
from ..widgets.filters import FilterBar
from ..widgets.paste_box import PasteBox
from ..widgets.results import ResultList
from .base import COPY_BINDINGS, KbScreen

if TYPE_CHECKING:
    from kbassist.index.search import SearchResult

DEBOUNCE_S = 0.2


class MainScreen(KbScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+o", "open", "Open", tooltip="Open the highlighted article"),
        Binding("ctrl+b", "app.browse", "Browse", tooltip="Browse by product"),
        Binding("ctrl+f", "filters", "Filters", tooltip="Go to the filters"),
        Binding("ctrl+r", "reset_filters", "No filters", tooltip="Drop every filter"),
        Binding("ctrl+l", "clear", "Clear", tooltip="Clear the paste box"),
        *COPY_BINDINGS,
        Binding("ctrl+s", "export", "Export", tooltip="Export the result list"),
        Binding("escape", "focus_paste", "Paste box", show=False, tooltip="Back to the paste box"),
        # Tab in this screen's own order (see the module docstring); no description, so
        # neither the footer nor F1 lists them twice (F1 has its own Tab line).
        Binding("tab", "next_part", show=False),
        Binding("shift+tab", "next_part(-1)", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._seq = 0
        self._timer = None
        self.words: frozenset[str] = frozenset()
        self.last: SearchResult | None = None
        self.shown_seq = 0
        self.shown_at = 0.0
        self._global_choices: dict[str, list[tuple[str, int]]] = {}
        self.loading = False
        self.ready_count: int | None = None
        """Articles in the index, once the warm-up has finished (the idle status line)."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            with Vertical(id="left"):
                box = PasteBox(id="paste")
                box.border_title = strings.CONSOLE_PASTE_TITLE
                yield box
                yield FilterBar(id="filters")
                yield Static(id="status")
                yield ResultList(id="results")
            yield ArticleView(id="preview")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#results", ResultList).show_hint(strings.CONSOLE_HINT)
        self.query_one("#paste", PasteBox).focus()
        # The first search waits for the index's warm-up (app.warm); say so while the
        # person pastes, instead of a first search that seems to hang.
        self.loading = not self.app.warmed
        if self.loading:
            self._set_status(self._idle_status())
        # Index-wide work (filter choices, the speller) starts once the first frame is
        # out: in threads, it would still compete with that frame for the GIL.
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        if not self.app.warmed:
            self.app.warm()
        self._load_choices()

    def index_ready(self, count: int) -> None:
        """The warm-up is done (app.warm): searches answer at full speed from now on."""
        if not self.loading:
            return
        self.loading = False
        self.ready_count = count
        if self.last is None and self._seq == self.shown_seq:
            self._set_status(self._idle_status())

    def _idle_status(self) -> Text:
        """The status line with no search shown: loading, or ready with the count."""
        if self.loading:
            return Text(strings.CONSOLE_LOADING)
        if self.ready_count is not None:
            return Text(strings.CONSOLE_READY.format(n=self.ready_count))
        return Text("")

    def _set_status(self, line: Text, weak: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(line)
        status.set_class(weak, "-weak")

    # -- the filters' choices without a query ---------------------------------------
    @work(thread=True, group="choices")
    def _load_choices(self) -> None:
        library = self.app.library
        found = {name: library.field_counts(name) for name in ("product", "area", "issue_type")}
        self.app.call_from_thread(self._choices_loaded, found)

    def _choices_loaded(self, found: dict[str, list[tuple[str, int]]]) -> None:
        self._global_choices = found
        bar = self.query_one(FilterBar)
        bar.set_choices("#f-issue", found["issue_type"])
        if self.last is None:
            bar.set_choices("#f-product", found["product"])
            bar.set_choices("#f-area", found["area"])

    # -- searching ----------------------------------------------------------------
    @on(TextArea.Changed, "#paste")
    def _typed(self, event: TextArea.Changed) -> None:
        box = self.query_one("#paste", PasteBox)
        if box.just_pasted:
            box.just_pasted = False
            self.search_now()
        else:
            self._debounce()

    @on(events.FiltersChanged)
    def _filters_changed(self) -> None:
        self.search_now()

    def _debounce(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE_S, self.search_now)

    def query_now(self) -> Query:
        bar = self.query_one(FilterBar)
        return Query(
            text=self.query_one("#paste", PasteBox).text,
            product=bar.product,
            area=bar.area,
            since=bar.since,
            until=bar.until,
            issue_type=bar.issue_type,
        )

    def search_now(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._seq += 1
        q = self.query_now()
        if not q.text.strip():
            self._show_idle()
            return
        if self.loading:
            self._set_status(Text(strings.CONSOLE_SEARCHING_WHILE_LOADING))
        self._search(self._seq, q)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, seq: int, q: Query) -> None:
        try:
            result = self.app.library.search(q)
            words = paste_words(q.text)
        except Exception as e:  # a damaged segment must not take the console down
            self.app.call_from_thread(self._failed, seq, e)
            return
        self.app.call_from_thread(self._show, seq, q, result, words)

    def _failed(self, seq: int, error: Exception) -> None:
        if seq == self._seq:
            self.notify(
                strings.CONSOLE_SEARCH_FAILED.format(error=error), severity="error", markup=False
            )

    def _show(self, seq: int, q: Query, result: SearchResult, words: frozenset[str]) -> None:
        if seq != self._seq:
            return  # a newer paste or filter is on its way
        self.last = result
        self.words = words
        results = self.query_one("#results", ResultList)
        bar = self.query_one(FilterBar)
        if result.hits:
            results.show_hits(result.hits, words)
            fmt = strings.CONSOLE_RESULTS_FILTERED if q.filtered else strings.CONSOLE_RESULTS
            line = fmt.format(n=len(result.hits))
            if result.encoder:
                line += strings.CONSOLE_BY_MEANING
        else:
            results.show_nothing(result.suggestions, q.filtered)
            line = ""
        if result.weak:
            # Said above the list in words, not by colour alone: none of these articles
            # is known to be about the paste, and what to try instead.
            line = f"{line}\n{strings.SEARCH_WEAK}" if line else strings.SEARCH_WEAK
        self._set_status(Text(line), weak=result.weak)
        # A facet's counts leave out its own filter (index.search), so with one product
        # chosen the list still shows the other products and their counts.
        bar.set_choices("#f-product", result.facets.get("product", []))
        bar.set_choices("#f-area", result.facets.get("area", []))
        self.shown_seq = seq
        self.shown_at = time.perf_counter()

    def _show_idle(self) -> None:
        self.last = None
        self.words = frozenset()
        self.query_one("#results", ResultList).show_hint(strings.CONSOLE_HINT)
        self._set_status(self._idle_status())
        bar = self.query_one(FilterBar)
        if self._global_choices:
            if bar.product is None:
                bar.set_choices("#f-product", self._global_choices["product"])
            if bar.area is None:
                bar.set_choices("#f-area", self._global_choices["area"])
        self.shown_seq = self._seq
        self.shown_at = time.perf_counter()

    # -- the list and the preview -------------------------------------------------
    @on(events.Preview)
    def _preview(self, event: events.Preview) -> None:
        self.query_one("#preview", ArticleView).show(event.article, self.words)

    @on(events.OpenArticle)
    def _open(self, event: events.OpenArticle) -> None:
        self.app.open_article(event.article_id, self.words, event.article)

    @on(events.LeavePaste)
    def _to_results(self) -> None:
        results = self.query_one("#results", ResultList)
        if results.has_choices:
            results.focus()

    @on(events.LeaveList)
    def _to_paste(self, event: events.LeaveList) -> None:
        event.stop()
        self.query_one("#paste", PasteBox).focus()

    @on(events.UseSuggestion)
    def _suggestion(self, event: events.UseSuggestion) -> None:
        self.query_one("#paste", PasteBox).set_paste(event.text)
        self.search_now()

    @on(events.DropFilters)
    def _drop_filters(self) -> None:
        self.action_reset_filters()

    @property
    def current(self):
        return self.query_one("#results", ResultList).current

    # -- actions ------------------------------------------------------------------
    def action_open(self) -> None:
        article = self.current
        if article is not None:
            self.app.open_article(article.id, self.words, article)

    def action_filters(self) -> None:
        self.query_one("#f-product").focus()

    def action_reset_filters(self) -> None:
        self.query_one(FilterBar).clear()
        self.search_now()

    def action_clear(self) -> None:
        self.query_one("#paste", PasteBox).set_paste("")
        self.query_one("#paste", PasteBox).focus()
        self.search_now()

    def action_next_part(self, step: int = 1) -> None:
        """Tab / Shift+Tab: Textual's focus chain (screen order) with the filters moved
        last, so the results come right after the paste box."""
        bar = self.query_one(FilterBar)
        chain = self.focus_chain
        order = [w for w in chain if bar not in w.ancestors_with_self] + [
            w for w in chain if bar in w.ancestors_with_self
        ]
        if not order:
            return
        here = self.focused
        i = order.index(here) if here in order else (-1 if step > 0 else 0)
        order[(i + step) % len(order)].focus()

    def action_focus_paste(self) -> None:
        self.query_one("#paste", PasteBox).focus()

    def action_copy(self, markdown: bool) -> None:
        self.app.copy_fix(self.current, markdown)

    def action_export(self) -> None:
        hits = self.last.hits if self.last else []
        self.app.export_records(
            [h.record for h in hits], strings.CONSOLE_EXPORT_RESULTS.format(n=len(hits))
        )
