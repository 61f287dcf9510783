"""Partial dates: parsing, ordering and saying them no more precisely than they are."""

from __future__ import annotations

import pytest

from briefing.dates import DateError, parse_date


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2019", "2019"),
        ("2019-07", "July 2019"),
        ("2019-07-12", "12 July 2019"),
        ("2019-07~", "about July 2019"),
        ("2019-09/2020-04", "late 2019 or early 2020"),
        ("2019-01/2019-04", "early 2019"),
        ("2019-05/2019-12", "mid to late 2019"),
        ("2019-07-12/2019-07-19", "between 12 July 2019 and 19 July 2019"),
        ("2018/2019", "between 2018 and 2019"),
        ("2017-04/2019-04", "between April 2017 and April 2019"),
    ],
)
def test_dates_read_as_precisely_as_they_are_written(text: str, words: str) -> None:
    date = parse_date(text)
    assert date.words() == words
    assert date.text == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2019-02-30", "'2019-02-30' does not exist: February 2019 has 28 days"),
        ("2019-13", "'2019-13' has month 13; months run from 01 to 12"),
        ("2020-03/2019-10", "'2020-03/2019-10' ends before it starts; put the earlier date first"),
        (
            "19",
            "'19' is not a date (write YYYY, YYYY-MM or YYYY-MM-DD, add ~ for 'about', "
            "or give a span as START/END, e.g. 2019-10/2020-03)",
        ),
        ("0999", "'0999' has year 999; write the year with four digits"),
        ("2019/2019", "'2019/2019' starts and ends on the same date; write it once"),
    ],
)
def test_impossible_dates_are_refused_with_a_fix(text: str, message: str) -> None:
    with pytest.raises(DateError) as exc:
        parse_date(text)
    assert str(exc.value) == message


def test_dates_sort_by_earliest_then_latest_day() -> None:
    texts = ["2019-07-12", "2019", "2019-07", "2018-12/2019-02", "2019-07-01"]
    ordered = sorted(texts, key=lambda t: parse_date(t).sort_key())
    assert ordered == ["2018-12/2019-02", "2019", "2019-07-01", "2019-07", "2019-07-12"]
