"""Export the result list or the open article to a file, in the export issue's formats.

Built on `index.export` (`FORMATS`, `write_export`, `ExportError`); the write runs in a
thread worker so a large export never freezes the console.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Select, Static

from kbassist.kbparse.record import Article

from .. import strings
from ..safe import literal
from ..widgets.paste_box import SafeInput
from ..widgets.tickbox import TickBox
from .base import KbModal


def export_formats() -> list[str]:
    """The formats index.export offers (raises ImportError when it is not there)."""
    from kbassist.index.export import FORMATS

    return list(FORMATS)


def default_path(fmt: str, folder: Path | None = None) -> Path:
    return (folder or Path.cwd()) / f"kbassist-export.{_suffix(fmt)}"


def _suffix(fmt: str) -> str:
    try:
        from kbassist.index.export import SUFFIXES
    except ImportError:
        return fmt
    return SUFFIXES.get(fmt, fmt)


def _refusal(fmt: str, dest: Path, force: bool, error: Exception) -> str:
    """Why the export was refused, in the dialog's terms. index.export speaks to the
    command line (`use --force`); when overwriting is all that stood in the way, say so
    by the dialog's checkbox instead."""
    from kbassist.index.export import ExportError, check_destination

    if not force:
        try:
            check_destination(fmt, dest, force=True)
        except (ExportError, OSError):
            pass  # refused for another reason too: index.export's words stand
        else:
            return strings.CONSOLE_EXPORT_EXISTS.format(
                path=dest, force=strings.CONSOLE_EXPORT_FORCE
            )
    return str(error)


class ExportDialog(KbModal[Path | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(
        self, records: Sequence[Article], what: str, formats: list[str], folder: Path | None = None
    ) -> None:
        super().__init__()
        self.records = list(records)
        self.what = what
        self.formats = formats
        self.folder = folder
        self.busy = False

    def compose(self) -> ComposeResult:
        first = self.formats[0]
        with Vertical(id="export", classes="dialog"):
            yield Static(
                literal(strings.CONSOLE_EXPORT_TITLE.format(what=self.what)), classes="dialog-title"
            )
            yield Static(strings.CONSOLE_EXPORT_FORMAT)
            yield Select(
                [(Text(f), f) for f in self.formats],
                value=first,
                allow_blank=False,
                id="export-format",
            )
            yield Static(strings.CONSOLE_EXPORT_PATH)
            yield SafeInput(str(default_path(first, self.folder)), id="export-path")
            yield TickBox(strings.CONSOLE_EXPORT_FORCE, id="export-force")
            yield TickBox(strings.CONSOLE_EXPORT_EXCEL, id="export-excel")
            yield Static(id="export-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(strings.CONSOLE_EXPORT_GO, id="export-go", variant="primary")
                yield Button(strings.CONSOLE_EXPORT_CANCEL, id="export-cancel")

    def on_mount(self) -> None:
        # The format first: Enter there opens the choice. Starting in the File box, the
        # first Enter exported the default format at once.
        self.query_one("#export-format", Select).focus()

    @on(Select.Changed, "#export-format")
    def _format(self, event: Select.Changed) -> None:
        path_in = self.query_one("#export-path", Input)
        old = Path(path_in.value)
        if isinstance(event.value, str) and old.stem == "kbassist-export":
            path_in.value = str(old.with_name(f"kbassist-export.{_suffix(event.value)}"))

    @on(Button.Pressed, "#export-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#export-go")
    @on(Input.Submitted, "#export-path")
    def start(self) -> None:
        if self.busy:
            return
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self._error(strings.CONSOLE_EXPORT_NO_PATH)
            return
        fmt = self.query_one("#export-format", Select).value
        force = self.query_one("#export-force", Checkbox).value
        excel = self.query_one("#export-excel", Checkbox).value
        self.busy = True
        self._write(str(fmt), Path(raw).expanduser(), force, excel)

    @work(thread=True, exclusive=True, group="export")
    def _write(self, fmt: str, dest: Path, force: bool, excel: bool) -> None:
        from kbassist.index.export import ExportError, write_export

        try:
            n = write_export(self.records, fmt, dest, force=force, excel=excel)
        except ExportError as e:
            self.app.call_from_thread(self._failed, _refusal(fmt, dest, force, e))
            return
        except OSError as e:
            self.app.call_from_thread(self._failed, str(e))
            return
        self.app.call_from_thread(self._written, n, dest)

    def _failed(self, error: str) -> None:
        self.busy = False
        self._error(strings.CONSOLE_EXPORT_FAILED.format(error=error))

    def _error(self, text: str) -> None:
        self.query_one("#export-error", Static).update(literal(text, "bold red"))

    def _written(self, n: int, dest: Path) -> None:
        self.notify(strings.CONSOLE_EXPORT_DONE.format(n=n, path=dest), markup=False)
        self.dismiss(dest)
