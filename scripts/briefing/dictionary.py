"""The data dictionary: every kind and every field, generated from the models as Markdown.

Each field gets its type in plain words, whether it is required, the values it
allows, its description and an example: the first value the fact base gives it,
or a stock example for its type when no record uses it. Examples from the facts
are shown as code spans, so they can never become Markdown or HTML.
"""

from __future__ import annotations

import html
import re
import types
import typing
from collections.abc import Iterator
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from annotated_types import Gt, MaxLen, MinLen
from pydantic import BaseModel

from briefing.dates import DATE_HELP
from briefing.fields import entries, field_order, models_in
from briefing.link import FactBase
from briefing.models import (
    FOLDERS,
    ID_MAX,
    KINDS,
    STAGE_MEANINGS,
    CountVersions,
    Currency,
    Date,
    DateVersions,
    Day,
    FileName,
    Id,
    Language,
    Line,
    Markdown,
    MoneyVersions,
    Ref,
    Text,
    Url,
    Version,
)


def _max_length(alias: Any) -> str:
    """Return the most characters a text type allows, as a reader writes the number."""
    for item in alias.__metadata__:
        for limit in getattr(item, "metadata", ()):
            if isinstance(limit, MaxLen):
                return f"{limit.max_length:,}"
    raise ValueError(f"{alias} has no maximum length")


# Plain words for each value type, what it allows, and an example when the facts have none.
_SCALARS: list[tuple[Any, str, str, str]] = [
    (
        Line,
        "text, one line",
        f"at most {_max_length(Line)} characters, no line breaks",
        "",
    ),
    (
        Text,
        "text",
        f"at most {_max_length(Text)} characters; shown as written, never as Markdown",
        "",
    ),
    (
        Markdown,
        "Markdown text",
        f"at most {_max_length(Markdown)} characters; emphasis, lists and code; no HTML, "
        "links or headings",
        "",
    ),
    (
        Id,
        "id",
        f"a-z, 0-9 and '-', not starting with '-', at most {ID_MAX} characters; unique",
        "arms-sale-2019",
    ),
    (Date, "[date](#dates)", "YYYY, YYYY-MM or YYYY-MM-DD; ~ for about; START/END", "2019-07~"),
    (Day, "day", "YYYY-MM-DD", "2019-07-12"),
    (Url, "web address", "http:// or https:// only, no spaces", "https://example.org/story"),
    (FileName, "file name", "letters, digits, '.', '_' and '-'; no folders", "story.txt"),
    (Language, "language tag", "a BCP 47 tag such as en, fr or pt-BR", "fr"),
    (Currency, "currency code", "an ISO 4217 code such as USD, EUR, GBP or JPY", "USD"),
]
_VERSIONED: list[tuple[Any, str, str]] = [
    (DateVersions, "[date](#dates)", "YYYY, YYYY-MM or YYYY-MM-DD; ~ for about; START/END"),
    (MoneyVersions, "[Money](#money)", ""),
    (CountVersions, "whole number or [Quantity](#quantity)", "greater than 0"),
]
_EXAMPLE_WIDTH = 60


def _link(model: type[BaseModel]) -> str:
    name = _name(model)
    return f"[{name}](#{name.lower()})"


def _name(model: type[BaseModel]) -> str:
    return "Version" if issubclass(model, Version) else model.__name__


def _kind_link(kind: str) -> str:
    return f"[{kind}](#{kind})"


def _optional(hint: Any) -> Any:
    args = [arg for arg in typing.get_args(hint) if arg is not type(None)]
    is_union = typing.get_origin(hint) in (typing.Union, types.UnionType)
    return args[0] if is_union and len(args) == 1 else hint


def describe(hint: Any) -> tuple[str, str]:
    """Return a value type in plain words, and the values it allows."""
    hint = _optional(hint)
    for versioned, words, allowed in _VERSIONED:
        if hint == versioned:
            return f"{words}, or a list of [versions](#version)", allowed
    for scalar, words, allowed, _ in _SCALARS:
        if hint == scalar:
            return words, allowed
    metadata = getattr(hint, "__metadata__", ())
    refs = [item.kinds for item in metadata if isinstance(item, Ref)]
    if refs and len(refs[0]) == 1:
        return f"{_kind_link(refs[0][0])} id", f"the id of a record in facts/{FOLDERS[refs[0][0]]}/"
    if refs:
        links = ", ".join(_kind_link(kind) for kind in refs[0])
        return f"id of one of: {links}", "the id of a record of one of these kinds"
    base = typing.get_args(hint)[0] if metadata else hint
    if typing.get_origin(base) in (typing.Union, types.UnionType):
        return describe(base)
    if typing.get_origin(base) is list:
        words, allowed = describe(typing.get_args(base)[0])
        return f"list of {words}", allowed
    if isinstance(base, type) and issubclass(base, BaseModel):
        return _link(base), ""
    if isinstance(base, type) and issubclass(base, StrEnum):
        return "one word from the list", ", ".join(f"`{member.value}`" for member in base)
    if isinstance(base, TypeVar):
        return "the type of the field that holds the versions", ""
    plain = {bool: "true or false", int: "whole number", Decimal: "number"}
    return plain.get(base, str(base)), ""


def _required(model: type[BaseModel], name: str) -> str:
    info = model.model_fields[name]
    if info.is_required():
        return "yes"
    if info.default is not None and info.default_factory is None:
        default = str(info.default).lower() if isinstance(info.default, bool) else info.default
        return f"no (default: {default})"
    return "no"


def _constraints(model: type[BaseModel], name: str) -> str:
    info = model.model_fields[name]
    # An optional constrained number keeps its constraints inside the union.
    inner = [
        limit
        for arg in typing.get_args(info.annotation)
        for item in getattr(arg, "__metadata__", ())
        for limit in getattr(item, "metadata", ())
    ]
    for item in [*info.metadata, *inner]:
        if isinstance(item, MinLen) and item.min_length > 1:
            return f"at least {item.min_length}"
        if isinstance(item, Gt):
            return f"greater than {item.gt}"
    return ""


def _stock_example(hint: Any, first_ids: dict[str, str]) -> str:
    hint = _optional(hint)
    for scalar, _, _, example in _SCALARS:
        if hint == scalar:
            return example
    refs = [m for m in getattr(hint, "__metadata__", ()) if isinstance(m, Ref)]
    if refs:
        return first_ids.get(refs[0].kinds[0], "")
    base = typing.get_args(hint)[0] if getattr(hint, "__metadata__", ()) else hint
    if isinstance(base, type) and issubclass(base, StrEnum):
        return next(iter(base)).value
    return "true" if base is bool else ""


def _show(value: Any) -> str:
    """Return a value as YAML would show it in one line, shortened."""
    if isinstance(value, list):
        text = "[" + ", ".join(_show(item) for item in value) + "]"
    elif isinstance(value, dict):
        text = "{" + ", ".join(f"{key}: {_show(item)}" for key, item in value.items()) + "}"
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= _EXAMPLE_WIDTH else text[: _EXAMPLE_WIDTH - 1].rstrip() + "…"


EXAMPLE_RECORDS = 50
"""How many records of each kind the dictionary looks through for examples."""


def _as_written(value: Any) -> Any:
    """Return dumped data as an editor would write it: one bare version as its value."""
    if isinstance(value, list):
        if len(value) == 1 and isinstance(value[0], dict) and value[0].keys() == {"value"}:
            return _as_written(value[0]["value"])
        return [_as_written(item) for item in value]
    if isinstance(value, dict):
        return {key: _as_written(item) for key, item in value.items()}
    return value


def examples(base: FactBase) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """Return the first example of each (model, field) in the fact base, and first ids.

    Only the first EXAMPLE_RECORDS records of each kind are looked at, so that the page
    costs the same whatever the size of the briefing.
    """
    found: dict[tuple[str, str], Any] = {}
    first_ids: dict[str, str] = {}
    for kind, records in base.by_kind.items():
        model = KINDS[kind]
        for record in records[:EXAMPLE_RECORDS]:
            first_ids.setdefault(kind, record.id)
            data = _as_written(record.model_dump(mode="json", exclude_defaults=True))
            for owner, name, value in entries(data, [model]):
                key = (_name(owner), name)
                # A bare value shows a field more plainly than a list of versions.
                if key not in found or (
                    isinstance(found[key], list | dict) and isinstance(value, str)
                ):
                    found[key] = value
    return {key: _show(value) for key, value in found.items()}, first_ids


def _example(model: type[BaseModel], name: str, found: dict[tuple[str, str], str]) -> str:
    """Return the facts' example of a field, or of the same field in another model."""
    if (_name(model), name) in found:
        return found[_name(model), name]
    annotation = model.model_fields[name].annotation
    for other in [*KINDS.values(), *PARTS]:
        info = other.model_fields.get(name)
        if info is not None and info.annotation == annotation and (_name(other), name) in found:
            return found[_name(other), name]
    return ""


def _parts() -> list[type[BaseModel]]:
    """Return the models records are built from, in the order they first appear."""
    seen: list[type[BaseModel]] = []

    def visit(model: type[BaseModel]) -> None:
        for name in field_order(model):
            for part in models_in(model.model_fields[name].annotation):
                part = Version if issubclass(part, Version) else part
                if part not in seen and part not in KINDS.values():
                    seen.append(part)
                    visit(part)

    for model in KINDS.values():
        visit(model)
    return seen


PARTS = _parts()


def _table(
    model: type[BaseModel], found: dict[tuple[str, str], str], ids: dict[str, str]
) -> Iterator[str]:
    hints = typing.get_type_hints(model, include_extras=True)
    yield "| field | type | required | allowed values | description | example |"
    yield "| --- | --- | --- | --- | --- | --- |"
    for name in field_order(model):
        words, allowed = describe(hints[name])
        allowed = "; ".join(part for part in (_constraints(model, name), allowed) if part)
        description = model.model_fields[name].description or ""
        example = _example(model, name, found) or _stock_example(hints[name], ids)
        cells = [
            f"`{name}`",
            words,
            _required(model, name),
            allowed or "—",
            _cell(description),
            _code(example) if example else "—",
        ]
        yield "| " + " | ".join(cells) + " |"


def dictionary(base: FactBase) -> str:
    """Return the data dictionary page as Markdown, with examples from the fact base."""
    found, ids = examples(base)
    lines = [
        "# Data dictionary",
        "",
        "Every kind of record and every field, generated from the models each time the "
        "site is built. Examples are the first values this briefing gives each field, "
        "or stock ones where it gives none.",
        "",
        "A fact file holds one record, or a list of records, of the kind its folder "
        "names. Keys are written in the order of the tables below (`briefing fmt` "
        "puts them so).",
        "",
        "| kind | folder | what it holds |",
        "| --- | --- | --- |",
    ]
    lines += [
        f"| {_kind_link(kind)} | `facts/{FOLDERS[kind]}/` | {_cell(_doc(model))} |"
        for kind, model in KINDS.items()
    ]
    for kind, model in KINDS.items():
        lines += ["", f"## {kind} {{ #{kind} }}", "", _cell(_doc(model)), ""]
        lines += _table(model, found, ids)
    lines += [
        "",
        "## Parts of records { #parts }",
        "",
        "Fields that hold a list of mappings, or a single mapping, take these. A field "
        "whose type says “or a list of versions” takes a bare value when its sources "
        "agree, or a list of [versions](#version), each with its own sources, when they "
        "do not.",
    ]
    for part in PARTS:
        lines += ["", f"### {_name(part)} {{ #{_name(part).lower()} }}", ""]
        lines += [_cell(_doc(part)), "", *_table(part, found, ids)]
    lines += [
        "",
        "## Dates { #dates }",
        "",
        f"A date may be partial: {_cell(DATE_HELP)}. Pages show a span such as "
        "`2019-10/2020-03` as “late 2019 or early 2020”.",
        "",
        "## Deal stages { #stages }",
        "",
        "A deal's `status` lists the stages it went through, each with its date and, "
        "with `by`, the party that took the step. The stages, in the order a purchase "
        "usually goes through them:",
        "",
        "| stage | meaning |",
        "| --- | --- |",
        *(f"| `{stage.value}` | {_cell(meaning)} |" for stage, meaning in STAGE_MEANINGS.items()),
        "",
        "## Figures { #figures }",
        "",
        "An amount ([Money](#money)) or a number of things ([Quantity](#quantity)) is one "
        "value, a value the source hedges, or a range, as in schema.org's MonetaryAmount "
        "and QuantitativeValue (`min` and `max` are their minValue and maxValue) and "
        "Wikidata's lower and upper bounds. A `conversion` is the source's own "
        "conversion of an amount into another currency; it never makes two versions "
        "disagree. A bare whole number is an exact count.",
        "",
        "| the source says | write | pages show |",
        "| --- | --- | --- |",
        *(f"| {said} | `{written}` | {shown} |" for said, written, shown in FIGURE_EXAMPLES),
        "",
    ]
    return "\n".join(lines)


FIGURE_EXAMPLES = [
    ("36 jets", "quantity: 36", "36"),
    ("about 36 jets", "quantity: {qualifier: about, count: 36}", "about 36"),
    ("up to 80 missiles", "quantity: {qualifier: up-to, count: 80}", "up to 80"),
    (
        "$650 million to $1.3 billion",
        "value: {min: 650000000, max: 1300000000, currency: USD}",
        "650 million to 1.3 billion USD",
    ),
    (
        "just over CHF 6 billion ($6.5 billion)",
        "value: {qualifier: just-over, amount: 6000000000, currency: CHF, "
        "conversion: {amount: 6500000000, currency: USD}}",
        "just over 6 billion CHF (6.5 billion USD as converted by the source)",
    ),
]
"""How a figure as a source words it is written in a fact file, and shown on pages."""


def _cell(text: str) -> str:
    """Return text as one table cell of literal text."""
    return html.escape(" ".join(text.split()), quote=False).replace("|", "\\|")


def _code(text: str) -> str:
    """Return text from the facts as a code span: shown as written, never as Markdown."""
    # A run of backticks in the text needs a longer run around it.
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}"


def _doc(model: type[BaseModel]) -> str:
    return (model.__doc__ or "").strip().splitlines()[0]
