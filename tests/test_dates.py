"""Partial dates: parsing, ordering and saying them no more precisely than they are."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.dates import DateError, parse_date
from briefing.pipeline import gather
from briefing.render import Settings, render
from conftest import Run


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
            "or give a span as START/END, e.g. 2019-10/2020-03, with an open side for 'by' "
            "(/2027) or 'or later' (2019/))",
        ),
        ("0999", "'0999' has year 999; write the year with four digits"),
        ("2019/2019", "'2019/2019' starts and ends on the same date; write it once"),
    ],
)
def test_impossible_dates_are_refused_with_a_fix(text: str, message: str) -> None:
    with pytest.raises(DateError) as exc:
        parse_date(text)
    assert str(exc.value) == message


def test_dates_sort_by_their_last_day_so_a_year_follows_the_days_within_it() -> None:
    texts = ["2019-07-12", "2019", "2019-07", "2018-12/2019-02", "2019-07-01", "/2019", "2019/"]
    ordered = sorted(texts, key=lambda t: parse_date(t).sort_key())
    assert ordered == [
        "2018-12/2019-02",
        "2019-07-01",
        "2019-07-12",
        "2019-07",
        "2019",
        "/2019",
        "2019/",
    ]


@pytest.mark.parametrize(
    ("text", "words", "written"),
    [
        ("/2027", "by 2027", "/2027"),
        ("../2027", "by 2027", "/2027"),
        ("/2019-02-26", "on or before 26 February 2019", "/2019-02-26"),
        ("2019/", "2019 or later", "2019/"),
        ("2019-03/..", "March 2019 or later", "2019-03/"),
        ("2019-03-01/", "on or after 1 March 2019", "2019-03-01/"),
    ],
)
def test_an_open_side_reads_as_by_or_or_later(text: str, words: str, written: str) -> None:
    date = parse_date(text)
    assert (date.words(), date.text) == (words, written)


def test_an_open_date_is_bounded_on_one_side_only() -> None:
    assert (parse_date("/2027").earliest(), parse_date("/2027").latest()) == (None, (2027, 12, 31))
    assert (parse_date("2019/").earliest(), parse_date("2019/").latest()) == ((2019, 1, 1), None)


def test_a_date_with_no_side_is_refused() -> None:
    with pytest.raises(DateError, match="gives neither end"):
        parse_date("../..")


@pytest.mark.parametrize(
    ("precise", "broad", "refines"),
    [
        ("2021-06-30", "2021", True),
        ("2021-06", "2021", True),
        ("2021-06-30", "2021-06", True),
        ("2021", "2021-06-30", False),
        ("2022-01-01", "2021", False),
        ("2021-06-30", "2021~", False),
        ("2021-06-30", "2021-01/2021-12", False),
        ("2021", "2021", False),
    ],
)
def test_a_more_precise_date_within_a_broader_one_refines_it(
    precise: str, broad: str, refines: bool
) -> None:
    assert parse_date(precise).refines(parse_date(broad)) is refines


def _rendered(facts: Path) -> dict[str, str]:
    base, problems = gather(facts)
    assert not problems
    return render(base, Settings(intro="# x\n"))


def test_a_refinement_is_no_disagreement_but_another_day_is(minimal: Path) -> None:
    events = minimal / "facts" / "events" / "events.yml"
    refined = "  date:\n    - value: 2019-03-05\n    - value: 2019-03\n      sources: [wire-2019]\n"
    events.write_text(events.read_text(encoding="utf-8").replace("  date: 2019-03-05\n", refined))
    page = _rendered(minimal / "facts")["timeline/2019.md"]
    assert "5 March 2019; March 2019" in page
    assert "sources differ" not in page.lower()
    events.write_text(
        events.read_text(encoding="utf-8").replace("value: 2019-03\n", "value: 2019-03-04\n")
    )
    assert "sources differ" in _rendered(minimal / "facts")["timeline/2019.md"]


def test_an_open_date_shows_its_one_bound(minimal: Path) -> None:
    events = minimal / "facts" / "events" / "events.yml"
    events.write_text(
        events.read_text(encoding="utf-8").replace("  date: 2019-03-05\n", "  date: /2019-03-05\n")
    )
    page = _rendered(minimal / "facts")["timeline/2019.md"]
    assert "## On or before 5 March 2019: " in page


def test_a_date_written_in_short_form_is_named_as_written(minimal: Path, run: Run) -> None:
    events = minimal / "facts" / "events" / "events.yml"
    text = events.read_text(encoding="utf-8")
    events.write_text(text.replace("  date: 2019-03-05\n", "  date: 2019-13-05\n"))
    result = run("check", "--facts", str(minimal / "facts"))
    assert result.status == 1
    assert (
        "events.yml:10:9: error: date: '2019-13-05' has month 13; months run from 01 to 12\n"
    ) in result.err
