"""One article on screen: the preview beside the results, and the full article view.

Title and applies-to, the error messages with the paste's words highlighted, the
sections (the fix first in the preview, the article's own order in the full view), the
hotfix files as a table, references as a list to open, and the raw text on request.
Everything from the article is a `Text` built by tui.safe.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.timer import Timer
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from kbassist.kbparse.record import Article

from .. import events, strings
from ..render import as_text
from ..safe import highlighted, literal, one_line, plain
from .files_table import FilesTable

# The preview answers "what fixes it": these kinds, in this order, then nothing else.
PREVIEW_KINDS = ("cause", "resolution", "workaround", "status", "more_information")
HEADING = "bold underline"
PREVIEW_LINES = 24
TITLES_DELAY_S = 0.4


def article_body(article: Article, words: frozenset[str], full: bool) -> Text:
    """Applies-to, error messages and sections as one Text."""
    out = Text()

    def heading(label: str) -> None:
        if out.plain:
            out.append("\n")
        out.append(plain(label), style=HEADING)
        out.append("\n")

    if article.applies_to:
        heading(strings.CONSOLE_APPLIES_TO)
        for item in article.applies_to:
            out.append("  • ")
            out.append_text(literal(item))
            out.append("\n")
    if article.error_messages:
        heading(strings.CONSOLE_ERROR_MESSAGES)
        for m in article.error_messages:
            out.append("  ▌ ", style="bold red")
            out.append_text(highlighted(m, words))
            out.append("\n")
    if full:
        sections = list(article.sections)
        if article.preamble.strip():
            heading(strings.CONSOLE_PREAMBLE)
            out.append_text(literal(article.preamble.rstrip()))
            out.append("\n")
    else:
        order = {k: i for i, k in enumerate(PREVIEW_KINDS)}
        sections = sorted(
            (s for s in article.sections if s.kind in order), key=lambda s: order[s.kind]
        )
    for s in sections:
        heading(s.heading or s.kind)
        # A preview is redrawn on every paste and arrow key: long sections (some "More
        # information" parts run to hundreds of lines) are cut there; Enter shows all.
        lines = s.text.rstrip().split("\n")
        shown = lines if full else lines[:PREVIEW_LINES]
        out.append_text(highlighted("\n".join(shown), words))
        out.append("\n")
        if len(shown) < len(lines):
            more = strings.CONSOLE_PREVIEW_CUT.format(n=len(lines) - len(shown))
            out.append(more + "\n", style="dim italic")
    if not full and not sections and not article.error_messages:
        # An article without the usual sections: show its opening instead of nothing.
        first = next((s.text for s in article.sections if s.text.strip()), article.preamble)
        heading(strings.CONSOLE_OPENING)
        out.append_text(highlighted("\n".join(first.rstrip().split("\n")[:PREVIEW_LINES]), words))
    return out


TITLES_LIMIT = 40  # references looked up for their titles (Library.titles)


def reference_prompt(art_id: str, title: str | None, checked: bool) -> Text:
    """A reference: its id and title; "(not in the index)" only once it was looked up
    and not found (a reference past the first TITLES_LIMIT shows its id alone)."""
    out = Text(plain(art_id), style="bold")
    if title:
        out.append("  ")
        out.append_text(literal(title))
    elif checked:
        out.append("  ")
        out.append(strings.CONSOLE_NOT_IN_INDEX, style="dim")
    return out


class References(OptionList):
    """The reference list. Entering it highlights its first row, so Enter works at once
    (an OptionList starts with nothing highlighted and ignores Enter until an arrow)."""

    def on_focus(self) -> None:
        if self.highlighted is None and self.option_count:
            self.highlighted = 0


class ArticleView(VerticalScroll):
    """Shows one article; `full` chooses the full view over the preview."""

    can_focus = True

    def __init__(self, *, full: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.full = full
        self.article: Article | None = None
        self.words: frozenset[str] = frozenset()
        self._titles_timer: Timer | None = None
        self._missing: set[str] = set()
        """References looked up and not found in the index."""

    def compose(self) -> ComposeResult:
        yield Static(id="art-title", classes="art-title")
        yield Static(id="art-meta", classes="art-meta")
        yield Static(id="art-body", classes="art-body")
        yield Static(strings.CONSOLE_FILES, id="files-heading", classes="art-heading")
        yield FilesTable(id="files")
        yield Static(strings.CONSOLE_REFERENCES, id="refs-heading", classes="art-heading")
        yield References(id="refs", classes="refs")
        yield Static(id="art-tail", classes="art-tail")
        raw = TextArea(id="raw", read_only=True, soft_wrap=False, show_line_numbers=False)
        raw.display = False
        yield raw

    def on_mount(self) -> None:
        self.show(None)

    def show(self, article: Article | None, words: frozenset[str] = frozenset()) -> None:
        self.article = article
        self.words = words
        title = self.query_one("#art-title", Static)
        meta = self.query_one("#art-meta", Static)
        body = self.query_one("#art-body", Static)
        refs = self.query_one("#refs", OptionList)
        tail = self.query_one("#art-tail", Static)
        self.query_one("#raw", TextArea).display = False
        body.display = True
        self.scroll_home(animate=False)
        if article is None:
            title.update(Text(strings.CONSOLE_PREVIEW_EMPTY, style="dim"))
            for w in (meta, body, tail):
                w.update("")
            self._set_files([])
            self._set_refs([])
            return
        head = Text(plain(article.id) + "  ", style="bold")
        head.append_text(highlighted(article.title, words, "bold"))
        title.update(head)
        meta.update(
            Text(
                f"{one_line(article.product)} · {plain(article.modified) or '?'}"
                + (f" · {plain(article.area)}" if article.area else ""),
                style="dim",
            )
        )
        body.update(article_body(article, words, self.full))
        self._set_files(article.files)
        self._set_refs(article.related_articles)
        tail.update(
            Text("\n".join(plain(u) for u in article.urls), style="dim underline")
            if self.full and article.urls
            else Text("")
        )
        if self._titles_timer is not None:
            self._titles_timer.stop()
            self._titles_timer = None
        if article.related_articles:
            ids = list(article.related_articles)
            if self.full:
                self._load_titles(article.id, ids)
            else:
                # The preview changes with every arrow key and paste: titles (an index
                # read per reference) only once it has stayed on one article a moment.
                self._titles_timer = self.set_timer(
                    TITLES_DELAY_S, lambda: self._load_titles(article.id, ids)
                )
        refs.highlighted = None

    def _set_files(self, files: list) -> None:
        self.query_one("#files", FilesTable).show(files)
        self.query_one("#files-heading", Static).display = bool(files)

    def _set_refs(self, ids: list[str], titles: dict[str, str] | None = None) -> None:
        refs = self.query_one("#refs", OptionList)
        refs.clear_options()
        if titles is None:
            self._missing = set()
        else:
            self._missing = {i for i in ids[:TITLES_LIMIT] if i not in titles}
        refs.add_options(
            [
                Option(reference_prompt(i, (titles or {}).get(i), titles is not None), id=i)
                for i in ids
            ]
        )
        refs.display = bool(ids)
        self.query_one("#refs-heading", Static).display = bool(ids)

    @work(thread=True, exclusive=True, group="titles")
    def _load_titles(self, art_id: str, ids: list[str]) -> None:
        library = getattr(self.app, "library", None)
        if library is None:
            return
        titles = library.titles(ids, TITLES_LIMIT)
        self.app.call_from_thread(self._titles_loaded, art_id, ids, titles)

    def _titles_loaded(self, art_id: str, ids: list[str], titles: dict[str, str]) -> None:
        if self.article is None or self.article.id != art_id:
            return  # another article is shown by now
        refs = self.query_one("#refs", OptionList)
        keep = refs.highlighted
        self._set_refs(ids, titles)
        refs.highlighted = keep

    @on(OptionList.OptionSelected, "#refs")
    def _open_reference(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        art_id = event.option.id
        if not art_id:
            return
        if art_id in self._missing:
            # Known not to be here: say so where the person is, instead of a move that
            # cannot happen.
            self.notify(strings.CONSOLE_REF_NOT_IN_INDEX.format(id=plain(art_id)), markup=False)
            return
        self.post_message(events.OpenArticle(art_id))

    @property
    def place(self) -> tuple[float, int | None]:
        """Where the reader is: the scroll offset, and the highlighted reference when the
        reference list has the focus (ArticleScreen keeps it for Back)."""
        refs = self.query_one("#refs", OptionList)
        return self.scroll_y, refs.highlighted if refs.has_focus else None

    def restore(self, scroll_y: float, ref: int | None, tries: int = 5) -> None:
        """Back to a `place` once the article just shown is laid out. The layout can take
        more than one refresh to settle (the scroll bar appears, the text rewraps one
        column narrower), so a place below the end laid out so far waits a refresh more."""

        def go() -> None:
            if self.max_scroll_y < scroll_y and tries > 1:
                self.restore(scroll_y, ref, tries - 1)
                return
            if ref is not None:
                refs = self.query_one("#refs", OptionList)
                if ref < refs.option_count:
                    refs.focus(scroll_visible=False)
                    refs.highlighted = ref
            self.scroll_to(y=scroll_y, animate=False, immediate=True)

        self.call_after_refresh(go)

    @property
    def raw_shown(self) -> bool:
        return self.query_one("#raw", TextArea).display

    def toggle_raw(self, sources: list[str] | None = None) -> bool:
        """Switch between the formatted article and its plain text; True when raw."""
        raw = self.query_one("#raw", TextArea)
        if self.article is None:
            return False
        showing = not raw.display
        if showing:
            raw.load_text(plain(as_text(self.article, sources)))
        for wid in ("#art-body", "#files", "#files-heading", "#refs", "#refs-heading"):
            self.query_one(wid).display = not showing
        if not showing:
            self._set_files(self.article.files)
            self._set_refs(self.article.related_articles)
            self._load_titles(self.article.id, list(self.article.related_articles))
        raw.display = showing
        if showing:
            raw.focus()
        return showing
