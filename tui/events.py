"""Every Textual message the console's widgets send, in one place (toolong's rule):
a screen's handlers can be read against this list."""

from __future__ import annotations

from textual.message import Message

from kbassist.kbparse.record import Article


class OpenArticle(Message):
    """Open an article full screen (a result, a reference, a browsed row, Go to)."""

    def __init__(self, article_id: str, article: Article | None = None) -> None:
        super().__init__()
        self.article_id = article_id
        self.article = article


class Preview(Message):
    """Show this article beside the list (the highlighted result or row)."""

    def __init__(self, article: Article | None) -> None:
        super().__init__()
        self.article = article


class UseSuggestion(Message):
    """Search for a did-you-mean suggestion instead."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class DropFilters(Message):
    """Search again without any filter."""


class FiltersChanged(Message):
    """A filter was set or cleared."""


class LeavePaste(Message):
    """Down on the paste box's last line: go on to the result list."""


class LeaveList(Message):
    """Up on a list's first row: back to where the list was entered from."""
