"""Compare two fact bases and say what changed, record by record, as a reader would.

`compare` finds the records added, removed and changed, and for a changed record each
field that differs, with its values as a reader sees them (names rather than ids, amounts
and dates in words). `describe` phrases a change as a Markdown list item; a `Style` says
how to show text from the facts, which is untrusted, and how to name a record: the site
escapes text and links records, the report for pull requests puts them in code spans.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any

from pydantic import BaseModel

from briefing import markup
from briefing.dates import PartialDate
from briefing.figures import figure_words
from briefing.link import FactBase, iter_refs
from briefing.load import Loc
from briefing.models import KINDS, Deal, Money, Quantity, Record, Version
from briefing.problems import Problem, summary

SHOWN_MAX = 100
"""Longer values are not quoted in full: the field is said to be edited."""
ITEM_MAX = 80
"""List items (statements, proposals) are cut to this length."""
SUMMARY_FIELDS = ("status", "title", "name", "party", "actor", "text")
"""The field that stands for a sub-item in a list (a role by its title, ...)."""


class Action(StrEnum):
    """What happened to a record, in the order changes are listed."""

    ADDED = "added"
    CHANGED = "changed"
    REMOVED = "removed"


@dataclass(frozen=True)
class Mention:
    """A record named in a change: its kind, id and what it is called."""

    kind: str
    id: str
    name: str


@dataclass(frozen=True)
class FieldChange:
    """A field that changed: its value before and after, or the items added and removed."""

    label: str
    before: str | None = None
    after: str | None = None
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    edited: tuple[str, ...] = ()


@dataclass(frozen=True)
class Change:
    """A record added, removed or changed."""

    action: Action
    record: Mention
    by: Mention | str | None = None
    """Who said an added quote: an actor, or the source's description of the speaker."""
    date: str | None = None
    """When an added event happened or a quote was said, in words: letters, digits, spaces."""
    fields: tuple[FieldChange, ...] = ()
    still_cited_by: tuple[Mention, ...] = ()
    """Records that still refer to a removed record."""


def compare(old: FactBase, new: FactBase) -> list[Change]:
    """Return every change from one fact base to another, added, changed, then removed."""
    changes: list[Change] = []
    gone: list[str] = []
    for id in old.entries.keys() | new.entries.keys():
        before, after = old.entries.get(id), new.entries.get(id)
        if before is not None and after is not None and before.kind == after.kind:
            if before.record != after.record:
                fields = _Fields(old, new, before.record, after.record).compare()
                changes.append(Change(Action.CHANGED, _mention(new, id), fields=tuple(fields)))
            continue
        if before is not None:
            gone.append(id)
        if after is not None:
            changes.append(_added(new, id))
    referrers = _referrers(new, {id for id in gone if id not in new.entries})
    changes += [_removed(old, new, id, referrers.get(id, [])) for id in gone]
    kinds = list(KINDS)
    actions = list(Action)
    return sorted(
        changes,
        key=lambda c: (actions.index(c.action), kinds.index(c.record.kind), c.record.id),
    )


def _mention(base: FactBase, id: str) -> Mention:
    return Mention(base.kind_of(id), id, base.name(id))


def _added(new: FactBase, id: str) -> Change:
    record = new.get(id)
    date = getattr(record, "date", None) or getattr(record, "said", None)
    by: Mention | str | None = None
    if (speaker := getattr(record, "speaker", None)) is not None:
        by = _mention(new, speaker)
    elif (description := getattr(record, "speaker_description", None)) is not None:
        by = description
    shown = _versions(date) if date else None
    return Change(Action.ADDED, _mention(new, id), by=by, date=shown)


def _referrers(base: FactBase, ids: set[str]) -> dict[str, list[str]]:
    """Return, for each of the ids, the records of a fact base that still refer to it."""
    found: dict[str, list[str]] = defaultdict(list)
    if ids:
        for entry in base.entries.values():
            for target in {target for _, _, target in iter_refs(entry.record)} & ids:
                found[target].append(entry.record.id)
    return found


def _removed(old: FactBase, new: FactBase, id: str, citing: list[str]) -> Change:
    kinds = list(KINDS)
    ordered = sorted(citing, key=lambda other: (kinds.index(new.kind_of(other)), other))
    return Change(
        Action.REMOVED,
        _mention(old, id),
        still_cited_by=tuple(_mention(new, other) for other in ordered),
    )


class _Fields:
    """Compare two versions of a record field by field, as a reader sees the values."""

    def __init__(self, old: FactBase, new: FactBase, before: Record, after: Record) -> None:
        self.old, self.new = old, new
        self.before, self.after = before, after
        self.refs = {loc for record in (before, after) for loc, _, _ in iter_refs(record)}
        """Where the two versions hold ids of other records, shown by their names."""

    def name(self, id: str) -> str:
        """Return what a record is called now, or was called if it is gone."""
        for base in (self.new, self.old):
            if id in base.entries:
                return base.name(id)
        return id

    def compare(self) -> list[FieldChange]:
        """Return each field that differs between the two versions."""
        changes = []
        for name in type(self.after).model_fields:
            old, new = getattr(self.before, name), getattr(self.after, name)
            if old != new:
                stage = self.stage() if name == "status" else None
                changes.append(stage or self.field(name, old, new))
        return changes

    def stage(self) -> FieldChange | None:
        """Return the stage a deal reached, if that changed: a reader asks that first."""
        if not isinstance(self.before, Deal) or not isinstance(self.after, Deal):
            return None
        now = [d.current_status() for d in (self.before, self.after)]
        shown = [self.item(change, ()) if change else None for change in now]
        if shown[0] == shown[1]:
            return None
        return FieldChange("status", before=shown[0], after=shown[1])

    def field(self, name: str, old: Any, new: Any) -> FieldChange:
        """Return how one field changed."""
        label = name.replace("_", " ")
        if _is_versions(old) or _is_versions(new) or not isinstance(old or new, list):
            shown = [self.scalar(v, (name,)) for v in (old, new)]
            if shown[0] == shown[1] or any(len(s or "") > SHOWN_MAX for s in shown):
                return FieldChange(label)
            return FieldChange(label, before=shown[0], after=shown[1])
        before = [self.item(v, (name, i)) for i, v in enumerate(old or [])]
        after = [self.item(v, (name, i)) for i, v in enumerate(new or [])]
        added = tuple((Counter(after) - Counter(before)).elements())
        removed = tuple((Counter(before) - Counter(after)).elements())
        if added or removed:
            return FieldChange(label, added=added, removed=removed)
        if sorted(map(repr, old)) == sorted(map(repr, new)):
            return FieldChange(f"{label} reordered")
        edited = [after[i] for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
        return FieldChange(label, edited=tuple(dict.fromkeys(edited)))

    def scalar(self, value: Any, loc: Loc) -> str | None:
        """Return a field's whole value as text, None when it is empty."""
        if value is None or value == []:
            return None
        if _is_versions(value):
            return _versions(value)
        return self.plain(value, loc)

    def item(self, value: Any, loc: Loc) -> str:
        """Return a list item as text: a sub-item by its title, name or text."""
        if not isinstance(value, BaseModel):
            return self.plain(value, loc)
        name = next((n for n in SUMMARY_FIELDS if getattr(value, n, None) is not None), None)
        if name is None:
            return type(value).__name__.lower()
        text = self.plain(getattr(value, name), (*loc, name))
        text = text if len(text) <= ITEM_MAX else text[: ITEM_MAX - 1].rstrip() + "…"
        return f"{text} (expected)" if getattr(value, "expected", False) else text

    def plain(self, value: Any, loc: Loc) -> str:
        """Return one value as text, a reference to a record by the record's name."""
        if isinstance(value, str) and loc in self.refs:
            return self.name(value)
        return _text(value)


def _text(value: Any) -> str:
    """Return a value that is not a reference as text: an amount or a date in words."""
    if isinstance(value, Money | Quantity):
        return figure_words(value)
    if isinstance(value, PartialDate):
        return value.words()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _versions(versions: list[Version[Any]]) -> str:
    """Return a value that sources may report differently: each version, with ' / '."""
    return " / ".join(dict.fromkeys(_text(v.value) for v in versions))


def _is_versions(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and isinstance(value[0], Version)


# --- Phrasing --------------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    """How a phrase shows untrusted text from the facts, and names a present record."""

    text: Callable[[str], str]
    record: Callable[[Mention], str]


REPORT = Style(text=markup.code, record=lambda mention: markup.code(mention.name))
"""For a terminal and a GitHub job summary: fact text in code spans, read literally."""


def describe(change: Change, style: Style) -> str:
    """Return a change as a Markdown list item, with a sub-item per field when several."""
    kind = change.record.kind
    if change.action is Action.ADDED:
        # Dates in words hold nothing Markdown reads, and read best as they are.
        when = f" on {change.date}" if change.date else ""
        if change.by is None:
            return f"- Added {kind} {style.record(change.record)}{when}"
        by = style.record(change.by) if isinstance(change.by, Mention) else style.text(change.by)
        return f"- Added {kind} by {by}{when}: {style.record(change.record)}"
    if change.action is Action.REMOVED:
        line = f"- Removed {kind} {style.text(change.record.name)}"
        if change.still_cited_by:
            verb = "cited" if kind == "source" else "referred to"
            citing = ", ".join(f"{m.kind} {style.record(m)}" for m in change.still_cited_by)
            line += f", still {verb} by {citing}"
        return line
    head = f"- {kind.capitalize()} {style.record(change.record)}:"
    phrases = [_phrase(field, style) for field in change.fields]
    if len(phrases) == 1:
        return f"{head} {phrases[0]}"
    return "\n".join([head, *(f"    - {phrase}" for phrase in phrases)])


def _phrase(field: FieldChange, style: Style) -> str:
    def listed(items: Iterable[str]) -> str:
        return ", ".join(style.text(item) for item in items)

    lists = {"added": field.added, "removed": field.removed, "edited": field.edited}
    if any(lists.values()):
        parts = [f"{verb} {listed(items)}" for verb, items in lists.items() if items]
        return f"{field.label}: {'; '.join(parts)}"
    if field.before is None and field.after is None:
        return field.label if field.label.endswith("reordered") else f"{field.label} edited"
    if field.before is None:
        return f"{field.label} set to {style.text(field.after or '')}"
    if field.after is None:
        return f"{field.label} removed (was {style.text(field.before)})"
    return f"{field.label} {style.text(field.before)} -> {style.text(field.after)}"


def report(
    changes: list[Change],
    since: str,
    before: Sequence[Problem] = (),
    after: Sequence[Problem] = (),
) -> str:
    """Return the changes since a revision as Markdown, for a terminal or a job summary.

    `before` and `after` are the errors of each fact base: their records are left out
    of the comparison, which the report says.
    """
    lines = [f"## Changes to the facts since {markup.code(since)}", ""]
    if before:
        lines.append(
            f"> The facts at {markup.code(since)} have {summary(list(before))}: records that did "
            "not validate there are left out, so they may show as added."
        )
    if after:
        lines.append(
            f"> The facts now have {summary(list(after))} (run `briefing check`): records that "
            "do not validate are left out, so they may show as removed."
        )
    if before or after:
        lines.append("")
    if not changes:
        return "\n".join([*lines, "No changes.", ""])
    counts = Counter(change.action for change in changes)
    lines.append(", ".join(f"{counts[a]} {a.value}" for a in Action if counts[a]) + ".")
    lines.append("")
    lines += [describe(change, REPORT) for change in changes]
    return "\n".join([*lines, ""])
