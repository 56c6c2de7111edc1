"""The result list: rank, Q-number, title; how it matched, product and versions, date;
and a highlighted one-line snippet.

It also lists a browsed node's articles, and, when nothing matched, the did-you-mean
suggestions and the way to drop the filters, so every next step is one Enter away.
Keys: a digit 1-9 highlights that result (paste -> Down -> 6 -> Enter opens the sixth),
Up on the first row goes back to where the list was entered from (the paste box).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from .. import events, strings
from ..labels import product_line
from ..safe import highlighted, literal, one_line, plain

if TYPE_CHECKING:
    from kbassist.index.search import Hit
    from kbassist.kbparse.record import Article

SNIPPET_WIDTH = 160  # the list cuts each line to its own width; this bounds the work
# How a result matched (index.search.Hit.match), strongest first. The label's words say
# it (strings.MATCH_LABELS); the style only repeats it for a quicker read.
MATCH_STYLES = {
    "quote": "bold green",
    "code": "bold green",
    "words": "bold",
    "meaning": "bold cyan",
    "weak": "yellow",
}


def entry(
    rank: int,
    article: Article,
    snippet: str | None,
    words: frozenset[str],
    match: str | None = None,
) -> Text:
    """One row: rank, id and title; how it matched, product and versions, date; snippet."""
    out = Text(f"{rank:>2} ", style="dim")
    out.append(plain(article.id), style="bold")
    out.append("  ")
    out.append_text(highlighted(one_line(article.title), words))
    out.append("\n   ")
    if match is not None:
        out.append(strings.MATCH_LABELS[match], style=MATCH_STYLES.get(match, ""))
        out.append(" · ", style="dim")
    out.append_text(literal(f"{product_line(article)} · {plain(article.modified) or '?'}", "dim"))
    if snippet:
        out.append("\n   ")
        out.append_text(highlighted(one_line(snippet, SNIPPET_WIDTH), words, "italic"))
    return out


class ResultList(OptionList):
    """Options are `art:<id>`, `suggest:<n>` or `drop-filters`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "jump(1)", "Result n", key_display="1-9", tooltip="Highlight result n"),
        *(Binding(str(n), f"jump({n})", show=False) for n in range(2, 10)),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.articles: dict[str, Article] = {}
        self.suggestions: list[str] = []

    def show_hits(self, hits: list[Hit], words: frozenset[str]) -> None:
        self.articles = {h.id: h.record for h in hits}
        self.suggestions = []
        self._replace(
            [
                Option(entry(n, h.record, h.snippet, words, h.match), id=f"art:{h.id}")
                for n, h in enumerate(hits, 1)
            ]
        )

    def show_articles(self, articles: list[Article], words: frozenset[str]) -> None:
        self.articles = {a.id: a for a in articles}
        self.suggestions = []
        self._replace(
            [Option(entry(n, a, None, words), id=f"art:{a.id}") for n, a in enumerate(articles, 1)]
        )

    def show_nothing(self, suggestions: list[str], filtered: bool) -> None:
        """No results: what else to try, each an option."""
        self.articles = {}
        self.suggestions = list(suggestions)
        options = [Option(Text(strings.CONSOLE_NO_RESULTS, style="bold"), disabled=True)]
        for n, s in enumerate(suggestions):
            prompt = Text(strings.CONSOLE_DID_YOU_MEAN)
            prompt.append_text(literal(one_line(s, SNIPPET_WIDTH), "bold"))
            options.append(Option(prompt, id=f"suggest:{n}"))
        if filtered:
            options.append(Option(Text(strings.CONSOLE_DROP_FILTERS), id="drop-filters"))
        self._replace(options)

    def show_hint(self, text: str) -> None:
        self.articles = {}
        self.suggestions = []
        self._replace([Option(Text(text, style="dim"), disabled=True)])

    def _replace(self, options: list[Option]) -> None:
        self.clear_options()
        self.add_options(options)
        first = next((i for i, o in enumerate(options) if not o.disabled), None)
        self.highlighted = first
        if first is None:
            self.post_message(events.Preview(None))

    @property
    def current(self) -> Article | None:
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        if option.id and option.id.startswith("art:"):
            return self.articles.get(option.id[4:])
        return None

    @property
    def has_choices(self) -> bool:
        """Whether any option can be chosen (not only the hint or "No results")."""
        return any(not o.disabled for o in self.options)

    # -- keys ---------------------------------------------------------------------
    def action_jump(self, n: int) -> None:
        """Highlight the n-th result (1-based), so paste -> Down -> n -> Enter opens it."""
        if n <= self.option_count and not self.get_option_at_index(n - 1).disabled:
            self.highlighted = n - 1

    def action_cursor_up(self) -> None:
        # Up on the first choice leaves the list for where it was entered from (the paste
        # box above it), instead of wrapping round to the last result.
        first = next((i for i, o in enumerate(self.options) if not o.disabled), None)
        if self.highlighted is not None and self.highlighted == first:
            self.post_message(events.LeaveList())
            return
        super().action_cursor_up()

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(events.Preview(self.current))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        oid = event.option.id or ""
        if oid.startswith("art:"):
            self.post_message(events.OpenArticle(oid[4:], self.articles.get(oid[4:])))
        elif oid.startswith("suggest:"):
            self.post_message(events.UseSuggestion(self.suggestions[int(oid[8:])]))
        elif oid == "drop-filters":
            self.post_message(events.DropFilters())
