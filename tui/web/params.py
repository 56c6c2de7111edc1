"""Request parameters, read strictly: every refusal is an `ApiError`, a 4xx with a JSON
body saying which parameter and why, never a 500.

Query strings are parsed here from the raw bytes (not through aiohttp's lenient
`request.query`), so that invalid UTF-8 is refused instead of searched as mojibake, a
parameter given twice is refused instead of one copy winning silently, and a misspelt
name (`issue-type`) is refused instead of ignored. A GET query string and a POST body
go through the same `search_request`, so both take the same fields and filters.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from kbassist.index.export import FORMATS, TABLES
from kbassist.index.export.select import MAX_LIMIT as EXPORT_MAX_LIMIT
from kbassist.index.export.select import ExportFilters
from kbassist.index.search import MAX_QUERY_CHARS, Filters

from .. import strings

MAX_FIELDS = 32
"""Parameters a request may carry (the longest list an address takes is 12)."""
MAX_FILTER_CHARS = 300
"""A product name is at most ~100 characters in the archive."""
SEARCH_LIMIT = (1, 100)
"""`search -n`'s range."""
TOKEN_PARAM = "token"
"""The access token's parameter, allowed on every address (serve_guard's name)."""


class ApiError(Exception):
    """A refusal: HTTP status, a stable code for programs, and a message for people."""

    def __init__(self, status: int, code: str, **details: Any) -> None:
        self.status = status
        self.code = code
        self.details = details
        super().__init__(strings.WEB_ERRORS[code].format(**details))

    @property
    def message(self) -> str:
        return str(self)


def query_params(raw: str, known: tuple[str, ...]) -> dict[str, str]:
    """The parameters of a raw (percent-encoded) query string, each once and known."""
    try:
        pairs = parse_qsl(
            raw,
            keep_blank_values=True,
            encoding="utf-8",
            errors="strict",
            max_num_fields=MAX_FIELDS,
        )
    except UnicodeDecodeError:
        raise ApiError(400, "not_utf8") from None
    except ValueError:  # more than MAX_FIELDS
        raise ApiError(400, "too_large", limit=len(raw)) from None
    out: dict[str, str] = {}
    for name, value in pairs:
        if name == TOKEN_PARAM:
            continue
        if name not in known:
            raise ApiError(400, "unknown_parameter", name=name, known=", ".join(known))
        if name in out:
            raise ApiError(400, "repeated_parameter", name=name)
        out[name] = value
    return out


def _no_surrogates(text: str) -> str:
    # JSON can carry lone surrogates ("\udc80"); they cannot be encoded back out.
    if any("\ud800" <= c <= "\udfff" for c in text):
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
    return text


def text(values: Mapping[str, Any], name: str, limit: int = MAX_FILTER_CHARS) -> str | None:
    value = values.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise ApiError(400, "bad_parameter", name=name, why=strings.WEB_PARAM_TEXT.format(n=limit))
    return _no_surrogates(value)


def integer(values: Mapping[str, Any], name: str, lo: int, hi: int) -> int | None:
    value = values.get(name)
    if value is None or value == "":
        return None
    why = strings.WEB_PARAM_INT.format(lo=lo, hi=hi)
    if isinstance(value, bool):
        raise ApiError(400, "bad_parameter", name=name, why=why)
    if isinstance(value, str):
        value = value.strip()
        if not value.isascii() or not value.lstrip("-").isdigit() or len(value) > 6:
            raise ApiError(400, "bad_parameter", name=name, why=why)
        value = int(value)
    if not isinstance(value, int) or not lo <= value <= hi:
        raise ApiError(400, "bad_parameter", name=name, why=why)
    return value


def flag(values: Mapping[str, Any], name: str) -> bool:
    value = values.get(name)
    if value is None or value == "":
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "1", "yes", "on"):
        return True
    if isinstance(value, str) and value.lower() in ("false", "0", "no", "off"):
        return False
    raise ApiError(400, "bad_parameter", name=name, why=strings.WEB_PARAM_BOOL)


def choice(values: Mapping[str, Any], name: str, choices: tuple[str, ...]) -> str | None:
    value = values.get(name)
    if value is None or value == "":
        return None
    if value not in choices:
        why = strings.WEB_PARAM_CHOICE.format(choices=", ".join(choices))
        raise ApiError(400, "bad_parameter", name=name, why=why)
    return str(value)


def query_text(values: Mapping[str, Any], name: str, required: bool) -> str | None:
    """The paste: text, not blank (when required), at most MAX_QUERY_CHARS characters.
    The command line cuts a longer paste with a warning; an API has no stderr, so it
    refuses with the limit, and the caller sends the error lines."""
    value = values.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ApiError(400, "empty_query", field=name)
        return None
    if not isinstance(value, str):
        why = strings.WEB_PARAM_TEXT.format(n=MAX_QUERY_CHARS)
        raise ApiError(400, "bad_parameter", name=name, why=why)
    if len(value) > MAX_QUERY_CHARS:
        raise ApiError(413, "query_too_long", n=len(value), limit=MAX_QUERY_CHARS)
    return _no_surrogates(value)


FILTER_FIELDS = ("product", "area", "since", "until", "issue_type")
SEARCH_GET = ("q", *FILTER_FIELDS, "limit", "facets")
SEARCH_POST = ("query", *FILTER_FIELDS, "limit", "facets")
EXPORT_GET = (
    "format",
    "q",
    *FILTER_FIELDS,
    "has_files",
    "ids",
    "limit",
    "table",
    "excel",
    "headers",
)
MAX_IDS = 1000
"""`ids`: a ticket's or a page's list of articles, not a way around the whole export."""


@dataclass
class SearchRequest:
    query: str
    filters: Filters | None
    limit: int
    facets: bool


def filters(values: Mapping[str, Any], cls: type[Filters] = Filters, **more: Any) -> Filters:
    since = integer(values, "since", 0, 9999)
    until = integer(values, "until", 0, 9999)
    if since is not None and until is not None and since > until:
        why = strings.WEB_PARAM_SINCE_UNTIL.format(since=since, until=until)
        raise ApiError(400, "bad_parameter", name="since", why=why)
    return cls(
        product=text(values, "product"),
        area=text(values, "area"),
        since=since,
        until=until,
        issue_type=text(values, "issue_type"),
        **more,
    )


def search_request(values: Mapping[str, Any], query_field: str) -> SearchRequest:
    query = query_text(values, query_field, required=True)
    assert query is not None
    f = filters(values)
    return SearchRequest(
        query=query,
        filters=f if any(v is not None for v in vars(f).values()) else None,
        limit=integer(values, "limit", *SEARCH_LIMIT) or 10,
        facets=flag(values, "facets"),
    )


def post_body(data: bytes, known: tuple[str, ...]) -> dict[str, Any]:
    """A POST body: a JSON object of known fields, in UTF-8."""
    import json

    try:
        body = json.loads(data.decode("utf-8", "strict"))
    except UnicodeDecodeError:
        raise ApiError(400, "not_utf8") from None
    except ValueError as e:
        raise ApiError(400, "bad_json", why=str(e)) from None
    if not isinstance(body, dict):
        raise ApiError(400, "bad_json", why=f"a JSON {type(body).__name__}, not an object")
    for name in body:
        if name not in known:
            raise ApiError(400, "unknown_parameter", name=name, known=", ".join(known))
    return body


def id_list(values: Mapping[str, Any]) -> list[str] | None:
    """`ids=Q253729,253729,...`: the articles to export, in this order (`export --ids`)."""
    from kbassist.index.export.select import read_ids

    raw = text(values, "ids", limit=MAX_IDS * 10)
    if raw is None:
        return None
    ids, bad = read_ids(raw.split(","))
    if bad or len(ids) > MAX_IDS:
        why = strings.WEB_PARAM_IDS.format(n=MAX_IDS, bad=bad[0][1] if bad else "")
        raise ApiError(400, "bad_parameter", name="ids", why=why)
    return ids


@dataclass
class ExportRequest:
    fmt: str
    query: str | None
    filters: ExportFilters
    limit: int
    table: str
    excel: bool
    headers: bool


def export_request(values: Mapping[str, Any]) -> ExportRequest:
    fmt = choice(values, "format", FORMATS) or "jsonl"
    table = choice(values, "table", TABLES)
    excel = flag(values, "excel")
    headers = values.get("headers") in (None, "") or flag(values, "headers")
    if table is not None and fmt != "csv":
        why = strings.WEB_PARAM_ONLY_WITH.format(formats="csv")
        raise ApiError(400, "bad_parameter", name="table", why=why)
    for name, given in (("excel", excel), ("headers", not headers)):
        if given and fmt not in ("csv", "servicenow"):
            why = strings.WEB_PARAM_ONLY_WITH.format(formats="csv or servicenow")
            raise ApiError(400, "bad_parameter", name=name, why=why)
    f = filters(values, ExportFilters, has_files=flag(values, "has_files"), ids=id_list(values))
    assert isinstance(f, ExportFilters)
    return ExportRequest(
        fmt=fmt,
        query=query_text(values, "q", required=False),
        filters=f,
        limit=integer(values, "limit", 1, EXPORT_MAX_LIMIT) or 100,
        table=table or "articles",
        excel=excel,
        headers=headers,
    )
