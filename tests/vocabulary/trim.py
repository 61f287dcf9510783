"""Trim schema.org's vocabulary to what a check of JSON-LD needs; print it as JSON.

Usage: python tests/vocabulary/trim.py schemaorg-current-https.jsonld VERSION > schemaorg.json

Keeps each class with the classes it is a subclass of, and each property with its
domain (`domainIncludes`), range (`rangeIncludes`) and, if it has one, the term that
supersedes it. Drops comments, labels, sources and enumeration members.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def _ids(value: Any) -> list[str]:
    """Return the schema.org names in one id node or a list of them."""
    nodes = value if isinstance(value, list) else [value]
    return sorted(n["@id"].removeprefix("schema:") for n in nodes if n["@id"].startswith("schema:"))


def trim(graph: list[dict[str, Any]], version: str) -> dict[str, Any]:
    """Return the classes and properties of a schema.org JSON-LD graph."""
    classes: dict[str, list[str]] = {}
    properties: dict[str, dict[str, Any]] = {}
    for node in graph:
        name = node["@id"].removeprefix("schema:")
        types = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        if "rdfs:Class" in types:
            classes[name] = _ids(node.get("rdfs:subClassOf", []))
        elif "rdf:Property" in types:
            properties[name] = {
                "domain": _ids(node.get("schema:domainIncludes", [])),
                "range": _ids(node.get("schema:rangeIncludes", [])),
            }
            if "schema:supersededBy" in node:
                properties[name]["supersededBy"] = _ids(node["schema:supersededBy"])
    return {
        "version": version,
        "source": f"https://schema.org/version/{version}/schemaorg-current-https.jsonld",
        "licence": "CC BY-SA 3.0 (https://schema.org/docs/terms.html)",
        "classes": dict(sorted(classes.items())),
        "properties": dict(sorted(properties.items())),
    }


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as file:
        vocabulary = json.load(file)
    json.dump(trim(vocabulary["@graph"], sys.argv[2]), sys.stdout, indent=0, sort_keys=False)
    sys.stdout.write("\n")
