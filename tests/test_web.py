"""`kbassist web` through aiohttp's test client: every address, its refusals, its guard.

One small invented index (the console's fixtures and a hostile record), the encoder off
(these tests are about the HTTP side; the ranking has its own tests). Every JSON answer
is checked against the OpenAPI document's schema for it, so the document and the
handlers cannot drift apart.
"""

from __future__ import annotations

import asyncio
import csv
import html
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from click.testing import CliRunner
from referencing import Registry
from referencing.jsonschema import DRAFT202012
from yarl import URL

from kbassist.index.search import MAX_QUERY_CHARS
from kbassist.kbparse.record import from_json
from kbassist.tui import index_commands
from kbassist.tui.web.app import CSP, WebConfig, open_app
from kbassist.tui.web.openapi import document

from kbfixtures import ARTICLES, HOSTILE, build_tui_index

PASTE = "Cannot reach PRNSRV07: the spooler share is unavailable right now."
TOKEN = "t" * 24


@dataclass
class Reply:
    status: int
    headers: Any
    body: bytes

    def json(self) -> Any:
        assert self.headers["Content-Type"].startswith("application/json"), self.headers
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class Client:
    """aiohttp's TestClient driven from plain (synchronous) tests on a loop of its own."""

    def __init__(self, app: web.Application) -> None:
        self.loop = asyncio.new_event_loop()
        self.client = TestClient(TestServer(app), loop=self.loop)
        self.loop.run_until_complete(self.client.start_server())

    def request(self, method: str, path: str | URL, **kw: Any) -> Reply:
        async def go() -> Reply:
            async with self.client.request(method, path, allow_redirects=False, **kw) as r:
                return Reply(r.status, r.headers, await r.read())

        return self.loop.run_until_complete(go())

    def get(self, path: str | URL, **kw: Any) -> Reply:
        return self.request("GET", path, **kw)

    def post(self, path: str | URL, **kw: Any) -> Reply:
        return self.request("POST", path, **kw)

    def close(self) -> None:
        self.loop.run_until_complete(self.client.close())
        self.loop.close()


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    mp = pytest.MonkeyPatch()
    mp.setenv("KBASSIST_ENCODER", "off")
    root = tmp_path_factory.mktemp("web")
    build_tui_index(root).close()
    yield root / "index"
    mp.undo()


NEW_ARTICLE = "Q900777"


def ingest_a_new_article(root: Path) -> None:
    """Ingest one invented article (NEW_ARTICLE, about a "frobnicator quasar") into
    `root / "index"`, as an ingest beside a running server would."""
    from kbassist.index.ingest import ingest
    from kbassist.index.store import KbIndex

    from articles import txt_article

    new = root / "new"
    new.mkdir()
    (new / f"{NEW_ARTICLE}.TXT").write_text(
        txt_article(
            NEW_ARTICLE,
            title="Frobnicator Quasar Overflow",
            body="SYMPTOMS\n========\n\nThe frobnicator quasar overflows.\n",
            modified="01-JAN-2002",
        )
    )
    with KbIndex.open(root / "index") as kb:
        ingest(kb, [str(new)], jobs=1)


def _client(index_dir: Path, config: WebConfig | None = None) -> Client:
    return Client(open_app(index_dir, config, warm=False))


@pytest.fixture(scope="module")
def client(index_dir: Path) -> Iterator[Client]:
    c = _client(index_dir)
    yield c
    c.close()


# OpenAPI 3.1 schemas are JSON Schema 2020-12.
_REGISTRY = Registry().with_resource("urn:openapi", DRAFT202012.create_resource(document()))


def conforms(data: Any, schema_name: str) -> None:
    """`data` is what the OpenAPI document says `schema_name` is."""
    schema = {"$ref": f"urn:openapi#/components/schemas/{schema_name}"}
    jsonschema.Draft202012Validator(schema, registry=_REGISTRY).validate(data)


def error_of(reply: Reply, status: int, code: str) -> dict[str, Any]:
    assert reply.status == status, (reply.status, reply.body[:300])
    body = reply.json()
    conforms(body, "Error")
    assert body["error"] == code, body
    return body


# -- the document ------------------------------------------------------------------------


def test_the_openapi_document_is_valid_and_served(client: Client) -> None:
    from openapi_spec_validator import validate

    r = client.get("/openapi.json")
    assert r.status == 200
    doc = r.json()
    validate(doc)
    # The addresses of issue 16 are a contract.
    assert {"/api/search", "/api/articles/{id}", "/api/products", "/api/export"} <= set(
        doc["paths"]
    )
    assert {"get", "post"} <= set(doc["paths"]["/api/search"])
    assert "/api/health" in doc["paths"]


# -- search ------------------------------------------------------------------------------


def test_get_search_finds_the_article_and_says_how_it_matched(client: Client) -> None:
    r = client.get("/api/search", params={"q": PASTE})
    assert r.status == 200
    body = r.json()
    conforms(body, "SearchResult")
    assert body["query"] == PASTE
    assert body["results"][0]["id"] == "Q900101"
    assert body["results"][0]["match"] == "quote"
    assert body["weak"] is False
    assert isinstance(body["took_ms"], float)


def test_post_search_takes_a_tickets_text_and_answers_as_get(client: Client) -> None:
    got = client.get("/api/search", params={"q": "stop 1e", "limit": "3"}).json()
    posted = client.post("/api/search", json={"query": "stop 1e", "limit": 3})
    assert posted.status == 200
    body = posted.json()
    conforms(body, "SearchResult")
    assert [h["id"] for h in body["results"]] == [h["id"] for h in got["results"]]
    assert body["results"][0]["id"] == "Q900102"
    assert body["results"][0]["match"] == "code"


def test_the_api_answers_the_command_lines_shape(client: Client, index_dir: Path) -> None:
    cli = CliRunner().invoke(
        index_commands.search, ["--index", str(index_dir), "--format", "json", "0x80070005"]
    )
    assert cli.exit_code == 0, cli.output
    expected = json.loads(cli.stdout)
    body = client.get("/api/search", params={"q": "0x80070005"}).json()
    for out in (expected, body):
        out.pop("took_ms")
    assert body == expected


def test_filters_narrow_the_search(client: Client) -> None:
    product = ARTICLES["Q900103"]["product"]
    body = client.get("/api/search", params={"q": "access denied", "product": product}).json()
    assert body["results"] and {h["product"] for h in body["results"]} == {product}
    none = client.get("/api/search", params={"q": "access denied", "until": "1990"}).json()
    assert none["results"] == [] and none["weak"] is True
    posted = client.post(
        "/api/search", json={"query": "access denied", "product": product, "facets": True}
    ).json()
    conforms(posted, "SearchResult")
    assert posted["facets"]["product"][0]["value"] == product


@pytest.mark.parametrize(
    ("args", "status", "code"),
    [
        ({"q": "x", "since": "abc"}, 400, "bad_parameter"),
        ({"q": "x", "since": "2002", "until": "2000"}, 400, "bad_parameter"),
        ({"q": "x", "limit": "0"}, 400, "bad_parameter"),
        ({"q": "x", "limit": "1000"}, 400, "bad_parameter"),
        ({"q": "x", "facets": "maybe"}, 400, "bad_parameter"),
        ({"q": "x", "issue-type": "kbbug"}, 400, "unknown_parameter"),
        ({"q": "   "}, 400, "empty_query"),
        ({}, 400, "empty_query"),
        ({"q": "x" * (MAX_QUERY_CHARS + 1)}, 413, "query_too_long"),
    ],
)
def test_bad_search_parameters_get_a_json_4xx(
    client: Client, args: dict[str, str], status: int, code: str
) -> None:
    error_of(client.get("/api/search", params=args), status, code)


def test_a_parameter_given_twice_is_refused(client: Client) -> None:
    error_of(client.get("/api/search?q=a&q=b"), 400, "repeated_parameter")


def test_a_megabyte_query_is_refused_with_json(client: Client) -> None:
    big = "stop 0x1e " * 100_000  # 1 MB
    body = error_of(client.get("/api/search", params={"q": big}), 413, "query_too_long")
    assert body["limit"] == MAX_QUERY_CHARS
    error_of(client.post("/api/search", json={"query": big}), 413, "too_large")
    error_of(client.post("/api/search", data=b"{" + b" " * 300_000 + b"}"), 413, "too_large")


def test_invalid_utf8_is_refused_with_json(client: Client) -> None:
    error_of(client.get(URL("/api/search?q=caf%E9", encoded=True)), 400, "not_utf8")
    error_of(
        client.post(
            "/api/search",
            data=b'{"query": "caf\xe9"}',
            headers={"Content-Type": "application/json"},
        ),
        400,
        "not_utf8",
    )


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"not json", "bad_json"),
        (b'["query"]', "bad_json"),
        (b'{"query": 5}', "bad_parameter"),
        (b'{"query": "x", "limit": "many"}', "bad_parameter"),
        (b'{"query": "x", "limit": true}', "bad_parameter"),
        (b'{"query": "x", "colour": "red"}', "unknown_parameter"),
        (b'{"q": "x"}', "unknown_parameter"),
    ],
)
def test_bad_post_bodies_get_a_json_400(client: Client, data: bytes, code: str) -> None:
    reply = client.post("/api/search", data=data, headers={"Content-Type": "application/json"})
    error_of(reply, 400, code)


def test_a_lone_surrogate_in_json_is_searched_not_a_500(client: Client) -> None:
    r = client.post("/api/search", data=b'{"query": "spooler \\udc80 share"}')
    assert r.status == 200
    assert r.json()["query"] == "spooler \ufffd share"


# -- records, products, facets, health -----------------------------------------------------


def test_an_article_by_id_is_the_record_as_export_writes_it(client: Client) -> None:
    r = client.get("/api/articles/Q900102")
    assert r.status == 200
    conforms(r.json(), "Article")
    record = from_json(r.body)
    assert record.id == "Q900102"
    assert r.json()["title"] == ARTICLES["Q900102"]["title"]
    # What people type is read as the id.
    assert client.get("/api/articles/900102").json()["id"] == "Q900102"


def test_unknown_and_malformed_ids_get_a_json_404(client: Client) -> None:
    error_of(client.get("/api/articles/Q123"), 404, "article_not_found")
    traversal = client.get("/api/articles/..%2f..%2fetc%2fpasswd")
    assert traversal.status == 404 and traversal.json()["error"] in ("bad_id", "not_found")
    error_of(client.get("/api/articles/%FF"), 404, "bad_id")


def test_products_and_facets(client: Client) -> None:
    products = client.get("/api/products").json()
    conforms(products, "Products")
    assert {p["product"] for p in products} >= {a["product"] for a in ARTICLES.values()}
    facets = client.get("/api/facets").json()
    conforms(facets, "Facets")
    assert set(facets) == {"product", "area", "issue_type", "year"}
    assert sum(f["count"] for f in facets["product"]) == sum(p["count"] for p in products)


def test_health(client: Client) -> None:
    body = client.get("/api/health").json()
    conforms(body, "Health")
    assert body["status"] == "ok" and body["articles"] >= len(ARTICLES)


def test_unknown_addresses_and_methods_get_json_on_the_api(client: Client) -> None:
    error_of(client.get("/api/nothing"), 404, "not_found")
    error_of(client.request("DELETE", "/api/search"), 405, "method_not_allowed")
    error_of(client.get("/api/products?extra=1"), 400, "unknown_parameter")
    page = client.get("/nothing-here")
    assert page.status == 404 and page.headers["Content-Type"].startswith("text/html")


# -- export ------------------------------------------------------------------------------


def test_export_is_a_streamed_download_in_every_format(client: Client) -> None:
    from kbassist.index.export import FORMATS

    for fmt in FORMATS:
        r = client.get("/api/export", params={"format": fmt})
        assert r.status == 200, (fmt, r.body[:200])
        assert r.headers["Content-Disposition"].startswith("attachment; filename=")
        assert r.body, fmt
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export?format=csv").text)))
    assert {r["id"] for r in rows} >= set(ARTICLES)


def test_export_by_query_and_filter(client: Client) -> None:
    r = client.get("/api/export", params={"format": "jsonl", "q": "stop 1e", "limit": "1"})
    assert [json.loads(line)["id"] for line in r.text.splitlines()] == ["Q900102"]
    product = ARTICLES["Q900103"]["product"]
    r = client.get("/api/export", params={"format": "csv", "product": product, "table": "errors"})
    assert r.status == 200
    assert {row["article_id"] for row in csv.DictReader(io.StringIO(r.text))} == {"Q900103"}
    # By ids, in their order (the article page's download links).
    r = client.get("/api/export", params={"format": "jsonl", "ids": "900105,Q900101,Q123"})
    assert [json.loads(line)["id"] for line in r.text.splitlines()] == ["Q900105", "Q900101"]


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ({"format": "docx"}, "bad_parameter"),
        ({"format": "json", "table": "files"}, "bad_parameter"),
        ({"format": "jsonl", "excel": "true"}, "bad_parameter"),
        ({"format": "csv", "table": "nope"}, "bad_parameter"),
        ({"format": "csv", "limit": "500"}, "bad_parameter"),
        ({"format": "csv", "output": "/etc/x"}, "unknown_parameter"),
        ({"format": "csv", "ids": "Q1,../x"}, "bad_parameter"),
    ],
)
def test_bad_export_parameters_get_a_json_400(client: Client, args: dict[str, str], code: str):
    error_of(client.get("/api/export", params=args), 400, code)


# -- pages -------------------------------------------------------------------------------


def test_the_home_page_shows_results_how_they_matched_and_the_first_fix(client: Client) -> None:
    r = client.get("/", params={"q": PASTE})
    assert r.status == 200 and r.headers["Content-Type"].startswith("text/html")
    page = r.text
    assert 'href="/articles/Q900101"' in page
    assert "quotes your message" in page
    assert "Install the update." in page  # the first result's resolution
    assert 'action="/api/export"' in page


def test_the_results_fragment_is_the_results_alone(client: Client) -> None:
    r = client.get("/results", params={"q": "stop 1e"})
    assert r.status == 200
    assert "<html" not in r.text and "Q900102" in r.text
    weak = client.get("/results", params={"q": "zzzq"}).text
    assert "Nothing matches well" in weak or "No matching articles." in weak


def test_the_article_page_has_a_stable_address_and_links_its_references(client: Client) -> None:
    r = client.get("/articles/Q900111")
    assert r.status == 200
    assert '<a href="/articles/Q900110">Q900110</a>' in r.text
    moved = client.get("/articles/q900111")
    assert moved.status == 302 and moved.headers["Location"] == "/articles/Q900111"
    missing = client.get("/articles/Q999999")
    assert missing.status == 404 and "Q999999 is not in this index." in missing.text


def test_the_browse_page_counts_and_lists(client: Client) -> None:
    """Products by name, as the console's tree has them; a product's page lists its
    articles, its versions and the download of its articles."""
    top = client.get("/browse")
    assert top.status == 200
    facets = client.get("/api/facets").json()
    product, count = facets["product"][0]["value"], facets["product"][0]["count"]
    assert f">{html.escape(product)}</a>" in top.text
    node = client.get("/browse", params={"product": product})
    assert node.status == 200
    assert f"{count} article(s)" in node.text
    assert re.search(r'href="/articles/Q9\d+"', node.text)
    assert f'name="product" value="{html.escape(product)}"' in node.text
    assert client.get("/browse", params={"area": "winnt"}).status == 400


def test_article_text_is_escaped_everywhere(client: Client) -> None:
    """The hostile record's markup and escape sequences arrive as text, never as HTML."""
    pages = [
        client.get("/articles/Q900666").text,
        client.get("/", params={"q": "Quirkyglyph failure"}).text,
        client.get("/results", params={"q": "Quirkyglyph failure"}).text,
    ]
    for page in pages:
        assert "Q900666" in page
        assert "<script" not in page.lower().replace('<script src="/static/app.js" defer>', "")
        assert "[@click=app.quit]" in page  # shown literally
    evil = client.get("/api/search", params={"q": "<script>alert(1)</script>"})
    assert evil.status == 200
    page = client.get("/", params={"q": "<script>alert(1)</script>"}).text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    for page in pages:
        assert "\x1b" not in page and "\x07" not in page  # no control bytes either
    assert HOSTILE["osc52"].strip("\x1b\x07") in pages[0]


# -- the guard -----------------------------------------------------------------------------


def test_every_answer_carries_the_security_headers(client: Client) -> None:
    for path in ("/", "/api/health", "/api/nothing", "/static/app.js"):
        r = client.get(path)
        assert r.headers["Content-Security-Policy"] == CSP
        assert "'unsafe-inline'" not in CSP and "script-src 'self'" in CSP
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["X-Frame-Options"] == "DENY"


def test_no_directory_listing_and_no_traversal(client: Client) -> None:
    for path in ("/static/", "/static", "/static/..%2fapp.py", "/static/templates", "/templates/"):
        assert client.get(path).status == 404, path
    assert client.get("/static/style.css").status == 200


def test_a_loopback_server_answers_loopback_names_only(client: Client) -> None:
    error_of(client.get("/api/health", headers={"Host": "evil.example:8080"}), 403, "refused_host")
    assert client.get("/api/health", headers={"Host": "localhost:8080"}).status == 200


def test_a_foreign_page_cannot_post_and_gets_no_cors(client: Client) -> None:
    foreign = {"Origin": "http://evil.example"}
    error_of(
        client.post("/api/search", json={"query": "x"}, headers=foreign), 403, "refused_origin"
    )
    r = client.get("/api/search", params={"q": "stop 1e"}, headers=foreign)
    assert "Access-Control-Allow-Origin" not in r.headers
    assert client.request("OPTIONS", "/api/search", headers=foreign).status == 403


def test_cors_only_for_the_named_origin(index_dir: Path) -> None:
    origin = "https://tickets.example.com"
    c = _client(index_dir, WebConfig(cors_origins=frozenset({origin})))
    try:
        pre = c.request(
            "OPTIONS",
            "/api/search",
            headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
        )
        assert pre.status == 204
        r = c.post("/api/search", json={"query": "stop 1e"}, headers={"Origin": origin})
        assert r.status == 200 and r.headers["Access-Control-Allow-Origin"] == origin
        other = c.get("/api/search?q=x", headers={"Origin": "https://other.example"})
        assert "Access-Control-Allow-Origin" not in other.headers
    finally:
        c.close()


def test_a_token_is_required_when_set(index_dir: Path) -> None:
    c = _client(index_dir, WebConfig(token=TOKEN))
    try:
        error_of(c.get("/api/search?q=stop+1e"), 403, "refused_token")
        error_of(c.get(f"/api/search?q=stop+1e&token={'x' * 24}"), 403, "refused_token")
        assert c.get("/").status == 403
        bearer = {"Authorization": f"Bearer {TOKEN}"}
        assert c.get("/api/search?q=stop+1e", headers=bearer).status == 200
        # A probe needs none and learns no article.
        assert c.get("/api/health").status == 200
        # The page opened with the token sets a cookie; later pages need no token.
        first = c.get(f"/?token={TOKEN}")
        assert first.status == 200
        assert "HttpOnly" in first.headers["Set-Cookie"]
        assert "SameSite=Strict" in first.headers["Set-Cookie"]
        assert c.get("/articles/Q900101").status == 200
    finally:
        c.close()


def test_the_web_command_needs_a_token_off_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    from kbassist.tui import web_commands

    seen: dict[str, Any] = {}

    def fake_run(app: web.Application, config: WebConfig, announce: Any) -> None:
        seen["config"] = config

    monkeypatch.setattr("kbassist.tui.web.app.run", fake_run)
    monkeypatch.setattr("kbassist.tui.web.app.open_app", lambda path, config: None)
    r = CliRunner().invoke(web_commands.web, ["--host", "0.0.0.0", "--index", "/nonexistent"])
    assert r.exit_code == 0, r.output
    assert seen["config"].token and len(seen["config"].token) >= 16
    assert "warning: --host 0.0.0.0" in r.output
    r = CliRunner().invoke(web_commands.web, ["--index", "/nonexistent"])
    assert seen["config"].token is None  # loopback: none unless given
    r = CliRunner().invoke(web_commands.web, ["--cors-origin", "tickets.example.com"])
    assert r.exit_code == 2


def test_the_web_command_refuses_a_missing_index(tmp_path: Path) -> None:
    from kbassist.tui import web_commands

    r = CliRunner().invoke(web_commands.web, ["--index", str(tmp_path / "none")])
    assert r.exit_code == 3
    assert "no index at" in r.output


# -- fresh after an ingest -------------------------------------------------------------------


def test_an_ingest_is_picked_up_without_a_restart(tmp_path: Path) -> None:
    root = tmp_path / "fresh"
    build_tui_index(root).close()
    c = _client(root / "index")
    try:
        before = c.get("/api/health").json()["articles"]
        assert c.get(f"/api/articles/{NEW_ARTICLE}").status == 404
        ingest_a_new_article(root)
        assert c.get("/api/health").json()["articles"] == before + 1
        assert c.get(f"/api/articles/{NEW_ARTICLE}").status == 200
        hits = c.get("/api/search", params={"q": "frobnicator quasar"}).json()["results"]
        assert hits[0]["id"] == NEW_ARTICLE
    finally:
        c.close()


def test_requests_during_an_ingest_are_answered(tmp_path: Path) -> None:
    """While an ingest writes into the served index, every request is answered (from the
    index as it was, or as it is once the ingest has committed), never a failure."""
    import threading

    from kbassist.index.ingest import ingest
    from kbassist.index.store import KbIndex

    from kbfixtures import write_many

    root = tmp_path / "during"
    build_tui_index(root).close()
    ids = write_many(root / "many", 150)
    c = _client(root / "index")
    try:
        before = c.get("/api/health").json()["articles"]

        def run() -> None:
            with KbIndex.open(root / "index") as kb:
                ingest(kb, [str(root / "many")], jobs=1)

        writer = threading.Thread(target=run)
        writer.start()
        statuses = []
        while True:
            alive = writer.is_alive()
            statuses.append(c.get("/api/search", params={"q": PASTE}).status)
            statuses.append(c.get("/api/articles/Q900101").status)
            if not alive:
                break
        writer.join()
        assert set(statuses) == {200}, statuses
        assert c.get("/api/health").json()["articles"] == before + len(ids)
        assert c.get(f"/api/articles/{ids[-1]}").status == 200
    finally:
        c.close()


def test_the_time_limit_and_the_waiting_bound_answer_503_json(index_dir: Path) -> None:
    from kbassist.tui.web.service import Limits

    slow = Client(open_app(index_dir, None, Limits(seconds=1e-6), warm=False))
    try:
        body = error_of(slow.get("/api/search", params={"q": PASTE}), 503, "timeout")
        assert "1e-06 s" in body["message"]
        assert slow.get("/", params={"q": PASTE}).status == 503  # a page says it in HTML
    finally:
        slow.close()
    full = Client(open_app(index_dir, None, Limits(waiting=0), warm=False))
    try:
        error_of(full.get("/api/search", params={"q": PASTE}), 503, "busy")
        assert full.get("/api/health").json()["status"] == "unavailable"
    finally:
        full.close()
