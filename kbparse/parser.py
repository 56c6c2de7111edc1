"""Bytes in, Article out: the one entry point every input format goes through."""

from __future__ import annotations

import re

from . import html as html_fmt
from . import markdown as md_fmt
from . import txt as txt_fmt
from .body import split_body
from .codes import extract_error_codes
from .decode import CONTROL, MAX_BYTES, decode_bytes, sanitise
from .error_messages import extract_error_messages
from .errors import ParseError
from .manifest import extract_files
from .prodver import parse_prod_ver, split_columns, split_keywords
from .raw import RawArticle, iso_date
from .record import Article
from .refs import related_articles, urls
from .residue import clean_lines

PARSER_REVISION = 6
"""Raised whenever a change makes the same bytes parse to a different record. Ingest
mixes it into each input's content hash, so the next ingest re-parses inputs that an
older parser read (2: `Exception code=C0000005` names the code; 3: no control character
from an entity or an HTML header line, which only hostile inputs had: the archive's
records are unchanged; 4: HTML pages read in one streaming pass instead of a
BeautifulSoup tree, which reads broken markup as a browser does: `<![more x]>` is a
bogus comment, not a rejected page, an unclosed `<!--` hides the rest of the page, and
the archive's records are unchanged; 5: `error_messages` in more layouts, issue 14; 6:
an event record is the whole record as shown, a message the user is said to see counts)."""

_BINARY = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def detect_format(text: str) -> str | None:
    """'txt', 'md' or 'html' from the content; None when it is none of them."""
    if txt_fmt.looks_like(text):
        return "txt"
    if md_fmt.looks_like(text):
        return "md"
    if html_fmt.looks_like(text):
        return "html"
    return None


def parse_bytes(data: bytes, source: str) -> Article:
    """Parse one article file's bytes. Raises ParseError for anything not an article."""
    if not data:
        raise ParseError(source, "empty file")
    if len(data) > MAX_BYTES:
        raise ParseError(
            source, f"file is {len(data):,} bytes; articles are at most {MAX_BYTES:,} bytes"
        )
    head = data[:4096]
    # A NUL, or a share of C0 control bytes no article has, in the first 4 KB means a
    # binary file. Real articles carry at most a few stray DEL/ESC/SYN bytes (Q287888).
    if not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        controls = len(_BINARY.findall(head.decode("latin-1")))
        if b"\x00" in head or controls > max(8, len(head) // 100):
            raise ParseError(source, "binary data, not a text article")
    text, warnings = decode_bytes(data)
    return parse_text(text, source, warnings)


def parse_text(text: str, source: str, warnings: list[str] | None = None) -> Article:
    """Parse one article already decoded to str."""
    warnings = list(warnings or [])
    text = text.lstrip("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    fmt = detect_format(text)
    if fmt is None:
        raise ParseError(
            source,
            "not a KB article (expected 'DOCUMENT:Q...', a kbarchive Markdown page or HTML page)",
            1,
        )
    if fmt == "html":
        # Entities and tags belong to the page here; the sanitiser runs on its text.
        raw = html_fmt.split(text, source)
        body, more = sanitise("\n".join(raw.body))
        raw.body = body.split("\n")
    else:
        # Control characters and line ends first; tabs after the format has removed its
        # structural tab indentation (Markdown), so they expand on the article's columns.
        clean, more = sanitise(text, expand_tabs=False)
        lines = clean.split("\n")
        raw = txt_fmt.split(lines, source) if fmt == "txt" else md_fmt.split(lines, source)
        expanded, tabs = _expand(raw.body)
        raw.body = expanded
        more += tabs
    warnings += more
    warnings += raw.warnings
    _clean_header(raw, warnings)
    return build(raw, warnings)


_HEADER_FIELDS = ("title", "modified", "area", "product", "prod_ver", "oper_sys", "keywords")


def _clean_header(raw: RawArticle, warnings: list[str]) -> None:
    """The header values under decode.py's rule too: an HTML page's header lines and title
    come out of BeautifulSoup with their entities decoded (`&#27;`) after the sanitiser
    has run, a Markdown title out of its YAML escapes."""
    found = False
    for name in _HEADER_FIELDS:
        value = getattr(raw, name)
        if value and CONTROL.search(value):
            setattr(raw, name, CONTROL.sub("", value))
            found = True
    if found:
        warnings.append("removed control character(s) from the header")


def _expand(lines: list[str]) -> tuple[list[str], list[str]]:
    n = "\n".join(lines).count("\t")
    if not n:
        return lines, []
    return [line.expandtabs(8) for line in lines], [f"expanded {n} tab(s)"]


def build(raw: RawArticle, warnings: list[str]) -> Article:
    """Assemble the record from a format's header values and sanitised body lines."""
    lines, changed = clean_lines(raw.body)
    if changed:
        warnings.append(f"removed HTML residue from {changed} line(s)")
    body = split_body(lines)
    warnings += body.warnings
    content = body.content
    modified = iso_date(raw.modified)
    if raw.modified and modified is None:
        warnings.append(f"last-modified date {raw.modified!r} not understood")
    oper_sys = split_columns(raw.oper_sys)
    prod_ver = parse_prod_ver(raw.prod_ver, oper_sys, warnings)
    files, file_warnings = extract_files(content)
    warnings += file_warnings
    foot = body.footer
    fields = foot.fields
    kb_keywords = fields.get("keywords", "").split()
    if not foot.fields and foot.kb_category:
        # Old articles without a footer block carry their keywords as `KBCategory:`.
        kb_keywords = list(foot.kb_category)
    return Article(
        id=raw.id,
        number=int(raw.id[1:]),
        format=raw.format,  # type: ignore[arg-type]
        source=raw.source,
        title=raw.title,
        modified=modified,
        area=raw.area,
        product=raw.product,
        prod_ver=prod_ver,
        oper_sys=oper_sys,
        header_keywords=split_keywords(raw.keywords),
        header_residue=body.header_residue,
        applies_to=body.applies_to,
        preamble=body.preamble,
        sections=body.sections,
        error_messages=extract_error_messages(content),
        error_codes=extract_error_codes(content),
        files=files,
        related_articles=related_articles(content, raw.id),
        urls=urls(content),
        additional_query_words=foot.query_words or foot.reference_words,
        kb_keywords=kb_keywords,
        technology=fields.get("technology", "").split(),
        version_footer=fields.get("version") or None,
        hardware=fields.get("hardware", "").split(),
        issue_type=fields.get("issue type") or None,
        solution_type=fields.get("solution type") or None,
        component=fields.get("component", "").split(),
        platform_footer=fields.get("platform") or None,
        kb_category=foot.kb_category,
        kb_subcategory=foot.kb_subcategory,
        disclaimer=foot.disclaimer,
        warnings=warnings,
    )
