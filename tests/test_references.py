"""References in fact text: [[id]] links a record or cites a source, and adds nothing else."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing import citations, export
from briefing.pipeline import gather
from briefing.render import Page, Settings, render
from conftest import MINIMAL

SUMMARY = "Buys from [[northland]], as [[wire-2019]] reports; [[not-an-id]] stays as written."


def _with_summary(minimal: Path) -> None:
    actor = minimal / "facts" / "actors" / "southland.yml"
    actor.write_text(
        actor.read_text(encoding="utf-8").replace(
            "kind: state\n", f"kind: state\nsummary: '{SUMMARY.replace('[[not-an-id]] ', '')}'\n"
        )
    )


def test_a_reference_links_a_record_and_cites_a_source(minimal: Path) -> None:
    _with_summary(minimal)
    base, problems = gather(minimal / "facts")
    assert not problems
    page = render(base, Settings(intro="# x\n"))["actors/southland.md"]
    assert (
        "Buys from [Northland](northland.md), as "
        "&#91;[Example Wire 2019](../sources/2019.md#wire-2019)&#93; reports;"
    ) in page


def test_exports_keep_a_reference_as_written(minimal: Path) -> None:
    _with_summary(minimal)
    base, _ = gather(minimal / "facts")
    (actor,) = [
        a for a in json.loads(export.to_json(base))["kinds"]["actor"] if a["id"] == "southland"
    ]
    assert actor["summary"].startswith("Buys from [[northland]], as [[wire-2019]] reports;")


BASE, _ = gather(MINIMAL / "facts")
IDS = sorted(BASE.entries)
LABELS = citations.of(BASE)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(st.text(max_size=30), st.sampled_from(IDS).map(lambda id: f"[[{id}]]")),
        max_size=6,
    )
)
def test_fact_text_gains_one_link_per_reference_and_no_other(pieces: list[str]) -> None:
    text = "".join(pieces)
    references = sum(piece.startswith("[[") and piece[2:-2] in IDS for piece in pieces)
    for escape in ("text", "summary"):
        page = Page("index.md", BASE, LABELS)
        shown = getattr(page, escape)(text)
        # A reference inside a ^[note] is shown in the note, at the foot of the page.
        assert (shown + "".join(page.footnotes())).count("](") == references
