"""SVG snapshots of issue 15's console paths at 100x30 and 140x45 (pytest-textual-snapshot):
rows that say how they matched and show versions, a weak search said so, the export
dialog's checkboxes, the help. Same rules as tests/test_tui_snapshots.py: no blinking, every
worker awaited, no clock or timing, paths relative to a fixed folder.
`pytest tests/test_tui_snapshots_keys.py --snapshot-update` after a change checked by eye.
"""

from __future__ import annotations

from pathlib import Path

import msgspec
import pilots
import pytest

from kbassist.index.store import KbIndex
from kbassist.tui.app import make_app
from kbassist.tui.widgets.paste_box import PasteBox

from conftest import encoder_on
from kbfixtures import build_tui_index

# The help screen says whether the sentence encoder is in use, and the weak search's rows
# are in the encoder's order: here it is on, as for a user with the extra.
_on = pytest.fixture(scope="module", autouse=True)(encoder_on)

SIZES = [(100, 30), (140, 45)]
PASTE = pilots.SPOOLER_PASTE
WEAK_PASTE = "my laptop clock went back an hour"  # nothing in the invented index is about it


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KbIndex:
    index = build_tui_index(tmp_path_factory.mktemp("snapkeys"))
    yield index
    index.close()


async def settle(pilot) -> None:
    await pilots.settle(pilot, titles=True, rounds=3)


def app_on(kb: KbIndex, tmp_path: Path, **kw: object):
    return make_app(kb, blink=False, data_dir=tmp_path, clipboard_tools=(), **kw)


def _searched(text: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.screen.query_one("#paste", PasteBox).set_paste(text)
        pilot.app.screen.search_now()
        await settle(pilot)
        await pilot.press("down")  # the paste box's last line: on to the list
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_results_say_how_they_matched(snap_compare, kb: KbIndex, tmp_path: Path, size) -> None:
    assert snap_compare(app_on(kb, tmp_path), terminal_size=size, run_before=_searched(PASTE))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_weak_search_says_so(snap_compare, kb: KbIndex, tmp_path: Path, size) -> None:
    assert snap_compare(app_on(kb, tmp_path), terminal_size=size, run_before=_searched(WEAK_PASTE))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_export_dialog_checkboxes(
    snap_compare, kb: KbIndex, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size
) -> None:
    monkeypatch.chdir(tmp_path)

    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.open_article("Q900110")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.click("#export-force")
        await settle(pilot)
        pilot.app.screen.query_one("#export-format").focus()
        await settle(pilot)

    app = app_on(kb, tmp_path, export_dir=Path("."))
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help_keys(snap_compare, kb: KbIndex, tmp_path: Path, size) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)

    assert snap_compare(app_on(kb, tmp_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_references_with_one_not_in_the_index(
    snap_compare, kb: KbIndex, tmp_path: Path, size
) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        # Q900110 with a reference the index does not hold, the list entered by Tab.
        article = msgspec.structs.replace(
            kb.get("Q900110"), related_articles=["Q900111", "Q777777", "Q900101"]
        )
        pilot.app.open_article(article.id, article=article)
        await settle(pilot)
        refs = pilot.app.screen.query_one("#refs")
        for _ in range(4):
            if pilot.app.focused is refs:
                break
            await pilot.press("tab")
        await pilot.press("down", "enter")  # the missing one: a notification
        await settle(pilot)

    assert snap_compare(app_on(kb, tmp_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_palette_takes_a_q_number(snap_compare, kb: KbIndex, tmp_path: Path, size) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"q900104")
        await pilots.palette_shows(pilot, "Open Q900104")

    assert snap_compare(app_on(kb, tmp_path), terminal_size=size, run_before=run_before)
