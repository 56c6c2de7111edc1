"""The pages of `kbassist web`: server-rendered HTML, readable without JavaScript.

    /                  the paste box, the results (how each matched), the first one's fix
    /results           the results part of `/` alone: the page's script fetches it as
                       you type and puts it in place (the server renders and escapes it)
    /articles/{id}     the article at a stable address, printable, references as links
    /browse            product -> version -> service pack with counts (the console's
                       tree, index/browse.py); a node's articles
    /static/{name}     the page's own style sheet and script, named one by one

Article text is untrusted: Jinja2 escapes every value (autoescape), and the only markup
made here (`linked`) escapes the text first and then adds links to Q-numbers, whose
characters need no escaping.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from aiohttp import web
from markupsafe import Markup, escape

from kbassist.index import browse
from kbassist.index.export import FORMATS, TABLES
from kbassist.kbparse.ids import canonical_id

from .. import strings
from ..fix import _fix_sections
from . import params
from .api import INDEX
from .params import ApiError
from .service import PAGE_FIELDS

HERE = Path(__file__).resolve().parent
STATIC = {
    "style.css": "text/css",
    "app.js": "text/javascript",
}
"""The only files under /static/: a name not listed is 404, whatever is in the folder."""

PAGE_RESULTS = 20
BROWSE_ROWS = 200
PAGE_PARAMS = ("q", *params.FILTER_FIELDS)
ISSUE_TYPES_SHOWN = 40

_ID = re.compile(r"\bQ\d{5,8}\b")
# C0 controls but tab and line ends, DEL, C1: not characters an HTML page may carry
# (records ingested from .jsonl keep them: the parser's clean-up never saw them).
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _printable(value: object) -> object:
    """Every value a template writes, without control characters (Markup stays Markup:
    removing them adds no markup)."""
    if isinstance(value, Markup):
        return Markup(_CONTROLS.sub("", str(value)))
    if isinstance(value, str):
        return _CONTROLS.sub("", value)
    return value


def linked(text: str) -> Markup:
    """Text, escaped, with every Q-number a link to its article's page."""
    escaped = str(escape(text))
    return Markup(_ID.sub(lambda m: f'<a href="/articles/{m.group(0)}">{m.group(0)}</a>', escaped))


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_printable,
    )
    env.filters["linked"] = linked
    env.globals["s"] = strings
    env.globals["match_labels"] = strings.MATCH_LABELS
    env.globals["qs"] = query_string
    return env


def render(name: str, status: int = 200, **context: Any) -> web.Response:
    html = environment().get_template(name).render(**context)
    return web.Response(status=status, text=html, content_type="text/html", charset="utf-8")


def error_page(request: web.Request, status: int, message: str) -> web.Response:
    return render("error.html", status, message=message, status_code=status)


def _page_args(request: web.Request) -> dict[str, str]:
    # The pages take the API's filters; a page has no use for a strict refusal of an
    # unknown parameter (a bookmark with an old one), so unknown ones are dropped.
    raw = request.rel_url.raw_query_string
    known = params.query_params(
        "&".join(p for p in raw.split("&") if p.split("=", 1)[0] in PAGE_PARAMS), PAGE_PARAMS
    )
    return known


async def _results_context(request: web.Request) -> dict[str, Any]:
    values = _page_args(request)
    context: dict[str, Any] = {"values": values, "result": None, "error": None}
    query = values.get("q", "")
    if not query.strip():
        return context
    try:
        req = params.search_request(values, "q")
    except ApiError as e:
        context["error"] = e.message
        return context
    index = request.app[INDEX]
    result = await index.search(req.query, req.filters, PAGE_RESULTS, facets=False)
    context["result"] = result
    first = result.hits[0].record if result.hits else None
    context["first"] = first
    context["fix"] = _fix_sections(first) if first is not None else []
    export = {k: v for k, v in values.items() if v}
    context["export_args"] = export
    context["formats"] = FORMATS
    context["tables"] = TABLES
    return context


async def home(request: web.Request) -> web.Response:
    context = await _results_context(request)
    index = request.app[INDEX]
    counts = await index.field_counts(PAGE_FIELDS)
    context["areas"] = [a for a, _ in counts["area"]]
    context["issue_types"] = [t for t, _ in counts["issue_type"]][:ISSUE_TYPES_SHOWN]
    context["products"] = [p for p, _ in counts["product"]]
    return render("index.html", **context)


async def results_fragment(request: web.Request) -> web.Response:
    return render("_results.html", **await _results_context(request))


async def article(request: web.Request) -> web.Response:
    raw = request.match_info["id"]
    art_id = canonical_id(raw)
    if art_id is None:
        raise ApiError(404, "bad_id", id=raw[:40])
    index = request.app[INDEX]
    found = await index.get(art_id)
    if found is None:
        return render(
            "error.html",
            404,
            message=strings.WEB_ARTICLE_NOT_FOUND.format(id=art_id),
            status_code=404,
        )
    if art_id != raw:
        raise web.HTTPFound(f"/articles/{art_id}")  # one address per article
    titles = await index.titles(found.related_articles)
    return render("article.html", a=found, titles=titles)


async def browse_page(request: web.Request) -> web.Response:
    raw = request.rel_url.raw_query_string
    values = params.query_params(raw, ("product", "version"))
    product = params.text(values, "product")
    version = params.text(values, "version")
    index = request.app[INDEX]
    tree = await index.tree()
    rows: list[browse.Row] = []
    node = None
    count = 0
    if product is not None:
        node = browse.NodeKey(product, version)
        rows = await index.node_articles(node, BROWSE_ROWS)
        count = _node_count(tree, node)
    export_args = {}
    if node is not None and node.product != browse.NONE:
        # The export's filter is the product; a version node downloads its product.
        export_args["product"] = node.product
    return render(
        "browse.html",
        tree=tree,
        node=node,
        rows=rows,
        count=count,
        export_args=export_args,
        formats=FORMATS,
        tables=TABLES,
        none=browse.NONE,
    )


def _node_count(tree: browse.BrowseTree, node: browse.NodeKey) -> int:
    """Articles under a node of the console's tree: a product, a version (its service
    packs included), a service pack."""
    for p in tree.products:
        if p.name != node.product:
            continue
        if node.version is None:
            return p.count
        for v in p.versions:
            if v.name == node.version:
                return v.count
            for pack in v.versions:
                if pack.name == node.version:
                    return pack.count
    return 0


async def static(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    media = STATIC.get(name)
    if media is None:
        raise web.HTTPNotFound()
    body = (HERE / "static" / name).read_bytes()
    response = web.Response(body=body, content_type=media, charset="utf-8")
    response.headers["Cache-Control"] = "max-age=3600"
    return response


def query_string(values: dict[str, Any]) -> str:
    return urlencode({k: v for k, v in values.items() if v not in (None, "")})


def add_routes(app: web.Application) -> None:
    app.router.add_get("/", home)
    app.router.add_get("/results", results_fragment)
    app.router.add_get("/articles/{id}", article)
    app.router.add_get("/browse", browse_page)
    app.router.add_get("/static/{name}", static)
