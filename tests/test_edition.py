"""The edition a site is built from: stamped on every page, and the same bytes every time."""

from __future__ import annotations

import gzip
import io
import re
import shutil
import struct
import zipfile
from pathlib import Path

import pytest

from briefing import linkcheck
from briefing.build import build_site
from briefing.offline import FOLDER, ZIP
from conftest import MINIMAL, files_in, site_project
from repos import commit_all, git

COMMITTED = "2021-03-04T05:06:07+00:00"
COMMITTED_EPOCH = 1614834367
"""The time of the commit the sites here are built from, long before any build."""
STAMP = re.compile(r'<p class="briefing-edition"><small>(.*?)</small></p>')


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return the minimal facts with the site configuration and a site URL, committed."""
    project = site_project(tmp_path / "briefing")
    config = project / "mkdocs.yml"
    # With a site URL, MkDocs lists every page in the sitemap with a date.
    config.write_text("site_url: https://briefing.example.org/\n" + config.read_text())
    shutil.copytree(MINIMAL / "facts", project / "facts")
    monkeypatch.setenv("GIT_COMMITTER_DATE", COMMITTED)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    commit_all(project, "Start the briefing")
    return project


def _build(project: Path, offline: bool = False) -> Path:
    """Build the site as `briefing build` does in the project's folder; return the site."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.chdir(project)  # pages name their fact files relative to it
        site = Path("site")
        build_site(Path("facts"), Path("docs"), Path("mkdocs.yml"), site, offline=offline)
    return project / "site"


def _stamps(site: Path) -> set[str]:
    """Return the edition stamp of every page, or 'none' for a page without one."""
    stamps = set()
    for page in site.rglob("*.html"):
        if page.name == "404.html":  # the theme's own page, with no facts
            continue
        found = re.findall(
            r'<p class="briefing-edition"><small>(.*?)</small></p>', page.read_text()
        )
        stamps.add(found[0] if len(found) == 1 else f"{len(found)} stamps")
    return stamps


def test_every_page_names_the_revision_it_was_built_from(project: Path) -> None:
    commit = git(project, "rev-parse", "HEAD").strip()
    assert _stamps(_build(project)) == {f"Built from revision {commit[:12]} of 4 March 2021."}


@pytest.mark.parametrize("changed", ["facts/sources/new-memo.yml", "docs/intro.md"])
def test_uncommitted_changes_are_said(project: Path, changed: str) -> None:
    commit = git(project, "rev-parse", "HEAD").strip()
    (project / changed).write_text("id: new-memo\ntitle: A memo\n")
    assert _stamps(_build(project)) == {
        f"Built from revision {commit[:12]} of 4 March 2021, with changes not yet committed."
    }


def test_two_builds_of_one_revision_are_byte_identical(project: Path, tmp_path: Path) -> None:
    first = files_in(_build(project, offline=True))
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", str(project), str(clone))
    second = files_in(_build(clone, offline=True))
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    # The dates MkDocs writes are the commit's, not the day of the build.
    assert set(re.findall(r"<lastmod>(.*?)</lastmod>", first["sitemap.xml"].decode())) == {
        "2021-03-04"
    }
    assert gzip.decompress(first["sitemap.xml.gz"]) == first["sitemap.xml"]
    (stamp,) = struct.unpack("<I", first["sitemap.xml.gz"][4:8])
    assert stamp == COMMITTED_EPOCH - COMMITTED_EPOCH % 86400
    with zipfile.ZipFile(io.BytesIO(first[f"data/{ZIP}"])) as archive:
        entries = archive.infolist()
    assert {entry.date_time for entry in entries} == {(2021, 3, 4, 5, 6, 6)}  # 2 s steps
    assert f"{FOLDER}/disputes/skyshield-dispute.html" in {entry.filename for entry in entries}
    assert f'<a href="{ZIP}" download>' in first["data/index.html"].decode()


def test_source_date_epoch_overrides_the_commit_date(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000000000")  # 9 September 2001
    site = _build(project)
    assert set(re.findall(r"<lastmod>(.*?)</lastmod>", (site / "sitemap.xml").read_text())) == {
        "2001-09-09"
    }


def test_a_site_built_outside_git_has_no_stamp(project: Path) -> None:
    shutil.rmtree(project / ".git")
    site = _build(project)
    assert _stamps(site) == {"0 stamps"}
    # Built without --offline: no offline edition, and the Data page does not offer one.
    assert not (site / "data" / ZIP).exists()
    assert ZIP not in (site / "data" / "index.html").read_text()


def test_the_offline_edition_links_only_what_it_holds(project: Path, tmp_path: Path) -> None:
    site = _build(project, offline=True)
    with zipfile.ZipFile(site / "data" / ZIP) as archive:
        archive.extractall(tmp_path / "unpacked")
    unpacked = tmp_path / "unpacked" / FOLDER
    # No feed (its links are for the served site), and no link to the zip it came in.
    assert not (unpacked / "feed.xml").exists()
    assert ZIP not in (unpacked / "data" / "index.html").read_text(encoding="utf-8")
    pages = [p for p in linkcheck.html_pages(unpacked) if p != "404.html"]
    links = linkcheck.Site(unpacked)
    assert [
        (page, link, reason)
        for page in pages
        for link in links.page(page).links
        if (reason := links.resolve(page, link)) is not None
    ] == []
