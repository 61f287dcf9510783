"""`briefing check-links`: every link and anchor between the built site's pages resolves."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from briefing.build import build_site
from briefing.linkcheck import BrokenLink, Site, broken_links
from conftest import MINIMAL, Run, site_project


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a project whose site is built from the minimal facts."""
    project = site_project(tmp_path_factory.mktemp("links"))
    shutil.copytree(MINIMAL / "facts", project / "facts")
    build_site(project / "facts", project / "docs", project / "mkdocs.yml", project / "site")
    return project


@pytest.fixture
def site(built: Path, tmp_path: Path) -> Path:
    """Return a copy of the built site, to break."""
    return Path(shutil.copytree(built / "site", tmp_path / "site"))


def test_every_link_of_a_built_site_resolves(built: Path, run: Run) -> None:
    assert broken_links(built / "site") == []
    result = run("check-links", cwd=built)
    assert result.status == 0
    assert result.out.startswith("site/: every link and anchor in ")


def test_a_missing_page_and_a_missing_anchor_are_reported(site: Path, run: Run) -> None:
    page = site / "actors" / "acme" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(
        html.replace("</article>", '<a href="../nobody/">x</a><a href="../../#nowhere">y</a>')
    )
    assert broken_links(site) == [
        BrokenLink("actors/acme/index.html", "../nobody/", "no file actors/nobody/index.html"),
        BrokenLink(
            "actors/acme/index.html", "../../#nowhere", "no element with id 'nowhere' in index.html"
        ),
    ]
    result = run("check-links", "--site-dir", str(site))
    assert result.status == 1
    assert result.err.endswith(f"2 broken links in {site.as_posix()}/\n")
    assert (
        f"{site.as_posix()}/actors/acme/index.html: broken link '../nobody/' "
        "(no file actors/nobody/index.html)\n"
    ) in result.err


def test_absolute_links_start_at_the_site_url_path(site: Path) -> None:
    pages = Site(site, "/briefing/")
    assert pages.resolve("404.html", "/briefing/actors/acme/") is None
    assert pages.resolve("404.html", "/actors/acme/") == (
        "an absolute path outside the site, which is served at /briefing/"
    )
    assert pages.resolve("index.html", "https://example.org/x/#y") is None
    assert pages.resolve("index.html", "../../etc/passwd") == "it leads out of the site"


def test_every_url_in_the_exports_names_a_page_of_the_site(built: Path) -> None:
    site = built / "site"
    pages = Site(site)
    data = json.loads((site / "data" / "briefing.json").read_text(encoding="utf-8"))
    urls = [record["page"] for records in data["kinds"].values() for record in records]
    assert {url.split("/")[0] for url in urls} >= {"actors", "timeline", "quotes", "sources"}
    for url in urls:
        assert pages.resolve("index.html", url) is None, url
    for name in ("deals.csv", "events.csv", "quotes.csv", "sources.csv"):
        table = (site / "data" / name).read_text(encoding="utf-8")
        for row in csv.DictReader(io.StringIO(table)):
            for value in row.values():
                if value.startswith(("http:", "https:")) or value.endswith("/"):
                    assert pages.resolve("index.html", value) is None, (name, value)


def test_the_site_must_be_built_first(tmp_path: Path, run: Run) -> None:
    result = run("check-links", "--site-dir", str(tmp_path / "site"))
    assert (result.status, result.err) == (
        2,
        f"briefing check-links: {(tmp_path / 'site').as_posix()}/index.html not found "
        "(build the site first: `briefing build`)\n",
    )
