"""Progress of a long command on stderr, for parse, ingest and export alike.

Drawn by rich.progress (rich comes with Textual, already a dependency): a bar when the
total is known, a count and a rate always, time left, lines printed above it. Shown only
when stderr is a terminal, never into a pipe or a file, and only once the work has gone
on for `DELAY_S`: a short run draws nothing and never imports rich (~70 ms of start-up),
so `kbassist parse one.txt` pays nothing for it.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, TextIO

import click

from . import strings

if TYPE_CHECKING:
    from rich.progress import Progress as RichProgress
    from rich.progress import TaskID

DELAY_S = 0.3
# Callers report every input; rich redraws ten times a second, so handing it more
# updates than that only costs the caller time.
_EVERY_S = 0.1


class Progress:
    """`update(done, total)` as the work goes, `phase(message)` for work with no count,
    `echo(line)` for a line on stderr that must not tear the bar, `close()` at the end
    (also as a context manager). The bar is transient: it leaves nothing behind."""

    def __init__(
        self,
        label: str,
        *,
        show: bool = True,
        stream: TextIO | None = None,
        delay: float = DELAY_S,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = show and self.stream.isatty()
        self.label = label
        self._started = time.monotonic()
        self._visible_from = self._started + delay
        self._next = 0.0
        self._bar: RichProgress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def update(self, done: int, total: int | None = None, note: str = "") -> None:
        """`done` of `total` (None: not known); `note` follows the label (`3 failed`)."""
        if not self.enabled:
            return
        now = time.monotonic()
        if now < self._next or (self._bar is None and now < self._visible_from):
            return
        self._next = now + _EVERY_S
        rate = done / max(now - self._started, 1e-6)
        count = f"{done:,}/{total:,}" if total else f"{done:,}"
        self._draw(
            description=f"{self.label} · {note}" if note else self.label,
            completed=done,
            total=total or None,
            count=count,
            rate=strings.PROGRESS_RATE.format(rate=rate),
        )

    def phase(self, message: str) -> None:
        """Work that has no count to show (ingest's semantic model): say what it is."""
        if not self.enabled:
            return
        if self._bar is None:
            self._bar, self._task = self._start()
        # A fresh task: rich cannot take a known total back, and this work has none.
        assert self._task is not None
        self._bar.update(self._task, visible=False)
        self._task = self._bar.add_task(f"{message}…", total=None, count="", rate="")
        # The rate shown is the phase's own (the encoder's articles a second, not the
        # parser's inputs).
        self._started = time.monotonic()
        self._next = self._started + _EVERY_S

    def echo(self, line: str) -> None:
        if self._bar is not None:
            # Through rich, so that the line goes above the bar instead of through it.
            self._bar.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            click.echo(line, file=self.stream)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def _draw(self, **fields: object) -> None:
        if self._bar is None:
            self._bar, self._task = self._start()
        assert self._task is not None
        # Drawn now, not at rich's next tick: a line echoed meanwhile is drawn with the
        # frame of the last refresh. Updates are throttled, so this costs little.
        self._bar.update(self._task, refresh=True, **fields)  # type: ignore[arg-type]

    def _start(self) -> tuple[RichProgress, TaskID]:
        from rich.console import Console
        from rich.progress import BarColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as RichProgress

        bar = RichProgress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[count]}"),
            TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(),
            console=Console(file=self.stream, force_terminal=True),
            transient=True,
            # Records go to stdout as bytes and other lines through echo(): nothing
            # for rich to catch.
            redirect_stdout=False,
            redirect_stderr=False,
        )
        task = bar.add_task(self.label, total=None, count="", rate="")
        bar.start()
        return bar, task
