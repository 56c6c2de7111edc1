"""A paste holding ESC bytes reaches the paste box whole and in order (tui/paste_guard.py),
and the Textual internals that module relies on are still there."""

from __future__ import annotations

import importlib
import inspect
from importlib import metadata

import pytest
from textual import events

from kbassist.tui import paste_guard
from kbassist.tui.paste_guard import PASTE_END, PASTE_START, GuardedXTermParser

PASTE = "Error: abc\x1b[31mred\x1b]52;c;ZXZpbA==\x07 def\x1b done"


def _events(chunks: list[str]) -> list[events.Event]:
    parser = GuardedXTermParser()
    out: list[events.Event] = []
    for chunk in chunks:
        if chunk:  # "" is end of file to a parser
            out += list(parser.feed(chunk))
    return out


def test_the_pinned_textual_still_has_what_the_guard_replaces() -> None:
    assert metadata.version("textual") == "8.2.8", "re-check tui/paste_guard.py"
    for name in paste_guard._DRIVERS:
        module = importlib.import_module(name)
        assert hasattr(module, "XTermParser"), name
    params = inspect.signature(paste_guard._xterm_parser.XTermParser.feed).parameters
    assert list(params) == ["self", "data"]


def test_unguarded_textual_reorders_such_a_paste() -> None:
    """Why the guard exists: without it the text after the ESC comes first, as keys."""
    parser = paste_guard._xterm_parser.XTermParser()
    got = list(parser.feed(PASTE_START + PASTE + PASTE_END))
    assert not isinstance(got[0], events.Paste)


@pytest.mark.parametrize("split", range(len(PASTE_START + PASTE + PASTE_END) + 3))
def test_a_paste_with_esc_bytes_arrives_whole_and_in_order(split: int) -> None:
    data = "a" + PASTE_START + PASTE + PASTE_END + "b"
    got = _events([data[:split], data[split:]])
    pastes = [e for e in got if isinstance(e, events.Paste)]
    assert len(pastes) == 1
    assert pastes[0].text == PASTE.replace("\x1b", "")
    keys = [e.key for e in got if isinstance(e, events.Key)]
    assert keys == ["a", "b"]
    assert got.index(pastes[0]) == 1  # between the two keys typed around it


def test_keys_outside_a_paste_are_left_alone() -> None:
    got = _events(["x\x1b[Ay"])
    assert [e.key for e in got if isinstance(e, events.Key)] == ["x", "up", "y"]


def test_install_makes_the_drivers_build_the_guarded_parser() -> None:
    paste_guard.install()
    for name in paste_guard._DRIVERS:
        assert importlib.import_module(name).XTermParser is GuardedXTermParser
