"""The result list: Q-number, title, product, date and a highlighted one-line snippet.

It also lists a browsed node's articles, and, when nothing matched, the did-you-mean
suggestions and the way to drop the filters, so every next step is one Enter away.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from .. import events, strings
from ..safe import highlighted, literal, one_line, plain

if TYPE_CHECKING:
    from kbassist.index.search import Hit
    from kbassist.kbparse.record import Article

SNIPPET_WIDTH = 160  # the list cuts each line to its own width; this bounds the work


def entry(
    art_id: str,
    title: str,
    product: str,
    modified: str | None,
    snippet: str | None,
    words: frozenset[str],
) -> Text:
    out = Text(plain(art_id), style="bold")
    out.append("  ")
    out.append_text(highlighted(one_line(title), words))
    out.append("\n")
    out.append_text(literal(f"{one_line(product)} · {plain(modified) or '?'}", "dim"))
    if snippet:
        out.append("\n")
        out.append_text(highlighted(one_line(snippet, SNIPPET_WIDTH), words, "italic"))
    return out


class ResultList(OptionList):
    """Options are `art:<id>`, `suggest:<n>` or `drop-filters`."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.articles: dict[str, Article] = {}
        self.suggestions: list[str] = []

    def show_hits(self, hits: list[Hit], words: frozenset[str]) -> None:
        self.articles = {h.id: h.record for h in hits}
        self.suggestions = []
        self._replace(
            [
                Option(
                    entry(h.id, h.title, h.product, h.modified, h.snippet, words), id=f"art:{h.id}"
                )
                for h in hits
            ]
        )

    def show_articles(self, articles: list[Article], words: frozenset[str]) -> None:
        self.articles = {a.id: a for a in articles}
        self.suggestions = []
        self._replace(
            [
                Option(entry(a.id, a.title, a.product, a.modified, None, words), id=f"art:{a.id}")
                for a in articles
            ]
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
