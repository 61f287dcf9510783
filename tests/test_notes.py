"""Sentences a reader takes in at a glance: notes behind markers, sources by label.

A note on how a value is dated or worded (a version's `note`, a source's `dating`, an
editor's ^[note] in the text) leaves the sentence for a footnote, one hover or click
away. A source is cited by its author-date label, the same on every page and in the
exports. Fact tables have a header; quotes on the timeline sit under their own date.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing import citations
from briefing.build import build_site
from briefing.dates import parse_date
from briefing.export import to_csv, to_json
from briefing.link import FactBase
from briefing.models import NOTE, Source, Version
from briefing.pipeline import gather
from briefing.render import Page, Settings, render
from briefing.synth import synthesise
from conftest import MINIMAL, site_project
from sentences import dating_parentheses, footnotes, generated_pages, sentences


def _source(id: str, title: str, **fields: Any) -> Source:
    return Source.model_validate({"id": id, "title": title, **fields})


# --- Labels -----------------------------------------------------------------------------


def test_a_label_names_the_publisher_else_the_author_else_the_title_and_the_year() -> None:
    found = citations.labels(
        [
            _source("a", "Talks stall", publisher="Example Wire", published="2019-03-05"),
            _source("b", "Talks resume", author="Jo Reporter", published="2018-06/2018-08"),
            _source("c", "Southland weighs the Skyshield offer", published="2017-10/2018-03"),
            _source("d", "Memo", publisher="Daily Courier"),
            _source("e", "Open", publisher="Daily Courier", published="/2019"),
        ]
    )
    assert {id: c.label for id, c in found.items()} == {
        "a": "Example Wire 2019",
        "b": "Jo Reporter 2018",
        "c": "Southland weighs the… 2017\u20132018",
        "d": "Daily Courier n.d.-a",
        "e": "Daily Courier n.d.-b",
    }


@settings(deadline=None, derandomize=True, database=None, max_examples=60)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Wire", "Courier", None]),
            st.sampled_from(["2019-03-05", "2019-04", "2018", "2017/2019", None]),
            st.sampled_from(["Offer", "offer", "Talks", "Talks stall on price"]),
        ),
        min_size=1,
        max_size=12,
    ),
    st.randoms(use_true_random=False),
)
def test_labels_are_distinct_and_do_not_depend_on_the_order_of_the_files(
    drawn: list[tuple[str | None, str | None, str]], random: Any
) -> None:
    sources = [
        _source(f"s{n}", title, publisher=publisher, published=published)
        for n, (publisher, published, title) in enumerate(drawn)
    ]
    found = citations.labels(sources)
    assert len({c.label for c in found.values()}) == len(sources)
    shuffled = list(sources)
    random.shuffle(shuffled)
    assert citations.labels(shuffled) == found


def test_sources_sharing_a_label_take_letters_in_the_order_of_their_titles() -> None:
    found = citations.labels(
        [
            _source("z", "Talks resume", publisher="Wire", published="2019-05"),
            _source("y", "Offer made", publisher="Wire", published="2019-03"),
            _source("x", "Other year", publisher="Wire", published="2018"),
        ]
    )
    assert [found[id].label for id in "yzx"] == ["Wire 2019a", "Wire 2019b", "Wire 2018"]


def test_a_span_is_shortened_to_what_its_bounds_share_never_more_precise() -> None:
    shortened = {
        text: parse_date(text).short_words()
        for text in [
            "2019-01/2020-04~",
            "2017-04-01/2020-04-30",
            "2019-02-18/2019-02-24",
            "2019-03-01/2019-05-03",
            "2019-01~/2019-06",
            "2019-09/2020-04",
            "2019-03-05",
            "/2027",
        ]
    }
    assert shortened == {
        "2019-01/2020-04~": "2019 or 2020",
        "2017-04-01/2020-04-30": "between 2017 and 2020",
        "2019-02-18/2019-02-24": "February 2019",
        "2019-03-01/2019-05-03": "2019",
        # "about January 2019" may be December 2018.
        "2019-01~/2019-06": "2018 or 2019",
        "2019-09/2020-04": "late 2019 or early 2020",
        "2019-03-05": "5 March 2019",
        "/2027": "by 2027",
    }


# --- Pages ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base() -> FactBase:
    return gather(MINIMAL / "facts")[0]


@pytest.fixture(scope="module")
def pages(base: FactBase) -> dict[str, str]:
    rendered = render(base, Settings())
    return {path: rendered[path] for path in rendered}


def _page(base: FactBase) -> Page:
    return Page("deals/x.md", base, citations.of(base))


def test_a_fact_cites_each_source_once_by_label_in_the_order_of_the_labels(
    base: FactBase,
) -> None:
    cited = _page(base).cite(["wire-2019", "paper-2018", "wire-2019"])
    assert cited == (
        "&#91;[Daily Courier 2018](../sources/2018.md#paper-2018); "
        "[Example Wire 2019](../sources/2019.md#wire-2019)&#93;"
    )


def test_a_note_is_a_footnote_numbered_once_however_often_it_is_used(base: FactBase) -> None:
    page = _page(base)
    text = page.text(
        "Offered^[said <b>on Tuesday</b>] and sold^[later] then^[said <b>on Tuesday</b>]"
    )
    assert text == "Offered[^1] and sold[^2] then[^1]"
    assert page.footnotes() == [
        "[^1]: said &#60;b&#62;on Tuesday&#60;/b&#62;",
        "[^2]: later",
    ]


def test_a_note_holds_references_but_no_note_of_its_own(base: FactBase) -> None:
    page = _page(base)
    page.text("Offered^[as [[wire-2019]] reports] on a Tuesday")
    page.note("a note ^[inside] a note")
    assert page.footnotes() == [
        "[^1]: as &#91;[Example Wire 2019](../sources/2019.md#wire-2019)&#93; reports",
        "[^2]: a note &#94;&#91;inside&#93; a note",
    ]


def test_a_version_note_leaves_the_sentence_for_a_footnote(pages: dict[str, str]) -> None:
    deal = pages["deals/skyshield-sale.md"]
    assert '(the wire, dated 5 March 2019, says "on Tuesday")' not in deal
    marker = re.search(r"\[\^(\d+)\]: the wire, dated 5 March 2019, says \"on Tuesday\"", deal)
    assert marker is not None
    assert deal.count(f"[^{marker[1]}]") >= 2  # the marker, and its definition


def test_a_source_has_one_label_on_every_page_and_in_the_exports(
    base: FactBase, pages: dict[str, str]
) -> None:
    cited = re.compile(r"(?:&#91;|; )\[([^\[\]]+)\]\([^()]*sources/[^()#]*\.md#([^()]+)\)")
    shown: dict[str, set[str]] = {}
    for text in pages.values():
        for label, id in cited.findall(text):
            shown.setdefault(id, set()).add(html.unescape(label))
    labels = {id: c.label for id, c in _page(base).labels.items()}
    assert set(shown) == set(labels)
    assert {id: {labels[id]} for id in shown} == shown
    exported = json.loads(to_json(base))["kinds"]["source"]
    assert {s["id"]: s["citation_label"] for s in exported} == labels
    rows = csv.DictReader(io.StringIO(to_csv(base)["sources.csv"].removeprefix("\ufeff")))
    assert {row["id"]: row["citation_label"] for row in rows} == labels


def test_the_timeline_puts_each_dated_quote_under_its_own_date(pages: dict[str, str]) -> None:
    timeline = pages["timeline/2019.md"]
    heading = ""
    for line in timeline.splitlines():
        if line.startswith("## "):
            heading = line
        elif line.startswith("> “"):
            assert ": Quote" in heading, (heading, line[:60])


# --- Built sites ------------------------------------------------------------------------


def _notes(base: FactBase) -> set[str]:
    """Return every note in a fact base: of versions, of sources' dating, in the text."""
    notes: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if "value" in value and value.get("note"):
                notes.add(value["note"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            notes.update(NOTE.findall(value))

    for entry in base.entries.values():
        walk(entry.record.model_dump(mode="json"))
        if isinstance(entry.record, Source) and entry.record.dating:
            notes.add(entry.record.dating)
    return {" ".join(note.split()) for note in notes if "[[" not in note}


def _built(facts: dict[str, str] | Path, project: Path) -> tuple[FactBase, Path]:
    site_project(project)
    if isinstance(facts, Path):
        shutil.copytree(facts, project / "facts")
    else:
        for relative, text in facts.items():
            (project / "facts" / relative).parent.mkdir(parents=True, exist_ok=True)
            (project / "facts" / relative).write_text(text, encoding="utf-8")
    build_site(project / "facts", project / "docs", project / "mkdocs.yml", project / "site")
    return gather(project / "facts")[0], project / "site"


@pytest.fixture(scope="module", params=["minimal", "synthetic"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    project = tmp_path_factory.mktemp(request.param)
    facts = MINIMAL / "facts" if request.param == "minimal" else synthesise(20, seed=5)
    return _built(facts, project)


def test_no_sentence_holds_a_dating_note_in_parentheses(built: tuple[FactBase, Path]) -> None:
    base, site = built
    assert dating_parentheses(site) == []
    pages = generated_pages(site)
    said = " ".join(" ".join(sentences(root).split()) for root in pages.values())
    noted = {" ".join(note.split()) for root in pages.values() for note in footnotes(root)}
    notes = _notes(base)
    assert notes, "the briefing has notes to move"
    assert [note for note in notes if note in said] == []
    # Never lost: each is one hover or click away, in a footnote.
    assert [note for note in notes if not any(note in text for text in noted)] == []


def test_fact_tables_have_a_header_with_words(built: tuple[FactBase, Path]) -> None:
    _, site = built
    empty = [
        path
        for path, root in generated_pages(site).items()
        for th in root.iter()
        if th.tag == "th" and not th.text.strip()
    ]
    assert empty == []


def test_a_value_resting_on_the_sources_cited_after_it_is_not_cited_twice(
    base: FactBase,
) -> None:
    page = _page(base)
    deal = base.get("skyshield-sale")
    quantity = [Version[int].model_validate({"value": 2, "sources": ["wire-2019"]})]
    assert page.versions(quantity, deal, "Quantity", cited=["wire-2019"]) == "2"
    assert page.versions(quantity, deal, "Quantity", cited=["paper-2018"]) == (
        "2 &#91;[Example Wire 2019](../sources/2019.md#wire-2019)&#93;"
    )


def test_a_participant_is_labelled_as_one_with_its_part_beside_it(pages: dict[str, str]) -> None:
    deal = pages["deals/skyshield-sale.md"]
    assert (
        "| Participant | [Northland Trade Office](../actors/trade-office.md): makes the offer "
        "&#91;[Example Wire 2019](../sources/2019.md#wire-2019)&#93; |"
    ) in deal
