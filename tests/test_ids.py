"""Article ids: the one rule for what an id is and what a typed id means."""

from __future__ import annotations

import re

import pytest

from kbassist.kbparse import schema
from kbassist.kbparse.ids import ID_PATTERN, canonical_id, is_article_id


@pytest.mark.parametrize("value", ["Q1", "Q253729", "Q12345678", "Q0"])
def test_record_ids(value: str) -> None:
    assert is_article_id(value)


@pytest.mark.parametrize(
    "value",
    ["", "Q", "253729", "q253729", " Q253729", "Q253729 ", "Q253729\n", "Q123456789", "QX1"],
)
def test_not_record_ids(value: str) -> None:
    assert not is_article_id(value)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Q253729", "Q253729"),
        ("q253729", "Q253729"),
        ("253729", "Q253729"),
        ("  Q253729  ", "Q253729"),
        ("\tq 253729\n", "Q253729"),
        ("Q0253729", "Q253729"),
        ("12345678", "Q12345678"),
        ("1", "Q1"),
    ],
)
def test_typed_ids(typed: str, expected: str) -> None:
    assert canonical_id(typed) == expected
    assert is_article_id(expected)


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "Q",
        "QQ253729",
        "123456789",
        "Q123456789",
        "KB253729",
        "Q25372a",
        "Q-1",
        "Q2537.29",
    ],
)
def test_typed_non_ids(typed: str) -> None:
    assert canonical_id(typed) is None


def test_schema_states_the_same_rule() -> None:
    pattern = schema.generate()["$defs"]["Article"]["properties"]["id"]["pattern"]
    assert pattern == ID_PATTERN
    assert re.search(pattern, "Q12345678") and not re.search(pattern, "Q123456789")
