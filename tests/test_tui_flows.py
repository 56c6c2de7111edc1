"""The console's flows, driven by Textual's pilot on a small invented index."""

from __future__ import annotations

import io
import json
import sys
import types
from pathlib import Path

import pytest
from pilots import SPOOLER_PASTE, paste, pilot_test, screen_text, settle
from pilots import console as _console
from rich.console import Console
from textual import events
from textual.widgets import DataTable, Input, OptionList, Select, Static, TextArea, Tree

from kbassist.index.store import KbIndex
from kbassist.tui.app import KbConsole, make_app
from kbassist.tui.core import Query
from kbassist.tui.screens.article import ArticleScreen
from kbassist.tui.screens.browse import BrowseScreen
from kbassist.tui.screens.empty import EmptyScreen
from kbassist.tui.screens.help import HelpScreen
from kbassist.tui.screens.main import MainScreen
from kbassist.tui.screens.problem import ProblemScreen
from kbassist.tui.widgets.article_view import ArticleView
from kbassist.tui.widgets.paste_box import PasteBox
from kbassist.tui.widgets.results import ResultList

from kbfixtures import HOSTILE, build_tui_index

SIZE = (120, 36)


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KbIndex:
    index = build_tui_index(tmp_path_factory.mktemp("tui"))
    yield index
    index.close()


def console(kb: KbIndex, tmp_path: Path, **kw: object) -> KbConsole:
    return _console(kb, tmp_path / "clip", **kw)


# -- search, open, references, back -------------------------------------------------


@pilot_test
async def test_paste_open_follow_reference_and_back(kb: KbIndex, tmp_path: Path) -> None:
    app = console(kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await paste(pilot, SPOOLER_PASTE)
        main = app.screen
        assert main.last is not None
        assert main.last.hits[0].id == "Q900110"
        # The first result is previewed beside the list, with the paste's words lit.
        preview = main.query_one("#preview", ArticleView)
        assert preview.article is not None and preview.article.id == "Q900110"
        assert {"spooler", "locked"} <= preview.words
        # Enter on the list opens the article.
        main.query_one("#results", ResultList).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.article.id == "Q900110"
        files = app.screen.query_one("#files", DataTable)
        assert files.row_count == 2
        assert str(files.get_cell_at((0, 0))) == "Spoolq.dll"
        # References: Q900111 and Q900101, with their titles; Enter follows one.
        refs = app.screen.query_one("#refs", OptionList)
        assert [refs.get_option_at_index(i).id for i in range(refs.option_count)] == [
            "Q900111",
            "Q900101",
        ]
        assert "How to Restart" in str(refs.get_option_at_index(0).prompt)
        refs.focus()
        refs.highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.article.id == "Q900111"
        assert [p.id for p in app.screen.history] == ["Q900110"]
        # Backspace goes back one, Escape leaves the article view.
        await pilot.press("backspace")
        await settle(pilot)
        assert app.screen.article.id == "Q900110"
        assert app.screen.history == []
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


@pilot_test
async def test_a_click_on_a_reference_opens_it(kb: KbIndex, tmp_path: Path) -> None:
    app = console(kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_article("Q900111")
        await settle(pilot)
        refs = app.screen.query_one("#refs", OptionList)
        refs.scroll_visible()
        await settle(pilot)
        assert await pilot.click(refs, offset=(2, 0))
        await settle(pilot)
        assert app.screen.article.id == "Q900110"


@pilot_test
async def test_typing_is_debounced_and_stale_results_are_dropped(
    kb: KbIndex, tmp_path: Path
) -> None:
    app = console(kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.screen
        main.query_one("#paste", PasteBox).focus()
        await pilot.press(*"stop 1e")
        # Keys landed; the search waits for the pause in typing.
        assert main.last is None
        await pilot.pause(0.4)
        await settle(pilot)
        assert main.last.hits[0].id == "Q900102"
        # A result for an older request never replaces a newer one.
        old = main._seq
        main.search_now()
        stale = app.library.search(Query("queue file is locked"))
        main._show(old, Query("queue file is locked"), stale, frozenset())
        assert main.last.hits[0].id == "Q900102"
        await settle(pilot)
        assert main.last.hits[0].id == "Q900102"


@pilot_test
async def test_filter_by_product(kb: KbIndex, tmp_path: Path) -> None:
    app = console(kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await paste(pilot, "invented")
        main = app.screen
        products = {h.product for h in main.last.hits}
        assert "Invented Operating System" in products and len(products) > 1
        select = main.query_one("#f-product", Select)
        # The choices carry the facet counts of the paste's results, named as such.
        prompts = {value: str(prompt) for prompt, value in select._options if value != Select.NULL}
        assert prompts["Invented Operating System"].endswith("  2 share a word")
        select.value = "Invented Operating System"
        await settle(pilot)
        assert {h.product for h in main.last.hits} == {"Invented Operating System"}
        assert "filters" in str(main.query_one("#status").render())
        # The other products stay on offer with their counts while one is chosen.
        after = {value: str(prompt) for prompt, value in select._options if value != Select.NULL}
        assert after == prompts
        assert select.value == "Invented Operating System"
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert len({h.product for h in main.last.hits}) > 1


@pilot_test
async def test_no_results_offers_suggestion_and_dropping_filters(
    kb: KbIndex, tmp_path: Path
) -> None:
    app = console(kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.screen
        main.query_one("#f-since", Input).value = "1990"
        main.query_one("#f-until", Input).value = "1991"
        await paste(pilot, "spooler shrae unavailable")
        results = main.query_one("#results", ResultList)
        assert main.last.hits == []
        ids = [results.get_option_at_index(i).id for i in range(results.option_count)]
        assert "drop-filters" in ids
        assert main.last.suggestions and "share" in main.last.suggestions[0]
        assert "suggest:0" in ids
        # Enter on "search again without filters".
        results.focus()
        results.highlighted = ids.index("drop-filters")
        await pilot.press("enter")
        await settle(pilot)
        assert main.query_one("#f-since", Input).value == ""
        assert main.last.hits and main.last.hits[0].id == "Q900101"


@pilot_test
async def test_raw_text_is_one_key_away(kb: KbIndex, tmp_path: Path) -> None:
    app = console(kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_article("Q900102")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        raw = app.screen.query_one("#raw", TextArea)
        assert raw.display and "Fltdrv.sys" in raw.text and raw.text.startswith("Q900102")
        await pilot.press("r")
        await settle(pilot)
        assert not raw.display


@pilot_test
async def test_go_to_article_and_unknown_article(kb: KbIndex, tmp_path: Path) -> None:
    app = console(kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        await pilot.press(*"q900104", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen) and app.screen.article.id == "Q900104"
        app.open_article("Q123")
        await settle(pilot)
        assert app.screen.article.id == "Q900104"  # stays; a notification says why
        assert any("Q123" in n.message for n in app._notifications)


# -- browse -------------------------------------------------------------------------


@pilot_test
async def test_browse_products(kb: KbIndex, tmp_path: Path) -> None:
    app = console(kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+b")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        tree = screen.query_one("#tree", Tree)
        # Products by name at the top level, most articles first; no area codes.
        labels = [str(n.label) for n in tree.root.children]
        assert labels[0] == "Invented Print Server (3)"
        assert not any(lbl.startswith("winnt") for lbl in labels)
        printer = tree.root.children[0]
        # Choose the product: its articles, newest first, the first previewed.
        tree.select_node(printer)
        await settle(pilot)
        assert [r.id for r in screen.rows] == ["Q900110", "Q900111", "Q900101"]
        preview = screen.query_one("#browse-preview", ArticleView)
        assert preview.article.id == "Q900110"
        # Versions under the product, in version order, with counts.
        versions = [str(n.label) for n in printer.children]
        assert versions == ["3.1 (3)", "3.11 (3)"]
        # The box narrows within the node.
        narrow = screen.query_one("#narrow", Input)
        narrow.focus()
        narrow.value = "restart spooler service"
        await pilot.pause(0.3)
        await settle(pilot)
        assert screen.rows[0].id == "Q900111"
        assert all(r.product == "Invented Print Server" for r in screen.rows)
        # Up on the first row goes back to the box above the list, as on the search screen.
        rows = screen.query_one("#rows", ResultList)
        rows.focus()
        await pilot.pause()
        assert rows.highlighted == 0
        await pilot.press("up")
        await pilot.pause()
        assert app.focused is narrow
        # Enter opens, Escape comes back to the browser.
        rows.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen) and app.screen.article.id == "Q900111"
        await pilot.press("escape")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


# -- copy and export ------------------------------------------------------------------


@pilot_test
async def test_copy_the_fix_as_text_and_markdown(kb: KbIndex, tmp_path: Path) -> None:
    app = console(kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await paste(pilot, "stop 0x1e")
        await pilot.press("ctrl+t")
        await settle(pilot)
        copied = app.clipboard
        assert copied.startswith("Q900102: STOP 0x0000001E in Invented Filter Driver")
        assert "KMODE_EXCEPTION_NOT_HANDLED" in copied
        # The resolution's own table lists the driver: once, not again under "Files:".
        assert "Replace Fltdrv.sys" in copied and "Files:" not in copied
        assert sum("45,312" in line and "Fltdrv.sys" in line for line in copied.splitlines()) == 1
        saved = tmp_path / "clip" / "last-copy.txt"
        assert saved.read_text() == copied
        assert any(str(saved) in n.message for n in app._notifications)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.clipboard.startswith("**Q900102: STOP 0x0000001E")
        assert "45,312  Fltdrv.sys" in app.clipboard and "| Fltdrv.sys |" not in app.clipboard


def _fake_export(monkeypatch: pytest.MonkeyPatch) -> list:
    """index.export as its API says, for the dialog: records -> JSON Lines."""
    calls: list = []

    class ExportError(Exception):
        pass

    def write_export(records, fmt, dest, *, force=False, **_kw) -> int:
        if dest.exists() and not force:
            raise ExportError(f"{dest} already exists; use --force to overwrite it")
        rows = [r.id for r in records]
        dest.write_text("\n".join(json.dumps({"id": i}) for i in rows) + "\n")
        calls.append((fmt, dest, rows))
        return len(rows)

    def check_destination(fmt, dest, force=False) -> None:
        if dest.exists() and not force:
            raise ExportError(f"{dest} already exists; use --force to overwrite it")

    module = types.ModuleType("kbassist.index.export")
    module.FORMATS = {"jsonl": None, "csv": None}
    module.write_export = write_export
    module.check_destination = check_destination
    module.ExportError = ExportError
    monkeypatch.setitem(sys.modules, "kbassist.index.export", module)
    return calls


@pilot_test
async def test_export_results_writes_the_file(
    kb: KbIndex, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _fake_export(monkeypatch)
    app = console(kb, tmp_path, export_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await paste(pilot, SPOOLER_PASTE)
        hits = [h.id for h in app.screen.last.hits]
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert dialog.query_one("#export-path", Input).value == str(
            tmp_path / "kbassist-export.jsonl"
        )
        dialog.query_one("#export-format", Select).value = "csv"
        await settle(pilot)
        assert dialog.query_one("#export-path", Input).value.endswith("kbassist-export.csv")
        await pilot.click("#export-go")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        out = tmp_path / "kbassist-export.csv"
        assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == hits
        assert calls[0][0] == "csv"
        # Again without overwrite: refused, the dialog stays and says why.
        await pilot.press("ctrl+s")
        await settle(pilot)
        app.screen.query_one("#export-format", Select).value = "csv"
        await settle(pilot)
        await pilot.click("#export-go")
        await settle(pilot)
        assert "already exists" in str(app.screen.query_one("#export-error").render())


@pilot_test
async def test_export_the_open_article_with_the_real_exporter(kb: KbIndex, tmp_path: Path) -> None:
    pytest.importorskip("kbassist.index.export", reason="index.export is being built")
    app = console(kb, tmp_path, export_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_article("Q900102")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        fmt = dialog.query_one("#export-format", Select).value
        dest = Path(dialog.query_one("#export-path", Input).value)
        await pilot.click("#export-go")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen), f"format {fmt}"
        assert dest.exists() and dest.stat().st_size > 0


# -- empty, missing and broken indexes ------------------------------------------------


@pilot_test
async def test_missing_index_offers_ingest_and_the_sample(tmp_path: Path) -> None:
    app = make_app(tmp_path / "idx", blink=False, start_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, EmptyScreen)
        assert "There is no index at" in screen_text(app)
        await pilot.click("#sample")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.library.doc_count() == 1
        await paste(pilot, "the local device name is already in use")
        assert app.screen.last.hits[0].id == "Q253729"


@pilot_test
async def test_empty_index_ingests_a_typed_path(tmp_path: Path) -> None:
    from kbfixtures import write_fixture_articles

    write_fixture_articles(tmp_path / "arts")
    KbIndex.open(tmp_path / "idx", create=True).close()
    app = make_app(tmp_path / "idx", blink=False, start_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, EmptyScreen)
        assert "holds no articles" in screen_text(app)
        app.screen.query_one("#ingest-path", Input).value = str(tmp_path / "nowhere")
        await pilot.click("#ingest")
        await settle(pilot)
        assert isinstance(app.screen, EmptyScreen)
        # Typed and submitted with Enter this time.
        path_in = app.screen.query_one("#ingest-path", Input)
        path_in.value = str(tmp_path / "arts")
        path_in.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.library.doc_count() == 5


@pilot_test
async def test_console_ingest_says_when_it_learns_the_semantic_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After parsing, the bar has no count to show: the label says what is going on,
    and the model is there when the console opens the main screen."""
    from kbassist.index import semantic

    from kbfixtures import write_topics

    monkeypatch.setattr(semantic, "MIN_ARTICLES", 50)
    monkeypatch.setattr(semantic, "DIMENSIONS", 12)
    write_topics(tmp_path / "arts")
    KbIndex.open(tmp_path / "idx", create=True).close()
    phases: list[str] = []
    monkeypatch.setattr(EmptyScreen, "_phase", lambda self, m: phases.append(m))
    app = make_app(tmp_path / "idx", blink=False, start_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#ingest-path", Input).value = str(tmp_path / "arts")
        await pilot.click("#ingest")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.library.doc_count() == 86
    assert phases and "semantic model" in phases[0]
    assert (tmp_path / "idx" / semantic.MODEL_FILE).exists()


@pilot_test
async def test_first_run_ingests_the_sample_without_asking(tmp_path: Path) -> None:
    app = make_app(tmp_path / "idx", blink=False, first_run=True, start_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.library.doc_count() == 1


@pytest.mark.parametrize("damage", ["version", "toc"])
@pilot_test
async def test_broken_index_offers_a_rebuild_not_a_traceback(tmp_path: Path, damage: str) -> None:
    from kbfixtures import write_fixture_articles

    write_fixture_articles(tmp_path / "arts")
    path = tmp_path / "idx"
    from kbassist.index.ingest import ingest

    with KbIndex.open(path, create=True) as k:
        ingest(k, [str(tmp_path / "arts")], jobs=1)
    if damage == "version":
        (path / "kbassist.json").write_text('{"index_version": 999}\n')
    else:
        for toc in (path / "whoosh").glob("_MAIN_*.toc"):
            toc.write_bytes(b"\x00garbage" * 10)
    app = make_app(path, blink=False, start_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ProblemScreen)
        text = screen_text(app)
        assert "cannot be opened" in text and "Traceback" not in text
        await pilot.click("#rebuild")
        await settle(pilot)
        assert isinstance(app.screen, EmptyScreen)
        aside = list(tmp_path.glob("idx.broken-*"))
        assert len(aside) == 1 and (aside[0] / "whoosh").exists()
        app.screen.query_one("#ingest-path", Input).value = str(tmp_path / "arts")
        await pilot.click("#ingest")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.library.doc_count() == 5


# -- help and the command palette -----------------------------------------------------


@pilot_test
async def test_help_lists_every_key(kb: KbIndex, tmp_path: Path) -> None:
    app = console(kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        rich_console = Console(width=120, record=True, file=io.StringIO())
        rich_console.print(app.screen.query_one("#help-keys", Static).content)
        text = rich_console.export_text()
        for screen in (MainScreen, ArticleScreen, BrowseScreen, KbConsole):
            for b in screen.BINDINGS:
                assert (b.tooltip or b.description) in text, b
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


@pilot_test
async def test_command_palette_offers_the_console_commands(kb: KbIndex, tmp_path: Path) -> None:
    app = console(kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in ("Go to article Q…", "Export results…", "Browse products", "Toggle theme"):
            assert wanted in titles
        before = app.theme
        dict((c.title, c.callback) for c in app.get_system_commands(app.screen))["Toggle theme"]()
        assert app.theme != before
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"browse products", "enter")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)


# -- safety ----------------------------------------------------------------------------

LITERALS = ("[boot]", "[/3GB]", "[@click=app.quit]OK[/]")


def _assert_safe(app: KbConsole) -> str:
    text = screen_text(app)
    assert "\x1b" not in text and "\x07" not in text
    return text


@pilot_test
async def test_hostile_article_text_is_shown_literally_everywhere(
    kb: KbIndex, tmp_path: Path
) -> None:
    app = console(kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # A hostile paste, too: markup and escapes in the box are just text.
        await paste(
            pilot, "quirkyglyph failure [boot] [/3GB] \x1b]52;c;aGk=\x07 [@click=app.quit]OK[/]"
        )
        main = app.screen
        assert main.last.hits[0].id == "Q900666"
        box = main.query_one("#paste", PasteBox)
        assert "\x1b" not in box.text and "\x07" not in box.text and "[/3GB]" in box.text
        text = _assert_safe(app)  # results list + preview
        for s in LITERALS:
            assert s in text, s
        assert "]52;c;aGFja2Vk" in text  # the OSC sequence, defused, shown as text
        # The product filter lists the hostile product name literally.
        products = [str(p) for p, _v in main.query_one("#f-product", Select)._options]
        assert any("Invented [boot] Product" in p for p in products)
        # Full article, its files table, references, raw text.
        main.query_one("#results", ResultList).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        text = _assert_safe(app)
        for s in LITERALS:
            assert s in text, s
        files = app.screen.query_one("#files", DataTable)
        assert str(files.get_cell_at((0, 0))) == "[boot]]52;c;aGFja2Vkevil.dll"
        assert str(files.get_cell_at((0, 4))) == "[@click=app.quit]OK[/]"
        await pilot.press("r")
        await settle(pilot)
        raw = app.screen.query_one("#raw", TextArea)
        assert "\x1b" not in raw.text and "[@click=app.quit]OK[/]" in raw.text
        await pilot.press("r")
        # Copying the fix carries no control character either.
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert "\x1b" not in app.clipboard and "[/3GB]" in app.clipboard
        # No action ran: the app is still here, on the article.
        assert app.is_running and isinstance(app.screen, ArticleScreen)
        await pilot.press("escape")
        await settle(pilot)
        # The browse tree shows the hostile product name literally.
        await pilot.press("ctrl+b")
        await settle(pilot)
        tree = app.screen.query_one("#tree", Tree)
        labels = [str(p.label) for p in tree.root.children]
        assert any(lbl.startswith("Invented [boot] Product") for lbl in labels)
        node = next(p for p in tree.root.children if "[boot]" in str(p.label))
        tree.select_node(node)
        await settle(pilot)
        text = _assert_safe(app)
        assert "[@click=app.quit]OK[/]" in text
        assert app.is_running


@pilot_test
async def test_clicking_hostile_text_runs_no_action(kb: KbIndex, tmp_path: Path) -> None:
    app = console(kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_article("Q900666")
        await settle(pilot)
        # Click on every place the action text is drawn: a live [@click] would quit.
        action = HOSTILE["action"]
        targets = []
        for wid in ("#art-title", "#art-body"):
            widget = app.screen.query_one(wid, Static)
            for y, line in enumerate(widget.visual.plain.splitlines()):
                x = line.find(action)
                if x >= 0:
                    targets += [(widget, (x + dx, y)) for dx in (1, 10, 18)]
        assert len(targets) >= 9
        for widget, offset in targets:
            await pilot.click(widget, offset=offset)
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, ArticleScreen)


@pilot_test
async def test_hostile_suggestions_and_typed_ids_stay_literal(kb: KbIndex, tmp_path: Path) -> None:
    app = console(kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Suggestions come from the index's own words, but the list shows any text safely.
        results = app.screen.query_one("#results", ResultList)
        nasty = f"{HOSTILE['action']} {HOSTILE['close']} {HOSTILE['osc52']}"
        results.show_nothing([nasty], filtered=True)
        await settle(pilot)
        text = _assert_safe(app)
        assert "[@click=app.quit]OK[/] [/3GB] ]52;c;aGFja2Vk" in text
        # A typed id that is not a Q number is echoed in a notification, literally.
        await pilot.press("ctrl+g")
        await settle(pilot)
        # A paste into a one-line input loses its control characters as well.
        goto = app.screen.query_one("#goto-id", Input)
        goto.post_message(events.Paste("\x1b[31m\x1b]52;c;aGk=\x07"))
        await settle(pilot)
        assert goto.value == "[31m]52;c;aGk="
        goto.value = ""
        await pilot.press(*"[/3GB]", "enter")
        await settle(pilot)
        assert any("[/3GB] is not a Q number" in n.message for n in app._notifications)
        assert app.is_running
