"""The fact model: one pydantic model per kind of record, with no I/O.

Every record has an ``id`` and cites ``sources``. Values that sources may report
differently (dates, amounts, quantities) are ``Versions``: a bare value, or a list of
versions each with its own sources, so that a disagreement is kept rather than lost.
Sub-items (a role, a statement, a status) may list their own ``sources``; when they do
not, they rest on the sources of the record that holds them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Generic, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    model_validator,
)

from briefing.currencies import CURRENCIES
from briefing.dates import DATE_HELP, PartialDate, parse_date

# --- Plain values -------------------------------------------------------------------

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_ID = re.compile(ID_PATTERN)
ID_MAX = 64
# Names that would collide with section index pages or are unusable as file names.
RESERVED_IDS = frozenset(
    {"index", "con", "prn", "aux", "nul"}
    | {f"com{n}" for n in range(10)}
    | {f"lpt{n}" for n in range(10)}
)

# Far above any real deal in any currency; beyond it an amount is a typo.
AMOUNT_LIMIT = 10**18

# C0 and C1 controls other than newline, and DEL: never meaningful in a fact.
_CONTROLS = r"\x00-\x09\x0b-\x1f\x7f-\x9f"
_CONTROL = re.compile(f"[{_CONTROLS}]")


def _check_id(value: str) -> str:
    if not _ID.match(value):
        raise ValueError(
            f"'{value}' is not a valid id (use lowercase letters a-z, digits and hyphens, "
            "starting with a letter or digit, e.g. 'arms-sale-2019')"
        )
    if len(value) > ID_MAX:
        raise ValueError(f"id '{value[:20]}...' is longer than {ID_MAX} characters (shorten it)")
    if value in RESERVED_IDS:
        raise ValueError(f"'{value}' is a reserved name (choose another id, e.g. '{value}-1')")
    return value


def _no_controls(value: str) -> str:
    match = _CONTROL.search(value)
    if match:
        raise ValueError(
            f"text holds the control character U+{ord(match.group()):04X} "
            "(delete it; it is invisible and means nothing on a page)"
        )
    return value


def _single_line(value: str) -> str:
    if "\n" in value:
        raise ValueError("text must be a single line (join the lines)")
    return value


def _strict_str(value: Any) -> str:
    # The loader gives every scalar as a string, so anything else is a list or mapping.
    if value is None:
        raise ValueError("is empty (write a value, or remove the line if it is optional)")
    if not isinstance(value, str):
        raise ValueError("expected text here, not a list or mapping")
    return value


# Every YAML scalar is text to `check`; an editor reading YAML 1.2 sees 42 and true as a
# number and a boolean, so the schemas accept those where text goes.
SCALAR = ["string", "number", "boolean"]

Line = Annotated[
    str,
    BeforeValidator(_strict_str),
    Field(min_length=1, max_length=500),
    AfterValidator(_no_controls),
    WithJsonSchema(
        {"type": SCALAR, "minLength": 1, "maxLength": 500, "pattern": f"^[^\\n{_CONTROLS}]*$"}
    ),
    AfterValidator(_single_line),
]
"""A single line of plain text: a name, a title. Never read as Markdown."""

Text = Annotated[
    str,
    BeforeValidator(_strict_str),
    Field(min_length=1, max_length=10_000),
    AfterValidator(_no_controls),
    WithJsonSchema(
        {"type": SCALAR, "minLength": 1, "maxLength": 10_000, "pattern": f"^[^{_CONTROLS}]*$"}
    ),
]
"""Plain text that may run over several lines: a quotation. Never read as Markdown."""

Markdown = Annotated[
    str,
    BeforeValidator(_strict_str),
    Field(min_length=1, max_length=50_000),
    AfterValidator(_no_controls),
    WithJsonSchema(
        {"type": SCALAR, "minLength": 1, "maxLength": 50_000, "pattern": f"^[^{_CONTROLS}]*$"}
    ),
]
"""Free text that may carry Markdown formatting (no raw HTML): a summary."""

REFERENCE = re.compile(r"\[\[([^\[\]\n]{1,80})\]\]")
"""A reference in fact text to a record or a source by its id: [[id]]."""

NOTE = re.compile(r"[ \t]*\^\[((?:[^\[\]\n]|\[\[[^\[\]\n]{1,80}\]\])+)\]")
"""A note in fact text, as Pandoc writes an inline footnote: ^[note]. Pages show it as a
footnote at that place; it may hold [[id]] references but no other brackets."""

MARKDOWN_LINK = re.compile(r"\[[^\[\]\n]+\]\([^()\s]+\)")
"""Text that looks like a Markdown link, which pages show as written."""

Id = Annotated[
    str,
    BeforeValidator(_strict_str),
    AfterValidator(_check_id),
    WithJsonSchema(
        {"type": ["string", "integer"], "minimum": 0, "pattern": ID_PATTERN, "maxLength": ID_MAX}
    ),
]


# A year, month or day that exists (February the 29th in any year), for the JSON Schema;
# a schema cannot say that a span ends after it starts, nor which years are leap years.
_DATE_POINT = (
    r"[1-9]\d{3}(-((0[13578]|1[02])(-(0[1-9]|[12]\d|3[01]))?|(0[469]|11)(-(0[1-9]|[12]\d|30))?"
    r"|02(-(0[1-9]|1\d|2\d))?))?~?"
)


def _parse_date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a date ({DATE_HELP})")
    return parse_date(value)


Date = Annotated[
    PartialDate,
    PlainValidator(_parse_date),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                # A point, a span, or a span open at one end (`2019/`, `/2027`, `../2027`).
                {
                    "type": "string",
                    "pattern": (
                        f"^({_DATE_POINT}(/({_DATE_POINT}|\\.\\.)?)?|(\\.\\.)?/{_DATE_POINT})$"
                    ),
                },
                # YAML reads a bare year as a number.
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ],
            "description": f"A partial date: {DATE_HELP}.",
        }
    ),
]


def _parse_day(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError("expected a day as YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"'{value}' is not a day (write YYYY-MM-DD, e.g. 2019-07-12)") from None


Day = Annotated[
    dt.date,
    PlainValidator(_parse_day),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date"}),
]


def _check_url(value: str) -> str:
    scheme = value.split(":", 1)[0].lower() if ":" in value else ""
    if scheme not in ("http", "https") or not re.match(r"^https?://[^\s/]+", value, re.I):
        raise ValueError(
            f"'{value[:60]}' is not a web address (only http:// and https:// links are allowed)"
        )
    if any(ch.isspace() for ch in value):
        raise ValueError("a web address cannot contain spaces (encode them as %20)")
    if not value.isprintable():
        raise ValueError("a web address cannot contain invisible characters (delete them)")
    return value


Url = Annotated[
    str,
    BeforeValidator(_strict_str),
    AfterValidator(_check_url),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[hH][tT][tT][pP][sS]?://[^\\s/\u00ad\u200b-\u200f\u2060-\u206f\ufeff]"
            "[^\\s\u00ad\u200b-\u200f\u2060-\u206f\ufeff]*$",
        }
    ),
]


def _check_file_name(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", value) or ".." in value:
        raise ValueError(
            f"'{value}' is not a plain file name (use letters, digits, '.', '_' and '-', "
            "no folders)"
        )
    return value


FileName = Annotated[
    str,
    BeforeValidator(_strict_str),
    AfterValidator(_check_file_name),
    WithJsonSchema({"type": "string", "pattern": r"^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9._-]*$"}),
]


def _check_language(value: str) -> str:
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", value):
        raise ValueError(f"'{value}' is not a language tag (write e.g. 'en', 'fr' or 'pt-BR')")
    return value


Language = Annotated[
    str,
    BeforeValidator(_strict_str),
    AfterValidator(_check_language),
    WithJsonSchema({"type": "string", "pattern": r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"}),
]


def _check_currency(value: str) -> str:
    if value not in CURRENCIES:
        raise ValueError(
            f"'{value}' is not an ISO 4217 currency code (write e.g. USD, EUR, GBP, JPY)"
        )
    return value


Currency = Annotated[str, BeforeValidator(_strict_str), AfterValidator(_check_currency)]

# --- References ----------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """Marks an id field as a reference to records of the given kinds."""

    kinds: tuple[str, ...]


SourceRef = Annotated[Id, Ref(("source",))]
ActorRef = Annotated[Id, Ref(("actor",))]
SystemRef = Annotated[Id, Ref(("system",))]
DealRef = Annotated[Id, Ref(("deal",))]
EventRef = Annotated[Id, Ref(("event",))]
QuoteRef = Annotated[Id, Ref(("quote",))]
AnyRef = Annotated[Id, Ref(("actor", "system", "deal", "event", "quote", "dispute"))]

SourceList = Annotated[
    list[SourceRef],
    Field(
        min_length=1,
        description="Ids of the sources that report this; at least one.",
    ),
]
OwnSources = Annotated[
    list[SourceRef] | None,
    Field(
        default=None,
        min_length=1,
        description="Ids of the sources for this item; leave out to rely on the record's.",
    ),
]

# --- Versions: values that sources may report differently ---------------------------

T = TypeVar("T")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=False)


class Version(_Model, Generic[T]):
    """One source's version of a value."""

    value: T = Field(description="The value as these sources give it.")
    sources: OwnSources
    note: Line | None = Field(
        default=None, description="How the sources put it, when the bare value says too little."
    )


def _as_versions(value: Any) -> Any:
    # A bare value is shorthand for a single version resting on the record's sources,
    # and a lone mapping with a `value` for a single version with its own notes.
    if isinstance(value, list):
        return value
    if isinstance(value, dict) and "value" in value:
        return [value]
    return [{"value": value}]


def _versions_input(value_type: Any) -> Any:
    return BeforeValidator(
        _as_versions,
        json_schema_input_type=value_type | Version[value_type] | list[Version[value_type]],
    )


DateVersions = Annotated[list[Version[Date]], _versions_input(Date), Field(min_length=1)]
"""When something happened or was said; several versions if sources differ."""


# --- Building blocks -----------------------------------------------------------------


class Qualifier(StrEnum):
    """How a source hedges a figure, as Wikidata's 'sourcing circumstances' qualifier does."""

    ABOUT = "about"
    NEARLY = "nearly"
    JUST_OVER = "just-over"
    AT_LEAST = "at-least"
    MORE_THAN = "more-than"
    UP_TO = "up-to"
    LESS_THAN = "less-than"


_POINT_AND_RANGE = "give either the figure or a range (`min:` and `max:`), not both"


def plain_number(number: Decimal | int) -> str:
    """Return a number in plain decimal notation, never exponent notation: '2500000000'."""
    return f"{number:f}" if isinstance(number, Decimal) else str(number)


def check_figure(
    point: Decimal | int | None,
    low: Decimal | int | None,
    high: Decimal | int | None,
    qualifier: Qualifier | None,
    name: str,
) -> None:
    """Raise ValueError unless a figure is one value, or a range with its low end below its high."""
    if point is not None and (low is not None or high is not None):
        raise ValueError(f"{_POINT_AND_RANGE}: remove `{name}:`, or `min:` and `max:`")
    if point is None and low is None and high is None:
        raise ValueError(
            f"missing the figure (write `{name}: N`, or a range with `min: LOW` and `max: HIGH`)"
        )
    if low is None or high is None:
        if point is not None:
            return
        bound, phrase, given = (
            ("min", "at-least", low) if low is not None else ("max", "up-to", high)
        )
        assert given is not None
        raise ValueError(
            f"a range needs both `min:` and `max:` (for a figure given only as a bound, write "
            f"`{name}: {plain_number(given)}` with `qualifier: {phrase}` instead of `{bound}:`)"
        )
    if low > high:
        raise ValueError(
            f"the range's low end (min: {plain_number(low)}) is above its high end "
            f"(max: {plain_number(high)}); swap them"
        )
    if low == high:
        both = plain_number(low)
        raise ValueError(f"min and max are both {both} (write `{name}: {both}` instead)")
    if qualifier not in (None, Qualifier.ABOUT):
        raise ValueError(
            f"a range takes no `qualifier: {qualifier}` (only `qualifier: about`; "
            "for a figure given as a bound, write it as one value with its qualifier)"
        )


_Amount = Annotated[Decimal, Field(gt=0, lt=AMOUNT_LIMIT, allow_inf_nan=False)]
_FIGURE_KEYS = frozenset({"amount", "count", "min", "max"})


class Money(_Model):
    """An amount of money in one currency, one value or a range (schema.org MonetaryAmount)."""

    qualifier: Qualifier | None = Field(
        default=None,
        description="How the source hedges the figure, e.g. 'about' or 'up-to'.",
    )
    amount: _Amount | None = Field(
        default=None, description="The amount, e.g. 3500000000; leave out for a range."
    )
    min: _Amount | None = Field(
        default=None,
        description="The low end of a range, e.g. 650000000 (schema.org minValue).",
    )
    max: _Amount | None = Field(
        default=None,
        description="The high end of a range, e.g. 1300000000 (schema.org maxValue).",
    )
    currency: Currency = Field(description="ISO 4217 currency code, e.g. USD.")
    conversion: Money | None = Field(
        default=None,
        description="The source's own conversion into another currency, e.g. '($6.5 billion)'.",
    )

    @model_validator(mode="before")
    @classmethod
    def _conversion_has_original(cls, data: Any) -> Any:
        if isinstance(data, dict) and "conversion" in data and not data.keys() & _FIGURE_KEYS:
            raise ValueError(
                "a conversion needs the original figure it converts (add `amount:`, or "
                "`min:` and `max:`, in the currency the source reports first)"
            )
        return data

    @model_validator(mode="after")
    def _one_figure(self) -> Money:
        check_figure(self.amount, self.min, self.max, self.qualifier, "amount")
        if self.conversion is None:
            return self
        if self.conversion.conversion is not None:
            raise ValueError("a conversion holds no conversion of its own (remove the inner one)")
        if self.conversion.currency == self.currency:
            raise ValueError(
                f"the conversion is in the original's currency ({self.currency}); "
                "remove `conversion:`, or give the currency the source converts into"
            )
        return self


MoneyVersions = Annotated[list[Version[Money]], _versions_input(Money), Field(min_length=1)]
"""An amount; several versions if sources differ."""

_Count = Annotated[int, Field(gt=0)]


def _as_quantity(value: Any) -> Any:
    # A bare whole number is shorthand for an exact count.
    return value if isinstance(value, dict) else {"count": value}


class Quantity(_Model):
    """A number of things: one value, or a range (schema.org QuantitativeValue)."""

    qualifier: Qualifier | None = Field(
        default=None,
        description="How the source hedges the figure, e.g. 'about' or 'up-to'.",
    )
    count: _Count | None = Field(
        default=None, description="How many, e.g. 36; leave out for a range."
    )
    min: _Count | None = Field(
        default=None, description="The low end of a range (schema.org minValue)."
    )
    max: _Count | None = Field(
        default=None, description="The high end of a range (schema.org maxValue)."
    )

    @model_validator(mode="after")
    def _one_figure(self) -> Quantity:
        check_figure(self.count, self.min, self.max, self.qualifier, "count")
        return self


QuantityValue = Annotated[
    Quantity, BeforeValidator(_as_quantity, json_schema_input_type=_Count | Quantity)
]
"""A number of things, written as a bare whole number or as a Quantity mapping."""

CountVersions = Annotated[
    list[Version[QuantityValue]],
    _versions_input(QuantityValue),
    Field(min_length=1),
]
"""A number of things; several versions if sources differ."""


class Statement(_Model):
    """Something the sources state, and who holds it when it is one party's view."""

    text: Text = Field(description="The statement in plain words, faithful to the sources.")
    by: ActorRef | None = Field(
        default=None, description="The actor who holds or makes this claim, when it is theirs."
    )
    sources: OwnSources


class Role(_Model):
    """A position an actor held: a title in an organisation, between two dates."""

    title: Line = Field(description="The title as the source gives it, e.g. 'Foreign Minister'.")
    organisation: ActorRef | None = Field(
        default=None, description="The organisation or state in which the role is held."
    )
    start: Date | None = Field(default=None, description="When the role began, if known.")
    end: Date | None = Field(default=None, description="When the role ended, if it has.")
    as_of: Date | None = Field(
        default=None, description="When the source describes the actor with this title."
    )
    sources: OwnSources

    @model_validator(mode="after")
    def _end_after_start(self) -> Role:
        if self.start and self.end and self.end.last_day() < self.start.first_day():
            raise ValueError(
                f"role ends ({self.end}) before it starts ({self.start}); swap the dates"
            )
        return self


class ActorKind(StrEnum):
    """What sort of actor a record describes."""

    STATE = "state"
    ALLIANCE = "alliance"
    GOVERNMENT_BODY = "government-body"
    ORGANISATION = "organisation"
    COMPANY = "company"
    MEDIA = "media"
    ARMED_GROUP = "armed-group"
    POLITICAL_PARTY = "political-party"
    CONSORTIUM = "consortium"
    ELECTORATE = "electorate"
    PERSON = "person"
    GROUP = "group"

    def words(self) -> str:
        """Return the kind as a reader says it: 'government body' for 'government-body'."""
        return self.value.replace("-", " ")


class DealStatus(StrEnum):
    """A stage in the life of a procurement, in the order a purchase usually goes through them."""

    REPORTED = "reported"
    NEGOTIATING = "negotiating"
    OFFERED = "offered"
    EVALUATED = "evaluated"
    SELECTED = "selected"
    APPROVED = "approved"
    PROVISIONALLY_SIGNED = "provisionally-signed"
    SIGNED = "signed"
    RENEGOTIATED = "renegotiated"
    REDUCED = "reduced"
    IN_PRODUCTION = "in-production"
    DELIVERED = "delivered"
    SUSPENDED = "suspended"
    CANCELLED = "cancelled"
    REJECTED = "rejected"


STAGE_MEANINGS: dict[DealStatus, str] = {
    DealStatus.REPORTED: "the deal is reported, with no stage known",
    DealStatus.NEGOTIATING: "the parties are in talks",
    DealStatus.OFFERED: "the seller made an offer",
    DealStatus.EVALUATED: "the buyer evaluated the offer (tests, a technical assessment)",
    DealStatus.SELECTED: "the buyer chose this type, before any contract (SIPRI's 'selected')",
    DealStatus.APPROVED: "an authority approved the sale or the purchase",
    DealStatus.PROVISIONALLY_SIGNED: "signed subject to a condition (a vote, a ratification)",
    DealStatus.SIGNED: "a contract or agreement was signed: the order (SIPRI's 'ordered')",
    DealStatus.RENEGOTIATED: "terms such as the price were negotiated again",
    DealStatus.REDUCED: "the order was cut to fewer items",
    DealStatus.IN_PRODUCTION: "the seller is making what was ordered",
    DealStatus.DELIVERED: "what was ordered was delivered, in part or in full",
    DealStatus.SUSPENDED: "the deal was put on hold",
    DealStatus.CANCELLED: "the deal was called off by a party",
    DealStatus.REJECTED: "the deal was refused, e.g. by a parliament or in a referendum",
}
"""What each stage means, for the data dictionary."""


class StatusChange(_Model):
    """A deal reaching a stage, with when the sources say it did."""

    status: DealStatus = Field(description="The stage the deal reached, or is expected to.")
    by: ActorRef | None = Field(
        default=None,
        description="The party that took this step, e.g. the electorate that rejected it.",
    )
    expected: bool = Field(
        default=False,
        description="True when the sources report this stage as expected, not yet reached.",
    )
    date: DateVersions | None = Field(
        default=None, description="When it reached it; several versions if sources differ."
    )
    note: Text | None = Field(default=None, description="What the sources say of this step.")
    sources: OwnSources


class Item(_Model):
    """Something a deal covers, with how many."""

    name: Line = Field(description="What is delivered, e.g. 'surface-to-air missiles'.")
    quantity: CountVersions | None = Field(
        default=None, description="How many; several versions if sources differ."
    )
    sources: OwnSources


class Participant(_Model):
    """An actor with a part in a deal other than buyer or seller."""

    actor: ActorRef = Field(description="The actor taking part.")
    role: Line = Field(description="Its part, e.g. 'negotiates for the buyer'.")
    sources: OwnSources


class Position(_Model):
    """One party's position in a dispute."""

    party: ActorRef = Field(description="The party whose position this is.")
    summary: Text = Field(description="The position in a sentence or two, as the sources put it.")
    arguments: list[Statement] = Field(
        default_factory=list, description="The reasons the party gives."
    )
    quotes: list[QuoteRef] = Field(
        default_factory=list, description="Quotes in which the party states the position."
    )
    sources: OwnSources


class Proposal(_Model):
    """Something proposed to settle or ease a dispute."""

    text: Text = Field(description="What was proposed.")
    by: ActorRef = Field(description="Who proposed it.")
    date: DateVersions | None = Field(default=None, description="When it was proposed.")
    outcome: Text | None = Field(default=None, description="What came of it, so far as known.")
    sources: OwnSources


class StatusNote(_Model):
    """Where a dispute stands as of a date."""

    text: Text = Field(description="The state of the dispute.")
    as_of: Date = Field(description="The date the sources describe.")
    sources: OwnSources


# --- Records -------------------------------------------------------------------------


class Record(_Model):
    """Fields every record has."""

    id: Id = Field(description="Unique id across the fact base: lowercase a-z, 0-9 and '-'.")


class Fact(Record):
    """A record that rests on sources."""

    sources: SourceList
    verified: Day | None = Field(
        default=None, description="The day an editor last checked this record against its sources."
    )


class Described(Fact):
    """A fact with a summary and sourced statements."""

    summary: Markdown | None = Field(
        default=None, description="A short description in Markdown (no raw HTML)."
    )
    statements: list[Statement] = Field(
        default_factory=list, description="What the sources say about it, each with its sources."
    )


class Source(Record):
    """A published source: an article, a report, a statement."""

    title: Line = Field(description="The headline or title as published.")
    publisher: Line | None = Field(default=None, description="Who published it.")
    author: Line | None = Field(default=None, description="Who wrote it, as credited.")
    published: Date | None = Field(
        default=None, description="When it was published; a span when it can only be bounded."
    )
    dating: Text | None = Field(
        default=None, description="How the publication date was established or bounded."
    )
    url: Url | None = Field(default=None, description="Where it is published (http or https).")
    copies: list[Url] = Field(
        default_factory=list,
        description="Other addresses of the same text: syndicated copies, reprints.",
    )
    archived_at: list[Url] = Field(
        default_factory=list,
        description="Snapshots of it in a web archive (schema.org archivedAt).",
    )
    language: Language = Field(default="en", description="Its language as a BCP 47 tag.")
    archive: FileName | None = Field(
        default=None, description="File name of an archived plain-text copy, for quote checks."
    )
    relies_on: list[ActorRef] = Field(
        default_factory=list,
        description="Outlets and agencies whose reporting it credits.",
    )
    verified: Day | None = Field(
        default=None, description="The day an editor last checked this record."
    )


class Actor(Described):
    """A state, organisation, company, person or other party to the story."""

    name: Line = Field(description="The name most sources use.")
    kind: ActorKind = Field(description="What sort of actor this is.")
    aliases: list[Line] = Field(
        default_factory=list,
        description="Other names and spellings, with and without diacritics.",
    )
    country: ActorRef | None = Field(default=None, description="The state it belongs to.")
    parent: ActorRef | None = Field(default=None, description="The organisation it is part of.")
    roles: list[Role] = Field(default_factory=list, description="Positions held, with dates.")


class System(Described):
    """A weapons system or platform."""

    name: Line = Field(description="The name most sources use.")
    aliases: list[Line] = Field(default_factory=list, description="Other names and spellings.")
    kind: Line = Field(description="What it is, e.g. 'air and missile defence system'.")
    manufacturer: list[ActorRef] = Field(
        default_factory=list, description="The companies that make it."
    )
    manufacturer_note: Line | None = Field(
        default=None,
        description="How the sources hedge who makes it, shown wherever the maker is named, "
        "e.g. 'described as \"the manufacturing company\"'.",
    )
    origin: ActorRef | None = Field(default=None, description="The state it comes from.")


class Deal(Described):
    """A sale, purchase or offer of a system between actors."""

    title: Line = Field(description="A short name for the deal.")
    system: SystemRef | None = Field(default=None, description="The system sold or offered.")
    system_description: Line | None = Field(
        default=None,
        description="What is sold as the source words it, when it names no type, "
        "e.g. 'an air-defence system'.",
    )
    seller: ActorRef = Field(description="Who sells or offers.")
    buyer: ActorRef = Field(description="Who buys or is offered.")
    participants: list[Participant] = Field(
        default_factory=list, description="Others with a part in the deal."
    )
    items: list[Item] = Field(default_factory=list, description="What the deal covers.")
    value: MoneyVersions | None = Field(
        default=None, description="What it is worth; several versions if sources differ."
    )
    status: list[StatusChange] = Field(
        default_factory=list, description="The stages the deal went through, each dated."
    )
    conditions: list[Statement] = Field(
        default_factory=list, description="Conditions attached, and who attaches them."
    )

    @model_validator(mode="after")
    def _has_system(self) -> Deal:
        if self.system is None and self.system_description is None:
            raise ValueError(
                "a deal needs what it sells (add `system: <system id>`, or "
                "`system_description:` when the source names no type)"
            )
        return self

    def current_status(self) -> StatusChange | None:
        """Return the last stage the deal reached, leaving out expected ones."""
        reached = [change for change in self.status if not change.expected]
        return reached[-1] if reached else None


class Event(Described):
    """Something that happened on a date."""

    title: Line = Field(description="What happened, in a line.")
    date: DateVersions = Field(description="When it happened; several versions if sources differ.")
    place: Line | None = Field(default=None, description="Where it happened.")
    actors: list[ActorRef] = Field(default_factory=list, description="Who took part.")
    systems: list[SystemRef] = Field(default_factory=list, description="Systems involved.")
    deals: list[DealRef] = Field(default_factory=list, description="Deals involved.")


class Wording(_Model):
    """The same remark in another source's words, verbatim as that source prints them."""

    text: Text = Field(description="The words exactly as these sources print them.")
    sources: SourceList
    note: Line | None = Field(default=None, description="How this wording differs, if it helps.")


class Quote(Fact):
    """Words someone said, verbatim as a source reports them."""

    text: Text = Field(description="The words exactly as the source prints them.")
    language: Language | None = Field(
        default=None,
        description="The language the words were spoken in, as a BCP 47 tag, when known.",
    )
    translated: bool = Field(
        default=False,
        description="True when the text is the source's translation from `language`.",
    )
    speaker: ActorRef | None = Field(default=None, description="Who said it, when named.")
    speaker_description: Line | None = Field(
        default=None,
        description="The speaker as the source describes them, e.g. 'a senior official'.",
    )
    relayed_by: ActorRef | None = Field(
        default=None,
        description="Who passed the words on, when the source has them second-hand.",
    )
    said: DateVersions | None = Field(default=None, description="When it was said.")
    context: Line | None = Field(
        default=None, description="Where or to whom it was said, e.g. 'in an interview'."
    )
    via: list[ActorRef] = Field(
        default_factory=list, description="Outlets the source credits for the quote."
    )
    about: list[AnyRef] = Field(
        default_factory=list, description="The actors, systems, deals or disputes it concerns."
    )
    wordings: list[Wording] = Field(
        default_factory=list,
        description="The same remark as other sources word it, each with its sources.",
    )

    @model_validator(mode="after")
    def _has_speaker(self) -> Quote:
        if self.speaker is None and self.speaker_description is None:
            raise ValueError(
                "a quote needs a speaker (add `speaker: <actor id>`, or "
                "`speaker_description:` for an unnamed speaker)"
            )
        if self.translated and self.language is None:
            raise ValueError(
                "a translated quote needs the language the words were spoken in "
                "(add e.g. `language: de`)"
            )
        if not self.own_sources():
            raise ValueError(
                "every source of this quote gives another wording: cite under `sources` "
                "the source that prints `text` as well"
            )
        if self.relayed_by is not None and self.relayed_by == self.speaker:
            raise ValueError(
                "a quote relayed by its own speaker is not relayed (remove `relayed_by:`)"
            )
        return self

    def own_sources(self) -> list[str]:
        """Return the sources of the main wording: the quote's, less those of other wordings."""
        others = {id for wording in self.wordings for id in wording.sources}
        return [id for id in self.sources if id not in others]


class Dispute(Described):
    """A disagreement between parties, with each side's position."""

    title: Line = Field(description="The dispute in a line.")
    bottom_line: Text | None = Field(
        default=None, description="Where things stand, in two or three sentences."
    )
    parties: list[ActorRef] = Field(min_length=2, description="The parties to the dispute.")
    issues: list[Statement] = Field(default_factory=list, description="What is disputed.")
    positions: list[Position] = Field(default_factory=list, description="Each party's position.")
    stakes: list[Statement] = Field(
        default_factory=list, description="What is at stake, and for whom."
    )
    proposals: list[Proposal] = Field(
        default_factory=list, description="What was proposed to settle it."
    )
    status: list[StatusNote] = Field(
        default_factory=list, description="Where the dispute stands, as of each source."
    )
    open_questions: list[Line] = Field(
        default_factory=list, description="What the sources leave unanswered."
    )
    deals: list[DealRef] = Field(default_factory=list, description="Deals at issue.")
    systems: list[SystemRef] = Field(default_factory=list, description="Systems at issue.")
    events: list[EventRef] = Field(default_factory=list, description="Events in the dispute.")


KINDS: dict[str, type[Record]] = {
    "source": Source,
    "actor": Actor,
    "system": System,
    "deal": Deal,
    "event": Event,
    "quote": Quote,
    "dispute": Dispute,
}
"""Each kind of record and its model, in the order pages present them."""

FOLDERS: dict[str, str] = {kind: f"{kind}s" for kind in KINDS}
"""The folder under facts/ that holds each kind."""
