"""Author-date labels for sources: one label per source, the same on every page and export.

A label is who published the source and when, as author-date styles (APA, Chicago) cite:

- who: the publisher; else the author as credited; else the title's first three
  words (followed by "…" when the title goes on), as those styles cite a work with no
  author by its shortened title;
- when: the year of publication; a span within one year is that year, a span across
  years names both years joined by an en dash; a source with no date, or one open on
  one side, is "n.d.";
- sources that would share a label are told apart by a letter after the year
  ("Example Wire 2019a", "Example Wire 2019b", "n.d.-a"), given in the alphabetical
  order of their titles, then of their ids, so that the letters do not depend on the
  order the files are read.

Labels sort by who, then by the rest of the label: that is the order of a page's list of
sources and of the several sources one fact cites.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from briefing.dates import PartialDate
from briefing.link import FactBase
from briefing.models import Source

NO_DATE = "n.d."
EN_DASH = "\u2013"
TITLE_WORDS = 3
"""How many of its title's words name a source that has no publisher or author."""


@dataclass(frozen=True)
class Citation:
    """A source's label, and the key it sorts by."""

    label: str
    sort_key: tuple[str, str]


def who(source: Source) -> str:
    """Return who a label names: the publisher, the author, or the title's first words."""
    for name in (source.publisher, source.author):
        if name is not None and name.strip():
            return " ".join(name.split())
    words = source.title.split()
    shown = " ".join(words[:TITLE_WORDS])
    return f"{shown}…" if len(words) > TITLE_WORDS else shown


def year(published: PartialDate | None) -> str:
    """Return a label's year: '2019', both years of a span joined by an en dash, or 'n.d.'."""
    if published is None or published.open is not None:
        return NO_DATE
    first, last = published.first_day()[0], published.last_day()[0]
    return str(first) if first == last else f"{first}{EN_DASH}{last}"


def token(source: Source) -> str:
    """Return what a label depends on beyond its source: the sources sharing who and year.

    A page that cites a source notes this token among what it looked up, so that a live
    preview renders it again when a source joins or leaves the group and the letters move.
    """
    return f"label:{who(source)} {year(source.published)}"


def labels(sources: Iterable[Source]) -> dict[str, Citation]:
    """Return each source's citation by id; letters tell apart those sharing who and year."""
    groups: dict[tuple[str, str], list[Source]] = {}
    for source in sources:
        groups.setdefault((who(source), year(source.published)), []).append(source)
    found: dict[str, Citation] = {}
    for (name, when), members in groups.items():
        ordered = sorted(members, key=lambda s: (" ".join(s.title.split()).casefold(), s.id))
        for index, source in enumerate(ordered):
            suffix = "" if len(ordered) == 1 else _letters(index)
            dated = f"{when}-{suffix}" if suffix and when == NO_DATE else f"{when}{suffix}"
            label = f"{name} {dated}"
            found[source.id] = Citation(label, (name.casefold(), label.casefold()))
    return found


def of(base: FactBase) -> dict[str, Citation]:
    """Return the citation of every source of a fact base by id."""
    return labels(s for s in base.by_kind["source"] if isinstance(s, Source))


def _letters(index: int) -> str:
    """Return the index-th suffix: a to z, then aa, ab..."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters
