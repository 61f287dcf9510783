"""JSON Schemas generated from the models, for editors' completion and inline errors."""

from __future__ import annotations

import json
from typing import Any

from briefing.models import KINDS

SCHEMA_FOLDER = "schema"
"""The folder, inside the facts folder, that holds the JSON Schemas: a fact file at
facts/KIND/FILE.yml finds its kind's at ../schema/KIND.schema.json, wherever the
facts folder is."""


def schema_reference(kind: str) -> str:
    """Return the path of a kind's JSON Schema relative to a fact file of that kind."""
    return f"../{SCHEMA_FOLDER}/{kind}.schema.json"


def kind_schema(kind: str) -> dict[str, Any]:
    """Return the JSON Schema of a fact file of this kind: one record or a list of them."""
    model = KINDS[kind]
    record = model.model_json_schema(mode="validation", ref_template="#/$defs/{model}")
    defs = record.pop("$defs", {})
    defs[model.__name__] = record
    ref = {"$ref": f"#/$defs/{model.__name__}"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"briefing {kind} file",
        "description": f"One {kind} record, or a list of {kind} records.",
        "anyOf": [ref, {"type": "array", "items": ref, "minItems": 1}],
        "$defs": dict(sorted(defs.items())),
    }


def schema_files() -> dict[str, str]:
    """Return {file name: JSON text} for every kind's schema."""
    return {
        f"{kind}.schema.json": json.dumps(kind_schema(kind), indent=2, ensure_ascii=False) + "\n"
        for kind in KINDS
    }
