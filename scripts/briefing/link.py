"""Link stage: resolve ids across the fact base, check references, build the FactBase."""

from __future__ import annotations

import functools
import itertools
import typing
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from briefing import urls
from briefing.dates import Day, PartialDate, Point
from briefing.folding import fold
from briefing.load import Loc, dotted
from briefing.models import (
    KINDS,
    MARKDOWN_LINK,
    REFERENCE,
    Actor,
    Deal,
    Dispute,
    Event,
    Line,
    Markdown,
    Quote,
    Record,
    Ref,
    Source,
    System,
    Text,
    Wording,
)
from briefing.problems import Problem, Severity, article
from briefing.validate import Entry, typo_of

QUOTE_NAME_MAX = 80
"""Quotes have no name: they are called by their words, cut to this length."""


@dataclass
class FactBase:
    """Every record by id and by kind, with who cites and who mentions each one."""

    entries: dict[str, Entry]
    by_kind: dict[str, list[Record]]
    cited_by: dict[str, list[str]] = field(default_factory=dict)
    """Source id -> ids of the records that cite it, in order of first mention."""
    mentioned_by: dict[str, list[str]] = field(default_factory=dict)
    """Record id -> ids of the other records whose fields refer to it."""
    sources_of: dict[str, list[str]] = field(default_factory=dict)
    """Record id -> ids of every source it cites anywhere, in order of first mention."""
    reads: set[str] | None = field(default=None, repr=False, compare=False)
    """While a set, the ids of the records looked up are added to it: what a page shows,
    so that a live preview knows which pages an edit can change."""

    @functools.cached_property
    def crowded(self) -> dict[str, frozenset[str]]:
        """Return, by listed kind, the years whose listing is split by month (`urls.crowded`)."""
        return urls.crowded(self)

    @functools.cached_property
    def listed_dates(self) -> dict[str, PartialDate | None]:
        """Return the date that files each listed record, by id (`urls.listed_date`)."""
        return {r.id: urls.listed_date(r) for found in urls.listed(self).values() for r in found}

    def get(self, id: str) -> Record:
        """Return the record with this id."""
        if self.reads is not None:
            self.reads.add(id)
        return self.entries[id].record

    def kind_of(self, id: str) -> str:
        """Return the kind of the record with this id."""
        if self.reads is not None:
            self.reads.add(id)
        return self.entries[id].kind

    def mentions(self, id: str) -> list[str]:
        """Return the ids of the other records that refer to a record."""
        if self.reads is not None:
            self.reads.add(id)
        return self.mentioned_by.get(id, [])

    def citing(self, id: str) -> list[str]:
        """Return the ids of the records that cite a source."""
        if self.reads is not None:
            self.reads.add(id)
        return self.cited_by.get(id, [])

    def name(self, id: str) -> str:
        """Return what a record is called: its name, its title, or a quote's opening words."""
        record = self.get(id)
        for attribute in ("name", "title"):
            value = getattr(record, attribute, None)
            if isinstance(value, str):
                return value
        text = " ".join(str(getattr(record, "text", record.id)).split())
        return text if len(text) <= QUOTE_NAME_MAX else text[: QUOTE_NAME_MAX - 1].rstrip() + "…"


def iter_refs(model: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, Ref, str]]:
    """Yield (location, reference kinds, id) for every reference inside a model."""
    for name, ref in _linking(type(model)):
        yield from _walk(getattr(model, name), (*loc, name), ref)


ANY_RECORD = Ref(tuple(KINDS))
"""What a reference in fact text may name: a record of any kind, or a source."""


def prose(
    model: BaseModel, loc: Loc = (), sources: Sequence[str] = ()
) -> Iterator[tuple[Loc, str, Sequence[str]]]:
    """Yield (location, text, sources) for every prose field inside a model, verbatim aside.

    The sources are those of the nearest item that lists its own, or else `sources`.
    """
    own = getattr(model, "sources", None) or sources
    texts, nested = prose_fields(type(model))
    for name in texts:
        for where, text in prose_strings(getattr(model, name), (*loc, name)):
            yield where, text, own
    for name in nested:
        value = getattr(model, name)
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            if isinstance(item, BaseModel):
                where = (*loc, name, index) if isinstance(value, list) else (*loc, name)
                yield from prose(item, where, own)


def prose_strings(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """Yield (location, text) for a text, or each text of a list, at loc."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from prose_strings(item, (*loc, index))


@functools.cache
def prose_fields(model: type[BaseModel]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return a model's prose fields, and those that hold models, verbatim words aside."""
    hints = typing.get_type_hints(model, include_extras=True)
    verbatim = issubclass(model, Quote | Wording)
    prose = tuple(
        name
        for name in model.model_fields
        if _is_prose(hints[name]) and not (verbatim and name == "text")
    )
    nested = tuple(
        name for name, info in model.model_fields.items() if _holds_model(info.annotation)
    )
    return prose, nested


def _is_prose(hint: Any) -> bool:
    if hint in (Line, Text, Markdown):
        return True
    origin = typing.get_origin(hint)
    if origin is typing.Annotated:
        return False
    return any(_is_prose(arg) for arg in typing.get_args(hint))


@functools.cache
def _linking(model: type[BaseModel]) -> tuple[tuple[str, Ref | None], ...]:
    """Return the fields of a model that may hold references, in order, with their kinds."""
    # Text, dates and numbers hold none: skipping them makes linking several times faster.
    return tuple(
        (name, _ref_of(model, name))
        for name, info in model.model_fields.items()
        if _ref_of(model, name) is not None or _holds_model(info.annotation)
    )


def _holds_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_model(arg) for arg in typing.get_args(annotation))


def _walk(value: Any, loc: Loc, ref: Ref | None) -> Iterator[tuple[Loc, Ref, str]]:
    if isinstance(value, BaseModel):
        yield from iter_refs(value, loc)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*loc, index), ref)
    elif isinstance(value, str) and ref is not None:
        yield loc, ref, value


@functools.cache
def _ref_of(model: type[BaseModel], name: str) -> Ref | None:
    info = model.model_fields[name]
    return next((m for m in info.metadata if isinstance(m, Ref)), None) or _ref_in(info.annotation)


def _ref_in(annotation: Any) -> Ref | None:
    for meta in getattr(annotation, "__metadata__", ()):
        if isinstance(meta, Ref):
            return meta
    for arg in typing.get_args(annotation):
        found = _ref_in(arg)
        if found is not None:
            return found
    return None


def link(
    entries: list[Entry],
    invalid: dict[str, str] | None = None,
    unread: frozenset[str] = frozenset(),
) -> tuple[FactBase, list[Problem]]:
    """Index the records by id and check every reference, collecting all problems.

    A reference is not reported as unknown when it names a record that failed
    validation (`invalid`, id -> kind), or a kind of which some file could not be read
    (`unread`): its error is already reported, and the id may be in that file.
    """
    invalid = invalid or {}
    problems: list[Problem] = []
    by_id: dict[str, Entry] = {}
    for entry in entries:
        first = by_id.get(entry.record.id)
        if first is not None:
            problems.append(
                entry.origin.problem(
                    ("id",),
                    f"id: duplicate id '{entry.record.id}' (already the id of the {first.kind} "
                    f"at {first.origin.path}:{first.origin.line}; ids must be unique across "
                    "all kinds, so rename one)",
                )
            )
            continue
        by_id[entry.record.id] = entry

    # Dicts as ordered sets: a list's `in` would make a much-mentioned record quadratic.
    cited_by: dict[str, dict[str, None]] = defaultdict(dict)
    mentioned_by: dict[str, dict[str, None]] = defaultdict(dict)
    sources_of: dict[str, list[str]] = {}
    for entry in by_id.values():
        record = entry.record
        cites: dict[str, None] = {}
        text_refs: list[tuple[Loc, Ref, str]] = []
        for loc, text, _ in prose(record):
            if "[[" in text:
                text_refs += [(loc, ANY_RECORD, match[1]) for match in REFERENCE.finditer(text)]
            if "](" in text:
                problems.extend(_markdown_link(entry, loc, text, by_id))
        for loc, ref, target in itertools.chain(iter_refs(record), text_refs):
            found = by_id.get(target)
            if found is None and (invalid.get(target) in ref.kinds or unread & set(ref.kinds)):
                continue
            if found is None or found.kind not in ref.kinds:
                problems.append(entry.origin.problem(loc, _bad_ref(loc, ref, target, found, by_id)))
                continue
            if found.kind == "source":
                cites[target] = None
            bucket = cited_by if found.kind == "source" else mentioned_by
            if target != record.id:
                bucket[target][record.id] = None
        sources_of[record.id] = list(cites)
        problems.extend(_record_checks(entry, by_id))

    by_kind: dict[str, list[Record]] = {kind: [] for kind in KINDS}
    for entry in sorted(by_id.values(), key=lambda e: e.record.id):
        by_kind[entry.kind].append(entry.record)
    base = FactBase(
        by_id,
        by_kind,
        {id: list(ids) for id, ids in cited_by.items()},
        {id: list(ids) for id, ids in mentioned_by.items()},
        sources_of,
    )
    problems.extend(_warnings(base))
    return base, problems


def _bad_ref(loc: Loc, ref: Ref, target: str, found: Entry | None, by_id: dict[str, Entry]) -> str:
    field_name = dotted(loc)
    wanted = " or ".join(ref.kinds) if len(ref.kinds) <= 2 else "record"
    if found is not None:
        return (
            f"{field_name}: '{target}' is {article(found.kind)}, but this field takes "
            f"{article(wanted)} (use the id of {article(wanted)})"
        )
    candidates = [id for id, e in by_id.items() if e.kind in ref.kinds]
    close = typo_of(fold(target), candidates)
    hint = (
        f"did you mean '{close}'?"
        if close
        else f"add {article(wanted)} with this id, or fix the id"
    )
    return f"{field_name}: unknown {wanted} '{target}' ({hint})"


def _published_by(id: str, by_id: dict[str, Entry]) -> Day | None:
    """Return the latest day a source may have been published, or None if unknown."""
    found = by_id.get(id)
    source = found.record if found is not None else None
    if isinstance(source, Source) and source.published is not None:
        return source.published.latest()
    return None


def _after_its_sources(entry: Entry, by_id: dict[str, Entry]) -> Iterator[Problem]:
    """Yield an error for each date of an event or quote later than all its sources."""
    record = entry.record
    if isinstance(record, Event):
        name, versions = "date", record.date
    elif isinstance(record, Quote) and record.said:
        name, versions = "said", record.said
    else:
        return
    for index, version in enumerate(versions):
        earliest = version.value.earliest()
        days = [_published_by(id, by_id) for id in version.sources or record.sources]
        if earliest is None or None in days:
            continue
        last = max(day for day in days if day is not None)
        if earliest > last:
            yield entry.origin.problem(
                (name, index),
                f"{name}[{index}]: '{version.value}' is later than every source that "
                f"reports it (the last was published by {_day_words(last)}); fix the date, "
                "or cite a source that reports it",
            )


def _day_words(day: Day) -> str:
    return PartialDate(Point(*day)).words()


def _record_checks(entry: Entry, by_id: dict[str, Entry]) -> Iterator[Problem]:
    record = entry.record
    yield from _after_its_sources(entry, by_id)
    if isinstance(record, Deal):
        parties = {record.seller, record.buyer, *(p.actor for p in record.participants)}
        for index, change in enumerate(record.status):
            # An unknown id is reported as such, not also as a stranger to the deal.
            if change.by is not None and change.by not in parties and change.by in by_id:
                yield entry.origin.problem(
                    ("status", index, "by"),
                    f"status[{index}].by: '{change.by}' is not a party to the deal (make it "
                    "the `seller` or the `buyer`, or add it under `participants` with its "
                    "role)",
                )
    # A misspelt party is reported where it is written; its positions would only echo it.
    if isinstance(record, Dispute) and all(party in by_id for party in record.parties):
        for index, position in enumerate(record.positions):
            if position.party not in record.parties:
                yield entry.origin.problem(
                    ("positions", index, "party"),
                    f"positions[{index}].party: '{position.party}' is not one of the "
                    "dispute's parties (add it to `parties`)",
                )


def _markdown_link(entry: Entry, loc: Loc, text: str, ids: dict[str, Entry]) -> Iterator[Problem]:
    """Yield a warning when prose looks like a Markdown link, naming the [[id]] to write."""
    match = MARKDOWN_LINK.search(text)
    if match is None:
        return
    # A link to a page of the site ends in the id of the record it shows.
    stem = match[0].rstrip(")").rsplit("/", 1)[-1].split("#")[-1].removesuffix(".md")
    write = f"[[{stem}]]" if stem in ids else "[[its-id]]"
    yield entry.origin.problem(
        loc,
        f"{dotted(loc)}: '{match[0][:60]}' looks like a Markdown link, which pages "
        f"show as written (to link a record or a source, write {write})",
        Severity.WARNING,
    )


def _warnings(base: FactBase) -> Iterator[Problem]:
    for source in base.by_kind["source"]:
        if source.id not in base.cited_by:
            yield base.entries[source.id].origin.problem(
                ("id",),
                f"source '{source.id}' is cited by no record (cite it, or remove it)",
                Severity.WARNING,
            )
    for kind in ("actor", "system"):
        seen: dict[str, str] = {}
        for record in base.by_kind[kind]:
            assert isinstance(record, Actor | System)
            for name in {record.name, *record.aliases}:
                other = seen.setdefault(fold(name), record.id)
                if other != record.id:
                    yield base.entries[record.id].origin.problem(
                        ("name",),
                        f"{kind}s '{other}' and '{record.id}' share the name '{name}' up to "
                        "case, accents and letters such as \u0131/i or \u00df/ss (if they are "
                        f"one {kind}, merge them and keep the other spelling as an alias)",
                        Severity.WARNING,
                    )
