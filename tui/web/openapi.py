"""The OpenAPI 3.1 document of `kbassist web`'s API, served at /openapi.json.

Written by hand (aiohttp has no generator) next to the handlers it describes;
tests/test_web.py validates it with openapi-spec-validator and checks every answer of
the API against its schemas, so the two cannot drift. The record's schema is the one
shipped with the parser (kbparse/schema.py), moved under components/schemas.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from kbassist.index.export import FORMATS, TABLES
from kbassist.index.export.select import MAX_LIMIT as EXPORT_MAX_LIMIT
from kbassist.index.match import MATCHES
from kbassist.index.search import MAX_QUERY_CHARS

from . import params

_REF = "#/components/schemas/"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": _REF + name}


def _record_schemas() -> dict[str, Any]:
    from kbassist.kbparse.schema import generate

    # Refs of the shipped schema point at its own $defs; here they live in components.
    text = json.dumps(generate()["$defs"]).replace('"#/$defs/', f'"{_REF}')
    return json.loads(text)


def _param(name: str, schema: dict[str, Any], description: str, **more: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": schema, "description": description, **more}


_FILTERS = [
    _param("product", {"type": "string"}, "Only articles of this product (exact name)."),
    _param("area", {"type": "string"}, "Only articles of this area tag (winnt, exchange, ...)."),
    _param(
        "since",
        {"type": "integer", "minimum": 0, "maximum": 9999},
        "Only articles last modified in or after this year.",
    ),
    _param(
        "until",
        {"type": "integer", "minimum": 0, "maximum": 9999},
        "Only articles last modified in or before this year.",
    ),
    _param("issue_type", {"type": "string"}, "Only this issue type (kbbug, kbprb, ...)."),
]

_ERRORS = {
    status: {
        "description": text,
        "content": {"application/json": {"schema": _ref("Error")}},
    }
    for status, text in (
        ("400", "Bad input: an unknown or repeated parameter, a bad value, invalid UTF-8."),
        ("403", "Refused: a foreign Host or Origin, or a missing or wrong token."),
        ("404", "No such article or address."),
        ("413", "The query or the request is too long."),
        (
            "503",
            "Too many requests are waiting, the request took too long, or its search "
            "process stopped.",
        ),
    )
}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _components() -> dict[str, Any]:
    count_list = {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["value", "count"],
            "properties": {"value": {"type": "string"}, "count": {"type": "integer"}},
            "additionalProperties": False,
        },
    }
    schemas: dict[str, Any] = {
        "Error": {
            "type": "object",
            "required": ["error", "message"],
            "properties": {
                "error": {"type": "string", "description": "A stable code for programs."},
                "message": {"type": "string", "description": "What went wrong, for people."},
                "limit": {"type": "integer"},
            },
            "additionalProperties": False,
        },
        "Hit": {
            "type": "object",
            "required": [
                "id",
                "title",
                "product",
                "score",
                "match",
                "area",
                "modified",
                "snippet",
                "matches",
            ],
            "properties": {
                "id": {"type": "string"},
                "title": {"type": "string"},
                "product": {"type": "string"},
                "score": {"type": "number"},
                "match": {
                    "enum": list(MATCHES),
                    "description": "How it matched: quote (quotes the pasted message), code "
                    "(same error or stop code), words (most of the query's words), meaning "
                    "(similar meaning), weak (a few words in common).",
                },
                "area": {"type": ["string", "null"]},
                "modified": {"type": ["string", "null"]},
                "snippet": {"type": "string"},
                "matches": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["field", "start", "end"],
                        "properties": {
                            "field": {"type": "string"},
                            "start": {"type": "integer"},
                            "end": {"type": "integer"},
                        },
                        "additionalProperties": False,
                    },
                },
            },
            "additionalProperties": False,
        },
        "Facets": {"type": "object", "additionalProperties": count_list},
        "SearchResult": {
            "type": "object",
            "required": ["query", "results", "facets", "suggestions", "took_ms", "weak"],
            "properties": {
                "query": {"type": "string"},
                "results": {"type": "array", "items": _ref("Hit")},
                "facets": _ref("Facets"),
                "suggestions": {"type": "array", "items": {"type": "string"}},
                "took_ms": {"type": "number"},
                "weak": {
                    "type": "boolean",
                    "description": "Nothing matches well: no result, or every result is weak.",
                },
            },
            "additionalProperties": False,
        },
        "SearchRequest": {
            "type": "object",
            "required": ["query"],
            "properties": {
                "query": {"type": "string", "maxLength": MAX_QUERY_CHARS},
                "product": {"type": "string"},
                "area": {"type": "string"},
                "since": {"type": "integer"},
                "until": {"type": "integer"},
                "issue_type": {"type": "string"},
                "limit": {"type": "integer", "minimum": 1, "maximum": params.SEARCH_LIMIT[1]},
                "facets": {"type": "boolean"},
            },
            "additionalProperties": False,
        },
        "Products": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["product", "count"],
                "properties": {"product": {"type": "string"}, "count": {"type": "integer"}},
                "additionalProperties": False,
            },
        },
        "Health": {
            "type": "object",
            "required": ["status", "articles", "encoder"],
            "properties": {
                "status": {"enum": ["ok", "unavailable"]},
                "articles": {"type": "integer"},
                "encoder": {"type": "boolean"},
            },
            "additionalProperties": False,
        },
    }
    schemas.update(_record_schemas())
    return {
        "schemas": schemas,
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer"},
            "query": {"type": "apiKey", "in": "query", "name": params.TOKEN_PARAM},
        },
    }


def _paths() -> dict[str, Any]:
    search_params = [
        _param(
            "q",
            {"type": "string", "maxLength": MAX_QUERY_CHARS},
            "The paste: an error message, a code, a symptom, a ticket.",
            required=True,
        ),
        *_FILTERS,
        _param(
            "limit",
            {"type": "integer", "minimum": 1, "maximum": params.SEARCH_LIMIT[1], "default": 10},
            "At most this many results.",
        ),
        _param("facets", {"type": "boolean"}, "Also count the matches by product and area."),
    ]
    search_ok = _json(_ref("SearchResult"), "The results, best first.")
    return {
        "/api/search": {
            "get": {
                "operationId": "searchGet",
                "summary": "Find the articles that fix what is pasted (as `search --format json`).",
                "parameters": search_params,
                "responses": {"200": search_ok, **_ERRORS},
            },
            "post": {
                "operationId": "searchPost",
                "summary": "The same search with a ticket's text in a JSON body.",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("SearchRequest")}},
                },
                "responses": {"200": search_ok, **_ERRORS},
            },
        },
        "/api/articles/{id}": {
            "get": {
                "operationId": "getArticle",
                "summary": "One record, as `kbassist export` and `show --format json` write it.",
                "parameters": [
                    {
                        "name": "id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                        "description": "Q253729 (253729 and q253729 are read as it).",
                    }
                ],
                "responses": {"200": _json(_ref("Article"), "The record."), **_ERRORS},
            }
        },
        "/api/products": {
            "get": {
                "operationId": "products",
                "summary": "Every product with its number of articles (`products --format json`).",
                "responses": {"200": _json(_ref("Products"), "Most articles first."), **_ERRORS},
            }
        },
        "/api/facets": {
            "get": {
                "operationId": "facets",
                "summary": "The values of product, area, issue_type and year with their counts.",
                "responses": {"200": _json(_ref("Facets"), "Most articles first."), **_ERRORS},
            }
        },
        "/api/export": {
            "get": {
                "operationId": "export",
                "summary": "Articles as a download in any `kbassist export` format, streamed.",
                "parameters": [
                    _param(
                        "format",
                        {"enum": list(FORMATS), "default": "jsonl"},
                        "The export format (markdown and html: one document).",
                    ),
                    _param(
                        "q",
                        {"type": "string", "maxLength": MAX_QUERY_CHARS},
                        "Export this search's results, best first; without it, every "
                        "article the filters allow, in id order.",
                    ),
                    *_FILTERS,
                    _param("has_files", {"type": "boolean"}, "Only articles with a file table."),
                    _param(
                        "ids",
                        {"type": "string"},
                        f"Only these articles, in this order: up to {params.MAX_IDS} ids "
                        "separated by commas (Q253729 or 253729).",
                    ),
                    _param(
                        "limit",
                        {"type": "integer", "minimum": 1, "maximum": EXPORT_MAX_LIMIT},
                        "With q: at most this many results (default 100).",
                    ),
                    _param("table", {"enum": list(TABLES)}, "csv: the table (default articles)."),
                    _param("excel", {"type": "boolean"}, "csv, servicenow: for a spreadsheet."),
                    _param("headers", {"type": "boolean"}, "csv, servicenow: a header row."),
                ],
                "responses": {
                    "200": {
                        "description": "The file, as an attachment (Content-Disposition).",
                        "content": {
                            media: {"schema": {"type": "string"}}
                            for media in (
                                "application/x-ndjson",
                                "application/json",
                                "text/csv",
                                "text/markdown",
                                "text/html",
                            )
                        },
                    },
                    **_ERRORS,
                },
            }
        },
        "/api/health": {
            "get": {
                "operationId": "health",
                "summary": "Whether the index can be read; no token needed.",
                "security": [],
                "responses": {
                    "200": _json(_ref("Health"), "Up."),
                    "503": _json(_ref("Health"), "The index cannot be read."),
                },
            }
        },
    }


@lru_cache(maxsize=1)
def document() -> dict[str, Any]:
    from importlib.metadata import version

    return {
        "openapi": "3.1.0",
        "info": {
            "title": "kbassist web API",
            "version": version("kbassist"),
            "description": "Search the Microsoft KB archive the way a help desk pastes, read "
            "records, list products and facets, export. Result shapes are the command "
            "line's (`kbassist search --format json`). With a token (any --host but "
            "loopback, or --token), send it as `Authorization: Bearer TOKEN`.",
        },
        "paths": _paths(),
        "components": _components(),
        "security": [{"bearer": []}, {"query": []}, {}],
    }
