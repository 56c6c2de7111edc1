"""The command palette's Q-number command: type `Q253729` (or `253729`) in Ctrl+P and
open the article, as Ctrl+G does. The palette is where people look for every command;
an id typed there used to match nothing."""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import CommandPalette, Hit, Hits, Provider

from kbassist.kbparse.ids import canonical_id

from . import strings
from .safe import literal, one_line
from .screens.base import settle_cursors


class ArticleIdCommands(Provider):
    async def search(self, query: str) -> Hits:
        art_id = canonical_id(query)
        library = getattr(self.app, "library", None)
        if art_id is None or library is None:
            return
        # An index read under the library's lock: off the event loop, which draws the
        # palette meanwhile.
        article = await asyncio.to_thread(library.get, art_id)
        if article is not None:
            text = strings.CONSOLE_CMD_OPEN.format(id=art_id, title=one_line(article.title, 80))
        else:
            text = strings.CONSOLE_CMD_OPEN_MISSING.format(id=art_id)
        # Opened either way: for an id not in the index, open_article says so.
        yield Hit(
            1.0,
            literal(text),
            partial(self.app.open_article, art_id),
            text=text,
            help=strings.CONSOLE_CMD_OPEN_HELP,
        )


class KbPalette(CommandPalette):
    """Textual's palette with the console's cursor rule: its input blinks only when the
    app says so (the blinking cursor made the palette's snapshots differ run to run)."""

    def on_mount(self) -> None:
        settle_cursors(self)
