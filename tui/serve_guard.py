"""`kbassist serve`'s guard: only a page this server served, opened with this launch's
token, reaches the console.

textual-serve (1.1.3) answers any request: a WebSocket handshake from any Origin starts a
console process, so any web page open in the user's browser could drive the console and
its export, which writes files on the server (cross-site WebSocket hijacking). The guard
does what notebook servers do, as an aiohttp middleware in front of every route:

- Host: a server bound to a loopback address answers only to loopback names (`localhost`,
  `127.0.0.1`, `[::1]`), whatever the port, so a DNS-rebinding page (evil.example that
  resolves to 127.0.0.1) is refused even though its Origin matches its Host.
- Origin: when present it must be the server's own origin as the browser reached it,
  `http://` + the request's Host; a WebSocket or a non-GET request without one is refused
  (browsers always send it there, so only a script without the token would omit it).
- Token: `secrets.token_urlsafe` per launch (or `--token` / `KBASSIST_SERVE_TOKEN`),
  printed in the start URL; every request carries it in `?token=` or in the cookie the
  page sets (HttpOnly, SameSite=Strict: another site's page does not send it, and a port
  of the same host is the same "site" for cookies, which is why Origin is checked too).
- Static files: a regular file under textual-serve's `static/` folder or 404: no listing,
  no traversal.

The page textual-serve renders points its WebSocket at `public_url` (the `--host` as
typed: `0.0.0.0` for a network bind, `127.0.0.1` when the browser used `localhost`); the
guard renders it at the Host the browser used, so Origin, Host and cookie agree.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import aiohttp_jinja2
from aiohttp import hdrs, web
from aiohttp.web_urldispatcher import StaticResource

from . import strings

if TYPE_CHECKING:
    from textual_serve.server import Server

TOKEN_ENV = "KBASSIST_SERVE_TOKEN"
TOKEN_PARAM = "token"
# A fixed token is typed by people and scripts; below this a guess is within reach.
TOKEN_MIN_LENGTH = 16
# URL-safe characters only: the token travels unquoted in the URL and in a cookie.
_TOKEN_CHARS = re.compile(r"[A-Za-z0-9._~-]+")
# A Host header as browsers send it: a name or IPv4 address, or a bracketed IPv6 one, and
# an optional port. Anything else (userinfo, paths, spaces) is not a browser's.
_HOST_SYNTAX = re.compile(r"(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")
# textual-serve's routes are all GET; anything else could change state.
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::", "[::]"})
_SHOWN_MAX = 80

log = logging.getLogger("kbassist.serve")


class _ScrubToken(logging.Filter):
    """aiohttp's access log writes each request line, `?token=` included: not the token."""

    _pattern = re.compile(rf"([?&]{TOKEN_PARAM}=)[^&\s\"]*")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        scrubbed = self._pattern.sub(r"\1(hidden)", message)
        if scrubbed != message:
            record.msg, record.args = scrubbed, None
        return True


_SCRUB_TOKEN = _ScrubToken()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_problem(token: str) -> str | None:
    """Why a fixed token (`--token`, `KBASSIST_SERVE_TOKEN`) cannot be used, or None."""
    if len(token) < TOKEN_MIN_LENGTH or not _TOKEN_CHARS.fullmatch(token):
        return strings.CONSOLE_SERVE_BAD_TOKEN.format(n=TOKEN_MIN_LENGTH)
    return None


def is_loopback(host: str) -> bool:
    """`localhost` or a loopback address (127.0.0.0/8, ::1), bracketed or not."""
    name = host.strip().removeprefix("[").removesuffix("]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def is_wildcard(host: str) -> bool:
    """An "every address" bind (0.0.0.0, ::), which no browser can open as such."""
    return host in _WILDCARD_HOSTS


def start_url_host(host: str) -> str:
    """The host part of the start URL: a wildcard bind is shown as this machine's loopback."""
    if is_wildcard(host):
        return "[::1]" if ":" in host else "127.0.0.1"
    return _url_host(host)


def start_url(host: str, port: int, token: str) -> str:
    """The URL printed at start: the page with the token, as notebook servers print it."""
    return f"http://{start_url_host(host)}:{port}/?{TOKEN_PARAM}={token}"


@dataclass(frozen=True)
class Authority:
    """host:port of an origin or a Host header, normalised (lower case, default port)."""

    hostname: str
    port: int

    def __str__(self) -> str:
        return f"{_url_host(self.hostname)}:{self.port}"


def parse_host(value: str) -> Authority | None:
    """A Host header as an Authority (port 80 when absent: the server speaks http)."""
    if not _HOST_SYNTAX.fullmatch(value):
        return None
    try:
        parts = urlsplit(f"//{value}")
        hostname, port = parts.hostname, parts.port
    except ValueError:  # a port above 65535, a malformed bracket
        return None
    if not hostname:
        return None
    return Authority(hostname, 80 if port is None else port)


def parse_origin(value: str) -> Authority | None:
    """An Origin header as an Authority; None for `null`, https, or anything not an origin."""
    try:
        parts = urlsplit(value)
        hostname, port = parts.hostname, parts.port
    except ValueError:
        return None
    # The server speaks plain http, so its own origin is http://; https:// is another one.
    if parts.scheme != "http" or not hostname or parts.path or parts.query or parts.fragment:
        return None
    if parts.username is not None or parts.password is not None:
        return None
    return Authority(hostname, 80 if port is None else port)


def _shown(value: str) -> str:
    """A header value fit for a one-line reason and a log line: cut, controls escaped."""
    cut = value if len(value) <= _SHOWN_MAX else value[:_SHOWN_MAX] + "…"
    return ascii(cut)


def _is_static_file(directory: Path, filename: str) -> bool:
    """A regular file inside `directory`, reached without `..` or a link out of it."""
    if not filename or "\\" in filename or "\x00" in filename:
        return False
    relative = Path(filename)
    if relative.is_absolute() or ".." in relative.parts:
        return False
    # A few stats of textual-serve's own package folder: not worth a thread.
    try:
        root = directory.resolve(strict=True)
        target = (root / relative).resolve(strict=True)
    except (OSError, RuntimeError):  # missing, or a symlink loop
        return False
    return target.is_relative_to(root) and target.is_file()


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class ServeGuard:
    """The checks for one launch: the address it listens on and its token."""

    host: str
    port: int
    token: str

    @property
    def loopback_only(self) -> bool:
        return is_loopback(self.host)

    @property
    def cookie_name(self) -> str:
        # Cookies ignore ports: two servers on one machine must not overwrite each other's.
        return f"kbassist-serve-{self.port}"

    def token_matches(self, candidate: str | None) -> bool:
        if not candidate:
            return False
        # bytes: compare_digest refuses non-ASCII str, and a query can carry any text
        # (a lone surrogate becomes "?", which no token holds).
        return hmac.compare_digest(candidate.encode("utf-8", "replace"), self.token.encode())

    def refusal(self, request: web.Request) -> str | None:
        """The one-line reason to refuse `request` with 403, or None to let it through."""
        host_header = request.headers.get(hdrs.HOST, "")
        own = parse_host(host_header)
        if own is None or (self.loopback_only and not is_loopback(own.hostname)):
            return strings.CONSOLE_SERVE_REFUSED_HOST.format(host=_shown(host_header))

        origin = request.headers.get(hdrs.ORIGIN)
        if origin is None:
            # Any upgrade (the WebSocket) or method that may change state needs an Origin.
            if hdrs.UPGRADE in request.headers or request.method not in _SAFE_METHODS:
                return strings.CONSOLE_SERVE_REFUSED_NO_ORIGIN
        elif parse_origin(origin) != own:
            return strings.CONSOLE_SERVE_REFUSED_ORIGIN.format(origin=_shown(origin))

        if not (
            self.token_matches(request.query.get(TOKEN_PARAM))
            or self.token_matches(request.cookies.get(self.cookie_name))
        ):
            return strings.CONSOLE_SERVE_REFUSED_TOKEN
        return None

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        reason = self.refusal(request)
        if reason is not None:
            log.warning("refused %s %s: %s", request.method, _shown(request.path), reason)
            # Before the handler: a refused WebSocket never starts a console process.
            return web.Response(status=403, text=reason + "\n")
        resource = request.match_info.route.resource
        if isinstance(resource, StaticResource):
            directory = Path(resource.get_info()["directory"])
            if not _is_static_file(directory, request.match_info.get("filename", "")):
                raise web.HTTPNotFound()
        response = await handler(request)
        # The page was opened with ?token=: remember it, so reloads and the WebSocket
        # (same host, same site) work without it. A prepared response (the WebSocket, a
        # download) has sent its headers already.
        if self.token_matches(request.query.get(TOKEN_PARAM)) and not response.prepared:
            response.set_cookie(
                self.cookie_name, self.token, path="/", httponly=True, samesite="Strict"
            )
        return response

    async def index(self, request: web.Request, title: str) -> web.Response:
        """textual-serve's page, with URLs made from the Host the browser used."""
        # The middleware let the request through, so its Host parses.
        own = parse_host(request.headers.get(hdrs.HOST, ""))
        if own is None:
            raise web.HTTPForbidden()
        router = request.app.router
        try:
            font_size = int(request.query.get("fontsize", "16"))
        except ValueError:
            font_size = 16
        static = str(router["static"].url_for(filename="/")).rstrip("/") + "/"
        context: dict[str, Any] = {
            "font_size": font_size,
            "app_websocket_url": f"ws://{own}{router['websocket'].url_for()}",
            "config": {"static": {"url": static}},
            "application": {"name": title},
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        # The URL holds the token: keep the page out of caches.
        response.headers[hdrs.CACHE_CONTROL] = "no-store"
        return response

    async def _security_headers(self, request: web.Request, response: web.StreamResponse) -> None:
        # The page loads a font from Google: no Referer with the token in it; and no other
        # site may frame the console (clicks steered through an invisible frame).
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Content-Security-Policy", "frame-ancestors 'none'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")

    def attach(self, app: web.Application) -> None:
        """Guard every route of textual-serve's app (before it starts: then it is frozen)."""
        app.middlewares.append(self.middleware)
        app.on_response_prepare.append(self._security_headers)
        # One filter object: adding it again (another app in the same process) is a no-op.
        logging.getLogger("aiohttp.access").addFilter(_SCRUB_TOKEN)


def guarded_server(command: str, guard: ServeGuard, title: str) -> Server:
    """textual-serve's Server for `command`, its app behind `guard`."""
    # Looked up now, not at import: the command's tests replace textual_serve.server.Server.
    from textual_serve import server as textual_server

    class GuardedServer(textual_server.Server):
        # _make_app is private in textual-serve 1.1.3 (tests/test_serve_guard.py checks
        # that serve() still builds the app through it and which routes it has).
        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            guard.attach(app)
            return app

        async def handle_index(self, request: web.Request) -> web.Response:
            return await guard.index(request, self.title)

        async def on_startup(self, app: web.Application) -> None:
            # textual-serve prints its URL without the token; the command printed ours.
            return None

    return GuardedServer(command, host=guard.host, port=guard.port, title=title)
