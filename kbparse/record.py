"""The Article record: plain, versioned data that every other part of kbassist speaks.

msgspec Structs were chosen over dataclasses and pydantic: they encode and decode JSON
several times faster than either (the whole archive is 120,000 records), validate on
decode, and generate the JSON Schema from the same definitions, so the published schema
cannot drift from the code.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from .ids import ID_PATTERN

SCHEMA_VERSION = 1

Format = Literal["txt", "md", "html"]
SectionKind = Literal[
    "summary",
    "symptoms",
    "cause",
    "resolution",
    "workaround",
    "status",
    "more_information",
    "references",
    "question",
    "response",
    "other",
]
CodeKind = Literal["stop", "hresult", "ntstatus", "win32", "event", "other"]


class ProdVer(msgspec.Struct, kw_only=True):
    """One `;`-separated segment of PROD/VER: a platform and its versions."""

    platform: str
    versions: list[str]


class Section(msgspec.Struct, kw_only=True):
    """A headed part of the article body, its text as written (indentation kept)."""

    heading: str
    kind: SectionKind
    text: str


class ErrorCode(msgspec.Struct, kw_only=True):
    """A code named in the article, with a canonical value for matching."""

    text: Annotated[str, msgspec.Meta(description="the code as written, e.g. 'STOP 0x0000001E'")]
    kind: CodeKind
    value: Annotated[
        str,
        msgspec.Meta(
            description="canonical value: lower-case hex without leading zeros ('0x1e'), "
            "or the decimal number ('2011')"
        ),
    ]


class FileRow(msgspec.Struct, kw_only=True):
    """One row of a hotfix file manifest table."""

    date: Annotated[str | None, msgspec.Meta(description="ISO date, e.g. '2000-02-08'")]
    time: Annotated[str | None, msgspec.Meta(description="24 h 'HH:MM' or 'HH:MM:SS'")]
    version: str | None
    size_bytes: Annotated[
        int | None, msgspec.Meta(description="exact size; null when written approximately")
    ]
    size_text: Annotated[str | None, msgspec.Meta(description="the size cell as written")]
    name: str
    platform: str | None


class Article(msgspec.Struct, kw_only=True):
    """One knowledge-base article as structured data."""

    schema_version: int = SCHEMA_VERSION
    id: Annotated[str, msgspec.Meta(pattern=ID_PATTERN)]
    number: int
    format: Format
    source: str
    title: str
    modified: Annotated[str | None, msgspec.Meta(description="ISO date of last modification")]
    area: str | None
    product: str
    prod_ver: list[ProdVer] = []
    oper_sys: list[str] = []
    header_keywords: list[str] = []
    header_residue: Annotated[
        list[str],
        msgspec.Meta(description="lines after the header rule that repeat version/OS/keywords"),
    ] = []
    applies_to: list[str] = []
    preamble: Annotated[
        str, msgspec.Meta(description="body text before the first section heading")
    ] = ""
    sections: list[Section] = []
    error_messages: list[str] = []
    error_codes: list[ErrorCode] = []
    files: list[FileRow] = []
    related_articles: list[str] = []
    urls: list[str] = []
    additional_query_words: list[str] = []
    kb_keywords: list[str] = []
    technology: list[str] = []
    version_footer: str | None = None
    hardware: list[str] = []
    issue_type: str | None = None
    solution_type: str | None = None
    component: list[str] = []
    platform_footer: str | None = None
    kb_category: Annotated[
        list[str], msgspec.Meta(description="old in-body 'KBCategory:' tokens")
    ] = []
    kb_subcategory: Annotated[
        list[str], msgspec.Meta(description="old in-body 'KBSubcategory:' tokens")
    ] = []
    disclaimer: Annotated[
        str, msgspec.Meta(description="the closing disclaimer and copyright lines, as written")
    ] = ""
    warnings: list[str] = []


_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder(Article)


def to_json(article: Article) -> bytes:
    """One record as compact JSON (no trailing newline)."""
    return _encoder.encode(article)


def from_json(data: bytes | str) -> Article:
    """Decode and validate one JSON record."""
    return _decoder.decode(data)


def to_dict(article: Article) -> dict:
    """The record as plain Python data (dicts, lists, str, int, None)."""
    return msgspec.to_builtins(article)
