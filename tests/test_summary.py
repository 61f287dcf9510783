"""A briefing read at a glance: the dispute page leads with its summary and collapses the
rest, and a fact carries its disagreement wherever it appears.

Run on the minimal fixture and on a synthetic briefing; tests/test_sample.py measures the
sample's dispute page.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import markdown
import pytest
from mkdocs.utils.yaml import yaml_load

from briefing import markup
from briefing.link import FactBase
from briefing.models import Dispute, Quote
from briefing.pipeline import gather
from briefing.render import render
from briefing.synth import synthesise
from conftest import MINIMAL, ROOT
from html_text import Node, parse, words_before

SUMMARY = [
    "Where it stands",
    "Latest development",
    "Positions",
    "Key figures and dates",
    "What is disputed",
]
"""The sections above the first collapsed one, in order (each only when it has content)."""
COLLAPSED = [
    "Positions in full: arguments and quotes",
    "Other notes on where it stands",
    "What is at stake",
    "What the sources say",
    "Proposals",
    "Timeline",
    "Where sources differ",
    "Open questions",
]
"""The collapsed sections, in order."""
Pages = dict[str, str]


def _html(page: str) -> Node:
    """Return a page's Markdown as HTML, with the site's Markdown extensions."""
    config = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    body = page.split("---\n", 2)[2]  # without the front matter
    return parse(markdown.markdown(body, extensions=names))


def _render(facts: Path) -> tuple[FactBase, Pages]:
    base, _ = gather(facts)
    return base, dict(render(base))


def _synth(folder: Path) -> Path:
    for relative, text in synthesise(40, seed=7).items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module", params=["minimal", "synth"])
def briefing(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[FactBase, Pages]:
    """Return a briefing's fact base and its rendered pages."""
    if request.param == "minimal":
        return _render(MINIMAL / "facts")
    return _render(_synth(tmp_path_factory.mktemp("synth") / "facts"))


def _disputes(base: FactBase, pages: Pages) -> list[tuple[Dispute, str]]:
    found = [(d, pages[f"disputes/{d.id}.md"]) for d in base.by_kind["dispute"]]
    assert found, "the briefing has no dispute"
    return [(d, page) for d, page in found if isinstance(d, Dispute)]


def _headings(node: Node, stop: str = "details") -> list[str]:
    """Return the h2 headings before the first element of tag stop."""
    headings: list[str] = []

    def walk(at: Node) -> bool:
        for child in at.children:
            if isinstance(child, Node):
                if child.tag == stop:
                    return True
                if child.tag == "h2":
                    headings.append(child.text)
                elif walk(child):
                    return True
        return False

    walk(node)
    return headings


def _collapsed(node: Node) -> list[str]:
    return [
        next(c for c in d.children if isinstance(c, Node) and c.tag == "summary").text
        for d in node.iter()
        if d.tag == "details"
    ]


def _above(page: str) -> str:
    """Return the Markdown of a dispute page above its first collapsed section."""
    return page.split("\n??? ")[0]


def test_a_dispute_page_leads_with_its_summary_and_collapses_the_rest(
    briefing: tuple[FactBase, Pages],
) -> None:
    base, pages = briefing
    for dispute, page in _disputes(base, pages):
        html = _html(page)
        collapsed = _collapsed(html)
        # The latest development is the last event of the timeline, when it has one.
        events = "Timeline" in collapsed
        has = [dispute.status, events, dispute.positions, dispute.deals, dispute.issues]
        expected = [title for title, shown in zip(SUMMARY, has, strict=True) if shown]
        assert _headings(html)[: len(expected)] == expected, dispute.id
        assert collapsed == [title for title in COLLAPSED if title in collapsed], dispute.id
        assert ("Open questions" in collapsed) == bool(dispute.open_questions)
        assert ("Proposals" in collapsed) == bool(dispute.proposals)
        above = _above(page)
        if dispute.bottom_line:
            assert markup.text(dispute.bottom_line) in above
        for position in dispute.positions:
            assert markup.text(position.summary) in above
        # Arguments and quotes are in the first collapsed section, none above it.
        assert "\n> " not in above and "\n    > " not in above
        cards = [n for n in html.iter() if n.attrs.get("class") == "grid cards"]
        assert [n.tag for c in cards for n in c.iter() if n.tag in ("ul", "blockquote")] == (
            ["ul"] if dispute.positions else []
        )
        if dispute.positions:
            full = next(d for d in html.iter() if d.tag == "details")
            arguments = sum(len(position.arguments) for position in dispute.positions)
            quotes = {id for position in dispute.positions for id in position.quotes}
            assert [n.tag for n in full.iter()].count("li") == arguments
            # Each quote is a paragraph of a block quote (adjacent ones make one block).
            quoted = [p for q in full.iter() if q.tag == "blockquote" for p in q.iter()]
            assert [n.tag for n in quoted].count("p") == len(quotes)
        # The words above the fold are a summary: a few sentences per section.
        words, collapses = words_before(html, "details")
        assert collapses and words < 800, (dispute.id, words)


def test_no_quote_is_shown_twice_on_a_dispute_page(briefing: tuple[FactBase, Pages]) -> None:
    base, pages = briefing
    quotes = [q for q in base.by_kind["quote"] if isinstance(q, Quote)]
    for dispute, page in _disputes(base, pages):
        # A quote shown is its words linked to its place: “[words](../quotes/2019.md#id)”.
        counts = {q.id: page.count(f"#{q.id})”") for q in quotes}
        assert {id: n for id, n in counts.items() if n > 1} == {}, dispute.id
        for position in dispute.positions:
            for id in position.quotes:
                assert counts[id] == 1, (dispute.id, id)
                assert id not in _above(page)  # quotes are one click away


def _copy(tmp_path: Path) -> Path:
    facts = tmp_path / "facts"
    shutil.copytree(MINIMAL / "facts", facts)
    return facts


def _edit(facts: Path, path: str, old: str, new: str) -> None:
    file = facts / path
    text = file.read_text(encoding="utf-8")
    assert old in text, (path, old)
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_quote_in_two_positions_is_shown_under_the_first_only(tmp_path: Path) -> None:
    facts = _copy(tmp_path)
    _edit(
        facts,
        "disputes/skyshield-dispute.yml",
        "quotes: [southland-not-enough]",
        "quotes: [southland-not-enough, ortiz-door-open]",
    )
    _, pages = _render(facts)
    page = pages["disputes/skyshield-dispute.md"]
    assert page.count("The door is open") == 1
    northland, southland = page.split("**[Southland](../actors/southland.md)**\n\n    >")
    assert "The door is open" in northland and "The door is open" not in southland


def test_where_it_stands_shows_the_note_the_date_rule_puts_last(tmp_path: Path) -> None:
    facts = _copy(tmp_path)
    _edit(
        facts,
        "disputes/skyshield-dispute.yml",
        "    as_of: 2019-03-05\n",
        "    as_of: 2019-03-05\n"
        "  - text: Talks go on.\n    as_of: 2019-01/2019-06\n"
        "  - text: Talks began.\n    as_of: 2018\n",
    )
    _, pages = _render(facts)
    above, below = pages["disputes/skyshield-dispute.md"].split('\n??? note "Other notes')
    assert "**As of early to mid 2019:** Talks go on." in above
    assert "The offer stands" not in above and "Talks began" not in above
    notes = below.split("\n??? ")[0]
    assert notes.index("As of 2018") < notes.index("As of 5 March 2019")


EventMaker = Callable[..., None]


@pytest.fixture
def events(tmp_path: Path) -> tuple[Path, EventMaker]:
    """Return a copy of the minimal facts and a function adding an event to them."""
    facts = _copy(tmp_path)
    added: list[str] = []

    def add(id: str, *dates: str, deal: bool = True) -> None:
        versions = "".join(
            f"\n    - value: {date}\n      sources: [{source}]"
            for date, source in zip(dates, ["wire-2019", "paper-2018"], strict=False)
        )
        added.append(
            f"- id: {id}\n  title: Event {id}\n  date:{versions}\n"
            + ("  deals: [skyshield-sale]\n" if deal else "")
            + "  sources: [wire-2019, paper-2018]\n"
        )
        (facts / "events" / "added.yml").write_text("".join(added), encoding="utf-8")

    return facts, add


def test_a_date_sources_differ_on_says_so_in_headings_and_lists(
    events: tuple[Path, EventMaker],
) -> None:
    facts, add = events
    add("signing", "2018-05-12", "2018-06")
    add("refined", "2018", "2018-05-02")  # a day within the year: no difference
    _, pages = _render(facts)
    differ = "12 May 2018 / June 2018 (sources differ)"
    timeline = pages["timeline/2018.md"]
    assert f"## {differ}: Event signing {{ #signing }}" in timeline
    assert "## 2 May 2018: Event refined { #refined }" in timeline
    assert f"- **{differ}**: [Event signing]" in pages["index.md"]
    assert f"- **{differ}**: [Event signing]" in pages["deals/skyshield-sale.md"]
    assert f"    - **{differ}**: [Event signing]" in pages["disputes/skyshield-dispute.md"]


def test_latest_events_never_put_a_span_below_a_date_within_it(
    events: tuple[Path, EventMaker],
) -> None:
    facts, add = events
    add("month", "2019-02")
    add("span", "2018-02/2019-02")  # may be as late as the month, or a year earlier
    add("day", "2019-02-20")
    _, pages = _render(facts)
    latest = pages["index.md"].split("## Latest events")[1].split("\n\n")[1]
    order = re.findall(r"\]\(timeline/[\d-]+\.md#([a-z-]+)\)", latest)
    # Newest first by the last day each date may be; the span, which ends with the
    # month, comes before it as it does in the timeline, and not below as though older.
    assert order == ["offer-made", "span", "month", "day", "talks-begin"]
    assert "Event span](timeline/2018-2019.md#span)" in latest
    assert pages["timeline/2019.md"].index("#day }") < pages["timeline/2019.md"].index("#month }")


def test_where_sources_differ_names_a_quote_without_repeating_its_words(tmp_path: Path) -> None:
    facts = _copy(tmp_path)
    _edit(
        facts,
        "quotes/wire-2019.yml",
        "  said: 2019-03-05\n",
        "  said:\n    - value: 2019-03-05\n      sources: [wire-2019]\n"
        "    - value: 2019-03-04\n      sources: [wire-2019]\n",
    )
    _, pages = _render(facts)
    page = pages["disputes/skyshield-dispute.md"]
    differ = page.split('??? warning "Where sources differ"')[1].split("\n??? ")[0]
    assert "- Date of the quote by Ana Ortiz: 5 March 2019 &#91;" in differ
    assert "best offer" not in differ and page.count("best offer") == 1


def test_a_hedged_maker_is_hedged_wherever_it_is_named() -> None:
    _, pages = _render(MINIMAL / "facts")
    note = "named as its maker by a memo that does not say who built it"
    maker = "[Bolt Works](../actors/bolt-works.md)"
    system = pages["systems/longbow.md"]
    assert f"| Manufacturer | {maker}[^1] |" in system
    assert f"[^1]: {note}\n" in system
    assert f": seller; maker of Longbow, {note}\n" in pages["actors/bolt-works.md"]
