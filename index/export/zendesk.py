"""Records -> JSON Lines of Zendesk Help Center article payloads.

One line an article: `{"title", "body", "locale", "label_names", "draft"}`, the fields
of `POST /api/v2/help_center/sections/{section_id}/articles` (wrap a line as
`{"article": LINE}` and add your `permission_group_id`; see README.md).

- `body`: the article as HTML, every piece of article text escaped.
- `locale`: `en-us`, the archive's language.
- `label_names`: product, area, keywords and error codes, once each, so that help-desk
  searches and the "related articles" logic can use them.
- `draft`: false; the archive's articles are published ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, BinaryIO

import msgspec

from kbassist.kbparse.record import Article

from . import fields
from .documents import html_body

LOCALE = "en-us"


def labels(article: Article) -> list[str]:
    return fields.unique(
        [article.product, article.area, *fields.keywords(article)]
        + [c.text for c in article.error_codes]
    )


def payload(article: Article) -> dict[str, Any]:
    return {
        "title": article.title,
        "body": html_body(article),
        "locale": LOCALE,
        "label_names": labels(article),
        "draft": False,
    }


_encoder = msgspec.json.Encoder()


def write_payloads(records: Iterable[Article], out: BinaryIO) -> None:
    for article in records:
        out.write(_encoder.encode(payload(article)))
        out.write(b"\n")
