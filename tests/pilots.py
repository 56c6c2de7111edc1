"""What the console's Pilot tests share: the event loop wrapper, the app as the tests
build it, waiting for workers to land, and the pasted dialog most of them use."""

from __future__ import annotations

import asyncio
import functools
import html
from pathlib import Path

from textual import events

from kbassist.index.store import KbIndex
from kbassist.tui.app import KbConsole, make_app
from kbassist.tui.widgets.article_view import TITLES_DELAY_S
from kbassist.tui.widgets.paste_box import PasteBox

SPOOLER_PASTE = (
    "Print Spooler\n\nThe invented spooler service stopped printing\n"
    "because the queue file is locked.\n\nOK"
)


def pilot_test(fn):
    """Run an async pilot test in its own event loop (no asyncio plugin needed)."""

    @functools.wraps(fn)
    def run(*args: object, **kwargs: object) -> None:
        asyncio.run(fn(*args, **kwargs))

    return run


def console(kb: KbIndex, data_dir: Path, **kw: object) -> KbConsole:
    """The console over `kb`, no cursor blink, its clipboard fallback in `data_dir`."""
    return make_app(kb, blink=False, data_dir=data_dir, clipboard_tools=(), **kw)


async def settle(pilot, titles: bool = False, rounds: int = 2) -> None:
    """Let workers finish and their results land on screen; `titles`: also wait out the
    quiet period after which the preview fills in reference titles (snapshots)."""
    if titles:
        await pilot.pause(TITLES_DELAY_S + 0.1)
    for _ in range(rounds):
        await pilot.pause()
        # The directory tree's loader worker runs for the life of the tree: not waited.
        # (An empty list would mean "all" to wait_for_complete.)
        busy = [w for w in pilot.app.workers if w.group != "_loader"]
        if busy:
            await pilot.app.workers.wait_for_complete(busy)
    await pilot.pause()


async def palette_shows(pilot, text: str, seconds: float = 30.0) -> None:
    """Wait until the command palette lists an option holding `text`: the palette asks
    its providers after a pause and they answer in the background, which a loaded
    machine (two test workers, CI) stretches past any fixed wait."""
    from textual.command import CommandList

    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while loop.time() < deadline:
        for found in pilot.app.screen.query(CommandList):
            prompts = (str(found.get_option_at_index(i).prompt) for i in range(found.option_count))
            if any(text in p for p in prompts):
                await settle(pilot)
                return
        await pilot.pause(0.05)
    raise AssertionError(f"the command palette never listed {text!r}")


async def paste(pilot, text: str, focus: bool = True) -> None:
    """A bracketed paste into the paste box, then its results landed. `focus` False: no
    key or call may put the focus there (the key-count tests), it must be there already."""
    box = pilot.app.screen.query_one("#paste", PasteBox)
    if focus:
        box.focus()
    else:
        assert pilot.app.focused is box
    box.post_message(events.Paste(text))
    await settle(pilot)


def screen_text(app: KbConsole) -> str:
    """Everything on screen as text (what a person sees), from an SVG export."""
    return html.unescape(app.export_screenshot()).replace("\xa0", " ")
