"""`kbassist web`'s aiohttp application: routes, the guard in front of them, errors as JSON.

Every request passes, outermost first:
- `errors`: any refusal becomes a 4xx with `{"error", "message"}` (an HTML page for the
  pages), a request that waits too long or finds too many waiting a 503; an unexpected
  failure is logged and answered 500 without a traceback.
- `guard`: the Host (a loopback bind answers only loopback names: a DNS-rebinding page
  has a matching Origin and Host otherwise), the Origin of a request that may change
  state or reads across origins (its own, or one `--cors-origin` named), and the token
  when there is one (`?token=` once, then an HttpOnly SameSite=Strict cookie; API
  clients send `Authorization: Bearer TOKEN`). `/api/health` is open: probes have no
  token, and it tells no article.
- the security headers of every response (`_headers`): a Content-Security-Policy that
  allows only this origin's script and style files (no inline script anywhere), no
  framing, no sniffing, no Referer (the URL may hold the token).

Static files are named one by one (`pages.STATIC`): no folder is served, so nothing
can be listed or reached with `..`.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import os
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import hdrs, web

from .. import strings
from ..serve_guard import _SCRUB_TOKEN, is_loopback, parse_host, parse_origin
from . import api, pages
from .params import TOKEN_PARAM, ApiError
from .service import Busy, Limits, TimedOut, WebIndex
from .workers import WorkerLost

log = logging.getLogger("kbassist.web")

MAX_BODY = 256 * 1024
"""A POST body: a ticket of MAX_QUERY_CHARS (20,000) characters is at most ~120 KB of
JSON even with every character escaped."""
MAX_LINE = 2 * 1024 * 1024
"""The request line: a GET with a pasted ticket in `q` (percent-encoded, up to ~9 bytes a
character) up to a pasted megabyte is read and refused by our own check with a JSON 413
naming the limit, not cut off by the HTTP parser's 8 KB default with a bare text 400.
Past this the parser still refuses (400, plain text: aiohttp answers it before any
middleware); the line is buffered once per connection, so this costs no more."""

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class WebConfig:
    host: str = "127.0.0.1"
    port: int = 8080
    token: str | None = None
    """Required on every request (but /api/health) when set; always set off loopback."""
    cors_origins: frozenset[str] = field(default_factory=frozenset)
    """Origins (`https://tickets.example.com`) whose pages may call the API."""
    workers: int = 0
    """Search processes forked once the index is warm (workers.py); 0: searches run in
    the server's own process."""

    @property
    def cookie_name(self) -> str:
        # Cookies ignore ports: two servers on one machine must not overwrite each other's.
        return f"kbassist-web-{self.port}"


CONFIG: web.AppKey[WebConfig] = web.AppKey("config", WebConfig)


def _is_api(request: web.Request) -> bool:
    return request.path.startswith("/api/") or request.path == "/openapi.json"


def _refusal(request: web.Request, status: int, error: ApiError) -> web.StreamResponse:
    if _is_api(request):
        return api.error_response(error)
    return pages.error_page(request, status, error.message)


@web.middleware
async def errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except ApiError as e:
        return _refusal(request, e.status, e)
    except Busy:
        return _refusal(request, 503, ApiError(503, "busy"))
    except TimedOut:
        seconds = request.app[api.INDEX].limits.seconds
        return _refusal(request, 503, ApiError(503, "timeout", seconds=seconds))
    except WorkerLost:
        return _refusal(request, 503, ApiError(503, "worker_lost"))
    except web.HTTPException as e:
        if e.status < 400:
            raise
        if e.status == 404:
            error = ApiError(404, "not_found", path=request.path[:100])
        elif e.status == 405:
            allowed = ", ".join(sorted(getattr(e, "allowed_methods", ()) or ())) or "GET"
            error = ApiError(405, "method_not_allowed", method=request.method, allowed=allowed)
        elif e.status == 413:
            error = ApiError(413, "too_large", limit=MAX_BODY)
        else:
            error = ApiError(400, "bad_json", why=e.reason)
            error.status = e.status
        return _refusal(request, e.status, error)
    except UnicodeError:
        return _refusal(request, 400, ApiError(400, "not_utf8"))
    except Exception as e:
        log.error("failed: %s %s\n%s", request.method, request.path, traceback.format_exc())
        return _refusal(request, 500, ApiError(500, "internal", kind=type(e).__name__))


def _token_matches(config: WebConfig, candidate: str | None) -> bool:
    if not candidate or config.token is None:
        return False
    # bytes: compare_digest refuses non-ASCII str, and a request can carry any text.
    return hmac.compare_digest(candidate.encode("utf-8", "replace"), config.token.encode())


def _bearer(request: web.Request) -> str | None:
    value = request.headers.get(hdrs.AUTHORIZATION, "")
    scheme, _, credentials = value.partition(" ")
    return credentials.strip() if scheme.lower() == "bearer" else None


def _query_token(request: web.Request) -> str | None:
    try:
        return request.query.get(TOKEN_PARAM)
    except UnicodeError:
        return None


def _shown(value: str) -> str:
    return ascii(value[:80])


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    config = request.app[CONFIG]
    host_header = request.headers.get(hdrs.HOST, "")
    own = parse_host(host_header)
    if own is None or (is_loopback(config.host) and not is_loopback(own.hostname)):
        raise ApiError(403, "refused_host", host=_shown(host_header))
    origin = request.headers.get(hdrs.ORIGIN)
    foreign = origin is not None and parse_origin(origin) != own
    # A foreign page's GET is harmless (its script cannot read the answer without CORS);
    # anything else it sends is refused before it is read.
    if foreign and origin not in config.cors_origins and request.method not in ("GET", "HEAD"):
        raise ApiError(403, "refused_origin", origin=_shown(origin or ""))
    if request.method == "OPTIONS" and request.path.startswith("/api/"):
        return preflight(request)  # a preflight carries no credentials
    if config.token is not None and request.path != "/api/health":
        from_query = _query_token(request)
        if not (
            _token_matches(config, from_query)
            or _token_matches(config, _bearer(request))
            or _token_matches(config, request.cookies.get(config.cookie_name))
        ):
            raise ApiError(403, "refused_token")
        response = await handler(request)
        # Opened with ?token=: remember it, so links, reloads and the page's script work
        # without it in the address.
        if _token_matches(config, from_query) and not response.prepared:
            response.set_cookie(
                config.cookie_name, config.token, path="/", httponly=True, samesite="Strict"
            )
        return response
    return await handler(request)


async def _headers(request: web.Request, response: web.StreamResponse) -> None:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "no-referrer")
    if not request.path.startswith("/static/"):
        headers.setdefault(hdrs.CACHE_CONTROL, "no-store")
    config = request.app[CONFIG]
    origin = request.headers.get(hdrs.ORIGIN)
    if origin is not None and origin in config.cors_origins and _is_api(request):
        headers["Access-Control-Allow-Origin"] = origin
        headers["Access-Control-Expose-Headers"] = "Content-Disposition"
        headers.add(hdrs.VARY, "Origin")


def preflight(request: web.Request) -> web.Response:
    """CORS preflight of any /api/ address: answered only for an origin `--cors-origin`
    named (in the guard, before routing: no route takes OPTIONS)."""
    origin = request.headers.get(hdrs.ORIGIN)
    if origin is None or origin not in request.app[CONFIG].cors_origins:
        raise ApiError(403, "refused_origin", origin=_shown(origin or "(none)"))
    return web.Response(
        status=204,
        headers={
            "Access-Control-Allow-Methods": "GET, POST",
            "Access-Control-Allow-Headers": "Content-Type, Authorization",
            "Access-Control-Max-Age": "600",
        },
    )


async def openapi(request: web.Request) -> web.Response:
    from .openapi import document

    return api.json_response(document())


def make_app(
    index: WebIndex, config: WebConfig | None = None, *, warm: bool = True
) -> web.Application:
    """The application over an open index (`WebIndex`); closed with the app."""
    app = web.Application(
        middlewares=[errors, guard],
        client_max_size=MAX_BODY,
        handler_args={"max_line_size": MAX_LINE, "max_field_size": 16 * 1024},
    )
    app[CONFIG] = config or WebConfig()
    app[api.INDEX] = index
    app[api.EXPORTS] = api.ExportSlots()
    api.add_routes(app)
    pages.add_routes(app)
    app.router.add_get("/openapi.json", openapi)
    app.on_response_prepare.append(_headers)

    async def start(app: web.Application) -> None:
        if warm:
            # Before the port opens: the speller and the first search's caches take a few
            # seconds (more on a loaded machine) under the index's lock, and requests
            # queued behind them were given up at the time limit (measured: the first
            # exports got 503). A client that connects meanwhile is refused and retries.
            await asyncio.get_running_loop().run_in_executor(None, index.warm)
        # Before the port opens too: the search processes must not inherit its socket.
        await asyncio.get_running_loop().run_in_executor(None, index.start_workers)

    async def stop(app: web.Application) -> None:
        app[api.EXPORTS].pool.shutdown(wait=False, cancel_futures=True)
        index.close()

    app.on_startup.append(start)
    app.on_cleanup.append(stop)
    logging.getLogger("aiohttp.access").addFilter(_SCRUB_TOKEN)
    return app


def open_app(
    index_dir: Path, config: WebConfig | None = None, limits: Limits | None = None, **kw: bool
) -> web.Application:
    """Open the index at `index_dir` (IndexProblem when it cannot be) and build the app."""
    from kbassist.index.store import KbIndex

    workers = config.workers if config is not None else 0
    return make_app(WebIndex(KbIndex.open(index_dir), limits, workers), config, **kw)


def url(config: WebConfig) -> str:
    from ..serve_guard import start_url_host

    base = f"http://{start_url_host(config.host)}:{config.port}/"
    return f"{base}?{TOKEN_PARAM}={config.token}" if config.token else base


def _one_malloc_arena() -> None:
    """glibc gives each thread that allocates its own malloc arena and keeps what it
    freed there: with the worker threads, the server grew from 1,066 to 1,203 MB over
    80 searches, against 1,099 MB with one arena (measured; searches run one at a
    time under the index's lock anyway, so they do not contend for it)."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if name is None or os.environ.get("MALLOC_ARENA_MAX"):
        return
    try:
        libc = ctypes.CDLL(name)
        libc.mallopt(-8, 1)  # M_ARENA_MAX; another libc has no mallopt: nothing to do
    except (OSError, AttributeError):
        pass


def run(app: web.Application, config: WebConfig, announce: Callable[[str], None]) -> None:
    _one_malloc_arena()
    announce(strings.WEB_URL.format(url=url(config)))
    # One line a request on stderr (aiohttp's access log, the token hidden by the filter
    # make_app attached) and the server's warnings.
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    web.run_app(app, host=config.host, port=config.port, print=None)
