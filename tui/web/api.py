"""The JSON API of `kbassist web`: the addresses of issue 16, in the command line's shapes.

    GET  /api/search?q=...&product=&area=&since=&until=&issue_type=&limit=&facets=
    POST /api/search          {"query": "...", ...the same filters}
    GET  /api/articles/{id}   the record, as `export` and `show --format json` write it
    GET  /api/products        [{"product", "count"}], as `products --format json`
    GET  /api/facets          {"product"|"area"|"issue_type"|"year": [{"value", "count"}]}
    GET  /api/export?format=...&q=...   a streamed download in any `export` format
    GET  /api/health          {"status", "articles", "encoder"}

A search answers `search --format json`'s object (tui/results.py): query, results with
how each matched, facets, suggestions, took_ms and `weak`.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from aiohttp import web

from kbassist.kbparse.ids import canonical_id
from kbassist.kbparse.record import to_json

from .. import results
from . import params
from .params import ApiError
from .service import Busy, WebIndex

log = logging.getLogger("kbassist.web")

INDEX: web.AppKey[WebIndex] = web.AppKey("index", WebIndex)

MEDIA_TYPES = {
    "jsonl": "application/x-ndjson",
    "json": "application/json",
    "csv": "text/csv",
    "markdown": "text/markdown",
    "html": "text/html",
    "opensearch": "application/x-ndjson",
    "servicenow": "text/csv",
    "zendesk": "application/x-ndjson",
}
"""What a download says it is; every one is sent as an attachment, never shown inline
(an exported HTML page opened from this origin would run under its policy, not ours)."""

CHUNK = 64 * 1024
WRITE_SECONDS = 60.0
"""A download whose client takes no chunk for this long is given up."""


def json_response(data: Any, status: int = 200) -> web.Response:
    return web.Response(
        status=status,
        body=json.dumps(data, ensure_ascii=False).encode("utf-8"),
        content_type="application/json",
        charset="utf-8",
    )


def error_response(error: ApiError) -> web.Response:
    body: dict[str, Any] = {"error": error.code, "message": error.message}
    if error.code == "query_too_long":
        body["limit"] = error.details["limit"]
    return json_response(body, error.status)


def _args(request: web.Request, known: tuple[str, ...]) -> dict[str, str]:
    return params.query_params(request.rel_url.raw_query_string, known)


async def _search(request: web.Request, req: params.SearchRequest) -> web.Response:
    r = await request.app[INDEX].search(req.query, req.filters, req.limit, req.facets)
    return json_response(results.result_json(req.query, r))


async def search_get(request: web.Request) -> web.Response:
    return await _search(request, params.search_request(_args(request, params.SEARCH_GET), "q"))


async def search_post(request: web.Request) -> web.Response:
    _args(request, ())  # only the token may ride in the address
    body = params.post_body(await request.read(), params.SEARCH_POST)
    return await _search(request, params.search_request(body, "query"))


async def article(request: web.Request) -> web.Response:
    _args(request, ())
    raw = request.match_info["id"]
    art_id = canonical_id(raw)
    if art_id is None:
        raise ApiError(404, "bad_id", id=raw[:40])
    found = await request.app[INDEX].get(art_id)
    if found is None:
        raise ApiError(404, "article_not_found", id=art_id)
    return web.Response(body=to_json(found), content_type="application/json", charset="utf-8")


async def products(request: web.Request) -> web.Response:
    _args(request, ())
    items = await request.app[INDEX].products()
    return json_response([{"product": p, "count": c} for p, c in items])


FACETS = ("product", "area", "issue_type", "year")


async def facets(request: web.Request) -> web.Response:
    _args(request, ())
    counts = await request.app[INDEX].field_counts(FACETS)
    return json_response(results.facets_json(counts))


async def health(request: web.Request) -> web.Response:
    from kbassist.index import encoder

    # Not behind the token (app.py): a load balancer probes it; it tells no article.
    try:
        count = await request.app[INDEX].doc_count()
    except Exception as e:  # busy, or the index cannot be read: say so, as a status
        log.warning("health: %s", type(e).__name__)
        return json_response({"status": "unavailable", "articles": 0, "encoder": False}, 503)
    return json_response(
        {"status": "ok", "articles": count, "encoder": encoder.state() == "in_use"}
    )


class ExportSlots:
    """Downloads under way at once: each holds a thread and a reader of its own."""

    def __init__(self, slots: int = 2) -> None:
        self.free = slots
        self.pool = ThreadPoolExecutor(max_workers=slots, thread_name_prefix="kbassist-export")


EXPORTS: web.AppKey[ExportSlots] = web.AppKey("exports", ExportSlots)


class _Sink(io.RawIOBase):
    """A binary stream the export writers (index/export) write to from a worker thread;
    each chunk is handed to the event loop and waited for, so a slow client slows the
    writer instead of filling memory."""

    def __init__(self, response: web.StreamResponse, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        self._response = response
        self._loop = loop
        self._buffer = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._buffer += data
        if len(self._buffer) >= CHUNK:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self._buffer:
            chunk = bytes(self._buffer)
            self._buffer.clear()
            future = asyncio.run_coroutine_threadsafe(self._response.write(chunk), self._loop)
            future.result(WRITE_SECONDS)


async def export(request: web.Request) -> web.StreamResponse:
    from kbassist.index.export import SUFFIXES, write_stream
    from kbassist.index.export.select import Selection, select

    req = params.export_request(_args(request, params.EXPORT_GET))
    slots = request.app[EXPORTS]
    if slots.free <= 0:
        raise Busy()
    slots.free -= 1
    try:
        index = request.app[INDEX]
        # A query is searched on the open index, under its lock and time limit (warm, its
        # models loaded: select() would load them afresh for an unmapped view), so the
        # download is the result list the page showed. Without one, select() lists the
        # filter's documents through a reader of its own (unmapped, as `kbassist export`
        # reads): it shares nothing with the searches, so it runs beside them in the
        # download's thread, without the lock and without the searches' time limit (a
        # whole-archive listing took over 10 s on a loaded machine).
        loop = asyncio.get_running_loop()
        if req.query is not None:
            hits = (await index.search(req.query, req.filters, req.limit, False)).hits
            selection = Selection(len(hits), _records=[h.record for h in hits])
        else:
            selection = await loop.run_in_executor(
                slots.pool, lambda: select(index.kb, None, req.filters, req.limit)
            )
        try:
            name = f"kbassist-export.{SUFFIXES[req.fmt]}"
            response = web.StreamResponse(
                headers={
                    "Content-Type": f"{MEDIA_TYPES[req.fmt]}; charset=utf-8",
                    "Content-Disposition": f'attachment; filename="{name}"',
                }
            )
            await response.prepare(request)
            sink = _Sink(response, loop)

            def write() -> int:
                n = write_stream(
                    selection,
                    req.fmt,
                    sink,  # type: ignore[arg-type]
                    table=req.table,
                    excel=req.excel,
                    headers=req.headers,
                )
                sink.flush()
                return n

            try:
                await loop.run_in_executor(slots.pool, write)
            except (ConnectionError, TimeoutError) as e:
                # The client went away or stopped reading: nothing to answer.
                log.info("export stopped: %s", e)
                return response
            await response.write_eof()
            return response
        finally:
            selection.close()
    finally:
        slots.free += 1


def add_routes(app: web.Application) -> None:
    app.router.add_get("/api/search", search_get)
    app.router.add_post("/api/search", search_post)
    app.router.add_get("/api/articles/{id}", article)
    app.router.add_get("/api/products", products)
    app.router.add_get("/api/facets", facets)
    app.router.add_get("/api/export", export)
    app.router.add_get("/api/health", health)
