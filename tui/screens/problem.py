"""An index that cannot be opened: say why, offer to rebuild it; never a traceback."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Static

from .. import strings
from ..core import Opened, State, set_aside
from ..safe import literal
from .base import KbScreen


class ProblemScreen(KbScreen):
    def __init__(self, opened: Opened) -> None:
        super().__init__()
        self.opened = opened

    def compose(self) -> ComposeResult:
        path = self.opened.path
        with Vertical(id="problem"):
            yield Static(Text(strings.CONSOLE_PROBLEM_TITLE, style="bold red"), id="problem-title")
            yield Static(literal(self.opened.problem), id="problem-text")
            yield Static(
                literal(
                    strings.CONSOLE_PROBLEM_OFFER.format(
                        aside=path.with_name(path.name + ".broken-<time>"), path=path
                    )
                ),
                id="problem-offer",
            )
            with Horizontal(id="problem-buttons"):
                yield Button(strings.CONSOLE_PROBLEM_REBUILD, id="rebuild", variant="warning")
                yield Button(strings.CONSOLE_PROBLEM_QUIT, id="quit")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#rebuild", Button).focus()

    @on(Button.Pressed, "#quit")
    def _quit(self) -> None:
        self.app.exit()

    @on(Button.Pressed, "#rebuild")
    def rebuild(self) -> None:
        path = self.opened.path
        try:
            aside = set_aside(path) if path.exists() else None
        except OSError as e:
            self.notify(
                strings.CONSOLE_REBUILD_FAILED.format(error=e), severity="error", markup=False
            )
            return
        if aside is not None:
            self.notify(strings.CONSOLE_REBUILT.format(aside=aside), markup=False)
        from .empty import EmptyScreen

        self.app.switch_screen(EmptyScreen(Opened(State.MISSING, path)))
