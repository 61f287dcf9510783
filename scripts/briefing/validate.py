"""Validate stage: turn raw records into typed records, and errors into clear messages."""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from rapidfuzz.distance import DamerauLevenshtein

from briefing.folding import fold
from briefing.load import Loc, Origin, RawRecord, dotted
from briefing.models import KINDS, Record
from briefing.problems import Problem


@dataclass(frozen=True)
class Entry:
    """A validated record and where it was read."""

    kind: str
    record: Record
    origin: Origin


@dataclass
class Validated:
    """The records that validated, the ids of those that did not, and every problem."""

    entries: list[Entry] = field(default_factory=list)
    invalid: dict[str, str] = field(default_factory=dict)
    """Id -> kind of each record that failed validation, so no one reports it unknown."""
    problems: list[Problem] = field(default_factory=list)


def validate(raws: list[RawRecord]) -> Validated:
    """Validate each raw record against the model of its kind, collecting all problems."""
    result = Validated()
    for raw in raws:
        model = KINDS[raw.kind]
        try:
            record = model.model_validate(raw.data)
        except ValidationError as exc:
            result.problems.extend(_problems(model, raw, exc))
            if isinstance(raw.data.get("id"), str):
                result.invalid[raw.data["id"]] = raw.kind
        else:
            result.entries.append(Entry(raw.kind, record, raw.origin))
    return result


def _as_written(data: Any, loc: Loc) -> Loc:
    """Return loc up to the value the file gives as a scalar.

    A value written in short form ("date: 2019-03-05") is read as its long form
    ([{value: 2019-03-05}]): an error in it names the field as written, not `date[0].value`.
    """
    for depth, part in enumerate(loc):
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        elif data is not None and not isinstance(data, dict | list):
            return loc[:depth]
        else:
            break
    return loc


def _problems(model: type[BaseModel], raw: RawRecord, exc: ValidationError) -> Iterator[Problem]:
    for error in exc.errors(include_url=False):
        loc = _as_written(raw.data, tuple(error["loc"]))
        is_key = error["type"] == "extra_forbidden"
        at = loc if is_key or error["type"] != "missing" else loc[:-1]
        where = dotted(loc)
        message = explain(model, error)
        yield raw.origin.problem(at, f"{where}: {message}" if where else message, key=is_key)


def explain(model: type[BaseModel], error: ErrorDetails) -> str:
    """Return what is wrong, and how to fix it, for one pydantic error."""
    kind, loc, value = error["type"], tuple(error["loc"]), error.get("input")
    ctx = error.get("ctx", {})
    name = str(next((part for part in reversed(loc) if isinstance(part, str)), "record"))
    if kind == "missing":
        holder = model_at(model, loc[:-1])
        info = holder.model_fields.get(name) if holder else None
        what = f": {info.description}" if info and info.description else ""
        return f"missing required field '{name}' (add `{name}:`{what})"
    if kind == "extra_forbidden":
        holder = model_at(model, loc[:-1])
        allowed = sorted(holder.model_fields) if holder else []
        close = typo_of(name, allowed)
        hint = f"did you mean '{close}'?" if close else f"allowed here: {', '.join(allowed)}"
        return f"unknown field '{name}' ({hint})"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if value is None:
        return "is empty (write a value, or remove the line if it is optional)"
    if kind == "enum":
        choices = [
            c.strip("'") for c in str(ctx.get("expected", "")).replace(" or ", ", ").split(", ")
        ]
        close = typo_of(fold(str(value)), choices)
        hint = f"did you mean '{close}'? " if close else ""
        return f"'{value}' is not allowed ({hint}use one of: {', '.join(choices)})"
    if kind in ("string_too_short", "too_short") and name == "sources":
        return "cite at least one source (e.g. `sources: [source-id]`)"
    if kind in ("string_too_short", "too_short"):
        if value in ("", []) or value is None:
            return "is empty (write a value, or remove the line if it is optional)"
        return f"needs at least {ctx.get('min_length')} entries"
    if kind in ("string_too_long", "too_long"):
        return f"is too long: at most {ctx.get('max_length')} allowed (shorten it)"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"expected a whole number, found {_show(value)}{_range_hint(value)}"
    if kind in ("decimal_parsing", "decimal_type", "float_parsing", "finite_number"):
        hint = _range_hint(value, "amount")
        return f"expected a number such as 2500000000, found {_show(value)}{hint}"
    if kind in ("greater_than", "greater_than_equal"):
        return f"must be greater than {ctx.get('gt', ctx.get('ge'))}, found {_show(value)}"
    if kind in ("less_than", "less_than_equal"):
        return f"must be less than {ctx.get('lt', ctx.get('le'))}, found {_show(value)}"
    if kind == "list_type":
        return f"expected a list, found {_show(value)} (write one `- item` per line)"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of fields, found {_show(value)}"
    if kind == "string_type":
        return f"expected text, found {_show(value)}"
    return f"{error['msg']} (found {_show(value)})"


def typo_of(word: str, choices: list[str]) -> str | None:
    """Return the choice that word is a typing slip of, or None when it is another word.

    A slip is one edit (a letter added, dropped, changed, or two swapped), or two edits
    after the same first three letters, ignoring case and writing spaces and '_' as '-'.
    So 'cancelld' and 'canceled' suggest 'cancelled', and 'partys' 'parties'; but
    'selected' suggests nothing ('rejected' is two letters away and means the opposite),
    nor 'ordered' ('offered').
    """
    typed = re.sub(r"[\s_]+", "-", word.strip().casefold())
    found = [(DamerauLevenshtein.distance(typed, choice.casefold()), choice) for choice in choices]
    for distance, choice in sorted(found):
        if distance <= 1 or (distance == 2 and typed[:3] == choice.casefold()[:3]):
            return choice
    return None


_RANGE = re.compile(r"\s*(\d[\d.]*)\s*(?:-|\u2013|\u2014|to)\s*(\d[\d.]*)\s*")


_HEDGED = re.compile(r"\s*(about|nearly|just over|at least|more than|up to|less than)\s+(\d+)\s*")


def _range_hint(value: Any, key: str = "count") -> str:
    """Return how to write a range or a hedged figure written as one ("650-900", "about 36").

    `key` is the field the figure goes in: `count` for a quantity, `amount` for money.
    """
    match = _RANGE.fullmatch(str(value))
    if match is not None:
        return f" (for a range, write `min: {match[1]}` and `max: {match[2]}` instead)"
    hedged = _HEDGED.fullmatch(str(value).casefold())
    if hedged is not None:
        qualifier = hedged[1].replace(" ", "-")
        if key == "amount":  # already in a mapping, beside its currency
            return f" (write `qualifier: {qualifier}` and `amount: {hedged[2]}` instead)"
        return f" (write `{{qualifier: {qualifier}, {key}: {hedged[2]}}}` instead)"
    return ""


def _show(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return f"'{text[:60]}...'" if len(text) > 60 else f"'{text}'"


def model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """Return the model whose fields live at loc inside model, if there is one."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        current = _model_in(info.annotation) if info else None
    return current


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
