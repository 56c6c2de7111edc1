"""`kbassist web` in a real browser: Debian's chromium driven by Playwright's Python package.

Paste an error and see its fix first (the page's own script fetches the results as the
text arrives), open the article by its address, download a CSV export. Screenshots go
to the test's tmp folder. The browser is the system's (`executable_path`), never one
`playwright install` downloads; `.ci/run` installs chromium under CI, where this test
must not skip.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web

from kbassist.tui.web.app import open_app

from kbfixtures import build_tui_index

PASTE = "Cannot reach PRNSRV07: the spooler share is unavailable right now."


def chromium() -> str:
    """The system chromium; skip without it, fail under CI (which installs it)."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        reason = (
            "Debian's chromium is not installed (apt-get install -y chromium); "
            "the browser test drives it through Playwright's executable_path"
        )
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(reason + " - under CI .ci/run installs it")
        pytest.skip(reason)
    return path


class LiveServer:
    """The app on a real loopback port, its event loop in a thread of its own."""

    def __init__(self, app: web.Application) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.runner = web.AppRunner(app)
        self._call(self.runner.setup())
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        self._call(site.start())
        host, port = self.runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"

    def _call(self, coro):  # type: ignore[no-untyped-def]
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(30)

    def close(self) -> None:
        self._call(self.runner.cleanup())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    mp = pytest.MonkeyPatch()
    mp.setenv("KBASSIST_ENCODER", "off")
    root = tmp_path_factory.mktemp("webbrowser")
    build_tui_index(root).close()
    live = LiveServer(open_app(root / "index", warm=False))
    yield live
    live.close()
    mp.undo()


def test_paste_see_the_fix_open_the_article_download_csv(
    server: LiveServer, tmp_path: Path
) -> None:
    executable = chromium()
    from playwright.sync_api import sync_playwright

    shots = tmp_path / "screenshots"
    shots.mkdir()
    with sync_playwright() as p:
        # --no-sandbox: CI runs as root, where chromium's sandbox refuses to start.
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            page = browser.new_page(accept_downloads=True)
            blocked: list[str] = []
            page.on(
                "console",
                lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
            )
            page.goto(server.url + "/")
            # A paste into the box: the page's script asks for the results, no button.
            page.locator("#q").fill(PASTE)
            preview = page.locator("#preview")
            preview.wait_for(timeout=15_000)
            assert "Q900101" in preview.inner_text()
            assert "Install the update." in preview.inner_text()  # the fix, first
            assert page.locator("#hits li").first.locator(".how").inner_text() == (
                "quotes your message"
            )
            assert "q=Cannot" in page.url  # the results have an address too
            page.screenshot(path=str(shots / "1-results.png"), full_page=True)

            # The article by its address.
            page.goto(server.url + "/articles/Q900101")
            assert page.title().startswith("Q900101")
            assert "spooler share" in page.locator("article").inner_text()
            page.screenshot(path=str(shots / "2-article.png"), full_page=True)

            # Back to the results: download them as CSV.
            page.go_back()
            page.locator("#export-format").select_option("csv")
            with page.expect_download() as info:
                page.locator("#download").click()
            download = info.value
            assert download.suggested_filename == "kbassist-export.csv"
            saved = tmp_path / download.suggested_filename
            download.save_as(saved)
            text = saved.read_text(encoding="utf-8")
            assert text.startswith("id,") and "Q900101" in text
            page.screenshot(path=str(shots / "3-after-download.png"), full_page=True)
            assert blocked == []  # nothing of the page's own was refused by its policy
        finally:
            browser.close()
    assert len(list(shots.glob("*.png"))) == 3
