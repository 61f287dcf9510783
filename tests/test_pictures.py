"""Inline SVG pictures: what they link, that they are safe, stable and well-formed."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pytest

from briefing.dates import parse_date
from briefing.link import FactBase
from briefing.pictures import relationship_graph, timeline_chart
from briefing.pipeline import gather
from conftest import MINIMAL

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script> "><img onerror=x>'


@pytest.fixture(scope="module")
def base() -> FactBase:
    facts, _ = gather(MINIMAL / "facts")
    return facts


def parse(svg: str) -> ET.Element:
    """Parse the picture, checking what every picture must be."""
    assert svg.startswith("<svg")
    assert "\n\n" not in svg and not any(line.startswith("    ") for line in svg.splitlines())
    root = ET.fromstring(svg)
    # A named group, so that the links inside are announced (an `img` hides them).
    assert root.get("role") == "group"
    assert root.get("aria-label")
    assert root.get("width") == "100%"
    assert root.get("viewBox", "").startswith("0 0 ")
    # Drawn at its own width or wider, never shrunk: its text keeps its size.
    assert root.get("style") == f"min-width:{root.get('viewBox', '').split()[2]}px"
    assert root.find(f"{SVG}title") is not None
    return root


def links(root: ET.Element) -> dict[str, str]:
    """Return the href of each link by the title it carries."""
    found = {}
    for a in root.iter(f"{SVG}a"):
        title = a.find(f"{SVG}title")
        assert title is not None and title.text
        found[title.text] = a.get("href", "")
    return found


def test_dispute_graph_links_every_party_deal_and_system(base: FactBase) -> None:
    root = parse(relationship_graph(base, "disputes/skyshield-dispute.md", "skyshield-dispute"))
    assert links(root) == {
        "Skyshield terms (Dispute)": "./",
        "Northland (Actor)": "../../actors/northland/",
        "Southland (Actor)": "../../actors/southland/",
        "Skyshield for Southland (Deal)": "../../deals/skyshield-sale/",
        "Skyshield (System)": "../../systems/skyshield/",
    }
    labels = {t.text for t in root.iter(f"{SVG}text")}
    assert {"party", "at issue"} <= labels


def test_focus_graph_shows_neighbours_and_nothing_unrelated(base: FactBase) -> None:
    root = parse(relationship_graph(base, "actors/southland.md", "southland"))
    titles = set(links(root))
    assert titles == {
        "Southland (Actor)",
        "Skyshield for Southland (Deal)",
        "Skyshield terms (Dispute)",
        "Longbow radars for Southland (Deal)",
        "Southland's rival order (Dispute)",
    }
    root = parse(relationship_graph(base, "actors/acme.md", "acme"))
    assert set(links(root)) == {"Acme Dynamics (Actor)", "Northland (Actor)", "Skyshield (System)"}
    assert links(root)["Skyshield (System)"] == "../../systems/skyshield/"


def test_whole_graph_links_records_with_links_only(base: FactBase) -> None:
    root = parse(relationship_graph(base, "index.md"))
    titles = set(links(root))
    assert "Ana Ortiz (Actor)" in titles
    assert links(root)["Skyshield terms (Dispute)"] == "disputes/skyshield-dispute/"
    assert "Daily Courier (Actor)" not in titles  # an actor no edge reaches


def test_graph_is_deterministic(base: FactBase) -> None:
    assert relationship_graph(base, "index.md") == relationship_graph(base, "index.md")
    one = relationship_graph(base, "actors/northland.md", "northland")
    assert one == relationship_graph(base, "actors/northland.md", "northland")


def test_graph_is_empty_without_edges(base: FactBase) -> None:
    assert relationship_graph(base, "actors/daily-courier.md", "daily-courier") == ""
    assert relationship_graph(base, "index.md", "talks-begin") == ""
    empty = FactBase({}, {kind: [] for kind in base.by_kind})
    assert relationship_graph(empty, "index.md") == ""


def hostile_base(tmp_path: Path) -> FactBase:
    """Return the fixture with a hostile name and title, and Markdown in another."""
    facts = tmp_path / "facts"
    shutil.copytree(MINIMAL / "facts", facts)
    actor = facts / "actors" / "northland.yml"
    actor.write_text(
        actor.read_text(encoding="utf-8").replace("name: Northland", f"name: '{HOSTILE}'"),
        encoding="utf-8",
    )
    deal = facts / "deals" / "skyshield-sale.yml"
    deal.write_text(
        deal.read_text(encoding="utf-8").replace(
            "title: Skyshield for Southland", "title: '*Sky* _shield_ [x](y) `z`'"
        ),
        encoding="utf-8",
    )
    hostile, _ = gather(facts)
    return hostile


def test_fact_text_is_only_ever_escaped(tmp_path: Path) -> None:
    hostile = hostile_base(tmp_path)
    for svg in (
        relationship_graph(hostile, "actors/northland.md", "northland"),
        relationship_graph(hostile, "index.md"),
        timeline_chart([(parse_date("2019"), HOSTILE, "timeline/index.md#x")], "index.md"),
    ):
        assert "<script" not in svg and "<img" not in svg
        assert "&lt;script&gt;" in svg and "&quot;&gt;&lt;img onerror=x&gt;" in svg
        root = parse(svg)
        texts = []
        for element in root.iter():
            assert element.tag.removeprefix(SVG) not in ("script", "img", "foreignObject")
            assert not any(name.startswith("on") for name in element.attrib)
            for name, value in element.attrib.items():
                if name != "aria-label":
                    assert "alert" not in value and "onerror" not in value
            texts.append(element.text or "")
        assert any("<script>alert(1)</script>" in text for text in texts)


def test_fact_text_survives_markdown_unchanged(tmp_path: Path) -> None:
    hostile = hostile_base(tmp_path)
    svg = relationship_graph(hostile, "index.md")
    page = markdown.markdown(
        f"Before.\n\n{svg}\n\nAfter.",
        extensions=["attr_list", "footnotes", "toc", "tables", "md_in_html"],
    )
    assert svg in page  # Markdown finds nothing to act on inside the picture
    assert "<em>" not in page and "<code>" not in page
    texts = {t.text for t in ET.fromstring(svg).iter(f"{SVG}text")}
    assert "*Sky* _shield_ [x](y) `z`" in texts


def test_caption_says_how_many_are_left_out(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(MINIMAL / "facts", facts)
    for n in range(45):
        (facts / "actors" / f"member-{n:02d}.yml").write_text(
            f"id: member-{n:02d}\nname: Member {n:02d}\nkind: person\n"
            "country: northland\nsources: [wire-2019]\n",
            encoding="utf-8",
        )
    big, _ = gather(facts)
    root = parse(relationship_graph(big, "actors/northland.md", "northland"))
    assert len(links(root)) == 40
    captions = [t.text or "" for t in root.iter(f"{SVG}text") if "more" in (t.text or "")]
    assert captions and captions[0].startswith("+12 more")  # 1 + 51 neighbours, 40 shown
    assert "Skyshield for Southland (Deal)" in links(root)  # best connected neighbours kept
    whole = parse(relationship_graph(big, "index.md"))
    assert len(links(whole)) <= 40


ITEMS = [
    (parse_date("2019-03-05"), "Offer made", "timeline/index.md#offer-made"),
    (parse_date("2017-10/2018-03"), "Talks begin", "timeline/index.md#talks-begin"),
    (parse_date("2019-06~"), "About June", "quotes/index.md#ortiz-door-open"),
    (parse_date("2018-05-01"), "A day", "deals/skyshield-sale.md"),
]


def test_timeline_puts_items_in_date_order_with_spans_as_bars() -> None:
    svg = timeline_chart(ITEMS, "disputes/skyshield-dispute.md")
    root = parse(svg)
    anchors = list(root.iter(f"{SVG}a"))
    assert [a.get("href") for a in anchors] == [
        "../../timeline/#talks-begin",
        "../../deals/skyshield-sale/",
        "../../timeline/#offer-made",
        "../../quotes/#ortiz-door-open",
    ]
    shapes = [[child.tag.removeprefix(SVG) for child in a] for a in anchors]
    assert shapes == [
        ["title", "rect", "text"],
        ["title", "circle", "text"],
        ["title", "circle", "text"],
        ["title", "rect", "text"],
    ]
    talks = anchors[0].find(f"{SVG}rect")
    assert talks is not None and float(talks.get("width", "0")) > 20
    approx = anchors[3].find(f"{SVG}rect")
    assert approx is not None and "bf-approx" in approx.get("class", "")
    assert "bf-approx" not in (talks.get("class") or "")
    years = {t.text for t in root.iter(f"{SVG}text")}
    assert {"2017", "2018", "2019", "2020"} <= years
    title = anchors[0].find(f"{SVG}title")
    assert title is not None and title.text == "late 2017 or early 2018: Talks begin"


def test_timeline_is_deterministic_and_empty_without_items() -> None:
    assert timeline_chart(ITEMS, "index.md") == timeline_chart(list(reversed(ITEMS)), "index.md")
    assert timeline_chart([], "index.md") == ""


def test_timeline_staggers_labels_that_would_overlap() -> None:
    close = [
        (parse_date(f"2019-03-{day:02d}"), f"Event on day {day}", f"timeline/index.md#e{day}")
        for day in range(1, 6)
    ]
    root = parse(timeline_chart(close, "index.md"))
    ys = [text.get("y") for a in root.iter(f"{SVG}a") for text in a.iter(f"{SVG}text")]
    assert len(set(ys)) == 5


def test_a_timeline_marker_names_every_date_the_sources_give() -> None:
    differ = "5 March 2019 / 4 March 2019 (sources differ)"
    svg = timeline_chart(ITEMS, "index.md", when={"timeline/index.md#offer-made": differ})
    assert f"<title>{differ}: Offer made</title>" in svg
    assert "<title>1 May 2018: A day</title>" in svg


def test_a_month_of_items_is_drawn_on_an_axis_of_that_month() -> None:
    items = [
        (parse_date("2019-03-05"), "Offer made", "timeline/2019-03.md#offer"),
        (parse_date("2019-03-20/2019-03-28"), "Talks", "timeline/2019-03.md#talks"),
    ]
    svg = timeline_chart(items, "timeline/2019-03.md")
    labels = re.findall(r'text-anchor="middle">([^<]+)</text>', svg)
    assert labels == ["1 Mar", "8 Mar", "15 Mar", "22 Mar", "29 Mar"]
