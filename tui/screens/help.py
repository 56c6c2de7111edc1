"""F1: every key of every screen, read from the screens' own bindings (so it cannot
drift from them), plus the mouse and the command palette."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from .. import strings
from .base import KbModal

_PRETTY = {"ctrl": "Ctrl", "escape": "Esc", "backspace": "Backspace", "enter": "Enter"}


def key_label(key: str) -> str:
    parts = [_PRETTY.get(p, p.upper() if len(p) <= 3 else p.capitalize()) for p in key.split("+")]
    return "+".join(parts)


def bindings_of(*classes: type) -> list[tuple[str, str]]:
    out = []
    for cls in classes:
        for b in getattr(cls, "BINDINGS", []):
            if isinstance(b, Binding) and b.description:
                what = b.tooltip or b.description
                keys = b.key_display or ", ".join(key_label(k) for k in b.key.split(","))
                out.append((keys, what))
    return out


def help_table(sections: list[tuple[str, list[tuple[str, str]]]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for title, rows in sections:
        table.add_row(Text(title, style="bold underline"), "")
        for key, what in rows:
            table.add_row(Text(key), Text(what))
        table.add_row("", "")
    return table


class HelpScreen(KbModal):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close"),
        Binding("f1", "dismiss", "Close", show=False),
        Binding("q", "dismiss", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        from ..widgets.paste_box import PasteBox
        from ..widgets.results import ResultList
        from .article import ArticleScreen
        from .browse import BrowseScreen
        from .main import MainScreen

        extra = strings.CONSOLE_HELP_EXTRA
        sections = [
            (title, [*bindings_of(*classes), *extra[title]])
            for title, classes in (
                (strings.CONSOLE_HELP_EVERYWHERE, (type(self.app),)),
                # The paste box's and the list's own keys are the search screen's path.
                (strings.CONSOLE_HELP_MAIN, (PasteBox, MainScreen, ResultList)),
                (strings.CONSOLE_HELP_ARTICLE, (ArticleScreen,)),
                (strings.CONSOLE_HELP_BROWSE, (BrowseScreen,)),
            )
        ]
        with VerticalScroll(id="help"):
            yield Static(Text(strings.CONSOLE_HELP_TITLE, style="bold"), id="help-title")
            yield Static(Text(f"{strings.CONSOLE_HELP_INTRO}\n{_encoder_line()}"), id="help-intro")
            yield Static(help_table(sections), id="help-keys")


def _encoder_line() -> str:
    """Whether the sentence encoder takes part in searches (index/encoder.py)."""
    from kbassist.index import encoder

    usable, status = encoder.status()
    fmt = strings.CONSOLE_ENCODER_IN_USE if usable else strings.CONSOLE_ENCODER_ABSENT
    return fmt.format(status=status)
