"""Article ids: what a valid id is, and how what a user types becomes one.

An article id is `Q` and its number, 1 to 8 digits (`Q253729`). The archive's numbers
have 5 and 6 digits; 8 leaves room and still refuses a pasted phone or order number.
Every place that checks or accepts an id (the readers, the record's schema, `show ID`,
`--ids FILE`, the console's Go-to dialog) uses this module.
"""

from __future__ import annotations

import re

_ID = re.compile(r"Q[0-9]{1,8}")
ID_PATTERN = f"^{_ID.pattern}$"
"""A record's id, as the JSON Schema states it."""
# Typed: `Q253729`, `q253729`, `253729`, `Q 253729`, with spaces around.
_TYPED = re.compile(r"\s*[Qq]?\s*([0-9]{1,8})\s*")


def is_article_id(value: str) -> bool:
    """True when value is an id exactly as a record holds it (`Q253729`)."""
    return _ID.fullmatch(value) is not None


def canonical_id(text: str) -> str | None:
    """The id a user means by text (`q253729`, ` 253729 `), or None when it is none.

    Leading zeros are dropped, as in references (`Q0253729` is Q253729): the number
    names the article.
    """
    m = _TYPED.fullmatch(text)
    return f"Q{int(m.group(1))}" if m else None
