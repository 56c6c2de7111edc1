"""No index yet, or an empty one: say so, and ingest something with a progress bar.

The path can be typed or picked in a directory tree; the bundled sample is one button
away (and is ingested without asking on the very first run of a bare `kbassist`).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DirectoryTree, Footer, Input, ProgressBar, Static

from .. import strings
from ..core import Opened, State, ingest_paths
from ..safe import literal
from ..sample import sample_dir
from ..widgets.paste_box import SafeInput
from .base import KbScreen


class PathTree(DirectoryTree):
    """File names are data too: no control character in one may reach the terminal."""

    def process_label(self, label: str | Text) -> Text:
        text = literal(label) if isinstance(label, str) else label
        lines = text.split()
        return lines[0] if lines else text


class EmptyScreen(KbScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "sample", "Ingest the sample"),
        Binding("ctrl+g", "ingest", "Ingest the path"),
    ]

    def __init__(self, opened: Opened, auto_sample: bool = False, start: Path | None = None):
        super().__init__()
        self.opened = opened
        self.auto_sample = auto_sample
        self.start = start or Path.cwd()
        self.sample = sample_dir()
        self.busy = False

    def compose(self) -> ComposeResult:
        state = (
            strings.CONSOLE_EMPTY_MISSING
            if self.opened.state is State.MISSING
            else (strings.CONSOLE_EMPTY_EMPTY)
        )
        with Vertical(id="empty"):
            yield Static(literal(state.format(path=self.opened.path), "bold"), id="empty-state")
            yield Static(Text(strings.CONSOLE_EMPTY_OFFER), id="empty-offer")
            with Horizontal(id="empty-path-row"):
                yield SafeInput(placeholder=strings.CONSOLE_EMPTY_PATH, id="ingest-path")
                yield Button(strings.CONSOLE_EMPTY_INGEST, id="ingest", variant="primary")
                yield Button(
                    strings.CONSOLE_EMPTY_SAMPLE, id="sample", disabled=self.sample is None
                )
            yield PathTree(self.start, id="picker")
            yield ProgressBar(id="progress", show_eta=False)
            yield Static(id="progress-label")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#progress", ProgressBar).display = False
        if self.sample is None:
            self.query_one("#progress-label", Static).update(Text(strings.CONSOLE_EMPTY_NO_SAMPLE))
        self.query_one("#ingest-path", Input).focus()
        if self.auto_sample and self.sample is not None:
            self.action_sample()

    @on(DirectoryTree.FileSelected)
    @on(DirectoryTree.DirectorySelected)
    def _picked(self, event: DirectoryTree.FileSelected | DirectoryTree.DirectorySelected) -> None:
        self.query_one("#ingest-path", Input).value = str(event.path)

    @on(Button.Pressed, "#ingest")
    @on(Input.Submitted, "#ingest-path")
    def action_ingest(self) -> None:
        raw = self.query_one("#ingest-path", Input).value.strip()
        if not raw:
            return
        path = Path(raw).expanduser()
        if not path.exists():
            self.notify(
                strings.CONSOLE_INGEST_NO_PATH.format(path=path), severity="error", markup=False
            )
            return
        self.run_ingest(path)

    @on(Button.Pressed, "#sample")
    def action_sample(self) -> None:
        if self.sample is not None:
            self.run_ingest(self.sample)

    def run_ingest(self, path: Path) -> None:
        if self.busy:
            return
        self.busy = True
        for wid in ("#ingest", "#sample", "#ingest-path"):
            self.query_one(wid).disabled = True
        bar = self.query_one("#progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self.query_one("#progress-label", Static).update(
            literal(strings.CONSOLE_INGESTING.format(source=path))
        )
        self._ingest(path)

    @work(thread=True, exclusive=True, group="ingest")
    def _ingest(self, path: Path) -> None:
        from kbassist.index.store import KbIndex

        last = [0.0]

        def progress(done: int, total: int | None) -> None:
            now = time.monotonic()
            if now - last[0] > 0.1:
                last[0] = now
                self.app.call_from_thread(self._progress, done, total)

        try:
            kb = self.opened.kb or KbIndex.open(self.opened.path, create=True)
            self.opened.kb = kb
            # One process for a single file; all cores for folders and archives.
            jobs = 1 if path.is_file() else None
            report = ingest_paths(
                kb,
                [str(path)],
                progress=progress,
                jobs=jobs,
                on_phase=lambda m: self.app.call_from_thread(self._phase, m),
            )
            total = kb.doc_count()
        except Exception as e:
            self.app.call_from_thread(self._failed, e)
            return
        self.app.call_from_thread(self._done, path, report, total)

    def _progress(self, done: int, total: int | None) -> None:
        self.query_one("#progress", ProgressBar).update(total=total, progress=done)

    def _phase(self, message: str) -> None:
        """After parsing (the semantic model): the bar has no count left to show."""
        self.query_one("#progress", ProgressBar).update(total=None)
        self.query_one("#progress-label", Static).update(literal(f"{message}..."))

    def _failed(self, error: Exception) -> None:
        self._unlock()
        text = strings.CONSOLE_INGEST_FAILED.format(error=error)
        self.query_one("#progress-label", Static).update(literal(text))
        self.notify(text, severity="error", markup=False)

    def _unlock(self) -> None:
        self.busy = False
        for wid in ("#ingest", "#ingest-path"):
            self.query_one(wid).disabled = False
        self.query_one("#sample").disabled = self.sample is None
        self.query_one("#progress", ProgressBar).display = False

    def _done(self, path: Path, report, total: int) -> None:
        summary = strings.CONSOLE_INGEST_DONE.format(
            added=report.added,
            updated=report.updated,
            unchanged=report.unchanged,
            failed=len(report.failed),
            total=total,
        )
        if total == 0:
            self._unlock()
            reason = report.failed[0][1] if report.failed else summary
            text = strings.CONSOLE_INGEST_NOTHING.format(source=path, reason=reason)
            self.query_one("#progress-label", Static).update(literal(text))
            self.notify(text, severity="warning", markup=False)
            return
        self.query_one("#progress", ProgressBar).update(total=1, progress=1)
        self.notify(summary, markup=False)
        kb = self.opened.kb
        assert kb is not None
        self.app.start_main(kb)
