"""The console's keyboard paths a help desk lives on (issue 15): paste -> results ->
article in few keys, how each result matched and when nothing matches well, references,
the export dialog, the palette's Q numbers, the copied fix, the first search while the
index loads. Driven by Textual's pilot on the small invented index; keys are counted."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import msgspec
import pilots
import pytest
from click.testing import CliRunner
from pilots import SPOOLER_PASTE, palette_shows, pilot_test, screen_text, settle
from pilots import console as _console
from rich.console import Console
from textual import events
from textual.widgets import Input, OptionList, Select, Static

from kbassist.index.store import KbIndex
from kbassist.kbparse.record import Article, FileRow, ProdVer, Section
from kbassist.tui import cli as cli_module
from kbassist.tui import strings
from kbassist.tui.app import KbConsole
from kbassist.tui.core import Library
from kbassist.tui.fix import fix_markdown, fix_text, source_line
from kbassist.tui.labels import product_line, versions_label
from kbassist.tui.screens.article import ArticleScreen
from kbassist.tui.screens.export import ExportDialog
from kbassist.tui.screens.help import HelpScreen
from kbassist.tui.screens.main import MainScreen
from kbassist.tui.widgets.article_view import ArticleView
from kbassist.tui.widgets.filters import FilterBar
from kbassist.tui.widgets.paste_box import PasteBox
from kbassist.tui.widgets.results import ResultList
from kbassist.tui.widgets.tickbox import TickBox

from kbfixtures import build_tui_index

SIZE = (100, 30)
WEAK_PASTE = "my laptop clock went back an hour"


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KbIndex:
    index = build_tui_index(tmp_path_factory.mktemp("keys"))
    yield index
    index.close()


def console(kb: KbIndex, tmp_path: Path, **kw: object) -> KbConsole:
    return _console(kb, tmp_path / "clip", **kw)


async def paste(pilot, text: str) -> None:
    """A bracketed paste into the focused paste box: no key."""
    await pilots.paste(pilot, text, focus=False)


def status_text(screen: MainScreen) -> str:
    return str(screen.query_one("#status", Static).render())


def row_text(results: ResultList, i: int) -> str:
    return str(results.get_option_at_index(i).prompt)


# -- 1: paste -> results -> the article --------------------------------------------


@pilot_test
async def test_paste_then_the_sixth_result_opens_in_three_keys(kb: KbIndex, tmp_path: Path) -> None:
    """Issue 15 counted 12 keys (Tab through five filters, Down five times, Enter)."""
    app = console(kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await paste(pilot, "invented")
        main = app.screen
        assert len(main.last.hits) >= 6
        sixth = main.last.hits[5].id
        keys = ["down", "6", "enter"]  # to the list, the sixth row, open it
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.article.id == sixth
        assert len(keys) <= 4


@pilot_test
async def test_down_moves_in_a_long_paste_and_leaves_it_from_the_last_line(
    kb: KbIndex, tmp_path: Path
) -> None:
    app = console(kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await paste(pilot, SPOOLER_PASTE)
        main = app.screen
        box = main.query_one("#paste", PasteBox)
        results = main.query_one("#results", ResultList)
        box.move_cursor((0, 0))
        await pilot.press("down")
        # Above the last line Down is the cursor's, as in any editor.
        assert app.focused is box and box.cursor_location[0] == 1
        for _ in range(box.document.line_count - 2):
            await pilot.press("down")
        assert app.focused is box
        await pilot.press("down")
        assert app.focused is results and results.highlighted == 0
        assert results.current.id == main.last.hits[0].id
        # Up on the first result goes back to the paste box, not round to the last row.
        await pilot.press("down", "up", "up")
        assert app.focused is box
        # The footer names the key while the paste box has the focus.
        down = app.screen.active_bindings["down"].binding
        assert down.show and down.description == "Results" and down.key_display == "↓"


@pilot_test
async def test_down_stays_in_the_paste_box_when_there_is_no_result(
    kb: KbIndex, tmp_path: Path
) -> None:
    app = console(kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down")
        assert isinstance(app.focused, PasteBox)


@pilot_test
async def test_tab_reaches_the_results_before_the_filters(kb: KbIndex, tmp_path: Path) -> None:
    app = console(kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await paste(pilot, SPOOLER_PASTE)
        main = app.screen
        bar = main.query_one(FilterBar)
        await pilot.press("tab")
        assert app.focused is main.query_one("#results", ResultList)
        await pilot.press("tab")
        assert main.query_one("#preview", ArticleView) in app.focused.ancestors_with_self
        seen = []
        for _ in range(12):
            await pilot.press("tab")
            seen.append(app.focused)
            if isinstance(app.focused, PasteBox):
                break
        # Every filter comes after the preview, then round to the paste box.
        assert {"f-product", "f-area", "f-since", "f-until", "f-issue"} <= {w.id for w in seen}
        assert isinstance(seen[-1], PasteBox)
        assert all(bar in w.ancestors_with_self for w in seen[-6:-1])
        await pilot.press("shift+tab")
        assert bar in app.focused.ancestors_with_self
        await pilot.press("tab", "tab", "tab", "shift+tab")  # paste, results, preview, back
        assert isinstance(app.focused, ResultList)


@pilot_test
async def test_help_says_what_the_keys_do(kb: KbIndex, tmp_path: Path) -> None:
    app = console(kb, tmp_path)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        out = Console(width=200, record=True, file=io.StringIO())
        for wid in ("#help-intro", "#help-keys"):
            out.print(app.screen.query_one(wid, Static).content)
        text = " ".join(out.export_text().split())
        # No promise that Enter in the paste box opens anything: it adds a line.
        assert "Enter in the paste box adds a line" in text
        assert "↓ Down at the end of the paste: to the result list" in text
        assert "1-9 Highlight result n" in text
        assert "Up On the first result: back to the paste box" in text
        for cls in (PasteBox, ResultList):
            for b in cls.BINDINGS:
                if b.description:
                    assert (b.tooltip or b.description) in text, b


# -- 2: how each result matched; a weak match said so -------------------------------


@pilot_test
async def test_each_row_says_how_it_matched_and_shows_its_versions(
    kb: KbIndex, tmp_path: Path
) -> None:
    app = console(kb, tmp_path)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await paste(pilot, SPOOLER_PASTE)
        main = app.screen
        result = main.last
        assert result.hits[0].id == "Q900110" and result.hits[0].match == "quote"
        assert "Invented Print Server 3.1, 3.11" in row_text(main.query_one(ResultList), 0)
        assert not result.weak
        results = main.query_one("#results", ResultList)
        for i, hit in enumerate(result.hits):
            row = row_text(results, i)
            assert row.startswith(f"{i + 1:>2} {hit.id}")
            assert strings.MATCH_LABELS[hit.match] in row
            # The record's versions (PROD/VER WINDOWS:3.1,3.11) beside its product.
            assert f"{hit.product} 3.1, 3.11" in row or not hit.record.prod_ver
        assert strings.SEARCH_WEAK not in status_text(main)
        assert strings.MATCH_LABELS["quote"] in screen_text(app)


@pilot_test
async def test_a_weak_search_says_so_above_the_list(kb: KbIndex, tmp_path: Path) -> None:
    app = console(kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Issue 13's description in a person's words: nothing in this index is about it.
        await paste(pilot, WEAK_PASTE)
        main = app.screen
        assert main.last.hits and main.last.weak
        assert all(h.match == "weak" for h in main.last.hits[:3])
        assert strings.SEARCH_WEAK in status_text(main)
        assert main.query_one("#status").has_class("-weak")
        # A search that matches well clears it.
        box = main.query_one("#paste", PasteBox)
        box.set_paste("")
        await paste(pilot, SPOOLER_PASTE)
        assert not main.last.weak
        assert strings.SEARCH_WEAK not in status_text(main)
        assert not main.query_one("#status").has_class("-weak")


def test_search_table_shows_the_match_and_the_weak_line(kb: KbIndex) -> None:
    run = CliRunner().invoke
    strong = run(cli_module.cli, ["search", SPOOLER_PASTE, "--index", str(kb.path)])
    assert strong.exit_code == 0, strong.output
    lines = strong.output.splitlines()
    assert lines[0].startswith(" 1. Q900110")
    assert lines[1].startswith(f"    {strings.MATCH_LABELS['quote']} · Invented Print Server 3.1")
    assert strings.SEARCH_WEAK not in strong.output
    weak = run(cli_module.cli, ["search", WEAK_PASTE, "--index", str(kb.path)])
    assert weak.exit_code == 0, weak.output
    assert strings.SEARCH_WEAK in weak.output.splitlines()
    assert f"    {strings.MATCH_LABELS['weak']} · " in weak.output


# -- 8: versions in rows ---------------------------------------------------------------


def _article(**kw: object) -> Article:
    base: dict[str, object] = dict(
        id="Q1", number=1, format="txt", source="x", title="T", modified=None, area=None
    )
    return Article(**{"product": "Microsoft Windows NT", **base, **kw})


def test_versions_label_folds_service_packs_and_tells_nt_from_2000() -> None:
    nt31 = _article(prod_ver=[ProdVer(platform="winnt", versions=["3.1", "3.5"])])
    w2k = _article(prod_ver=[ProdVer(platform="", versions=["2000", "4.0"])])
    assert product_line(nt31) == "Microsoft Windows NT 3.1, 3.5"
    assert product_line(w2k) == "Microsoft Windows NT 2000, 4.0"
    sps = ["4.0", "4.0 SP1", "4.0 SP2", "4.0 SP3", "4.0 SP4"]
    assert versions_label(_article(prod_ver=[ProdVer(platform="winnt", versions=sps)])) == (
        "4.0 (SP1–SP4)"
    )
    gaps = [ProdVer(platform="winnt", versions=["4.0 SP3", "4.0 sp5"])]
    assert versions_label(_article(prod_ver=gaps)) == "4.0 SP3, SP5"
    # The same version on two platforms once; many versions cut.
    many = [
        ProdVer(platform="MS-DOS", versions=["1.0"]),
        ProdVer(platform="", versions=["1.0", "1.01", "2.0", "3.0", "4.0"]),
    ]
    assert versions_label(_article(prod_ver=many)) == "1.0, 1.01, 2.0, 3.0, …"
    assert product_line(_article()) == "Microsoft Windows NT"
    hostile = _article(prod_ver=[ProdVer(platform="", versions=["\x1b[31m4.0"])])
    assert "\x1b" not in product_line(hostile)


# -- 4: references ---------------------------------------------------------------------


@pilot_test
async def test_references_enter_at_once_say_what_is_missing_and_back_keeps_the_place(
    kb: KbIndex, tmp_path: Path
) -> None:
    app = console(kb, tmp_path)
    # Q900110 as the archive might hold it: one reference the index does not have.
    article = msgspec.structs.replace(
        kb.get("Q900110"), related_articles=["Q900111", "Q777777", "Q900101"]
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_article(article.id, article=article)
        await settle(pilot)
        screen = app.screen
        view = screen.query_one("#article", ArticleView)
        refs = screen.query_one("#refs", OptionList)
        assert "(not in the index)" in str(refs.get_option_at_index(1).prompt)
        assert "(not in the index)" not in str(refs.get_option_at_index(0).prompt)
        # Tab into the list: the first reference is highlighted, Enter works at once.
        for _ in range(4):
            if app.focused is refs:
                break
            await pilot.press("tab")
        assert app.focused is refs and refs.highlighted == 0
        # The missing one: a notification, and no move.
        await pilot.press("down", "enter")
        await settle(pilot)
        assert screen.article.id == "Q900110" and screen.history == []
        assert any(
            n.message == strings.CONSOLE_REF_NOT_IN_INDEX.format(id="Q777777")
            for n in app._notifications
        )
        # Follow the third, from where the reader is in the article.
        await pilot.press("down")
        place = view.scroll_y
        assert place > 0  # the reference list is below the first screenful
        await pilot.press("enter")
        await settle(pilot)
        assert screen.article.id == "Q900101"
        assert [p.id for p in screen.history] == ["Q900110"]
        assert view.scroll_y == 0 and app.focused is view
        # Back: the same place, the same reference highlighted.
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.article.id == "Q900110"
        # The same place, or the end when the article, laid out again, ends sooner (the
        # reflowed body settles at its final width a refresh after the reference list).
        assert view.scroll_y == min(place, view.max_scroll_y) and view.scroll_y > 0
        assert app.focused is refs and refs.highlighted == 2


# -- 5: the export dialog ------------------------------------------------------------


@pilot_test
async def test_export_dialog_starts_on_the_format_and_names_its_checkbox(
    kb: KbIndex, tmp_path: Path
) -> None:
    app = console(kb, tmp_path, export_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_article("Q900102")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dest = Path(dialog.query_one("#export-path", Input).value)
        assert isinstance(app.focused, Select) and app.focused.id == "export-format"
        # The first Enter opens the format choice; nothing is written.
        await pilot.press("enter")
        await settle(pilot)
        assert not dest.exists() and app.screen is dialog
        await pilot.press("escape")  # closes the choice, not the dialog
        await settle(pilot)
        assert app.screen is dialog
        # Checkbox state in the glyph, not only the colour.
        force = dialog.query_one("#export-force", TickBox)
        assert str(force.render()).startswith("[ ]")
        force.value = True
        assert str(force.render()).startswith("[x]")
        force.value = False
        await pilot.click("#export-go")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen) and dest.exists()
        # Again: the refusal names the dialog's checkbox, not the command line's flag.
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.click("#export-go")
        await settle(pilot)
        error = str(app.screen.query_one("#export-error").render())
        assert "already exists" in error and strings.CONSOLE_EXPORT_FORCE in error
        assert "--force" not in error
        # Ticking it overwrites.
        await pilot.click("#export-force")
        await pilot.click("#export-go")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)


# -- 8: the palette, the copied fix, the first search ---------------------------------


@pilot_test
async def test_the_palette_opens_a_q_number(kb: KbIndex, tmp_path: Path) -> None:
    app = console(kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"q900104")
        await palette_shows(pilot, "Open Q900104")
        assert "Open Q900104: Event ID 2011" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen) and app.screen.article.id == "Q900104"


def test_copied_fix_lists_each_file_once_and_names_the_article(kb: KbIndex) -> None:
    article = kb.get("Q900110")
    text = fix_text(article)
    # The resolution holds the manifest already: no second copy under "Files:".
    assert "Files:" not in text
    assert sum("Spoolq.dll" in line for line in text.splitlines()) == 1
    assert text.rstrip().splitlines()[-1] == (
        "Source: Microsoft Knowledge Base article Q900110, last modified 2002-07-09 "
        "(kbassist show Q900110)"
    )
    md = fix_markdown(article)
    assert "| Spoolq.dll |" not in md
    assert md.rstrip().splitlines()[-1] == f"_{source_line(article)}_"
    # Files the fix does not show are listed, once; a file only named in a sentence is
    # not a listing.
    row = FileRow(
        date="2002-07-01",
        time=None,
        version="5.0.2195.1",
        size_bytes=81920,
        size_text="81,920",
        name="Spoolq.dll",
        platform="x86",
    )
    named = _article(
        sections=[Section(heading="RESOLUTION", kind="resolution", text="Replace Spoolq.dll.")],
        files=[row],
    )
    text = fix_text(named)
    assert text.split("Files:")[1].count("Spoolq.dll") == 1
    assert "| Spoolq.dll | 5.0.2195.1 |" in fix_markdown(named)


@pilot_test
async def test_the_status_line_says_the_index_is_loading_until_it_is_ready(
    kb: KbIndex, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    warm = Library.warm

    def slow_warm(self: Library) -> None:
        release.wait(10)
        warm(self)

    monkeypatch.setattr(Library, "warm", slow_warm)
    app = console(kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        main = app.screen
        assert isinstance(main, MainScreen)
        assert status_text(main) == strings.CONSOLE_LOADING
        # A paste meanwhile is searched (the lock is free) and its results replace it.
        main.query_one("#paste", PasteBox).post_message(events.Paste(SPOOLER_PASTE))
        for _ in range(50):
            await pilot.pause(0.02)
            if main.last is not None:
                break
        assert main.last is not None and main.last.hits[0].id == "Q900110"
        assert strings.CONSOLE_LOADING not in status_text(main)
        main.action_clear()
        await pilot.pause()
        assert status_text(main) == strings.CONSOLE_LOADING
        release.set()
        await settle(pilot)
        assert app.warmed and status_text(main) == strings.CONSOLE_READY.format(n=8)
