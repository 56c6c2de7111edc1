"""kbparse: legacy Microsoft KB articles (TXT, Markdown, HTML) to Article records.

Headless by design: nothing here imports the index or the console.
"""

from .errors import ParseError
from .parser import detect_format, parse_bytes, parse_text
from .record import SCHEMA_VERSION, Article, ErrorCode, FileRow, ProdVer, Section

__all__ = [
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
