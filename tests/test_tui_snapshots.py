"""SVG snapshots of the console's screens at 120x36 (pytest-textual-snapshot).

Deterministic: cursors do not blink, every worker is awaited before the shot, nothing
shows a clock or a timing, and paths on screen are relative to a fixed folder.
`pytest tests/test_tui_snapshots.py --snapshot-update` rewrites them after a change that
was checked by eye.
"""

from __future__ import annotations

from pathlib import Path

import pilots
import pytest

from kbassist.index.store import KbIndex
from kbassist.tui.app import make_app
from kbassist.tui.widgets.paste_box import PasteBox

from conftest import encoder_on
from kbfixtures import build_tui_index

# The help screen says whether the sentence encoder is in use: here it is.
_on = pytest.fixture(scope="module", autouse=True)(encoder_on)

SIZE = (120, 36)
PASTE = pilots.SPOOLER_PASTE


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KbIndex:
    index = build_tui_index(tmp_path_factory.mktemp("snap"))
    yield index
    index.close()


async def settle(pilot) -> None:
    await pilots.settle(pilot, titles=True, rounds=3)


def app_on(kb: KbIndex, tmp_path: Path):
    return make_app(kb, blink=False, data_dir=tmp_path, clipboard_tools=())


def test_main_screen_with_results(snap_compare, kb: KbIndex, tmp_path: Path) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        box = pilot.app.screen.query_one("#paste", PasteBox)
        box.set_paste(PASTE)
        pilot.app.screen.search_now()
        await settle(pilot)

    assert snap_compare(app_on(kb, tmp_path), terminal_size=SIZE, run_before=run_before)


def test_article_view_with_files_table(snap_compare, kb: KbIndex, tmp_path: Path) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.open_article("Q900110", frozenset({"spooler", "queue", "locked"}))
        await settle(pilot)
        view = pilot.app.screen.query_one("#article")
        view.scroll_to_widget(pilot.app.screen.query_one("#files"), animate=False, top=True)
        await settle(pilot)

    assert snap_compare(app_on(kb, tmp_path), terminal_size=SIZE, run_before=run_before)


def test_product_browser(snap_compare, kb: KbIndex, tmp_path: Path) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("ctrl+b")
        await settle(pilot)
        tree = pilot.app.screen.query_one("#tree")
        tree.select_node(tree.root.children[0])
        await settle(pilot)

    assert snap_compare(app_on(kb, tmp_path), terminal_size=SIZE, run_before=run_before)


def test_empty_state(snap_compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "Q900101.TXT").write_text("placeholder\n")
    monkeypatch.chdir(tmp_path)
    app = make_app(Path("kb-index"), blink=False, start_dir=Path("."))

    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.screen.query_one("#picker").root.expand()
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_help(snap_compare, kb: KbIndex, tmp_path: Path) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)

    assert snap_compare(app_on(kb, tmp_path), terminal_size=SIZE, run_before=run_before)
