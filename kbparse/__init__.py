"""kbparse: legacy Microsoft KB articles (TXT, Markdown, HTML) to Article records.

Headless by design: nothing here imports the index or the console.
"""

from .errors import ParseError
from .parser import PARSER_REVISION, detect_format, parse_bytes, parse_text
from .record import SCHEMA_VERSION, Article, ErrorCode, FileRow, ProdVer, Section

__all__ = [
    "PARSER_REVISION",
    "SCHEMA_VERSION",
    "Article",
    "ErrorCode",
    "FileRow",
    "ParseError",
    "ProdVer",
    "Section",
    "detect_format",
    "parse_bytes",
    "parse_text",
]
