"""The record's JSON Schema: generated from record.py, shipped as article.schema.json.

Regenerate after changing the record: `python -m kbassist.kbparse.schema --write`.
A test fails when the shipped file and the model disagree.
"""

from __future__ import annotations

import json
import sys
from importlib import resources

import msgspec

from .record import SCHEMA_VERSION, Article

SCHEMA_FILE = "article.schema.json"


def generate() -> dict:
    schema = msgspec.json.schema(Article)
    # The encoder writes every field of every record, defaults included, so consumers may
    # rely on all of them being present: say so in the schema.
    for definition in schema["$defs"].values():
        definition["required"] = list(definition["properties"])
        definition["additionalProperties"] = False
    version = schema["$defs"]["Article"]["properties"]["schema_version"]
    version.pop("default", None)
    version["const"] = SCHEMA_VERSION
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://kbassist.invalid/schema/article-v{SCHEMA_VERSION}.json",
        "title": "kbassist Article record",
        **schema,
    }
    return schema


def render() -> str:
    return json.dumps(generate(), indent=2, sort_keys=False) + "\n"


def shipped() -> str:
    return resources.files("kbassist.kbparse").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        path = resources.files("kbassist.kbparse").joinpath(SCHEMA_FILE)
        with resources.as_file(path) as p:
            p.write_text(render(), encoding="utf-8")
        print(f"wrote {path}")
    else:
        sys.stdout.write(render())
