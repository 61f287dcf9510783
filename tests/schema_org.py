"""Check JSON-LD against schema.org's vocabulary: every type and property exists, and
each property is defined for the type that carries it and holds what its range allows.

The vocabulary is a trimmed copy of schema.org's release in tests/vocabulary/ (its
version, source and licence are in the file; tests/vocabulary/trim.py makes it).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

VOCABULARY = Path(__file__).parent / "vocabulary" / "schemaorg.json"
_LITERALS = ("Text", "URL", "Date", "DateTime", "Time", "Number", "Boolean")
"""schema.org's data types: a property whose range has one of them may hold a string."""


@functools.cache
def _vocabulary() -> dict[str, Any]:
    return dict(json.loads(VOCABULARY.read_text(encoding="utf-8")))


@functools.cache
def ancestors(type_: str) -> frozenset[str]:
    """Return the type and every class it is a subclass of, however far up."""
    found = {type_}
    for parent in _vocabulary()["classes"].get(type_, []):
        found |= ancestors(parent)
    return frozenset(found)


def errors(node: Any, where: str = "") -> list[str]:
    """Return what in a JSON-LD node (and the nodes inside it) schema.org does not allow."""
    if isinstance(node, list):
        return [e for i, item in enumerate(node) for e in errors(item, f"{where}[{i}]")]
    if not isinstance(node, dict):
        return []
    vocabulary = _vocabulary()
    type_ = node.get("@type", "Thing")
    if type_ not in vocabulary["classes"]:
        return [f"{where}: no type {type_}"]
    found: list[str] = []
    for name, value in node.items():
        if name.startswith("@"):
            continue
        here = f"{where}.{name}"
        term = vocabulary["properties"].get(name)
        if term is None:
            found.append(f"{here}: no property {name}")
            continue
        if "supersededBy" in term:
            found.append(f"{here}: {name} is superseded by {term['supersededBy']}")
        if not ancestors(type_) & set(term["domain"]):
            found.append(f"{here}: {name} is not a property of {type_} ({term['domain']})")
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                if not ancestors(item.get("@type", "Thing")) & set(term["range"]):
                    found.append(f"{here}: a {item.get('@type')} is not in {term['range']}")
                found += errors(item, here)
            elif not any(ancestors(r) & set(_LITERALS) for r in term["range"]):
                found.append(f"{here}: {name} holds a {term['range']}, not a value")
    return found
