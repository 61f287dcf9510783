"""Render stage: turn the FactBase into Markdown pages, {docs-relative path: text}.

Every piece of fact text goes through `markup` before it reaches a page. Each page has a
`Page` helper that links records relative to it, cites sources by their author-date
labels (`citations`), moves notes on how a value is dated or worded out of the sentence
into numbered footnotes, and collects the facts on which sources differ; templates only
loop and branch.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import html
import json
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from typing import Any

import jinja2
import langcodes

from briefing import citations, diff, export, feed, markup, offline, pictures, search
from briefing.citations import Citation
from briefing.dates import PartialDate, day_words, distinct_dates
from briefing.dictionary import dictionary
from briefing.figures import figure_refines, figure_words
from briefing.link import FactBase
from briefing.models import (
    NOTE,
    REFERENCE,
    Actor,
    Deal,
    Dispute,
    Event,
    Money,
    Position,
    Quantity,
    Quote,
    Record,
    Source,
    StatusNote,
    System,
    Version,
)
from briefing.urls import (
    LISTINGS,
    PAGE_KINDS,
    PART_MAX,
    SECTIONS,
    UNDATED,
    filed_under,
    href,
    is_month,
    listed,
    listed_date,
    listing_index,
    listing_page,
    page_of,
    part_key,
    part_words,
    place,
    site_path,
    year_of,
)

NO_DATE = "undated"
DATA_PAGE = "data/index.md"
DATA_FOLDER = DATA_PAGE.rsplit("/", 1)[0]
"""The folder of the Data page, which holds the exports beside it."""
WHATS_NEW = "whats-new/index.md"
DICTIONARY = "dictionary.md"
"""The data dictionary: every kind and field, with examples from the briefing."""
RECENTLY_VERIFIED = 20
"""Without a revision to compare with, What's new lists this many records last verified."""
JSON_FILE = "briefing.json"
JSON_EXPORT = f"{DATA_FOLDER}/{JSON_FILE}"
"""The JSON export's docs path, beside the Data page."""
CHART_MAX = 200
"""The most events a timeline chart draws: more would be too dense to read."""
LATEST_EVENTS = 5
"""How many of the latest events the home page lists."""
DISPUTE_EVENTS_MAX = 50
"""The most events of its deals a dispute page lists; the deal pages list them all."""
HOME_DISPUTES_MAX = 20
"""The most disputes the home page lists; the disputes page lists them all."""
QUOTES_IN_FULL = 20
"""The most quotes an actor's or system's page shows in full: its latest; the others are
listed a line each, linked to where their year's quotes page shows them."""


ANY_CHANGE = "*"
"""A need met by any change to the fact base."""


class Pages(Mapping[str, str]):
    """The pages of a site by docs-relative path, each rendered when it is read.

    A large briefing renders to hundreds of megabytes: written one by one, its pages
    never need to be held in memory together.

    `needs` gives, for each page, what it shows beyond the records it looks up while it
    renders (which `FactBase.reads` notes): the record it is about, or the tokens
    "kind:K" (any change to a record of kind K), "count:K" (a record of kind K added
    or removed), "graph:overview" (the records the whole-briefing graph shows), or
    ANY_CHANGE.
    """

    def __init__(
        self, makers: dict[str, Callable[[], str]], needs: dict[str, frozenset[str]]
    ) -> None:
        self._makers = makers
        self.needs = needs

    def __getitem__(self, path: str) -> str:
        return self._makers[path]()

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)


@dataclass(frozen=True)
class Settings:
    """What the pages need to know beyond the facts."""

    intro: str = ""
    """The hand-written introduction for the home page (trusted Markdown)."""
    edit_base: str | None = None
    """URL prefix that, followed by a fact file's path, edits that file."""
    since: str | None = None
    """The git revision that What's new compares the facts with, if one is configured."""
    changes: tuple[diff.Change, ...] = ()
    """The changes to the facts since that revision."""
    facts_read: str = "facts"
    """The facts folder as the fact files' paths begin when read (`--facts`)."""
    facts_shown: str = "facts"
    """The facts folder as pages name it: relative to the briefing's repository."""
    site_name: str = "Briefing"
    """The site's name in mkdocs.yml, which titles the feed."""
    site_url: str | None = None
    """The site's URL in mkdocs.yml, if set: the feed's links are absolute with it."""
    edited: datetime | None = None
    """When the facts were committed (the edition's time), if they are in git."""
    offline: bool = False
    """The offline edition is built, and the Data page offers it."""
    directory_urls: bool = True
    """Pages are served as folders (actors/x/), or as files (actors/x.html) offline."""
    hand_written: tuple[tuple[str, str], ...] = ()
    """The hand-written pages the site publishes, (docs path, Markdown), for search."""

    def shown_path(self, path: str) -> str:
        """Return a fact file's path as pages show it, never an absolute one."""
        relative = posixpath.relpath(path, self.facts_read)
        return relative if self.facts_shown == "." else f"{self.facts_shown}/{relative}"


def first_date(record: Record) -> PartialDate | None:
    """Return the date an event or quote is filed and ordered by (`urls.listed_date`): the
    first version of its date that differs from the others, or None if it has none."""
    versions = getattr(record, "date", None) or getattr(record, "said", None)
    return listed_date(record) if versions else None


def date_key(date: PartialDate | None, id: str) -> tuple[Any, ...]:
    """Return a sort key: dated records by date, undated ones last, ties by id."""
    return (0, date.sort_key(), id) if date else (1, (), id)


def _span_of(records: Iterable[Record]) -> tuple[PartialDate, PartialDate] | None:
    """Return the dates of the records that may be earliest and latest, None if none.

    The first is the one whose first possible day is earliest and the second the one
    whose last possible day is latest, so that a span never makes the range run backwards
    ("from March 2022 to 2021 or 2022").
    """
    dates = [date for record in records if (date := first_date(record)) is not None]
    if not dates:
        return None
    first = min(dates, key=lambda d: (d.first_day(), d.last_day()))
    last = max(dates, key=lambda d: (d.last_day(), d.first_day()))
    return first, last


def by_date(records: Iterable[Record]) -> list[Record]:
    """Return records in date order, undated ones last, ties by id."""
    return sorted(records, key=lambda record: date_key(first_date(record), record.id))


def newest_first(records: Iterable[Record]) -> list[Record]:
    """Return dated records newest first: by the last day each date may stand for.

    Dates that end on the same day keep their order in the timeline, the wider first,
    so that a span is never put below a narrower date as though it were older.
    """
    dated = [(date, record) for record in by_date(records) if (date := first_date(record))]
    # A reversed sort keeps records with equal keys in their order (Python's sort is stable).
    dated.sort(key=lambda pair: pair[0].last_day(), reverse=True)
    return [record for _, record in dated]


def _compared(value: Any) -> str:
    """Return what versions of a value are compared by: a figure without its conversion."""
    if isinstance(value, Money | Quantity):
        return figure_words(value, conversion=False)
    return str(value)


def _spoken_in(quote: Quote) -> str:
    """Return ', in the source's translation from German' or ', in German', or ''."""
    if quote.language is None:
        return ""
    name = markup.text(langcodes.Language.get(quote.language).display_name())
    return f", in the source's translation from {name}" if quote.translated else f", in {name}"


def _refines(value: Any, other: Any) -> bool:
    """Return whether `value` only makes `other` precise: a day in its month, 36 of 'about 36'."""
    if isinstance(value, PartialDate) and isinstance(other, PartialDate):
        return value.refines(other)
    if isinstance(value, Money | Quantity) and isinstance(other, Money | Quantity):
        return figure_refines(value, other)
    return False


def _distinct(values: list[Any]) -> list[Any]:
    """Return the values that differ, in order, leaving out one that another refines."""
    distinct = list({_compared(value): value for value in values}.values())
    return [value for value in distinct if not any(_refines(other, value) for other in distinct)]


def _dates_of(record: Record) -> list[PartialDate]:
    """Return the distinct versions of a record's date (or of when a quote was said)."""
    versions = getattr(record, "date", None) or getattr(record, "said", None) or []
    return distinct_dates([version.value for version in versions])


def _sources_of(own: Sequence[str] | None, record: Record | None) -> Sequence[str]:
    """Return a fact's own sources, or, when it has none of its own, its record's."""
    return own if own is not None else list(getattr(record, "sources", []) or [])


def when_words(record: Record) -> str:
    """Return a record's date in short words, every version when sources differ, or 'undated'."""
    dates = _dates_of(record)
    if not dates:
        return NO_DATE
    if len(dates) == 1:
        return dates[0].short_words()
    return " / ".join(date.short_words() for date in dates) + " (sources differ)"


def _disagree(values: list[Any]) -> bool:
    """Return whether versions differ, beyond a date that only refines another."""
    return len(_distinct(values)) > 1


@dataclass
class Page:
    """Helpers bound to one page: links relative to it, its citations and its notes."""

    path: str
    base: FactBase
    labels: Mapping[str, Citation]
    """Every source's author-date label, the same on every page."""
    sources: dict[str, None] = field(default_factory=dict)
    """Each source cited on the page, in order of first citation."""
    notes: dict[str, int] = field(default_factory=dict)
    """Each note on the page (safe Markdown) with its footnote number, in order of use."""
    differences: list[tuple[str, str]] = field(default_factory=list)
    """Each value sources differ on, as (what it is, its versions), in order of use."""
    records: set[str] = field(default_factory=set)
    shown: set[str] = field(default_factory=set)
    """The quotes shown on the page so far, so that none is shown twice."""

    def link(self, id: str) -> str:
        """Return a Markdown link to the page or anchor that shows a record."""
        return f"[{markup.text(self.base.name(id))}]({href(self.path, place(self.base, id))})"

    def links(self, ids: Iterable[str]) -> str:
        """Return links to several records, comma-separated."""
        return ", ".join(self.link(id) for id in ids)

    def cite(self, own: Sequence[str] | None, record: Record | None = None) -> str:
        """Return a fact's sources as '[Label 2019; Other 2018]', each label a link, or ''.

        Each source is cited once, in the order of its label (see `citations`).
        """
        ids = _sources_of(own, record)
        if record is not None:
            self.records.add(record.id)
        if not ids:
            return ""
        marks = []
        for id in sorted(set(ids), key=lambda id: self.labels[id].sort_key):
            self.sources.setdefault(id, None)
            source = self.base.get(id)
            if self.base.reads is not None and isinstance(source, Source):
                self.base.reads.add(citations.token(source))
            label = markup.text(self.labels[id].label)
            marks.append(f"[{label}]({href(self.path, place(self.base, id))})")
        return f"&#91;{'; '.join(marks)}&#93;"

    def cite_beyond(
        self, own: Sequence[str] | None, versions: Sequence[Version[Any]] | None, record: Record
    ) -> str:
        """Return `cite(own, record)` without the sources the versions beside it cite."""
        cited = {id for version in versions or () for id in version.sources or ()}
        return self.cite([id for id in _sources_of(own, record) if id not in cited], record)

    def note(self, text: str | None) -> str:
        """Return a footnote marker for a note from the facts, escaped, or '' for none."""
        return self._marker(self._with_refs(text, markup.text, notes=False)) if text else ""

    def _marker(self, markdown: str) -> str:
        """Return a footnote marker for a note given as safe Markdown on one line.

        The same note used again on a page gets the same number; `footnotes` lists them.
        """
        number = self.notes.setdefault(markdown, len(self.notes) + 1)
        return f"[^{number}]"

    def date(self, date: PartialDate, note: str | None = None) -> str:
        """Return a date in words for a sentence, its full span and any note in a footnote.

        A span that only "between X and Y" words gives reads as its short words (see
        `PartialDate.short_words`); the footnote starts with the full words.
        """
        short, full = date.short_words(), date.words()
        said = [first_upper(full)] if short != full else []
        if note:
            said.append(self._with_refs(note, markup.text, notes=False))
        return short + (self._marker(": ".join(said)) if said else "")

    def versions(
        self,
        versions: Sequence[Version[Any]],
        record: Record,
        what: str,
        cited: Sequence[str] = (),
    ) -> str:
        """Return a value with its citations; where sources differ, every version.

        `cited` names the sources the page cites right after the value: where sources
        agree, a version resting on just those is not cited twice.
        """
        # A version without sources of its own rests on the fact that holds it, which
        # is cited where that fact is shown.
        agree = not _disagree([v.value for v in versions])
        # Only where every source gives the same value may a version go uncited: where
        # one refines another ("10" of "up to 12"), each says which source gives it.
        same = len({_compared(v.value) for v in versions}) == 1
        shown = [
            self._noted(v.value, v.note)
            + (
                f" {self.cite(v.sources, record)}"
                if v.sources and not (same and set(v.sources) <= set(cited))
                else ""
            )
            for v in versions
        ]
        if not agree:
            self.differences.append((markup.text(what), "; ".join(shown)))
            return " / ".join(shown) + " *(sources differ)*"
        return "; ".join(shown)

    def figure(
        self,
        versions: Sequence[Version[Any]],
        record: Record,
        what: str,
        rests_on: Sequence[str] | None = None,
    ) -> str:
        """Return a value for a summary: each distinct value once, cited, marked if they differ.

        The notes stay on the record's page; where the versions differ, they are also
        noted in full among the page's differences. A version without sources of its own
        is cited with those of the fact that holds it (`rests_on`, else the record's),
        which a summary does not cite elsewhere.
        """
        groups: dict[str, tuple[Any, list[str]]] = {}
        for version in versions:
            _, sources = groups.setdefault(_compared(version.value), (version.value, []))
            own = version.sources or rests_on or getattr(record, "sources", [])
            sources.extend(id for id in own if id not in sources)
        shown = [
            f"{self.value(value)} {self.cite(sources, record)}"
            for value, sources in groups.values()
        ]
        if _disagree([v.value for v in versions]):
            self.versions(versions, record, what)
            return " / ".join(shown) + " *(sources differ)*"
        return "; ".join(shown)

    def value(self, value: Any) -> str:
        """Return a bare value as text for a page."""
        if isinstance(value, PartialDate):
            return value.words()
        if isinstance(value, Money | Quantity):
            return figure_words(value)
        return markup.text(str(value))

    def _noted(self, value: Any, note: str | None) -> str:
        """Return a value in words with a footnote holding its note, if it has one."""
        if isinstance(value, PartialDate):
            return self.date(value, note)
        return self.value(value) + self.note(note)

    def text(self, value: str | None) -> str:
        """Return plain text, escaped, each [[id]] as a link to its record or its citation."""
        return self._with_refs(value, markup.text) if value else ""

    def summary(self, value: str | None) -> str:
        """Return a summary as safe Markdown, each [[id]] as a link or a citation."""
        return self._with_refs(value, markup.summary) if value else ""

    def _with_refs(self, value: str, escape: Callable[[str], str], *, notes: bool = True) -> str:
        """Return text escaped whole, with its notes and references to known ids rendered.

        Each note (^[...]) and reference stands in the text as a token of letters and
        digits while it is escaped (escaping keeps those as they are), so that the text
        around it keeps its spaces and its paragraphs; then the token becomes the
        footnote marker, link or citation. A note's own text is escaped as plain text,
        its references rendered, and holds no note of its own.
        """
        if "[[" not in value and not (notes and "^[" in value):
            return escape(value)
        prefix = "briefingref"
        while prefix in value:  # a token the editor's own text cannot hold
            prefix += "q"
        shown: dict[str, str] = {}

        def token(markdown: str) -> str:
            shown[f"{prefix}{len(shown)}x"] = markdown
            return f"{prefix}{len(shown) - 1}x"

        if notes:
            value = NOTE.sub(lambda m: token(self.note(m[1].strip())), value)
        # split() with one group alternates text and the ids between the brackets.
        pieces = REFERENCE.split(value)
        text = []
        for index, piece in enumerate(pieces):
            if index % 2 == 0:
                text.append(piece)
            elif piece not in self.base.entries:
                text.append(f"[[{piece}]]")
            else:
                is_source = self.base.kind_of(piece) == "source"
                text.append(token(self.cite([piece]) if is_source else self.link(piece)))
        escaped = escape("".join(text))
        for name, markdown in shown.items():
            escaped = escaped.replace(name, markdown, 1)
        return escaped

    def when(self, record: Record) -> str:
        """Return a record's date in words, every version when sources differ, or 'undated'.

        "12 September 2017 / December 2017 (sources differ)": wherever a date stands
        alone (a heading, a list of events), it carries the disagreement with it. For a
        heading: the short words `dated` gives, with no footnote; `dated_fully` says
        whether the page must give the date again with its notes.
        """
        return when_words(record)

    def dated_fully(self, record: Record) -> bool:
        """Return whether `when` leaves out of a record's date a version, a note or a bound."""
        versions = getattr(record, "date", None) or []
        return len(versions) > 1 or any(
            v.note or v.value.short_words() != v.value.words() for v in versions
        )

    def dated(self, record: Record) -> str:
        """Return a record's date as `when` does, for a list or a sentence: each span in
        its short words, with its full words in a footnote."""
        dates = _dates_of(record)
        if not dates:
            return NO_DATE
        if len(dates) == 1:
            return self.date(dates[0])
        return " / ".join(self.date(date) for date in dates) + " (sources differ)"

    def tags(self, record: Record, kind: str) -> list[str]:
        """Return a page's tags: its kind, and the countries and systems it concerns."""
        names = [getattr(record, "kind", kind)]
        for attribute in ("country", "origin", "system"):
            if (id := getattr(record, attribute, None)) is not None:
                names.append(self.base.name(id))
        names += [self.base.name(id) for id in getattr(record, "systems", [])]
        return [t for t in (markup.tag(str(getattr(n, "value", n))) for n in names) if t]

    def of_kind(self, ids: Iterable[str], kind: str) -> list[Record]:
        """Return the records among ids that are of one kind, sorted by id."""
        return sorted(
            (self.base.get(i) for i in ids if self.base.kind_of(i) == kind), key=lambda r: r.id
        )

    def mentioning(self, id: str, kind: str) -> list[Record]:
        """Return records of a kind that refer to a record."""
        return self.of_kind(self.base.mentions(id), kind)

    def footer(self) -> list[str]:
        """Return the sources cited on this page by label, in the order of their labels.

        Each is its label, its title linking to its entry, and its day or month of
        publication when the label's year says less.
        """
        lines = []
        for id in sorted(self.sources, key=lambda id: self.labels[id].sort_key):
            source = self.base.get(id)
            assert isinstance(source, Source)
            target = href(self.path, place(self.base, id))
            when, day = source.published, ""
            if when is not None and when.end is None and when.open is None and when.start.month:
                day = f", {when.words()}"
            lines.append(
                f"- **{markup.text(self.labels[id].label)}**: "
                f"[{markup.text(source.title)}]({target}){day}"
            )
        return lines

    def footnotes(self) -> list[str]:
        """Return the definitions of the page's footnotes, in the order of their numbers."""
        return [f"[^{number}]: {text}" for text, number in self.notes.items()]

    def texts(self, values: Iterable[str]) -> str:
        """Return several plain texts, escaped and comma-separated."""
        return ", ".join(markup.text(v) for v in values)

    def kind_of(self, id: str) -> str:
        """Return the kind of a record."""
        return self.base.kind_of(id)

    def by_date(self, records: Iterable[Record]) -> list[Record]:
        """Return records in date order."""
        return by_date(records)

    def quote(self, id: str, *, anchor: bool = True) -> str:
        """Return a quote as a one-line blockquote: words, speaker, date, context, source."""
        quote = self.base.get(id)
        assert isinstance(quote, Quote)
        speaker = self.link(quote.speaker) if quote.speaker else ""
        if quote.speaker_description:
            described = markup.text(quote.speaker_description)
            speaker = f"{speaker} ({described})" if speaker else described
        self.shown.add(id)
        # A difference names the quote by who said it and where, not by its words, which
        # the page shows once.
        who = self.base.name(quote.speaker) if quote.speaker else quote.speaker_description
        what = ", ".join(part for part in (f"Date of the quote by {who}", quote.context) if part)
        when = self.versions(quote.said, quote, what) if quote.said else NO_DATE
        relayed = f", as relayed by {self.link(quote.relayed_by)}" if quote.relayed_by else ""
        context = f", {markup.text(quote.context)}" if quote.context else ""
        via = f", via {self.links(quote.via)}" if quote.via else ""
        words = markup.text(quote.text)
        if anchor:
            words = f"[{words}]({href(self.path, place(self.base, id))})"
        cited = self.cite(quote.own_sources(), quote)
        others = "".join(
            f"; also reported as “{markup.text(w.text)}”{self.note(w.note)} "
            f"{self.cite(w.sources, quote)}"
            for w in quote.wordings
        )
        return (
            f"> “{words}” — {speaker}{relayed}, {when}{context}{via}{_spoken_in(quote)} "
            f"{cited}{others}"
        )

    def timeline(self, items: Sequence[Record]) -> list[tuple[str, list[Record]]]:
        """Return a timeline's items under their headings, as (heading, records) pairs.

        An event is under a heading of its own; quotes said on the same date that follow
        one another share one ("2 May 2019: Quotes from Ana Ortiz"), so that no quote
        sits under the heading of an event before it.
        """
        groups: list[list[Record]] = []
        for item in items:
            last = groups[-1][0] if groups else None
            if (
                isinstance(item, Quote)
                and isinstance(last, Quote)
                and (first_date(last) == first_date(item))
            ):
                groups[-1].append(item)
            else:
                groups.append([item])
        return [(self._quotes_heading(g) if isinstance(g[0], Quote) else "", g) for g in groups]

    def _quotes_heading(self, quotes: list[Record]) -> str:
        """Return the heading of quotes said on one date: the date and who said them."""
        speakers: dict[str, None] = {}
        for quote in quotes:
            assert isinstance(quote, Quote)
            if quote.speaker is not None:
                speakers[markup.text(self.base.name(quote.speaker))] = None
            else:
                speakers[markup.text(quote.speaker_description or "an unnamed speaker")] = None
        names = list(speakers)
        who = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        plural = "s" if len(quotes) > 1 else ""
        return f"{self.when(quotes[0])}: Quote{plural} from {who}"

    def unshown(self, ids: Iterable[str]) -> list[str]:
        """Return the quotes among ids not yet shown on this page, and mark them shown."""
        fresh = [id for id in dict.fromkeys(ids) if id not in self.shown]
        self.shown.update(fresh)
        return fresh

    def positions_in_full(self, dispute: Dispute) -> list[tuple[Position, list[str]]]:
        """Return the positions with arguments or quotes not yet shown, each with those
        quotes (now marked shown): a party with nothing more to say gets no heading."""
        found = []
        for position in dispute.positions:
            quotes = self.unshown(position.quotes)
            if position.arguments or quotes:
                found.append((position, quotes))
        return found

    def lookup(self, ids: Iterable[str]) -> list[Any]:
        """Return the records with these ids, in the order given."""
        return [self.base.get(id) for id in ids]

    def where_it_stands(self, dispute: Dispute) -> tuple[StatusNote | None, list[StatusNote]]:
        """Return a dispute's latest status note and its others, both in date order.

        The latest is the one whose `as_of` sorts last by the date rule (the last day it
        may stand for, then the first); the others may be earlier or, for spans that end
        on the same day, as recent.
        """
        notes = sorted(dispute.status, key=lambda note: note.as_of.sort_key())
        return (notes[-1], notes[:-1]) if notes else (None, [])

    def latest_quotes(self, quotes: Iterable[Record]) -> tuple[list[Record], list[Record]]:
        """Return (in full, others): up to QUOTES_IN_FULL quotes, the latest dated ones
        (then undated ones, when fewer are dated) in date order, and the rest in date order."""
        ordered = by_date(quotes)
        if len(ordered) <= QUOTES_IN_FULL:
            return ordered, []
        dated = [q for q in ordered if first_date(q) is not None]
        undated = [q for q in ordered if first_date(q) is None]
        full = dated[-QUOTES_IN_FULL:]
        full += undated[: QUOTES_IN_FULL - len(full)]
        kept = {q.id for q in full}
        return full, [q for q in ordered if q.id not in kept]

    def quotes_by(self, actor: str) -> list[Record]:
        """Return the quotes an actor said, in date order."""
        return by_date(
            q
            for q in self.mentioning(actor, "quote")
            if isinstance(q, Quote) and q.speaker == actor
        )

    def deals_of(self, actor: str) -> list[tuple[Record, str]]:
        """Return the deals an actor is part of, each once, with its parts in it."""
        parts: dict[str, list[str]] = {}
        deals: dict[str, Record] = {}
        for deal in self.mentioning(actor, "deal"):
            assert isinstance(deal, Deal)
            roles = [name for name in ("seller", "buyer") if getattr(deal, name) == actor]
            roles += [p.role for p in deal.participants if p.actor == actor]
            deals[deal.id] = deal
            parts[deal.id] = [markup.text(", ".join(roles))] if roles else []
        for system in self.mentioning(actor, "system"):
            assert isinstance(system, System)
            if actor in system.manufacturer:
                for deal in self.mentioning(system.id, "deal"):
                    said = parts.setdefault(deal.id, [])
                    deals[deal.id] = deal
                    part = f"maker of {markup.text(system.name)}"
                    hedge = system.manufacturer_note and self.text(system.manufacturer_note)
                    # A hedge the actor's role in the deal already says is not said twice.
                    if hedge and not any(hedge in earlier for earlier in said):
                        part += f", {hedge}"
                    said.append(part)
        return [(deals[id], "; ".join(parts[id]) or "mentioned") for id in deals]

    def related_actors(self, actor: Actor) -> list[tuple[Record, str]]:
        """Return the actors this one belongs to, and those that belong to it or hold a
        role in it, each once with the relation in words (Markdown, escaped)."""
        related: list[tuple[Record, str]] = []
        if actor.country:
            related.append((self.base.get(actor.country), "country"))
        if actor.parent and actor.parent != actor.country:
            related.append((self.base.get(actor.parent), "part of"))
        for other in self.mentioning(actor.id, "actor"):
            assert isinstance(other, Actor)
            # A role held in it says more than the kind: "Trade Minister", not "person".
            titles = [r.title for r in other.roles if r.organisation == actor.id]
            if titles:
                related.append((other, self.texts(dict.fromkeys(titles))))
            elif other.country == actor.id or other.parent == actor.id:
                related.append((other, other.kind.words()))
        return related

    def buyers_of(self, system: str) -> list[str]:
        """Return the actors that buy or are offered a system, from its deals."""
        buyers = [d.buyer for d in self.mentioning(system, "deal") if isinstance(d, Deal)]
        return sorted(set(buyers))

    def dispute_events(self, dispute: Dispute) -> tuple[list[Record], int]:
        """Return the dispute's events and the latest of its deals', in date order.

        Also return how many earlier events of its deals are left to the deal pages: a
        deal at the heart of a long story has thousands, and every dispute over it
        listing them all would make the site grow with the square of the briefing.
        """
        own = set(dispute.events)
        theirs = {
            id
            for deal in dispute.deals
            for id in self.base.mentions(deal)
            if id not in own and self.base.kind_of(id) == "event"
        }
        latest = heapq.nlargest(
            DISPUTE_EVENTS_MAX, theirs, key=lambda id: date_key(first_date(self.base.get(id)), id)
        )
        shown = by_date(self.base.get(id) for id in [*own, *latest])
        return shown, len(theirs) - len(latest)

    def related_differences(self, dispute: Dispute) -> list[str]:
        """Return where sources differ on the dispute, its deals and its events."""
        found: list[tuple[Sequence[Version[Any]], Record, str]] = []
        for deal in dispute.deals:
            record = self.base.get(deal)
            assert isinstance(record, Deal)
            if record.value:
                found.append((record.value, record, f"Value of {record.title}"))
            for change in record.status:
                if change.date:
                    found.append((change.date, record, f"{record.title}, {change.status.value}"))
        for event in self.dispute_events(dispute)[0]:
            assert isinstance(event, Event)
            found.append((event.date, event, event.title))
        # Only versions that differ are shown, so only they may add notes and sources.
        for versions, record, what in found:
            if _disagree([v.value for v in versions]):
                self.versions(versions, record, what)
        return self.merged_differences()

    def merged_differences(self) -> list[str]:
        """Return the page's differences as 'what; what: versions', each set of versions once.

        The date of an offer, of its deal's status and of the event that reports it are
        often one disagreement: it is listed once, under every name it goes by.
        """
        names: dict[str, list[str]] = {}
        for what, shown in self.differences:
            if what not in names.setdefault(shown, []):
                names[shown].append(what)
        return [f"{'; '.join(whats)}: {shown}" for shown, whats in names.items()]

    def details(self, record: Record) -> str:
        """Return a one-line description for a section index."""
        if isinstance(record, Actor):
            country = f", {self.link(record.country)}" if record.country else ""
            return f"{record.kind.words()}{country}"
        if isinstance(record, System):
            return markup.text(record.kind)
        if isinstance(record, Deal):
            current = record.current_status()
            status = f", {current.status.value}" if current else ""
            return f"{self.link(record.seller)} to {self.link(record.buyer)}{status}"
        if isinstance(record, Dispute):
            return self.links(record.parties)
        return ""

    def citing(self, source: str) -> list[str]:
        """Return the records that cite a source."""
        return self.base.citing(source)

    def counts(self) -> list[tuple[str, int]]:
        """Return how many records of each kind there are."""
        return [
            (f"{kind.capitalize()}s", len(records)) for kind, records in self.base.by_kind.items()
        ]

    def change(self, change: diff.Change) -> str:
        """Return a change to the facts as a list item, linking the records it names."""
        quoted = diff.Style(lambda text: f"“{markup.text(text)}”", lambda m: self.link(m.id))
        return diff.describe(change, quoted)

    def recently_verified(self, limit: int) -> list[tuple[dt.date, list[str]]]:
        """Return the records last verified, newest day first, as (day, ids) groups."""
        days = {
            id: day
            for id, entry in self.base.entries.items()
            if (day := getattr(entry.record, "verified", None)) is not None
        }
        kinds = list(self.base.by_kind)
        newest = sorted(days, key=lambda i: (-days[i].toordinal(), kinds.index(self.kind_of(i)), i))
        groups: dict[dt.date, list[str]] = {}
        for id in newest[:limit]:
            groups.setdefault(days[id], []).append(id)
        return list(groups.items())

    def verified(self) -> str:
        """Return when the facts on this page were last checked: the oldest check.

        A source checked is not a fact checked: where no fact on the page carries the
        day it was verified, the sources' days do not stand for them ('not recorded').
        """

        def day(id: str) -> dt.date | None:
            return getattr(self.base.get(id), "verified", None)

        unchecked = [id for id in self.records if day(id) is None]
        if self.records and len(unchecked) == len(self.records):
            return "not recorded"
        days = [found for id in self.records | set(self.sources) if (found := day(id))]
        if not days:
            return "not recorded"
        oldest = day_words(min(days))
        return f"{oldest} (some facts not yet verified)" if unchecked else oldest


@functools.cache  # compiling the templates again cost a live preview 0.3 s an edit
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("briefing", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown, not HTML: every fact string is escaped by `markup`
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["front"] = front_matter
    env.filters["first_upper"] = first_upper
    env.filters["day_words"] = day_words
    return env


def first_upper(text: str) -> str:
    """Return text with its first letter in upper case, as a heading starts: 'Between 2021...'."""
    return text[:1].upper() + text[1:]


def front_matter(title: str, tags: Sequence[str] = ()) -> str:
    """Return a page's YAML front matter, with the title safe for HTML and YAML."""
    lines = ["---", f"title: {_yaml_string(html.escape(title))}"]
    if tags:
        lines.append(f"tags: [{', '.join(_yaml_string(tag) for tag in sorted(set(tags)))}]")
    return "\n".join([*lines, "---", ""])


_SURROGATES = re.compile(r"\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})")


def _yaml_string(value: str) -> str:
    """Return text as a double-quoted YAML string of ASCII characters."""
    # JSON writes a character beyond U+FFFF as two surrogate escapes, which YAML reads
    # as two broken characters: write its code point, as YAML's \U escape, instead.
    return _SURROGATES.sub(
        lambda m: f"\\U{0x10000 + (int(m[1], 16) - 0xD800) * 0x400 + int(m[2], 16) - 0xDC00:08X}",
        json.dumps(value),
    )


class Renderer:
    """Render every page of the site from a FactBase."""

    def __init__(
        self,
        base: FactBase,
        settings: Settings,
        json_memo: export.JsonMemo | None = None,
        earlier_export: export.EarlierExport | None = None,
    ) -> None:
        """`json_memo` (a live preview's) or `earlier_export` (a build's) spare the JSON
        export the lines of records not changed since (`export.to_json`)."""
        self.base = base
        self.settings = settings
        self.json_memo = json_memo
        self.earlier_export = earlier_export
        self.env = _environment()
        self.links = pictures.Links(base)

    def page(self, path: str, template: str, **context: Any) -> str:
        """Render one template as the page at path."""
        helper = Page(path, self.base, self.labels)
        text = self.env.get_template(template).render(p=helper, base=self.base, **context)
        return search.for_zensical(text)

    @functools.cached_property
    def dictionary_page(self) -> str:
        """Return the data dictionary, with examples from this briefing."""
        return dictionary(self.base)

    def edit_url(self, id: str) -> str | None:
        """Return the URL that edits the file holding a record, if the site has one."""
        if self.settings.edit_base is None:
            return None
        return self.settings.edit_base + self.origin(id)

    def origin(self, id: str) -> str:
        """Return the path of the fact file holding a record, as pages show it."""
        return self.settings.shown_path(self.base.entries[id].origin.path)

    def render(self) -> Pages:
        """Return every page and data file: entities, sections, listings, data and home."""
        makers: dict[str, Callable[[], str]] = {}
        needs: dict[str, frozenset[str]] = {}
        for kind in PAGE_KINDS:
            for record in self.base.by_kind[kind]:
                path = page_of(kind, record.id)
                makers[path] = functools.partial(self.entity, kind, record)
                overview = {"graph:overview"} if kind == "dispute" else set()
                needs[path] = frozenset({record.id, *overview})
            makers[SECTIONS[kind]] = functools.partial(self.section, kind)
            needs[SECTIONS[kind]] = frozenset({f"kind:{kind}"})
        for kind, parts in self.listings().items():
            index = listing_index(kind)
            makers[index] = functools.partial(self.listing_index, kind, parts)
            shown = ("event", "quote") if kind == "event" else (kind,)
            needs[index] = frozenset(f"kind:{k}" for k in shown)
            years: dict[str, list[Record]] = {}
            for part, records in parts.items():
                years.setdefault(year_of(part), []).extend(records)
            for part, records in parts.items():
                page = listing_page(kind, part)
                makers[page] = functools.partial(self.listing, kind, part, records)
                # The timeline's pages draw a chart or not by how many events there are;
                # a split year's page counts the records of each of its months.
                count = {"count:event"} if kind == "event" else set()
                listed_here = years[part] if part in self.base.crowded[kind] else records
                needs[page] = frozenset({*(r.id for r in listed_here), *count})
        makers[JSON_EXPORT] = functools.partial(
            export.to_json, self.base, self.json_memo, self.labels, self.earlier_export
        )
        for name in export.CSV_FILES:
            makers[f"{DATA_FOLDER}/{name}"] = functools.partial(self.csv_files.__getitem__, name)
        makers[DATA_PAGE] = self.data_page
        makers[DICTIONARY] = lambda: self.dictionary_page
        # Its examples are the first records of each kind.
        needs[DICTIONARY] = frozenset(f"kind:{kind}" for kind in self.base.by_kind)
        makers[WHATS_NEW] = self.whats_new
        if self.settings.directory_urls:  # a feed is for a served site, not a folder of files
            makers[feed.FEED] = self.whats_new_feed
        makers["index.md"] = self.home
        makers[search.INDEX] = self.search_index
        for path in makers.keys() - needs.keys():
            needs[path] = frozenset({ANY_CHANGE})
        return Pages(makers, needs)

    def entity(self, kind: str, record: Record) -> str:
        """Return the page of a dispute, actor, system or deal."""
        path = page_of(kind, record.id)
        return self.page(
            path,
            f"{kind}.md.j2",
            record=record,
            kind=kind,
            origin=self.origin(record.id),
            edit_url=self.edit_url(record.id),
            graph=self.graph(path, kind, record.id),
            jsonld=export.json_ld_script(export.json_ld(self.base, record.id)),
        )

    def section(self, kind: str) -> str:
        """Return the index page that lists every record of a kind."""
        return self.page(
            SECTIONS[kind],
            "section.md.j2",
            kind=kind,
            heading=f"{kind.capitalize()}s",
            records=self.base.by_kind[kind],
        )

    def listings(self) -> dict[str, dict[str, list[Record]]]:
        """Return each listed kind's records by part (see `part_of`), in date order.

        A part is a year, a span of years, or a month of a year with more than PART_MAX
        records (`FactBase.crowded`), whose own part then holds the records dated no more
        precisely than the year, and may be empty. Undated records come last.
        """
        return self._listings

    @functools.cached_property
    def _listings(self) -> dict[str, dict[str, list[Record]]]:
        found: dict[str, dict[str, list[Record]]] = {}
        for kind, records in listed(self.base).items():
            split = self.base.crowded[kind]
            when = self.base.listed_dates
            dated = sorted(records, key=lambda r: date_key(when[r.id], r.id))
            parts: dict[str, list[Record]] = {year: [] for year in split}
            for record in dated:
                parts.setdefault(filed_under(when[record.id], split), []).append(record)
            found[kind] = {part: parts[part] for part in sorted(parts, key=part_key)}
        return found

    def listing_index(self, kind: str, parts: dict[str, list[Record]]) -> str:
        """Return the index of a listing: a line per year, and the chart if it is short."""
        path = listing_index(kind)
        events = [r for records in parts.values() for r in records if isinstance(r, Event)]
        counts: dict[str, int] = {}
        for part, found in parts.items():  # a month counts in its year's line
            counts[year_of(part)] = counts.get(year_of(part), 0) + len(found)
        rows = [
            (part, part.capitalize() if part == UNDATED else part_words(part), count)
            for part, count in counts.items()
        ]
        chart = self.chart(path, events) if len(events) <= CHART_MAX else ""
        split = bool(self.base.crowded[kind])
        return self.page(
            path, "listing.md.j2", kind=kind, parts=rows, chart=chart, split=split, most=PART_MAX
        )

    def listing(self, kind: str, part: str, records: list[Record]) -> str:
        """Return one part of a listing: the timeline, the quotes or the sources of a year."""
        path = listing_page(kind, part)
        when = part_words(part)
        month = is_month(part)
        span = "-" in part and not month  # a span across years, "2017-2020" (see part_of)
        common = {
            "heading": listing_title(kind, part),
            "when": when,
            "span": span,
            "year": (year_of(part), part_words(year_of(part))) if month else None,
            "months": [
                (other, part_words(other), len(found))
                for other, found in self.listings()[kind].items()
                if is_month(other) and year_of(other) == part
            ],
        }
        if kind == "event":
            events = [r for r in records if isinstance(r, Event)]
            # Drawn here only when the index has too many events to draw them all.
            crowded = len(self.base.by_kind["event"]) > CHART_MAX
            chart = self.chart(path, events) if crowded and len(events) <= CHART_MAX else ""
            return self.page(
                path, "timeline.md.j2", items=records, chart=chart, origin=None, **common
            )
        if kind == "quote":
            return self.page(
                path,
                "quotes.md.j2",
                quotes=records,
                undated=part == UNDATED,
                origin=None,
                **common,
            )
        return self.page(path, "sources.md.j2", sources=records, undated=part == UNDATED, **common)

    def data_page(self) -> str:
        """Return the Data page, which links the data files."""
        return self.page(
            DATA_PAGE,
            "data.md.j2",
            files=sorted([JSON_FILE, *export.CSV_FILES]),
            offline=offline.ZIP if self.settings.offline else None,
            folder=offline.FOLDER,
        )

    def whats_new(self) -> str:
        """Return the What's new page: changes since a revision, or records last verified."""
        return self.page(
            WHATS_NEW,
            "whats_new.md.j2",
            since=self.settings.since,
            changes=self.settings.changes,
            limit=RECENTLY_VERIFIED,
        )

    def whats_new_feed(self) -> str:
        """Return the Atom feed of What's new: an entry per change, or per record verified."""
        if self.settings.since is not None:
            entries = [self._change_entry(change) for change in self.settings.changes]
        else:
            verified = Page(WHATS_NEW, self.base, self.labels).recently_verified(RECENTLY_VERIFIED)
            entries = [
                self._verified_entry(id, datetime.combine(day, time(), UTC))
                for day, ids in verified
                for id in ids
            ]
        title = f"What's new: {self.settings.site_name}"
        page = site_path(WHATS_NEW)
        edited = self.settings.edited or feed.EPOCH
        return feed.atom(title, page, entries, self.settings.site_url, edited)

    def _change_entry(self, change: diff.Change) -> feed.Entry:
        head, *rest = diff.describe(change, PLAIN).splitlines()
        mention = change.record
        gone = change.action is diff.Action.REMOVED
        return feed.Entry(
            key=f"{self.settings.since}/{mention.kind}/{mention.id}",
            title=head.removeprefix("- ").removesuffix(":"),
            link=site_path(WHATS_NEW if gone else place(self.base, mention.id)),
            updated=self.settings.edited or feed.EPOCH,
            content="\n".join(line.strip().removeprefix("- ") for line in rest),
        )

    def _verified_entry(self, id: str, day: datetime) -> feed.Entry:
        kind = self.base.kind_of(id)
        return feed.Entry(
            key=f"verified/{kind}/{id}/{day.date().isoformat()}",
            title=f"{kind.capitalize()} {self.base.name(id)}, verified {day_words(day)}",
            link=site_path(place(self.base, id)),
            updated=day,
        )

    def home(self) -> str:
        """Return the home page: the introduction, key figures, disputes, latest events."""
        events = by_date(self.base.by_kind["event"])
        return self.page(
            "index.md",
            "home.md.j2",
            intro=self.settings.intro,
            disputes=self.base.by_kind["dispute"][:HOME_DISPUTES_MAX],
            dispute_count=len(self.base.by_kind["dispute"]),
            latest=newest_first(events[-LATEST_EVENTS:]),
            span=_span_of(events),
            origin=None,
        )

    def search_index(self) -> str:
        """Return the search index: every page by its title, every record by name and alias."""
        urls = self.settings.directory_urls
        entries = list(search.markdown_entries("index.md", self.settings.intro, urls, "Home"))
        for kind in PAGE_KINDS:
            entries.append(
                search.Entry(search.location(SECTIONS[kind], urls), f"{kind.capitalize()}s")
            )
            entries += (
                self._search_entry(record, page_of(kind, record.id))
                for record in self.base.by_kind[kind]
            )
        for kind, parts in self.listings().items():
            entries.append(
                search.Entry(search.location(listing_index(kind), urls), LISTING_TITLES[kind])
            )
            for part, records in parts.items():
                page = listing_page(kind, part)
                entries.append(search.Entry(search.location(page, urls), listing_title(kind, part)))
                # The timeline also lists quotes, whose entries lead to the quotes' pages.
                entries += (
                    self._search_entry(record, f"{page}#{record.id}")
                    for record in records
                    if self.base.kind_of(record.id) == kind
                )
        entries.append(search.Entry(search.location(DATA_PAGE, urls), "Data"))
        entries.append(search.Entry(search.location(WHATS_NEW, urls), "What's new"))
        entries += search.markdown_entries(DICTIONARY, self.dictionary_page, urls)
        entries += search.hand_written_entries(dict(self.settings.hand_written), urls)
        return search.index(entries)

    def _search_entry(self, record: Record, page: str) -> search.Entry:
        """Return a record's search entry: its name, aliases, place, and a short summary."""
        fields = vars(record)  # a getattr that misses costs pydantic a search
        words = [*fields.get("aliases", ()), fields.get("place")]
        summary = fields.get("summary")
        if summary:
            words.append(search.short(summary, search.SUMMARY_MAX, self.base.name))
        return search.Entry(
            search.location(page, self.settings.directory_urls),
            self.base.name(record.id),
            ", ".join(word for word in words if word),
        )

    def graph(self, path: str, kind: str, id: str) -> str:
        """Return the relationship graph for an entity page, as a raw HTML block."""
        if kind not in ("dispute", "actor", "system"):
            return ""
        focus = None if kind == "dispute" else id
        svg = pictures.relationship_graph(
            self.base, path, focus, self.links, self.settings.directory_urls
        )
        return _picture(svg)

    def chart(self, path: str, events: Iterable[Record]) -> str:
        """Return the visual timeline of events, as a raw HTML block."""
        items = []
        when: dict[str, str] = {}
        for event in events:
            date = first_date(event)
            if date is not None:
                target = page_of("event", event.id, date, self.base.crowded["event"])
                items.append((date, self.base.name(event.id), target))
                if len(_dates_of(event)) > 1:
                    when[target] = when_words(event)
        chart = pictures.timeline_chart(items, path, self.settings.directory_urls, when)
        return _picture(chart)

    @functools.cached_property
    def labels(self) -> dict[str, Citation]:
        """Return every source's author-date label by id, made once for all pages."""
        return citations.of(self.base)

    @functools.cached_property
    def csv_files(self) -> dict[str, str]:
        """Return the CSV tables published on the Data page, made together once."""
        return export.to_csv(self.base, self.labels)


LISTING_TITLES = {"event": "Timeline", "quote": "Quotes", "source": "Sources"}
"""The title of each listing's index page."""


def listing_title(kind: str, part: str) -> str:
    """Return the title of one part of a listing: 'Quotes: 2019', 'Quotes: with no date'."""
    return f"{LISTING_TITLES[kind]}: {part_words(part)}"


PLAIN = diff.Style(text=lambda text: f"“{text}”", record=lambda mention: mention.name)
"""Changes in plain text, for the feed (which escapes it as XML)."""


def _picture(svg: str) -> str:
    # A div is a block-level tag, so Markdown leaves the SVG inside it as it is.
    return f'<div class="briefing-picture">{svg}</div>' if svg else ""


def generated_paths() -> list[str]:
    """Return the files and folders under docs/ that rendering writes, folders ending in /."""
    folders = {
        *(path.split("/")[0] for path in SECTIONS.values()),
        *LISTINGS.values(),
        DATA_PAGE.split("/")[0],
        WHATS_NEW.split("/")[0],
    }
    folders.add(search.INDEX.split("/")[0])
    return sorted([*(f"{folder}/" for folder in folders), "index.md", DICTIONARY, feed.FEED])


def render(base: FactBase, settings: Settings | None = None) -> Pages:
    """Return every page and data file of the site, {docs-relative path: text}."""
    return Renderer(base, settings or Settings()).render()
