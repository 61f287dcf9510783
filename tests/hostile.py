"""A valid fact base whose every text field holds an attack, each marked to be found again.

Each field gets its own payload, numbered H01, H02...: raw HTML and script, an event
handler, a javascript: link, an attribute list, footnote and table syntax, and (where
the field may span lines) lines that would start a heading, an admonition, a snippet,
a table, a footnote definition, a block quote, an ordered list or a code block. Bidi
and zero-width characters and a very long word come along. A site built from it must
show each payload as the literal text the editor wrote, nothing more.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from briefing import models
from briefing.models import KINDS

LONG_WORD = "Donaudampfschifffahrtsgesellschaft" * 4


def line(marker: str) -> str:
    """Return a one-line attack carrying its marker."""
    return (
        f"{marker} <script>alert('{marker}')</script> <img src=x onerror=alert('{marker}')> "
        f"[click](javascript:alert('{marker}')) {{: onclick=\"alert('{marker}')\" }} "
        f"see[^1] a | b | c &amp; &#60; \u202eevil\u202c zero\u200bwidth {LONG_WORD}"
    )


def text(marker: str) -> str:
    """Return a multi-line attack carrying its marker."""
    return (
        f"{line(marker)}\n"
        f"# heading {marker}\n"
        f'!!! danger "{marker}"\n'
        '--8<-- "/etc/passwd"\n'
        f"<div onclick=\"alert('{marker}')\">div</div>\n"
        "| a | b |\n"
        "|---|---|\n"
        "[^1]: a footnote\n"
        "> a quote\n"
        "1. first\n"
        '=== "Tab"\n'
        "\n"
        "    indented code\n"
        "end"
    )


class Payloads:
    """Hands out numbered payloads and remembers which field each went to."""

    def __init__(self) -> None:
        self.by_marker: dict[str, str] = {}
        self.fields: dict[str, str] = {}

    def __call__(self, field: str, multiline: bool = False) -> str:
        marker = f"H{len(self.by_marker) + 1:02d}"
        payload = text(marker) if multiline else line(marker)
        self.by_marker[marker] = payload
        self.fields[marker] = field
        return payload


def write_hostile(facts: Path) -> Payloads:
    """Write the hostile fact base under facts/ and return its payloads."""
    p = Payloads()
    sources = [
        {
            "id": "wire",
            "title": p("source.title"),
            "publisher": p("source.publisher"),
            "author": p("source.author"),
            "published": "2019-03-05",
            "dating": p("source.dating", True),
            "url": "https://example.org/wire",
        },
        {"id": "reprint", "title": "A reprint", "published": "2019-03-06"},
    ]
    actors = [
        {
            "id": "ruritania",
            "name": p("actor.name"),
            "aliases": [p("actor.aliases[]")],
            "kind": "state",
            "summary": p("actor.summary", True),
            "sources": ["wire"],
        },
        {
            "id": "minister",
            "name": p("actor.name"),
            "kind": "person",
            "country": "ruritania",
            "roles": [{"title": p("actor.roles[].title"), "organisation": "ruritania"}],
            "statements": [{"text": p("actor.statements[].text", True)}],
            "sources": ["wire"],
        },
        {"id": "maker", "name": "Maker", "kind": "company", "sources": ["wire"]},
    ]
    systems = [
        {
            "id": "shield",
            "name": p("system.name"),
            "aliases": [p("system.aliases[]")],
            "kind": p("system.kind"),
            "manufacturer": ["maker"],
            "manufacturer_note": p("system.manufacturer_note"),
            "summary": p("system.summary", True),
            "statements": [{"text": p("system.statements[].text", True)}],
            "sources": ["wire"],
        }
    ]
    deals = [
        {
            "id": "shield-sale",
            "title": p("deal.title"),
            "system": "shield",
            "system_description": p("deal.system_description"),
            "seller": "maker",
            "buyer": "ruritania",
            "participants": [{"actor": "minister", "role": p("deal.participants[].role")}],
            "items": [
                {
                    "name": p("deal.items[].name"),
                    "quantity": [{"value": "4", "note": p("deal.items[].quantity[].note")}],
                }
            ],
            "value": [
                {"value": {"amount": "1000", "currency": "USD"}, "note": p("deal.value[].note")}
            ],
            "status": [
                {
                    "status": "offered",
                    "date": {"value": "2019-03-05", "note": p("deal.status[].date[].note")},
                    "note": p("deal.status[].note", True),
                }
            ],
            "conditions": [{"text": p("deal.conditions[].text", True), "by": "maker"}],
            "summary": p("deal.summary", True),
            "statements": [{"text": p("deal.statements[].text", True)}],
            "sources": ["wire"],
        }
    ]
    events = [
        {
            "id": "offer",
            "title": p("event.title"),
            "date": {"value": "2019-03-05", "note": p("event.date[].note")},
            "place": p("event.place"),
            "actors": ["minister"],
            "deals": ["shield-sale"],
            "summary": p("event.summary", True),
            "statements": [{"text": p("event.statements[].text", True)}],
            "sources": ["wire"],
        }
    ]
    quotes = [
        {
            "id": "said-it",
            "text": p("quote.text", True),
            "speaker": "minister",
            "said": {"value": "2019-03-05", "note": p("quote.said[].note")},
            "context": p("quote.context"),
            "wordings": [
                {
                    "text": p("quote.wordings[].text", True),
                    "note": p("quote.wordings[].note"),
                    "sources": ["reprint"],
                }
            ],
            "about": ["shield-sale"],
            "sources": ["wire", "reprint"],
        },
        {
            "id": "unnamed",
            "text": p("quote.text", True),
            "speaker_description": p("quote.speaker_description"),
            "sources": ["wire"],
        },
    ]
    disputes = [
        {
            "id": "quarrel",
            "title": p("dispute.title"),
            "bottom_line": p("dispute.bottom_line", True),
            "parties": ["ruritania", "maker"],
            "issues": [{"text": p("dispute.issues[].text", True)}],
            "positions": [
                {
                    "party": "ruritania",
                    "summary": p("dispute.positions[].summary", True),
                    "arguments": [{"text": p("dispute.positions[].arguments[].text", True)}],
                    "quotes": ["said-it"],
                }
            ],
            "stakes": [{"text": p("dispute.stakes[].text", True)}],
            "proposals": [
                {
                    "text": p("dispute.proposals[].text", True),
                    "by": "maker",
                    "date": {"value": "2019-03", "note": p("dispute.proposals[].date[].note")},
                    "outcome": p("dispute.proposals[].outcome", True),
                }
            ],
            "status": [{"text": p("dispute.status[].text", True), "as_of": "2019-03-05"}],
            "open_questions": [p("dispute.open_questions[]")],
            "summary": p("dispute.summary", True),
            "statements": [{"text": p("dispute.statements[].text", True)}],
            "deals": ["shield-sale"],
            "events": ["offer"],
            "sources": ["wire"],
        }
    ]
    for folder, records in {
        "sources": sources,
        "actors": actors,
        "systems": systems,
        "deals": deals,
        "events": events,
        "quotes": quotes,
        "disputes": disputes,
    }.items():
        (facts / folder).mkdir(parents=True, exist_ok=True)
        (facts / folder / f"{folder}.yml").write_text(
            yaml.safe_dump(records, allow_unicode=True, sort_keys=False, width=1000),
            encoding="utf-8",
        )
    return p


def shown(payload: str) -> str:
    """Return the payload as a reader should see it: bidi controls named, spaces folded."""
    named = re.sub("[\u202a-\u202e\u2066-\u2069]", lambda m: f"⟨U+{ord(m[0]):04X}⟩", payload)
    return " ".join(named.split())


def text_fields(model: type[BaseModel]) -> set[str]:
    """Return the dotted paths of every plain-text or Markdown field of a model."""
    return set(_text_paths(model, ""))


def _is_text(metadata: list[Any]) -> bool:
    return any(getattr(m, "func", None) is models._no_controls for m in metadata)


def _text_paths(annotation: Any, path: str, within: frozenset[type] = frozenset()) -> Iterator[str]:
    # `within` holds the models on the path, so a model that nests itself (an amount's
    # conversion is an amount) is walked once.
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *metadata = typing.get_args(annotation)
        if base is str and _is_text(metadata):
            yield path
        else:
            yield from _text_paths(base, path, within)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in within:
            return
        for name, info in annotation.model_fields.items():
            here = f"{path}.{name}" if path else name
            if info.annotation is str and _is_text(info.metadata):
                yield here
            else:
                yield from _text_paths(info.annotation, here, within | {annotation})
    else:
        for arg in typing.get_args(annotation):
            yield from _text_paths(arg, path + ("[]" if origin is list else ""), within)


def every_text_field() -> set[str]:
    """Return 'kind.path' for every text field of every kind."""
    return {f"{kind}.{path}" for kind, model in KINDS.items() for path in text_fields(model)}
