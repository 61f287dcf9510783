"""Partial dates: a year, a month or a day, possibly approximate or a range.

The syntax is the level-1 subset of ISO 8601-2 (EDTF) that editors need:

- ``2019``, ``2019-07``, ``2019-07-12``: a date known to that precision;
- ``2019-07~``: approximate ("about July 2019");
- ``2019-10/2020-03``: somewhere in that span ("late 2019 or early 2020");
- ``/2027`` (or EDTF's ``../2027``): on or before, "by 2027"; ``2019/`` (or ``2019/..``):
  on or after, "2019 or later". A side left empty is open.

Order: a date sorts by the last day it may stand for, then by the first. A year comes
after the months and days within it ("2021" after "30 June 2021", which an account
dated only to the year usually follows), a span sits at its end, "by 2027" at the end
of 2027, and a date open at its end at the end of its known bound ("2019 or later" at
the end of 2019).

A date refines another when it is more precise and falls within it: "30 June 2021"
refines "2021". Versions that only refine each other do not disagree.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

_POINT = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?P<approx>~)?")

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

DATE_HELP = (
    "write YYYY, YYYY-MM or YYYY-MM-DD, add ~ for 'about', "
    "or give a span as START/END, e.g. 2019-10/2020-03, with an open side for "
    "'by' (/2027) or 'or later' (2019/)"
)

Day = tuple[int, int, int]
"""A calendar day as (year, month, day)."""


class DateError(ValueError):
    """A string that is not a valid partial date."""


@dataclass(frozen=True, order=True)
class Point:
    """One end of a partial date: year, with month and day when known."""

    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False

    @property
    def precision(self) -> str:
        """Return 'day', 'month' or 'year'."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def first_day(self) -> tuple[int, int, int]:
        """Return the earliest calendar day this point may stand for."""
        return (self.year, self.month or 1, self.day or 1)

    def last_day(self) -> tuple[int, int, int]:
        """Return the latest calendar day this point may stand for."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return (self.year, month, day)

    def iso(self) -> str:
        """Return the point in the syntax it was written in."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text + ("~" if self.approximate else "")

    def words(self) -> str:
        """Return the point as a reader would say it: '12 July 2019', 'July 2019', '2019'."""
        if self.month is None:
            text = str(self.year)
        elif self.day is None:
            text = f"{MONTHS[self.month - 1]} {self.year}"
        else:
            text = f"{self.day} {MONTHS[self.month - 1]} {self.year}"
        return f"about {text}" if self.approximate else text


class Open(StrEnum):
    """The side of a date left open: on or before its bound, or on or after it."""

    BEFORE = "before"
    AFTER = "after"


@dataclass(frozen=True)
class PartialDate:
    """A date known to some precision, a span within which it lies, or one open side.

    With `open`, `start` is the one bound given and `end` is None.
    """

    start: Point
    end: Point | None = None
    open: Open | None = None

    @property
    def text(self) -> str:
        """Return the date in the syntax it was written in (an open side left empty)."""
        if self.open is Open.BEFORE:
            return f"/{self.start.iso()}"
        if self.open is Open.AFTER:
            return f"{self.start.iso()}/"
        if self.end is None:
            return self.start.iso()
        return f"{self.start.iso()}/{self.end.iso()}"

    def first_day(self) -> Day:
        """Return the first day of what is written: the earliest day, or an open date's bound."""
        return self.start.first_day()

    def last_day(self) -> Day:
        """Return the last day of what is written: the latest day, or an open date's bound."""
        return (self.end or self.start).last_day()

    def earliest(self) -> Day | None:
        """Return the earliest day the date may be, or None when it is open before."""
        return None if self.open is Open.BEFORE else self.first_day()

    def latest(self) -> Day | None:
        """Return the latest day the date may be, or None when it is open after."""
        return None if self.open is Open.AFTER else self.last_day()

    def sort_key(self) -> tuple[Day, Day]:
        """Order by the last day written, then by the first (see the module's rule)."""
        return (self.last_day(), self.first_day())

    @property
    def exact(self) -> bool:
        """Return whether the date is one point, not approximate, spanned or open."""
        return self.end is None and self.open is None and not self.start.approximate

    def refines(self, other: PartialDate) -> bool:
        """Return whether this date is more precise than other and falls within it."""
        if not (self.exact and other.exact) or self.start == other.start:
            return False
        return other.first_day() <= self.first_day() and self.last_day() <= other.last_day()

    def words(self) -> str:
        """Return the date as a reader would say it, no more precise than it is."""
        if self.open is Open.BEFORE:
            day = self.start.precision == "day"
            return f"{'on or before' if day else 'by'} {self.start.words()}"
        if self.open is Open.AFTER:
            if self.start.precision == "day":
                return f"on or after {self.start.words()}"
            return f"{self.start.words()} or later"
        if self.end is None:
            return self.start.words()
        start, end = self.start, self.end
        part_start, part_end = _year_part(start), _year_part(end)
        if part_start and part_end and not (start.approximate or end.approximate):
            if start.year == end.year and part_start == part_end:
                return f"{part_start} {start.year}"
            if start.year == end.year:
                return f"{part_start} to {part_end} {start.year}"
            if end.year == start.year + 1:
                return f"{part_start} {start.year} or {part_end} {end.year}"
        return f"between {start.words()} and {end.words()}"

    def short_words(self) -> str:
        """Return the date in words fit for a sentence, the span's bounds left to a note.

        A span that `words` can only give as "between X and Y" is named by what its
        bounds share: 'March 2019', '2019', '2019 or 2020', 'between 2017 and 2020'. It
        is never more precise than the date; pages show the full words beside it in a
        note. Every other date reads as `words` gives it.
        """
        full = self.words()
        if self.end is None or not full.startswith("between "):
            return full
        start, end = self.start, self.end
        # "about January 2019" may reach into the year before, "about 2019" either side.
        first = start.year - (start.approximate and start.month in (None, 1))
        last = end.year + (end.approximate and end.month in (None, 12))
        if first == last:
            if start.month is not None and (start.year, start.month) == (end.year, end.month):
                return f"{MONTHS[start.month - 1]} {start.year}"
            return str(first)
        if last == first + 1:
            return f"{first} or {last}"
        return f"between {first} and {last}"

    def __str__(self) -> str:
        return self.text


def day_words(day: dt.date) -> str:
    """Return a calendar day (or a datetime's day) as a reader would say it: '3 May 2026'."""
    return Point(day.year, day.month, day.day).words()


def _year_part(point: Point) -> str | None:
    """Return 'early', 'mid' or 'late' for a whole-month point in that third of a year."""
    if point.month is None or point.day is not None:
        return None
    return ("early", "mid", "late")[(point.month - 1) // 4]


def _parse_point(text: str, whole: str) -> Point:
    match = _POINT.fullmatch(text)
    if match is None:
        raise DateError(f"'{whole}' is not a date ({DATE_HELP})")
    year = int(match["year"])
    month = int(match["month"]) if match["month"] else None
    day = int(match["day"]) if match["day"] else None
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"'{whole}' has month {month:02d}; months run from 01 to 12")
    if day is not None and month is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise DateError(f"'{whole}' does not exist: {MONTHS[month - 1]} {year} has {last} days")
    if year < 1000:
        raise DateError(f"'{whole}' has year {year}; write the year with four digits")
    return Point(year, month, day, bool(match["approx"]))


def parse_date(text: str) -> PartialDate:
    """Parse a partial date, raising DateError with a fix when it is not one."""
    text = text.strip()
    if "/" in text:
        first, _, second = text.partition("/")
        first, second = ("" if first == ".." else first), ("" if second == ".." else second)
        if not first and not second:
            raise DateError(f"'{text}' gives neither end; write at least one date ({DATE_HELP})")
        if not first:
            return PartialDate(_parse_point(second, text), open=Open.BEFORE)
        if not second:
            return PartialDate(_parse_point(first, text), open=Open.AFTER)
        start, end = _parse_point(first, text), _parse_point(second, text)
        if end.last_day() < start.first_day():
            raise DateError(f"'{text}' ends before it starts; put the earlier date first")
        if start == end:
            raise DateError(f"'{text}' starts and ends on the same date; write it once")
        return PartialDate(start, end)
    return PartialDate(_parse_point(text, text))


def distinct_dates(dates: Sequence[PartialDate]) -> list[PartialDate]:
    """Return the versions of a date that differ, in order, leaving out one another refines.

    ['1999', '1999-10'] gives ['1999-10']: October 1999 only makes 1999 precise, and is
    the date shown, filed and ordered by; ['1999-10', '2000'] gives both (sources differ).
    """
    unique = list({date.text: date for date in dates}.values())
    return [date for date in unique if not any(other.refines(date) for other in unique)]
