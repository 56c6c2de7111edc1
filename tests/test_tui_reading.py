"""Reading in the console at 100x30 and 140x45: the preview reflows prose and keeps code
and tables, the filter bar's labels and product dropdown fit, the browser's titles are
whole. Pilot tests and SVG snapshots (update with --snapshot-update, then look at them)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pilots
import pytest
from pilots import pilot_test
from textual.widgets import Select

from kbassist.index.store import KbIndex
from kbassist.tui.app import make_app
from kbassist.tui.widgets.article_body import ArticleBody
from kbassist.tui.widgets.filters import FilterBar
from kbassist.tui.widgets.paste_box import PasteBox

from kbfixtures import BROWSE_SERVER, READING_PRODUCT, build_reading_index

SIZES = [(100, 30), (140, 45)]
PASTE = "gateway password mismatched after restart"


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KbIndex:
    index = build_reading_index(tmp_path_factory.mktemp("reading"))
    yield index
    index.close()


def console(kb: KbIndex, tmp_path: Path):
    return make_app(kb, blink=False, data_dir=tmp_path, clipboard_tools=())


async def settle(pilot) -> None:
    await pilots.settle(pilot, titles=True, rounds=3)


async def paste(pilot, text: str) -> None:
    box = pilot.app.screen.query_one("#paste", PasteBox)
    box.set_paste(text)
    pilot.app.screen.search_now()
    await settle(pilot)


def body_lines(app) -> list[str]:
    return app.screen.query_one("#preview #art-body", ArticleBody).visual.plain.split("\n")


# -- the preview ---------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
@pilot_test
async def test_the_preview_reflows_prose_and_keeps_code_and_tables(
    kb: KbIndex, tmp_path: Path, size: tuple[int, int]
) -> None:
    app = console(kb, tmp_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await paste(pilot, PASTE)
        assert app.screen.last.hits[0].id == "Q910100"
        body = app.screen.query_one("#preview #art-body", ArticleBody)
        width = body.content_size.width
        assert body.laid_out_width == width < 79  # narrower than the archive's lines
        lines = body_lines(app)
        assert all(len(line) <= width for line in lines)
        # The paragraph fills each line but its last: the archive's own breaks are gone.
        first = next(i for i, line in enumerate(lines) if line.startswith("To resolve"))
        end = lines.index("", first)
        para = lines[first:end]
        assert " ".join(para).startswith("To resolve this problem, remove the invented gateway's")
        for line, nxt in itertools.pairwise(para):
            assert len(line) + 1 + len(nxt.split()[0]) > width
        # A step hangs under its number; the command under it is clipped, never wrapped.
        step = next(i for i, line in enumerate(lines) if line.startswith("1. Stop"))
        assert lines[step + 1].startswith("   ") and not lines[step + 1].startswith("    ")
        command = [line for line in lines if "gwconfig" in line]
        assert len(command) == 1 and command[0].endswith("…")
        assert not any(line.lstrip().startswith("/format") for line in lines)
        # The table keeps its columns.
        assert any(line.startswith("CachedPassword    REG_SZ") for line in lines)


@pilot_test
async def test_the_text_is_laid_out_again_when_the_pane_changes_width(
    kb: KbIndex, tmp_path: Path
) -> None:
    app = console(kb, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await paste(pilot, PASTE)
        body = app.screen.query_one("#preview #art-body", ArticleBody)
        narrow = body.laid_out_width
        before = body_lines(app)
        await pilot.resize_terminal(200, 40)
        await settle(pilot)
        assert body.laid_out_width == body.content_size.width > 79 > narrow
        lines = body_lines(app)
        # Wide enough now: the command is whole and the paragraph is on fewer lines.
        assert any(line.rstrip().endswith("/format:registry-key") for line in lines)

        def paragraph(lines: list[str]) -> list[str]:
            first = next(i for i, line in enumerate(lines) if line.startswith("To resolve"))
            return lines[first : lines.index("", first)]

        assert len(paragraph(lines)) < len(paragraph(before))
        assert " ".join(paragraph(lines)) == " ".join(paragraph(before))
        # The full article too: the symptom's archive lines ("has become" / "mismatched
        # with") are one paragraph there.
        app.open_article("Q910100")
        await settle(pilot)
        full = app.screen.query_one("#art-body", ArticleBody).visual.plain
        assert "its password has become mismatched with the one" in full


# -- the filters ---------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
@pilot_test
async def test_filter_labels_fit_and_the_product_dropdown_shows_whole_names(
    kb: KbIndex, tmp_path: Path, size: tuple[int, int]
) -> None:
    app = console(kb, tmp_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(FilterBar)
        # Two rows when the pane is narrow, so that every label is whole.
        assert bar.has_class("-narrow") == (size[0] < 140)
        for wid, label in (
            ("#f-product", "Product"),
            ("#f-area", "Area"),
            ("#f-since", "From year"),
            ("#f-until", "To year"),
            ("#f-issue", "Issue type"),
        ):
            widget = app.screen.query_one(wid)
            if isinstance(widget, Select):  # its label is a widget of its own
                widget = widget.query_one("SelectCurrent #label")
            shown = widget.render_line(0).text
            assert label in shown, (wid, shown)
        select = app.screen.query_one("#f-product", Select)
        # Before a search the counts are the index's, and say so.
        prompts = [str(p) for p, v in select._options if v != Select.NULL]
        assert f"{BROWSE_SERVER}  14 in index" in prompts
        await paste(pilot, PASTE)
        prompts = [str(p) for p, v in select._options if v != Select.NULL]
        # After one, what they count is named: not results (the status line's word).
        assert prompts and all(p.endswith("share a word") for p in prompts), prompts
        assert any(p.startswith(READING_PRODUCT) for p in prompts)
        select.focus()
        await pilot.press("enter")
        await settle(pilot)
        overlay = select.query_one("SelectOverlay")
        assert overlay.display
        # Every choice whole and on one line: as many rows as choices (and the blank one),
        # the dropdown as wide as the longest, inside the screen.
        assert overlay.option_count == len(prompts) + 1
        assert overlay.virtual_size.height == overlay.option_count
        assert overlay.region.height == overlay.option_count
        widest = max(len(p) for p in prompts)
        assert overlay.content_size.width >= widest
        shown = [overlay.render_line(y).text.strip() for y in range(overlay.option_count)]
        assert set(prompts) <= set(shown)
        assert overlay.region.right <= size[0]
        await pilot.press("escape")


@pilot_test
async def test_the_product_dropdown_shows_many_long_names_at_once(
    kb: KbIndex, tmp_path: Path
) -> None:
    app = console(kb, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(FilterBar)
        names = [f"Invented Networking and Workgroup Issues, Edition {i}" for i in range(40)]
        bar.set_choices("#f-product", [(n, 1000 - i) for i, n in enumerate(names)])
        select = app.screen.query_one("#f-product", Select)
        select.focus()
        await pilot.press("enter")
        await settle(pilot)
        overlay = select.query_one("SelectOverlay")
        # Many at a time (it was about 5, each name wrapped over two lines), each whole.
        assert overlay.region.height >= 18
        shown = [overlay.render_line(y).text.strip() for y in range(overlay.region.height)]
        assert f"{names[1]}  999 in index" in shown
        assert overlay.region.right <= 100


# -- snapshots -----------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=["100x30", "140x45"])
def test_snapshot_preview_reflowed(snap_compare, kb: KbIndex, tmp_path: Path, size) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await paste(pilot, PASTE)

    assert snap_compare(console(kb, tmp_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["100x30", "140x45"])
def test_snapshot_product_dropdown(snap_compare, kb: KbIndex, tmp_path: Path, size) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await paste(pilot, PASTE)
        pilot.app.screen.query_one("#f-product").focus()
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(console(kb, tmp_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["100x30", "140x45"])
def test_snapshot_browse_versions(snap_compare, kb: KbIndex, tmp_path: Path, size) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("ctrl+b")
        await settle(pilot)
        tree = pilot.app.screen.query_one("#tree")
        server = tree.root.children[0]
        server.expand()
        four = next(n for n in server.children if str(n.label).startswith("4.0 "))
        four.expand()
        await settle(pilot)
        tree.select_node(next(n for n in server.children if str(n.label).startswith("3.1 ")))
        await settle(pilot)

    assert snap_compare(console(kb, tmp_path), terminal_size=size, run_before=run_before)
