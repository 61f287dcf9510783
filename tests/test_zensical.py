"""The same mkdocs.yml and generated pages build with Zensical, MkDocs' successor.

Zensical reads mkdocs.yml but runs no MkDocs plugins or hooks; the generator renders
before any site builder runs, so the pages are the same. These tests build the
minimal fixture with `zensical build --strict` and look at what a reader gets.
"""

from __future__ import annotations

import html
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.build import EDITION
from conftest import MINIMAL, Run, site_project

ZENSICAL_EDITION = "revision 0123456789ab of 4 March 2021"

PLACE = "Diyarbak\u0131r"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Render the minimal fixture with the project's mkdocs.yml and build it with Zensical."""
    if importlib.util.find_spec("zensical") is None:
        pytest.skip(
            "zensical is not installed (it comes with the dev extras: pip install -e '.[dev]')"
        )
    project = tmp_path_factory.mktemp("zensical")
    shutil.copytree(MINIMAL / "facts", site_project(project) / "facts")
    events = project / "facts" / "events" / "events.yml"
    events.write_text(
        events.read_text().replace("- id: talks-begin\n", f"- id: talks-begin\n  place: {PLACE}\n"),
        encoding="utf-8",
    )
    rendered = subprocess.run(
        [sys.executable, "-m", "briefing", "render"], cwd=project, capture_output=True, text=True
    )
    assert rendered.returncode == 0, rendered.stderr
    built = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--strict", "-f", "mkdocs.yml"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, EDITION: ZENSICAL_EDITION},
    )
    assert built.returncode == 0, built.stdout + built.stderr
    return project / "site"


@pytest.mark.parametrize(
    ("page", "fact"),
    [
        ("index.html", "Skyshield terms"),
        ("disputes/skyshield-dispute/index.html", "The door is open."),
        ("actors/ana-ortiz/index.html", "Trade Minister"),
        ("systems/skyshield/index.html", "Acme Dynamics"),
        ("deals/skyshield-sale/index.html", "Skyshield for Southland"),
        ("timeline/2019/index.html", "Skyshield"),
        ("quotes/2019/index.html", "We have made our best offer,"),
        ("sources/2018/index.html", "Daily Courier"),
        ("dictionary/index.html", "speaker_description"),
        ("method/index.html", "Every fact is cited"),
    ],
)
def test_zensical_builds_every_kind_of_page_with_its_facts(
    site: Path, page: str, fact: str
) -> None:
    assert fact in html.unescape((site / page).read_text(encoding="utf-8"))


def test_zensical_site_keeps_the_exports_json_ld_and_pictures(site: Path) -> None:
    assert (site / "data" / "briefing.json").is_file()
    deal = (site / "deals/skyshield-sale/index.html").read_text(encoding="utf-8")
    assert '<script type="application/ld+json">' in deal
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in deal
    assert (site / "search.json").is_file()


def test_zensical_site_loads_nothing_from_third_parties(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'src="https?://', text), page
        assert "fonts.googleapis" not in text


def test_zensical_pages_carry_the_edition_the_feed_and_the_print_styles(site: Path) -> None:
    dispute = (site / "disputes/skyshield-dispute/index.html").read_text(encoding="utf-8")
    assert f"<small>Built from {ZENSICAL_EDITION}.</small>" in dispute
    assert (site / "assets/stylesheets/briefing-print.css").is_file()
    assert 'media="print" href="../../assets/stylesheets/briefing-print.css"' in dispute
    (feed,) = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*>', dispute)
    assert 'href="../../feed.xml"' in feed


def test_zensical_search_index_holds_the_words_as_printed(site: Path) -> None:
    # Zensical runs no MkDocs plugin: it indexes the pages itself, into search.json, and
    # its search box finds a word as the page prints it (the folded forms are in the
    # index briefing renders for MkDocs, which Zensical copies but does not read).
    index = json.loads((site / "search.json").read_text(encoding="utf-8"))
    assert any(PLACE in item.get("text", "") for item in index["items"])


@pytest.mark.xfail(
    strict=True,
    reason="Zensical resolves links in raw HTML like Markdown links, relative to the source "
    "file, so the pictures' links, written as the URLs MkDocs serves, point one level up",
)
def test_picture_links_lead_to_pages_that_exist(site: Path) -> None:
    _assert_picture_links_resolve(site)


def test_the_same_pages_build_with_mkdocs(tmp_path: Path, run: Run) -> None:
    shutil.copytree(MINIMAL / "facts", site_project(tmp_path) / "facts")
    result = run("build", cwd=tmp_path)
    assert result.status == 0, result.err
    _assert_picture_links_resolve(tmp_path / "site")


def _assert_picture_links_resolve(site: Path) -> None:
    page = site / "disputes/skyshield-dispute/index.html"
    pictures = "".join(re.findall(r"<svg.*?</svg>", page.read_text(encoding="utf-8"), re.DOTALL))
    links = re.findall(r'<a href="([^"#]+)', pictures)
    assert len(links) > 3
    for link in links:
        assert (page.parent / link / "index.html").resolve().is_file(), link
