"""The console's App: thin. It opens the index, routes between screens, and holds the
few actions every screen shares (open an article, copy the fix, export, help, theme).

Built by `make_app(index=...)` (posting's pattern) so tests hand it a small index and
the command line hands it a folder.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from kbassist.index.store import KbIndex, user_data_dir
from kbassist.kbparse.record import Article

from . import strings
from .clipboard import TOOLS, fallback_copy
from .commands import ArticleIdCommands, KbPalette
from .core import Library, Opened, State, open_index
from .fix import fix_markdown, fix_text

STYLES = Path(__file__).parent / "styles"


class KbConsole(App[None]):
    CSS_PATH: ClassVar[list[Path]] = [STYLES / "console.tcss"]
    TITLE = strings.CONSOLE_TITLE
    COMMANDS = App.COMMANDS | {ArticleIdCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", tooltip="Every key"),
        Binding("ctrl+g", "goto", "Go to", tooltip="Go to an article by its Q number"),
    ]

    def __init__(
        self,
        index_dir: Path,
        *,
        kb: KbIndex | None = None,
        first_run: bool = False,
        blink: bool = True,
        data_dir: Path | None = None,
        clipboard_tools: tuple = TOOLS,
        start_dir: Path | None = None,
        export_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.index_dir = index_dir
        self._given_kb = kb
        self.first_run = first_run
        self.blink = blink
        self.data_dir = data_dir
        self.clipboard_tools = clipboard_tools
        self.start_dir = start_dir
        self.export_dir = export_dir
        self.library: Library | None = None
        self.opened: Opened | None = None
        self.warmed = False
        """The index's warm-up (`warm`) has finished for the current library."""

    # -- routing ------------------------------------------------------------------
    def on_mount(self) -> None:
        if self._given_kb is not None:
            kb = self._given_kb
            state = State.READY if kb.doc_count() else State.EMPTY
            self.opened = Opened(state, kb.path, kb)
        else:
            self.opened = open_index(self.index_dir)
        self.route(self.opened)

    def route(self, opened: Opened) -> None:
        from .screens.empty import EmptyScreen
        from .screens.problem import ProblemScreen

        if opened.state is State.READY:
            assert opened.kb is not None
            self.start_main(opened.kb)
        elif opened.state is State.BROKEN:
            self.push_screen(ProblemScreen(opened))
        else:
            self.push_screen(EmptyScreen(opened, auto_sample=self.first_run, start=self.start_dir))

    def start_main(self, kb: KbIndex) -> None:
        from .screens.main import MainScreen

        self.library = Library(kb, owned=kb is not self._given_kb)
        self.warmed = False
        screen = MainScreen()
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    @work(thread=True, group="warm")
    def warm(self) -> None:
        # The did-you-mean speller takes a moment to build on a large index: build it
        # now, not in the first search that meets a typo.
        library = self.library
        if library is None:
            return
        library.warm()
        count = library.doc_count()
        # Everything loaded so far (searcher, speller, Textual's own objects) lives as
        # long as the console: out of the collector's sight, a full collection no longer
        # walks it. Measured: without this, gen-2 collections of up to a second made
        # the slowest pastes on the full index.
        gc.freeze()
        try:
            self.call_from_thread(self._warmed, library, count)
        except RuntimeError:
            return  # the console closed meanwhile: nobody to tell

    def _warmed(self, library: Library, count: int) -> None:
        if library is not self.library:
            return  # a newer index took its place meanwhile
        self.warmed = True
        for screen in self.screen_stack:
            ready = getattr(screen, "index_ready", None)
            if ready is not None:
                ready(count)

    def on_unmount(self) -> None:
        if self.library is not None:
            self.library.close()
        elif self.opened and self.opened.kb and self.opened.kb is not self._given_kb:
            self.opened.kb.close()

    # -- shared actions -----------------------------------------------------------
    def open_article(
        self, art_id: str, words: frozenset[str] = frozenset(), article: Article | None = None
    ) -> None:
        from .screens.article import ArticleScreen

        if isinstance(self.screen, ArticleScreen):
            self.screen.open(art_id)
        else:
            self.push_screen(ArticleScreen(art_id, words, article))

    def copy_fix(self, article: Article | None, markdown: bool) -> None:
        if article is None:
            self.notify(strings.CONSOLE_NOTHING_TO_COPY, severity="warning")
            return
        text = fix_markdown(article) if markdown else fix_text(article)
        self.copy_to_clipboard(text)
        self._copy_fallback(article.id, text, markdown)

    @work(thread=True, group="copy")
    def _copy_fallback(self, art_id: str, text: str, markdown: bool) -> None:
        folder = self.data_dir or user_data_dir() / "clipboard"
        suffix = ".md" if markdown else ".txt"
        done = fallback_copy(text, folder, suffix, self.clipboard_tools)
        fmt = "Markdown" if markdown else "text"
        if done.tool:
            note = strings.CONSOLE_COPIED_TOOL.format(id=art_id, fmt=fmt, tool=done.tool)
        else:
            note = strings.CONSOLE_COPIED_SAVED.format(id=art_id, fmt=fmt, path=done.saved)
        self.call_from_thread(self.notify, note, markup=False)

    def export_records(self, records: Sequence[Article], what: str) -> None:
        from .screens.export import ExportDialog, export_formats

        if not records:
            self.notify(strings.CONSOLE_NOTHING_TO_EXPORT, severity="warning")
            return
        try:
            formats = export_formats()
        except ImportError as e:
            self.notify(strings.CONSOLE_EXPORT_UNAVAILABLE.format(error=e), markup=False)
            return
        self.push_screen(ExportDialog(records, what, formats, self.export_dir))

    def action_command_palette(self) -> None:
        # Textual's own action, with the palette that follows the app's blink setting.
        if self.use_command_palette and not KbPalette.is_open(self):
            self.push_screen(KbPalette(id="--command-palette"))

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_browse(self) -> None:
        from .screens.browse import BrowseScreen

        if self.library is not None and not isinstance(self.screen, BrowseScreen):
            self.push_screen(BrowseScreen())

    def action_goto(self) -> None:
        from .screens.goto import GoToDialog

        if self.library is None:
            return

        def go(art_id: str | None) -> None:
            if art_id:
                self.open_article(art_id)

        self.push_screen(GoToDialog(), go)

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def action_export_results(self) -> None:
        action = getattr(self.screen, "action_export", None)
        if action is not None:
            action()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        if self.library is not None:
            yield SystemCommand(*strings.CONSOLE_CMD_GOTO, self.action_goto)
            if hasattr(screen, "action_export"):
                yield SystemCommand(*strings.CONSOLE_CMD_EXPORT, screen.action_export)
            yield SystemCommand(*strings.CONSOLE_CMD_BROWSE, self.action_browse)
        yield SystemCommand(*strings.CONSOLE_CMD_THEME, self.action_toggle_theme)
        yield SystemCommand(*strings.CONSOLE_CMD_HELP, self.action_help)
        yield from super().get_system_commands(screen)


def make_app(
    index: KbIndex | Path | str | None = None,
    *,
    first_run: bool = False,
    blink: bool = True,
    data_dir: Path | None = None,
    clipboard_tools: tuple = TOOLS,
    start_dir: Path | None = None,
    export_dir: Path | None = None,
) -> KbConsole:
    """The console on an open index (tests: not closed by the app), a folder, or the
    default index folder."""
    from kbassist.index.store import default_index_dir

    if isinstance(index, KbIndex):
        path, kb = index.path, index
    else:
        path, kb = (Path(index) if index is not None else default_index_dir()), None
    return KbConsole(
        path,
        kb=kb,
        first_run=first_run,
        blink=blink,
        data_dir=data_dir,
        clipboard_tools=clipboard_tools,
        start_dir=start_dir,
        export_dir=export_dir,
    )
