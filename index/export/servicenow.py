"""Records -> a ServiceNow `kb_knowledge` import-set CSV.

Load it as a data source (File, CSV) into an import set and transform it into
`kb_knowledge`; the column names are the target fields, so the transform map can be
made with "Mapping Assist" / auto-map:

- `number`: the KB article id (`Q253729`): a stable key to coalesce on when the export
  is loaded again.
- `short_description`: the title.
- `text`: the article as HTML, every piece of article text escaped.
- `kb_category`: the product (map it onto a category of the knowledge base).
- `meta`: the search keywords: the article's keywords, its additional query words, then
  its error messages, comma-separated.
- `workflow_state`: `published`, the archive's articles being published ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import BinaryIO

from kbassist.kbparse.record import Article

from . import fields
from .documents import html_body
from .tables import Row, write_rows

COLUMNS = ("number", "short_description", "text", "kb_category", "meta", "workflow_state")
WORKFLOW_STATE = "published"


def meta(article: Article) -> str:
    terms = fields.keywords(article) + article.additional_query_words + article.error_messages
    return ", ".join(fields.unique(terms))


def row(article: Article) -> Row:
    return [
        article.id,
        article.title,
        html_body(article),
        article.product,
        meta(article),
        WORKFLOW_STATE,
    ]


def write_import_set(
    records: Iterable[Article], out: BinaryIO, *, excel: bool = False, headers: bool = True
) -> None:
    rows: Iterator[Row] = (row(a) for a in records)
    write_rows(rows, out, COLUMNS, excel=excel, headers=headers)
