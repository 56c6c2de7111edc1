"""The published JSON Schema is current and records validate against it."""

from __future__ import annotations

import json

import jsonschema

from kbassist.kbparse import parse_text
from kbassist.kbparse.record import to_dict
from kbassist.kbparse.schema import generate, render, shipped

from articles import html_page, md_page, txt_article


def test_shipped_schema_is_current() -> None:
    assert shipped() == render(), "run: python -m kbassist.kbparse.schema --write"


def test_records_validate_and_carry_every_field() -> None:
    schema = generate()
    validator = jsonschema.Draft202012Validator(schema)
    for text in (txt_article(), md_page(txt_article()), html_page(txt_article())):
        rec = to_dict(parse_text(text, "x"))
        validator.validate(rec)
        assert set(rec) == set(schema["$defs"]["Article"]["properties"])


def test_schema_rejects_a_broken_record() -> None:
    rec = to_dict(parse_text(txt_article(), "x"))
    rec["id"] = "253729"
    rec["files"] = [{"name": 3}]
    errors = list(jsonschema.Draft202012Validator(generate()).iter_errors(rec))
    assert len(errors) >= 2
    assert json.dumps(generate())  # serialisable
