"""`kbassist serve` behind its guard: Origin, Host, the per-launch token, static files.

The app is textual-serve's own (`Server._make_app`), guarded, on aiohttp's TestServer at
127.0.0.1 and a random port; the console process is a fake, so a refused handshake can be
shown to start none. One test runs the real command in a subprocess, bounded in time.
Only loopback addresses, never a server without a time bound.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import pytest
from aiohttp import DummyCookieJar, WSServerHandshakeError, web
from aiohttp.test_utils import TestClient, TestServer
from click.testing import CliRunner
from yarl import URL

from kbassist.tui import serve_guard
from kbassist.tui.serve_guard import Authority, ServeGuard, guarded_server

TOKEN = "test-token-0123456789abcdef"
BOUND = 30.0  # seconds: every server in this file lives at most this long
T = TypeVar("T")


class _FakeAppService:
    """Stands for the console process textual-serve starts per WebSocket."""

    started: ClassVar[list[tuple[int, int]]] = []

    def __init__(self, command: str, **_: Any) -> None:
        self.command = command

    async def start(self, width: int, height: int) -> None:
        self.started.append((width, height))

    async def stop(self) -> None:
        pass


@pytest.fixture(autouse=True)
def fake_console(monkeypatch: pytest.MonkeyPatch) -> None:
    import textual_serve.server

    _FakeAppService.started = []
    monkeypatch.setattr(textual_serve.server, "AppService", _FakeAppService)


def run(test: Callable[[], Awaitable[T]]) -> T:
    return asyncio.run(asyncio.wait_for(test(), BOUND))


@asynccontextmanager
async def served(host: str = "127.0.0.1") -> AsyncIterator[TestClient[web.Request, Any]]:
    """The guarded textual-serve app for a server launched with `--host host`."""
    guard = ServeGuard(host=host, port=8000, token=TOKEN)
    app = await guarded_server("kbassist-console", guard, title="kbassist")._make_app()
    # No cookie jar: each test says which cookie a request carries.
    jar = DummyCookieJar()
    async with TestClient(TestServer(app, host="127.0.0.1"), cookie_jar=jar) as client:
        yield client


def own(client: TestClient[Any, Any], name: str = "127.0.0.1") -> str:
    return f"http://{name}:{client.port}"


async def ws_status(client: TestClient[Any, Any], path: str = "/ws", **kwargs: Any) -> int:
    """101 when the handshake succeeds (then closes), else the refusal's status."""
    try:
        ws = await client.ws_connect(path, **kwargs)
    except WSServerHandshakeError as error:
        return error.status
    await ws.close()
    return 101


def test_a_foreign_origin_is_refused_and_starts_no_console() -> None:
    async def check() -> None:
        async with served() as client:
            for origin in (
                "http://evil.example",
                f"http://evil.example:{client.port}",
                f"http://127.0.0.1:{client.port + 1}",  # another local service's page
                f"https://127.0.0.1:{client.port}",
                "null",
            ):
                headers = {"Origin": origin}
                assert await ws_status(client, f"/ws?token={TOKEN}", headers=headers) == 403
                raw = await client.get(
                    f"/ws?token={TOKEN}",
                    headers={**headers, "Upgrade": "websocket", "Connection": "Upgrade"},
                )
                assert raw.status == 403
                reason = await raw.text()
                assert reason.count("\n") == 1 and "may not use this console" in reason
        assert _FakeAppService.started == []

    run(check)


def test_a_websocket_without_origin_is_refused() -> None:
    async def check() -> None:
        async with served() as client:
            assert await ws_status(client, f"/ws?token={TOKEN}") == 403
            refused = await client.post(f"/?token={TOKEN}")  # not GET: Origin required too
            assert refused.status == 403
            assert "without an Origin header" in await refused.text()
        assert _FakeAppService.started == []

    run(check)


def test_the_right_origin_without_the_token_is_refused() -> None:
    async def check() -> None:
        async with served() as client:
            headers = {"Origin": own(client)}
            assert await ws_status(client, headers=headers) == 403
            assert await ws_status(client, "/ws?token=wrong", headers=headers) == 403
            assert await ws_status(client, "/ws?token=%C3%A9", headers=headers) == 403
            stale = {"Cookie": "kbassist-serve-8000=an-old-launchs-token"}
            assert await ws_status(client, headers={**headers, **stale}) == 403
            page = await client.get("/")
            assert page.status == 403
            text = await page.text()
            assert "?token=" in text and "kbassist serve printed" in text
            assert TOKEN not in text
            assert (await client.get("/?token=" + TOKEN[:-1])).status == 403
        assert _FakeAppService.started == []

    run(check)


def test_the_right_origin_with_the_token_opens_the_console(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="aiohttp.access")

    async def check() -> None:
        async with served() as client:
            headers = {"Origin": own(client)}
            assert (
                await ws_status(client, f"/ws?token={TOKEN}&width=90&height=30", headers=headers)
                == 101
            )
            assert _FakeAppService.started == [(90, 30)]

            # The page opened with ?token= sets the cookie; then neither needs the token.
            page = await client.get(f"/?token={TOKEN}")
            assert page.status == 200
            cookie = page.cookies["kbassist-serve-8000"]
            assert cookie.value == TOKEN
            assert cookie["httponly"] and cookie["samesite"] == "Strict"
            assert cookie["path"] == "/"
            assert page.headers["Cache-Control"] == "no-store"
            assert page.headers["Referrer-Policy"] == "no-referrer"
            assert page.headers["X-Frame-Options"] == "DENY"
            jar = {"Cookie": f"kbassist-serve-8000={TOKEN}"}
            assert (await client.get("/", headers=jar)).status == 200
            assert await ws_status(client, headers={**headers, **jar}) == 101
            assert len(_FakeAppService.started) == 2

    run(check)
    logged = [record.getMessage() for record in caplog.records if record.name == "aiohttp.access"]
    assert any("token=(hidden)" in line for line in logged), logged
    assert not any(TOKEN in line for line in logged)


def test_the_page_points_its_websocket_at_the_host_the_browser_used() -> None:
    async def check() -> None:
        async with served() as client:
            for name in ("127.0.0.1", "localhost", "[::1]"):
                host = {"Host": f"{name}:{client.port}"}
                page = await client.get(f"/?token={TOKEN}", headers=host)
                assert page.status == 200
                html = await page.text()
                assert f'data-session-websocket-url="ws://{name}:{client.port}/ws"' in html
                assert 'href="/static/css/xterm.css"' in html
                # ... so the handshake's Origin is that same name: accepted.
                headers = {**host, "Origin": own(client, name)}
                assert await ws_status(client, f"/ws?token={TOKEN}", headers=headers) == 101
                # A loopback name but another one than the page's: not this page's origin.
                other = "localhost" if name != "localhost" else "127.0.0.1"
                headers = {**host, "Origin": own(client, other)}
                assert await ws_status(client, f"/ws?token={TOKEN}", headers=headers) == 403

    run(check)


def test_a_loopback_server_answers_only_to_loopback_names() -> None:
    """DNS rebinding: evil.example resolving to 127.0.0.1 has a matching Origin and Host."""

    async def check() -> None:
        async with served() as client:
            rebound = {"Host": f"evil.example:{client.port}"}
            headers = {**rebound, "Origin": own(client, "evil.example")}
            assert await ws_status(client, f"/ws?token={TOKEN}", headers=headers) == 403
            page = await client.get(f"/?token={TOKEN}", headers=rebound)
            assert (
                page.status == 403 and "is not a name this server answers to" in await page.text()
            )
            assert (await client.get(f"/?token={TOKEN}", headers={"Host": "a@b"})).status == 403
        async with served(host="0.0.0.0") as client:
            # A network bind answers to any name; the token is what guards it then.
            assert (await client.get(f"/?token={TOKEN}", headers=rebound)).status == 200
            assert (await client.get("/", headers=rebound)).status == 403
            assert await ws_status(client, f"/ws?token={TOKEN}", headers=headers) == 101

    run(check)


def test_static_serves_files_only() -> None:
    async def check() -> None:
        async with served() as client:
            jar = {"Cookie": f"kbassist-serve-8000={TOKEN}"}
            assert (await client.get("/static/js/textual.js", headers=jar)).status == 200
            assert (await client.get("/static/js/textual.js")).status == 403
            for folder in ("/static/", "/static", "/static/js", "/static/js/", "/static/css/"):
                response = await client.get(folder, headers=jar)
                assert response.status == 404, folder
                assert "Index of" not in await response.text()
            for path in (
                "/static/../server.py",
                "/static/js/../../server.py",
                "/static/%2e%2e/server.py",
                "/static/..%2fserver.py",
                "/static/js/..%2f..%2fserver.py",
                "/static/%2fetc%2fpasswd",
                "/static//etc/passwd",
                "/static/..%5cserver.py",
                "/static/js/textual.js%00",
            ):
                response = await client.get(URL(path, encoded=True), headers=jar)
                assert response.status == 404, path

    run(check)


def test_authorities_are_compared_normalised() -> None:
    assert serve_guard.parse_origin("http://LOCALHOST") == Authority("localhost", 80)
    assert serve_guard.parse_origin("http://[::1]:8000") == Authority("::1", 8000)
    assert serve_guard.parse_host("[::1]:8000") == Authority("::1", 8000)
    assert serve_guard.parse_host("127.0.0.1") == Authority("127.0.0.1", 80)
    for origin in ("null", "https://127.0.0.1:8000", "http://127.0.0.1:8000/x", "file://", ""):
        assert serve_guard.parse_origin(origin) is None, origin
    assert serve_guard.parse_origin("http://u@127.0.0.1:8000") is None
    for host in ("", "127.0.0.1:99999", "a@b", "a b", "127.0.0.1:8000/x", "[::1"):
        assert serve_guard.parse_host(host) is None, host
    assert all(
        map(serve_guard.is_loopback, ("localhost", "127.0.0.1", "127.1.2.3", "::1", "[::1]"))
    )
    assert not any(map(serve_guard.is_loopback, ("0.0.0.0", "::", "10.0.0.1", "localhost.evil")))


def test_textual_serve_still_builds_its_app_the_way_the_guard_relies_on() -> None:
    """The guard overrides textual-serve's private `_make_app` (1.1.3): fail loudly if
    serve() stops building the app through it, or the routes change."""
    from textual_serve.server import Server

    assert inspect.iscoroutinefunction(Server._make_app)
    assert "self._make_app()" in inspect.getsource(Server.serve)
    for hook in ("handle_index", "on_startup"):
        assert inspect.iscoroutinefunction(getattr(Server, hook)), hook
    guard = ServeGuard(host="127.0.0.1", port=8000, token=TOKEN)
    app = asyncio.run(guarded_server("x", guard, title="kbassist")._make_app())
    names = {resource.name for resource in app.router.resources()}
    assert names == {"index", "websocket", "download", "static"}
    assert guard.middleware in list(app.middlewares)


class _FakeServer:
    made: ClassVar[list[tuple[str, str, int]]] = []

    def __init__(self, command: str, host: str, port: int, title: str | None = None) -> None:
        self.made.append((command, host, port))

    def serve(self) -> None:
        pass


def _serve(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, *args: str, env: dict[str, str] | None = None
) -> Any:
    import textual_serve.server

    from kbassist.tui.cli import cli

    _FakeServer.made = []
    monkeypatch.setattr(textual_serve.server, "Server", _FakeServer)
    monkeypatch.delenv("KBASSIST_SERVE_TOKEN", raising=False)
    return CliRunner().invoke(cli, ["serve", "--index", str(tmp_path), *args], env=env)


def test_the_printed_url_carries_a_new_token_each_launch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tokens = []
    for _ in range(2):
        result = _serve(monkeypatch, tmp_path)
        assert result.exit_code == 0, result.output
        found = re.search(r"http://127\.0\.0\.1:8000/\?token=([A-Za-z0-9_-]+)", result.output)
        assert found is not None, result.output
        tokens.append(found.group(1))
    assert len(tokens[0]) >= 40 and tokens[0] != tokens[1]


def test_a_fixed_token_from_the_option_or_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _serve(monkeypatch, tmp_path, "--token", TOKEN, "--port", "8123")
    assert f"http://127.0.0.1:8123/?token={TOKEN}" in result.output
    result = _serve(monkeypatch, tmp_path, "--host", "::1", env={"KBASSIST_SERVE_TOKEN": TOKEN})
    assert f"http://[::1]:8000/?token={TOKEN}" in result.output
    for weak in ("short", "sixteen chars!!!!", "é" * 20):
        result = _serve(monkeypatch, tmp_path, "--token", weak)
        assert result.exit_code == 2 and "at least 16 characters" in result.output
        assert _FakeServer.made == []


def test_a_network_bind_warns_and_prints_a_url_a_browser_can_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _serve(monkeypatch, tmp_path, "--host", "0.0.0.0", "--token", TOKEN)
    assert result.exit_code == 0
    assert "reachable from the network" in result.output and "only the token" in result.output
    assert f"http://127.0.0.1:8000/?token={TOKEN}" in result.output
    assert "from another machine" in result.output
    assert _FakeServer.made[0][1:] == ("0.0.0.0", 8000)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _status(url: str, headers: dict[str, str] | None = None) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=5):
            return 200
    except urllib.error.HTTPError as error:
        return error.code


def test_the_command_serves_the_guarded_app(tmp_path: Path) -> None:
    """`kbassist serve` itself, in a subprocess on 127.0.0.1, killed within BOUND seconds."""
    port = _free_port()
    env = {**os.environ, "KBASSIST_SERVE_TOKEN": TOKEN, "HOME": str(tmp_path)}
    command = [sys.executable, "-m", "kbassist", "serve", "--index", str(tmp_path)]
    process = subprocess.Popen(
        [*command, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + BOUND
        while True:
            try:
                status = _status(f"{base}/")
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
        assert status == 403
        assert _status(f"{base}/?token={TOKEN}") == 200
        assert _status(f"{base}/static/") == 403
        assert _status(f"{base}/static/", {"Cookie": f"kbassist-serve-{port}={TOKEN}"}) == 404
    finally:
        process.terminate()
        try:
            _, err = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            _, err = process.communicate()
    assert f"{base}/?token={TOKEN}".encode() in err
