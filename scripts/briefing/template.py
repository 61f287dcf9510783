"""Commented templates for new records, generated from the models."""

from __future__ import annotations

from briefing.fields import field_order
from briefing.models import KINDS
from briefing.schema import schema_reference


def new_record(kind: str, id: str) -> str:
    """Return a commented YAML template for a new record that fails check until filled."""
    model = KINDS[kind]
    lines = [
        f"# yaml-language-server: $schema={schema_reference(kind)}",
        f"# A new {kind}: {(model.__doc__ or '').strip()}",
        "# Fill in every field marked 'required'; uncomment the optional ones you need.",
        f"# Every field and its allowed values: {schema_reference(kind)}.",
        f"id: {id}",
    ]
    # In the order `briefing fmt` lays fields out, so a filled template is already laid out.
    for name in field_order(model):
        info = model.model_fields[name]
        if name == "id":
            continue
        description = info.description or ""
        if info.is_required():
            placeholder = "[]" if name in ("sources", "parties") else '""'
            lines.append(f"{name}: {placeholder}  # required: {description}")
        else:
            lines.append(f"# {name}:  # {description}")
    return "\n".join(lines) + "\n"
