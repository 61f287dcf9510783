"""Export the fact base as data: one JSON document, CSV tables, and JSON-LD for pages.

Pure functions with no I/O: each takes the linked FactBase and returns text or a dict.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from briefing import citations
from briefing.citations import Citation
from briefing.dates import PartialDate
from briefing.figures import figure_text
from briefing.link import FactBase
from briefing.models import (
    Actor,
    ActorKind,
    Deal,
    Described,
    Dispute,
    Event,
    Fact,
    Money,
    Qualifier,
    Quote,
    Record,
    Source,
    System,
    Version,
    plain_number,
)
from briefing.urls import place, site_path

GENERATOR = "briefing"
CONTEXT = "https://schema.org"

# A spreadsheet reads a cell starting with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Escapes that keep JSON inert inside an HTML <script> element.
_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}

# schema.org type of an actor's own page, by actor kind.
_ACTOR_TYPES: dict[ActorKind, str] = {
    ActorKind.STATE: "Country",
    ActorKind.GOVERNMENT_BODY: "GovernmentOrganization",
    ActorKind.COMPANY: "Corporation",
    ActorKind.MEDIA: "NewsMediaOrganization",
    ActorKind.PERSON: "Person",
}


# --- Shared helpers -------------------------------------------------------------------


def _source_ids(base: FactBase, record: Record) -> list[str]:
    """Return every source a record cites, its own first, in order of first mention."""
    if not isinstance(record, Fact):
        return []
    # A record's own `sources` come first in its fields, so they lead the list.
    return base.sources_of.get(record.id, [])


def _cited_sources(base: FactBase, record: Record) -> list[Source]:
    """Return the source records a record cites anywhere in it."""
    sources = [base.get(id) for id in _source_ids(base, record)]
    return [source for source in sources if isinstance(source, Source)]


def _version_sources(version: Version[Any], record: Fact) -> list[str]:
    """Return the sources of a version: its own, or else its record's."""
    return list(version.sources if version.sources is not None else record.sources)


def _exact(date: PartialDate) -> str | None:
    """Return the ISO 8601 text of a single, non-approximate date, or None."""
    return date.start.iso() if date.exact else None


# --- JSON -----------------------------------------------------------------------------


def _source_detail(source: Source, label: str) -> dict[str, Any]:
    """Return the short description of a source that accompanies each citing record."""
    detail: dict[str, Any] = {"id": source.id, "citation_label": label, "title": source.title}
    if source.publisher is not None:
        detail["publisher"] = source.publisher
    if source.published is not None:
        detail["published"] = source.published.text
    if source.url is not None:
        detail["url"] = source.url
    return detail


def _record_json(
    base: FactBase, kind: str, record: Record, labels: Mapping[str, Citation], page: str
) -> dict[str, Any]:
    """Return one record as JSON data, with its kind, page (docs path, `urls.place`) and
    source details."""
    data: dict[str, Any] = {"id": record.id, "record_kind": kind, "page": site_path(page)}
    if isinstance(record, Source):
        data["citation_label"] = labels[record.id].label
    data.update(record.model_dump(mode="json", exclude_none=True))
    if isinstance(record, Fact):
        data["sources_detail"] = [
            _source_detail(s, labels[s.id].label) for s in _cited_sources(base, record)
        ]
    return data


JsonMemo = dict[str, tuple[Record, tuple[Source, ...], tuple[str, ...], str]]
"""Record id -> the record, the sources it cites, its page and their labels, and its line, as
last exported."""

_RECORD_LINE = '      {"id": '
"""How a record's line of the JSON export starts: indented under its kind, its id first."""
_NAMES = '\n  "names": '
"""Where the JSON export's `names` begin, after every record."""
_NAME_LINE = '    "'
"""How a line of `names` starts: indented under `names`, the id first."""


class EarlierExport:
    """The JSON export an earlier build wrote, whose lines stand for records not changed since.

    `changed` holds the ids of the records that changed since, or whose sources may have
    (a record naming one that changed kind), and the tokens of the citation labels that
    may have (`rerender.changes`); `tokens` maps each source's id
    to its label's token (`citations.token`). A record's line is taken from the earlier
    export when neither the record nor a source it cites is among them, nor the label of
    any of them: the line shows nothing else, but for its page, which moves only when a
    year is split by month or joined again, and then the caller renders everything anew.
    A record's line in `names` is taken when the record did not change.
    """

    def __init__(self, text: str, changed: Collection[str], tokens: Mapping[str, str]) -> None:
        self.text, self.changed, self.tokens = text, changed, tokens

    @functools.cached_property
    def _parsed(self) -> tuple[dict[str, str], dict[str, str]]:
        """Return the earlier lines by id: of records, and of `names`; read once, if asked."""
        lines: dict[str, str] = {}
        names: dict[str, str] = {}
        decoder = json.JSONDecoder()
        kinds, _, named = self.text.partition(_NAMES)
        # Where each line's id starts: after the record's `{"id": `, at the name's quote.
        for found, part, start, at in (
            (lines, kinds, _RECORD_LINE, len(_RECORD_LINE)),
            (names, named, _NAME_LINE, len(_NAME_LINE) - 1),
        ):
            for line in part.split("\n"):
                if line.startswith(start):
                    id, _ = decoder.raw_decode(line, at)
                    found[id] = line.strip().removesuffix(",")
        return lines, names

    def line(self, record: Record, sources: Sequence[Source]) -> str | None:
        """Return the record's earlier line if it shows the same now, else None."""
        for id in (record.id, *(source.id for source in sources)):
            token = self.tokens.get(id)
            if id in self.changed or (token is not None and token in self.changed):
                return None
        return self._parsed[0].get(record.id)

    def name_line(self, id: str) -> str | None:
        """Return the record's earlier line in `names` if it did not change, else None."""
        return None if id in self.changed else self._parsed[1].get(id)


def to_json(
    base: FactBase,
    memo: JsonMemo | None = None,
    labels: Mapping[str, Citation] | None = None,
    earlier: EarlierExport | None = None,
) -> str:
    """Return the whole fact base as one JSON document, ending with a newline.

    Records are grouped by kind in the order of `base.by_kind`. Each record is its
    model dumped in JSON mode without empty optional fields, plus `record_kind` (the
    record's kind: `kind` is already a field of actors and systems), `page` (the URL,
    relative to the site root, of the page or anchor that shows it) and, for records
    that rest on sources, `sources_detail` (every source it cites, anywhere in the
    record, with its `citation_label`). A source has its `citation_label`: the
    author-date label the pages cite it by (`citations`, CSL's citation-label). A
    version whose `sources` is absent rests on its record's `sources`. The
    top-level `names` maps every id to its display name, to resolve any id reference.

    Each record, and each name, sits on a line of its own: a diff of two exports shows
    which records changed, and the document is written by json's C encoder, which
    indenting would bypass (it took most of the time of a large render).

    With a memo, a record whose record and sources are the very objects it last exported,
    on the same page and with the same labels, keeps its line from then: a live preview
    exports after every edit. With an `earlier` export, a record not changed since keeps
    its line from it: a build exports after every commit. `labels` are the sources'
    citation labels when the caller has made them already (`citations.of`).
    """
    labels = citations.of(base) if labels is None else labels
    kinds = [
        f"    {_compact(kind)}: "
        + _lines(
            [_record_line(base, kind, record, memo, labels, earlier) for record in records],
            "[]",
            4,
        )
        for kind, records in base.by_kind.items()
    ]
    names = [
        (earlier and earlier.name_line(id)) or f"{_compact(id)}: {_compact(base.name(id))}"
        for id in sorted(base.entries)
    ]
    body = ",\n".join(kinds)
    return (
        f'{{\n  "generator": {_compact(GENERATOR)},\n'
        f'  "kinds": {{\n{body}\n  }},'
        f"{_NAMES}{_lines(names, '{}', 2)}\n}}\n"
    )


def _record_line(
    base: FactBase,
    kind: str,
    record: Record,
    memo: JsonMemo | None,
    labels: Mapping[str, Citation],
    earlier: EarlierExport | None,
) -> str:
    """Return a record's line of the JSON export, from the memo or earlier export when still
    good."""
    sources = tuple(_cited_sources(base, record))
    if earlier is not None and (kept := earlier.line(record, sources)) is not None:
        return kept
    # What the line shows beyond the record and its sources, which other records can
    # change: its page (a year split by month moves it) and the sources' labels (a letter
    # added to tell two apart).
    page = place(base, record.id)
    labelled = [record.id, *(s.id for s in sources)]
    shown = (page, *(labels[id].label for id in labelled if id in labels))
    known = memo.get(record.id) if memo is not None else None
    if (
        known is not None
        and known[0] is record
        and _same_objects(known[1], sources)
        and known[2] == shown
    ):
        return known[3]
    line = _compact(_record_json(base, kind, record, labels, page))
    if memo is not None:
        memo[record.id] = (record, sources, shown, line)
    return line


def _same_objects(these: Sequence[object], those: Sequence[object]) -> bool:
    return len(these) == len(those) and all(a is b for a, b in zip(these, those, strict=True))


def _compact(value: Any) -> str:
    """Return a value as JSON on one line."""
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _lines(items: list[str], brackets: str, depth: int) -> str:
    """Return JSON items inside brackets, one per line, under a key indented by depth."""
    if not items:
        return brackets
    inner = ",\n".join(" " * (depth + 2) + item for item in items)
    return f"{brackets[0]}\n{inner}\n{' ' * depth}{brackets[1]}"


# --- CSV ------------------------------------------------------------------------------


BOM = "\ufeff"
"""The byte-order mark that tells a spreadsheet a CSV file is UTF-8."""


def _cell(value: str) -> str:
    """Return a cell a spreadsheet will show as text, never run as a formula."""
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Return a CSV table with a header row, every cell neutralised.

    The text starts with a byte-order mark: Excel reads a CSV file without one in the
    machine's legacy code page (Windows-1252 in western Europe), garbling every letter
    outside ASCII, and with one as UTF-8. Python reads it with encoding "utf-8-sig".
    """
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([_cell(name) for name in header])
    writer.writerows([_cell(value) for value in row] for row in rows)
    return out.getvalue()


def _join(values: Iterable[str]) -> str:
    """Return values joined for one cell."""
    return "; ".join(values)


def _dates(versions: Sequence[Version[PartialDate]] | None) -> str:
    """Return every version of a date, as written, for one cell."""
    return _join(v.value.text for v in versions or ())


def _deal_row(deal: Deal) -> list[str]:
    """Return a deal as a row of deals.csv."""
    values = _join(
        f"{figure_text(v.value)} [{' '.join(_version_sources(v, deal))}]" for v in deal.value or ()
    )
    latest = deal.current_status()
    return [
        deal.id,
        deal.title,
        deal.system or "",
        deal.seller,
        deal.buyer,
        values,
        latest.status.value if latest else "",
        _dates(latest.date) if latest else "",
        _join(deal.sources),
    ]


def _event_row(event: Event) -> list[str]:
    """Return an event as a row of events.csv."""
    return [
        event.id,
        _dates(event.date),
        _join(v.value.words() for v in event.date),
        event.title,
        _join(event.actors),
        _join(event.systems),
        _join(event.deals),
        _join(event.sources),
    ]


def _quote_row(base: FactBase, quote: Quote) -> list[str]:
    """Return a quote as a row of quotes.csv."""
    if quote.speaker is not None:
        speaker_name = base.name(quote.speaker)
    else:
        speaker_name = quote.speaker_description or ""
    return [
        quote.id,
        _dates(quote.said),
        quote.speaker or "",
        speaker_name,
        quote.relayed_by or "",
        quote.text,
        quote.language or "",
        "yes" if quote.translated else "",
        quote.context or "",
        _join(quote.sources),
    ]


def _source_row(source: Source, label: str) -> list[str]:
    """Return a source as a row of sources.csv."""
    return [
        source.id,
        label,
        source.title,
        source.publisher or "",
        source.author or "",
        source.published.text if source.published else "",
        source.url or "",
    ]


CSV_FILES = ("deals.csv", "events.csv", "quotes.csv", "sources.csv")
"""The names of the tables `to_csv` returns."""


def to_csv(base: FactBase, labels: Mapping[str, Citation] | None = None) -> dict[str, str]:
    """Return deals.csv, events.csv, quotes.csv and sources.csv by file name.

    Several values in one cell are joined by "; ". A deal's `value` lists every version
    as "amount currency [source ids]": a hedged amount with its qualifier first ("about
    36000000 USD"), a range as "low to high", the source's own conversion after it in
    brackets ("6000000000 CHF (6500000000 USD as converted by the source)"). Its `status`
    is the last listed stage, with that stage's dates in `status_date`. A quote's
    `translated` is "yes" when its text is the source's translation from `language`;
    its other wordings are in the JSON export. Any cell that a
    spreadsheet would read as a formula (starting with =, +, -, @, tab or carriage
    return) is prefixed with "'". The `sources` cells hold source ids: sources.csv gives
    each its `citation_label`, the author-date label the pages cite it by (`labels`, when
    the caller has made them already).
    """
    deals = [r for r in base.by_kind["deal"] if isinstance(r, Deal)]
    events = [r for r in base.by_kind["event"] if isinstance(r, Event)]
    quotes = [r for r in base.by_kind["quote"] if isinstance(r, Quote)]
    labels = citations.of(base) if labels is None else labels
    sources = [r for r in base.by_kind["source"] if isinstance(r, Source)]
    return {
        "deals.csv": _table(
            [
                "id",
                "title",
                "system",
                "seller",
                "buyer",
                "value",
                "status",
                "status_date",
                "sources",
            ],
            (_deal_row(d) for d in deals),
        ),
        "events.csv": _table(
            ["id", "date", "date_words", "title", "actors", "systems", "deals", "sources"],
            (_event_row(e) for e in events),
        ),
        "quotes.csv": _table(
            [
                "id",
                "said",
                "speaker",
                "speaker_name",
                "relayed_by",
                "text",
                "language",
                "translated",
                "context",
                "sources",
            ],
            (_quote_row(base, q) for q in quotes),
        ),
        "sources.csv": _table(
            ["id", "citation_label", "title", "publisher", "author", "published", "url"],
            (_source_row(s, labels[s.id].label) for s in sources),
        ),
    }


# --- JSON-LD --------------------------------------------------------------------------


def _thing(type_: str, name: str) -> dict[str, Any]:
    """Return a minimal schema.org node with a type and a name."""
    return {"@type": type_, "name": name}


def _party(base: FactBase, id: str) -> dict[str, Any]:
    """Return an actor as a Person or Organization node, for a party to something."""
    actor = base.get(id)
    assert isinstance(actor, Actor)
    if actor.kind is ActorKind.PERSON:
        return _thing("Person", actor.name)
    if actor.kind is ActorKind.STATE:
        return _thing("GovernmentOrganization", actor.name)
    return _thing(_ACTOR_TYPES.get(actor.kind, "Organization"), actor.name)


def _citation(source: Source) -> dict[str, Any]:
    """Return a source as a schema.org CreativeWork."""
    work: dict[str, Any] = {"@type": "CreativeWork", "headline": source.title}
    if source.publisher is not None:
        work["publisher"] = _thing("Organization", source.publisher)
    if source.published is not None and (day := _exact(source.published)) is not None:
        work["datePublished"] = day
    if source.url is not None:
        work["url"] = source.url
    if source.copies:
        work["sameAs"] = list(source.copies)
    if source.archived_at:
        work["archivedAt"] = list(source.archived_at)
    return work


def _actor_ld(base: FactBase, actor: Actor) -> dict[str, Any]:
    """Return the type-specific properties of an actor."""
    data: dict[str, Any] = {"@type": _ACTOR_TYPES.get(actor.kind, "Organization")}
    if actor.aliases:
        data["alternateName"] = list(actor.aliases)
    if actor.kind is ActorKind.PERSON:
        if actor.roles:
            data["jobTitle"] = list(dict.fromkeys(role.title for role in actor.roles))
        employers = dict.fromkeys(r.organisation for r in actor.roles if r.organisation)
        if actor.parent is not None:
            employers[actor.parent] = None
        if employers:
            data["affiliation"] = [_party(base, id) for id in employers]
        if actor.country is not None:
            data["nationality"] = _thing("Country", base.name(actor.country))
    elif actor.kind is not ActorKind.STATE and actor.parent is not None:
        data["parentOrganization"] = _party(base, actor.parent)
    return data


def _system_ld(base: FactBase, system: System) -> dict[str, Any]:
    """Return the type-specific properties of a system."""
    data: dict[str, Any] = {"@type": "Product", "category": system.kind}
    if system.aliases:
        data["alternateName"] = list(system.aliases)
    if system.manufacturer:
        data["manufacturer"] = [_party(base, id) for id in system.manufacturer]
    if system.origin is not None:
        data["countryOfOrigin"] = _thing("Country", base.name(system.origin))
    return data


def _deal_ld(base: FactBase, deal: Deal) -> dict[str, Any]:
    """Return the type-specific properties of a deal."""
    data: dict[str, Any] = {
        "@type": "Offer",
        "itemOffered": _thing(
            "Product", base.name(deal.system) if deal.system else deal.system_description or ""
        ),
        "seller": _party(base, deal.seller),
        "potentialAction": {"@type": "BuyAction", "agent": _party(base, deal.buyer)},
    }
    if deal.value:
        data.update(_price(deal.value[0].value))
    return data


_LOWER_BOUNDS = (Qualifier.AT_LEAST, Qualifier.MORE_THAN, Qualifier.JUST_OVER)
_UPPER_BOUNDS = (Qualifier.UP_TO, Qualifier.LESS_THAN, Qualifier.NEARLY)


def _price(money: Money) -> dict[str, Any]:
    """Return schema.org price properties: an exact price, or the bounds a source gives."""
    if money.amount is None:  # a range; one the source calls approximate has no bounds
        low, high = (money.min, money.max) if money.qualifier is None else (None, None)
    elif money.qualifier is None:
        return {"price": plain_number(money.amount), "priceCurrency": money.currency}
    else:
        low = money.amount if money.qualifier in _LOWER_BOUNDS else None
        high = money.amount if money.qualifier in _UPPER_BOUNDS else None
    if low is None and high is None:  # "about": schema.org has no approximate price
        return {}
    spec: dict[str, Any] = {"@type": "PriceSpecification", "priceCurrency": money.currency}
    if low is not None:
        spec["minPrice"] = plain_number(low)
    if high is not None:
        spec["maxPrice"] = plain_number(high)
    return {"priceSpecification": spec}


def _event_ld(event: Event) -> dict[str, Any]:
    """Return the type-specific properties of an event."""
    data: dict[str, Any] = {"@type": "Event"}
    if (start := _exact(event.date[0].value)) is not None:
        data["startDate"] = start
    if event.place is not None:
        data["location"] = _thing("Place", event.place)
    return data


def _quote_ld(base: FactBase, quote: Quote) -> dict[str, Any]:
    """Return the type-specific properties of a quote."""
    if quote.speaker is not None:
        creator = _party(base, quote.speaker)
    else:
        creator = _thing("Person", quote.speaker_description or "")
    data: dict[str, Any] = {"@type": "Quotation", "text": quote.text, "creator": creator}
    if quote.said and (day := _exact(quote.said[0].value)) is not None:
        data["dateCreated"] = day
    if quote.language is not None and not quote.translated:
        data["inLanguage"] = quote.language
    return data


def _source_ld(source: Source) -> dict[str, Any]:
    """Return the type-specific properties of a source."""
    data = _citation(source)
    data["inLanguage"] = source.language
    if source.author is not None:
        data["author"] = _thing("Person", source.author)
    return data


def json_ld(base: FactBase, id: str) -> dict[str, Any]:
    """Return schema.org JSON-LD describing the record with this id.

    Types: a person actor is a Person (alternateName, jobTitle from its roles,
    affiliation from their organisations, nationality); a state is a Country; a
    government body a GovernmentOrganization; a company a Corporation; a media actor a
    NewsMediaOrganization; any other actor an Organization. A system is a Product
    (manufacturer, category = its kind, countryOfOrigin). A deal is an Offer of the
    system as a Product by the seller, priced at its first value version; schema.org
    gives an Offer no buyer, so the buyer is the agent of a BuyAction in
    `potentialAction`. An event is an Event, a quote a Quotation (creator: the speaker,
    or a Person named by the speaker description), a source a CreativeWork. A dispute
    has no schema.org type of its own and is a Thing (its description falls back to
    the bottom line). Dates (startDate, dateCreated,
    datePublished) are given only when a single, non-approximate date is known.
    A state named as an employer, seller or manufacturer is a GovernmentOrganization.

    Every node has "name", "description" (the summary, when there is one) and the
    sources the record cites, as CreativeWork nodes in a `citation`. schema.org defines
    `citation` only on a CreativeWork: a quote or a source carries it itself; any other
    record is the `mainEntityOfPage` of a WebPage that carries it, the page that cites
    the sources about it.
    """
    record = base.get(id)
    data: dict[str, Any] = {"@context": CONTEXT, "@type": "Thing", "name": base.name(id)}
    if isinstance(record, Described) and record.summary is not None:
        data["description"] = record.summary
    elif isinstance(record, Dispute) and record.bottom_line is not None:
        data["description"] = record.bottom_line
    if isinstance(record, Actor):
        data.update(_actor_ld(base, record))
    elif isinstance(record, System):
        data.update(_system_ld(base, record))
    elif isinstance(record, Deal):
        data.update(_deal_ld(base, record))
    elif isinstance(record, Event):
        data.update(_event_ld(record))
    elif isinstance(record, Quote):
        data.update(_quote_ld(base, record))
    elif isinstance(record, Source):
        data.update(_source_ld(record))
    citation = [_citation(source) for source in _cited_sources(base, record)]
    if isinstance(record, Quote | Source):  # CreativeWork types
        data["citation"] = citation
    else:
        data["mainEntityOfPage"] = {"@type": "WebPage", "citation": citation}
    return data


def json_ld_script(data: dict[str, Any]) -> str:
    """Return JSON-LD as a single-line <script> element that HTML cannot break out of."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _SCRIPT_ESCAPES.items():
        text = text.replace(char, escape)
    return f'<script type="application/ld+json">{text}</script>'
