"""Ids are unique on every page of a built site, whatever the records' ids are.

Record anchors are the record's id (`[a-z0-9-]`); every heading the templates write on
a page that holds record anchors has an id starting with `_`, and the theme's own ids
start with `__`, so the three cannot meet. Checked over every page of the minimal
fixture (with records whose ids are the words of the page's headings), the hostile
fixture and a synthetic briefing.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from briefing.build import build_site
from briefing.synth import synthesise
from conftest import MINIMAL, site_project
from hostile import write_hostile
from html_text import parse

# Ids that the headings of listing pages had before they were given ids of their own.
HEADING_WORDS = ["sources", "quotes-2019", "sources-2019", "timeline-2019", "2019"]


def _minimal(facts: Path) -> None:
    shutil.copytree(MINIMAL / "facts", facts)
    quotes = [
        {
            "id": id,
            "text": f"Words quoted as {id}",
            "speaker": "ana-ortiz",
            "said": "2019-03-05",
            "sources": ["wire-2019"],
        }
        for id in HEADING_WORDS
    ]
    (facts / "quotes" / "colliding.yml").write_text(yaml.safe_dump(quotes), encoding="utf-8")


def _synthetic(facts: Path) -> None:
    for relative, text in synthesise(20, seed=5).items():
        (facts / relative).parent.mkdir(parents=True, exist_ok=True)
        (facts / relative).write_text(text, encoding="utf-8")


@pytest.fixture(scope="module", params=["minimal", "hostile", "synthetic"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build one of the three fact bases into a site; return the site folder."""
    project = site_project(tmp_path_factory.mktemp(request.param))
    facts = project / "facts"
    if request.param == "minimal":
        _minimal(facts)
    elif request.param == "hostile":
        write_hostile(facts)
    else:
        _synthetic(facts)
    build_site(facts, project / "docs", project / "mkdocs.yml", project / "site")
    return project / "site"


def test_ids_are_unique_on_every_page(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    repeated = {}
    for page in pages:
        ids = Counter(n.attrs["id"] for n in parse(page.read_text()).iter() if "id" in n.attrs)
        twice = sorted(id for id, count in ids.items() if count > 1)
        if twice:
            repeated[page.relative_to(site).as_posix()] = twice
    assert repeated == {}


def test_a_record_anchor_is_the_record_and_nothing_else(site: Path) -> None:
    if not (site / "quotes" / "2019" / "index.html").is_file():
        pytest.skip("this fact base has no quotes of 2019")
    root = parse((site / "quotes" / "2019" / "index.html").read_text())
    ids = {n.attrs["id"]: n for n in root.iter() if "id" in n.attrs}
    for id in HEADING_WORDS:
        if id in ids:
            assert ids[id].tag == "span"
    assert ids["_sources"].tag == "h2"
