"""The Atom feed of What's new, read back with feedparser as a feed reader would."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin
from xml.etree import ElementTree

import feedparser
import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing import feed
from briefing.build import build_site
from briefing.load import _BAD_CHAR
from conftest import MINIMAL, TITLE, Run, site_project
from repos import edit_like_a_pull_request, replace_in, start_briefing

SITE = "https://briefing.example.org/"
COMMITTED = "2021-03-04T05:06:07+00:00"
ATOM = "{http://www.w3.org/2005/Atom}"


def _parse(path: Path, url: str) -> feedparser.FeedParserDict:
    """Parse a feed as a reader that fetched it from `url` does; fail on any error."""
    headers = {"content-location": url, "content-type": "application/atom+xml"}
    parsed = feedparser.parse(path.read_bytes(), response_headers=headers)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_an_entry_per_change_since_the_revision_links_to_its_page(
    minimal: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    site_project(minimal)
    monkeypatch.setenv("GIT_COMMITTER_DATE", COMMITTED)
    project = start_briefing(minimal)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("\nextra:\n", "\nextra:\n  briefing_whats_new_since: HEAD\n")
    )
    edit_like_a_pull_request(project)
    replace_in(project, "events/events.yml", ", old-memo]", "]")
    assert run("render", cwd=project).status == 0

    parsed = _parse(project / "docs" / feed.FEED, SITE + feed.FEED)
    assert parsed.feed.title == f"What's new: {TITLE}"
    assert parsed.feed.updated == "2021-03-04T05:06:07+00:00"
    entries = [(e.title, e.link, e.get("content", [{}])[0].get("value")) for e in parsed.entries]
    assert entries == [
        (
            "Added quote by Ana Ortiz on 4 March 2019: We will deliver by June.",
            SITE + "quotes/2019/#ortiz-deliver",
            None,
        ),
        (
            "Actor Ana Ortiz",
            SITE + "actors/ana-ortiz/",
            "summary “Northland's *trade minister*, who announced the offer.” -> "
            "“Northland's trade minister, who announced the offer.”\n"
            "aliases: added “A. Ortiz”\n"
            "roles: edited “Trade Minister”",
        ),
        (
            "Deal Skyshield for Southland: status “offered” -> “signed”",
            SITE + "deals/skyshield-sale/",
            None,
        ),
        (
            "Event Northland offers Skyshield to Southland",
            SITE + "timeline/2019/#offer-made",
            "sources: removed “An old memo”\ndate “5 March 2019” -> “4 March 2019”",
        ),
        ("Removed source “An old memo”", SITE + "whats-new/", None),
    ]
    assert {e.updated for e in parsed.entries} == {"2021-03-04T05:06:07+00:00"}
    ids = [e.id for e in parsed.entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)


def test_the_built_site_names_its_feed_in_every_page_and_the_links_lead_to_pages(
    tmp_path: Path,
) -> None:
    project = site_project(tmp_path / "briefing")
    config = project / "mkdocs.yml"
    config.write_text(f"site_url: {SITE}\n" + config.read_text())
    shutil.copytree(MINIMAL / "facts", project / "facts")
    build_site(project / "facts", project / "docs", config, project / "site")
    site = project / "site"

    # Without a revision to compare with, the feed has the records last verified.
    parsed = _parse(site / feed.FEED, SITE + feed.FEED)
    assert [(e.title, e.link, e.updated) for e in parsed.entries] == [
        (
            "Source Northland offers Skyshield to Southland, verified 1 November 2026",
            SITE + "sources/2019/#wire-2019",
            "2026-11-01T00:00:00+00:00",
        ),
        (
            "Actor Ana Ortiz, verified 20 October 2026",
            SITE + "actors/ana-ortiz/",
            "2026-10-20T00:00:00+00:00",
        ),
    ]
    assert parsed.feed.updated == "2026-11-01T00:00:00+00:00"
    assert 'id="wire-2019"' in (site / "sources/2019/index.html").read_text()

    pages = [p for p in site.rglob("*.html") if p.name != "404.html"]
    assert len(pages) > 20
    for page in pages:
        links = re.findall(
            r'<link rel="alternate" type="application/atom\+xml" title="([^"]*)" href="([^"]*)">',
            page.read_text(),
        )
        assert len(links) == 1, page
        title, href = links[0]
        assert title == f"What's new: {TITLE}"
        address = page.relative_to(site).as_posix()
        assert urljoin(SITE + address, href) == SITE + feed.FEED, page


_FACT_TEXT = st.text(min_size=1).filter(lambda s: not _BAD_CHAR.search(s) and s.strip())


@given(title=_FACT_TEXT, content=_FACT_TEXT)
def test_any_fact_text_reaches_a_reader_as_the_same_text(title: str, content: str) -> None:
    day = datetime(2021, 3, 4, tzinfo=UTC)
    entry = feed.Entry(key="k", title=title, link="actors/x/", updated=day, content=content)
    document = feed.atom(title, "whats-new/", [entry], None, day).encode("utf-8")
    parsed = feedparser.parse(document, response_headers={"content-type": "application/atom+xml"})
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert len(parsed.entries) == 1
    assert parsed.entries[0].link == "actors/x/"
    # feedparser "repairs" text that looks doubly encoded ('Â¡' becomes '¡'), so the
    # text is compared as an XML parser reads it. XML reads line breaks as line feeds.
    root = ElementTree.fromstring(document)
    texts = [node.text for node in root.iter() if node.tag.endswith(("}title", "}content"))]
    assert texts == [
        " ".join(title.splitlines()),
        " ".join(title.splitlines()),
        "\n".join(content.splitlines()),
    ]
    assert [node.get("type") for node in root.iter(f"{ATOM}content")] == ["text"]
