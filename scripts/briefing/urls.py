"""Where each record is shown on the site, and links between generated pages.

Paths are relative to docs/ and name Markdown files, as MkDocs resolves and checks links
between .md files. Raw HTML (pictures) cannot use those: `site_href` gives the URL
the built site serves, with MkDocs' directory URLs (actors/x.md -> actors/x/).
"""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from briefing.dates import MONTHS, distinct_dates

if TYPE_CHECKING:
    from briefing.dates import PartialDate
    from briefing.link import FactBase

# Kinds with a page of their own; the others are anchors on a listing page.
PAGE_KINDS = ("dispute", "actor", "system", "deal")
SECTIONS = {kind: f"{kind}s/index.md" for kind in PAGE_KINDS}
# Listed kinds fill a page per year (a crowded year, a page per month), so that no page
# grows with the whole briefing (a page of tens of thousands of entries is slow to build
# and to read), and an index.
LISTINGS = {"event": "timeline", "quote": "quotes", "source": "sources"}
UNDATED = "undated"
"""The part of a listing that holds records with no date."""
PART_MAX = 100
"""A year of a listing with more records than this is split: a page per month (see part_of)."""


def listed_date(record: Any) -> PartialDate | None:
    """Return the date that files a listed record: when it happened, was said or published.

    Of several versions of it, the first that differs from the others, as pages show
    them (`dates.distinct_dates`): a version another source makes precise gives way to it.
    """
    # Fields are in the model's __dict__; a getattr that misses costs pydantic a search.
    fields = vars(record)
    for name in ("date", "said"):
        versions = fields.get(name)
        if versions:
            if len(versions) == 1:
                return versions[0].value  # type: ignore[no-any-return]
            return distinct_dates([version.value for version in versions])[0]
    published: PartialDate | None = fields.get("published")
    return published


def part_of(date: PartialDate | None, by_month: bool = False) -> str:
    """Return the part of a listing that holds a record of this date: '2019', '2017-2020'.

    A date within one year is filed under that year; a span across years under a part
    of its own named by its first and last year, never under a year it may not be in;
    a date open on one side ("by 2027", "2019 or later") under the year of its bound.
    Records with no date are in the part UNDATED. With `by_month` (a year with more than
    PART_MAX records, see `crowded`), a date within one month is filed under that month,
    named as ISO 8601 names it ('2019-03'); the others stay under their year.
    """
    if date is None:
        return UNDATED
    start, end = date.start, date.end or date.start
    if start.year != end.year:
        return f"{start.year}-{end.year}"
    if by_month and date.open is None and start.month is not None and start.month == end.month:
        return f"{start.year}-{start.month:02d}"
    return str(start.year)


def filed_under(date: PartialDate | None, split: Collection[str]) -> str:
    """Return the part of a listing, whose years `split` have a page per month (see
    `crowded`), that holds a record of this date."""
    part = part_of(date)
    return part_of(date, by_month=True) if part in split else part


def is_month(part: str) -> bool:
    """Say whether a part of a listing is a month ('2019-03') rather than a year or span."""
    return len(part) == 7 and part[4] == "-"


def year_of(part: str) -> str:
    """Return the part a month's part is in ('2019-03' -> '2019'); other parts as they are."""
    return part[:4] if is_month(part) else part


def part_key(part: str) -> tuple[int, int, int, int]:
    """Return the order of a listing's parts: as the date rule orders the years they name.

    By last year, then first, so '2017-2020' comes after '2019' and before '2020'; a
    year's months after it, in order; undated last.
    """
    if part == UNDATED:
        return (1, 0, 0, 0)
    if is_month(part):
        year = int(part[:4])
        return (0, year, year, int(part[5:]))
    first, _, last = part.partition("-")
    return (0, int(last or first), int(first), 0)


def part_words(part: str) -> str:
    """Return a part of a listing as a reader would say it: '2019', '2017 to 2020', 'March 2019'."""
    if part == UNDATED:
        return "with no date"
    if is_month(part):
        return f"{MONTHS[int(part[5:]) - 1]} {part[:4]}"
    return part.replace("-", " to ")


def listed(base: FactBase) -> dict[str, list[Any]]:
    """Return the records each listing holds, by listed kind, in the base's order.

    The timeline, filed under events, holds every event and every dated quote.
    """
    quotes = base.by_kind.get("quote", [])
    return {
        "event": [*base.by_kind.get("event", []), *(q for q in quotes if vars(q).get("said"))],
        "quote": quotes,
        "source": base.by_kind.get("source", []),
    }


def crowded(base: FactBase) -> dict[str, frozenset[str]]:
    """Return, by listed kind, the years whose listing holds more than PART_MAX records,
    some of them dated within a month.

    Such a year's page lists its months' pages and the records dated no more precisely
    than the year; each month has a page of its own (see `part_of`).
    """
    found: dict[str, frozenset[str]] = {}
    for kind, records in listed(base).items():
        counts: Counter[str] = Counter()
        monthly: set[str] = set()  # years with a record a month's page would take
        for record in records:
            date = base.listed_dates[record.id]
            part = part_of(date)
            counts[part] += 1
            if part_of(date, by_month=True) != part:
                monthly.add(part)
        found[kind] = frozenset(p for p, n in counts.items() if n > PART_MAX and p in monthly)
    return found


def listing_page(kind: str, part: str) -> str:
    """Return the docs-relative page of one part of a listing."""
    return f"{LISTINGS[kind]}/{part}.md"


def listing_index(kind: str) -> str:
    """Return the docs-relative index page of a listing, which links its parts."""
    return f"{LISTINGS[kind]}/index.md"


def page_of(
    kind: str, id: str, when: PartialDate | None = None, split: Collection[str] = ()
) -> str:
    """Return the docs-relative page (with #anchor for listed kinds) that shows a record.

    A listed record (event, quote, source) is an anchor on the page of its year, given
    by `when` (see `listed_date`), or of its month if its year is one of `split` (see
    `crowded`); anchors are its id, stable whatever else changes.
    """
    if kind in PAGE_KINDS:
        return f"{kind}s/{id}.md"
    return f"{listing_page(kind, filed_under(when, split))}#{id}"


def place(base: FactBase, id: str) -> str:
    """Return the page (with #anchor for listed kinds) that shows the record with this id."""
    kind = base.kind_of(id)
    if kind not in LISTINGS:
        return page_of(kind, id)
    base.get(id)  # noted as looked up: the page shows where its date files it
    return page_of(kind, id, base.listed_dates[id], base.crowded[kind])


def href(from_page: str, to: str) -> str:
    """Return a relative Markdown link from one docs page to another page or anchor."""
    target, _, anchor = to.partition("#")
    folder = from_page.rpartition("/")[0]
    # Pages sit at most one folder deep: spare relpath, a large share of render time.
    if not folder:
        link = target
    elif target.startswith(folder + "/"):
        link = target[len(folder) + 1 :]
    elif "/" not in folder:
        link = "../" + target
    else:
        link = posixpath.relpath(target, folder)
    return f"{link}#{anchor}" if anchor else link


def _served(page: str) -> str:
    if page == "index.md" or page.endswith("/index.md"):
        return page[: -len("index.md")]
    return page[: -len(".md")] + "/"


def site_path(to: str) -> str:
    """Return the URL of a page or anchor relative to the site root, as the site serves it.

    `site_path("quotes/2019.md#q")` is `quotes/2019/#q`; the home page is the empty string.
    """
    target, _, anchor = to.partition("#")
    return f"{_served(target)}#{anchor}" if anchor else _served(target)


def site_href(from_page: str, to: str, directory_urls: bool = True) -> str:
    """Return the relative URL, as the built site serves it, from one page to another.

    With `directory_urls` (MkDocs' default) actors/x.md is served as actors/x/; without
    (the offline edition), as actors/x.html.
    """
    if not directory_urls:  # each page a file beside its Markdown source's place
        page, _, anchor = href(from_page, to).partition("#")
        link = page[: -len(".md")] + ".html"
        return f"{link}#{anchor}" if anchor else link
    target, _, anchor = to.partition("#")
    here = _served(from_page)
    relative = posixpath.relpath(_served(target) or ".", here.rstrip("/") or ".")
    link = "./" if relative == "." else relative + "/"
    return f"{link}#{anchor}" if anchor else link
