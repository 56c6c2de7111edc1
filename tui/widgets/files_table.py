"""The hotfix files of an article as a table: name, version, size, date, platform."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from kbassist.kbparse.record import FileRow

from .. import strings
from ..safe import literal


def _right(text: Text) -> Text:
    text.justify = "right"
    return text


class FilesTable(DataTable):
    """Cells are Text, never str: DataTable reads a str cell as markup."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True, show_cursor=False)

    def on_mount(self) -> None:
        for label in strings.CONSOLE_FILE_COLUMNS:
            self.add_column(label)

    def show(self, files: list[FileRow]) -> None:
        self.clear()
        for f in files:
            self.add_row(
                literal(f.name),
                literal(f.version),
                _right(literal(f.size_text)),
                literal(f.date),
                literal(f.platform),
            )
        self.display = bool(files)
