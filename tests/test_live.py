"""The live preview renders only what an edit can change, and ends as a full render would."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from briefing import urls
from briefing.live import LiveSite
from briefing.pipeline import gather, settings_for
from briefing.problems import FactBaseError
from briefing.render import render
from briefing.synth import synthesise
from briefing.write import MANIFEST, read_manifest
from conftest import HAND_WRITTEN, MINIMAL, site_project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Return a folder with mkdocs.yml, the hand-written pages and the minimal facts."""
    shutil.copytree(MINIMAL / "facts", site_project(tmp_path) / "facts")
    return tmp_path


def _live(project: Path) -> LiveSite:
    return LiveSite(project / "facts", project / "docs", project / "mkdocs.yml")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    # Some file systems keep modification times to the second: make the change visible.
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))


def assert_as_full_render(project: Path) -> None:
    """Check that docs/ holds exactly what rendering everything afresh gives."""
    docs = project / "docs"
    base, _ = gather(project / "facts")
    pages = render(base, settings_for(docs, project / "mkdocs.yml", project / "facts"))
    assert read_manifest(docs) == set(pages)
    on_disk = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()} - {
        MANIFEST,
        *HAND_WRITTEN,
    }
    assert on_disk == set(pages)
    for path, text in pages.items():
        assert (docs / path).read_text(encoding="utf-8") == text, path


def test_first_update_renders_everything_and_a_second_nothing(project: Path) -> None:
    live = _live(project)
    first = live.update()
    assert first.rendered == len(first.report.written) > 20
    assert_as_full_render(project)
    again = live.update()
    assert (again.rendered, again.report.written, again.report.removed) == (0, [], [])


def test_each_edit_ends_as_a_full_render_would(project: Path) -> None:
    live = _live(project)
    total = live.update().rendered
    facts = project / "facts"

    _edit(facts / "actors" / "acme.yml", "Acme Dynamics", "Acme Dynamics Ltd")
    renamed = live.update()
    assert "actors/acme.md" in renamed.report.written
    assert "actors/ana-ortiz.md" not in renamed.report.written
    assert renamed.rendered < total / 2
    assert_as_full_render(project)

    _edit(facts / "events" / "events.yml", "date: 2017-10/2018-03", "date: 2016-05")
    moved = live.update()
    assert "timeline/2016.md" in moved.report.written
    assert moved.report.removed == ["timeline/2017-2018.md"]
    assert_as_full_render(project)

    _edit(
        facts / "quotes" / "wire-2019.yml",
        "- id: ortiz-door-open",
        "- id: ortiz-new\n  text: A new quote.\n  speaker: ana-ortiz\n  said: 2018-01\n"
        "  sources: [wire-2019]\n- id: ortiz-door-open",
    )
    added = live.update()
    assert "quotes/2018.md" in added.report.written
    assert_as_full_render(project)

    _edit(facts / "sources" / "paper-2018.yml", "relies_on: [daily-courier]\n", "")
    (facts / "actors" / "daily-courier.yml").unlink()
    removed = live.update()
    assert "actors/daily-courier.md" in removed.report.removed
    assert_as_full_render(project)


def test_a_broken_edit_changes_nothing_and_its_fix_is_rendered(project: Path) -> None:
    live = _live(project)
    live.update()
    acme = project / "facts" / "actors" / "acme.yml"
    _edit(acme, "name: Acme Dynamics", "name: [Acme")
    before = (project / "docs" / "actors" / "acme.md").read_text(encoding="utf-8")
    with pytest.raises(FactBaseError):
        live.update()
    assert (project / "docs" / "actors" / "acme.md").read_text(encoding="utf-8") == before
    _edit(acme, "name: [Acme", "name: Acme Fixed")
    live.update()
    assert "Acme Fixed" in (project / "docs" / "actors" / "acme.md").read_text(encoding="utf-8")
    assert_as_full_render(project)


def test_renaming_one_actor_of_a_larger_briefing_renders_a_few_pages(tmp_path: Path) -> None:
    site_project(tmp_path)
    for relative, text in synthesise(100, seed=5).items():
        (tmp_path / "facts" / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "facts" / relative).write_text(text, encoding="utf-8")
    live = _live(tmp_path)
    total = live.update().rendered
    person = sorted((tmp_path / "facts" / "actors").glob("*-*.yml"))[40]
    name = next(line for line in person.read_text().splitlines() if line.startswith("name: "))
    _edit(person, name, name + " Junior")
    update = live.update()
    assert update.rendered < total / 5
    assert_as_full_render(tmp_path)


def test_a_source_that_comes_to_share_a_label_renders_again_the_pages_citing_the_other(
    project: Path,
) -> None:
    live = _live(project)
    live.update()
    # wire-2019 is "Example Wire 2019"; a second source of 2019 by the same publisher
    # makes it "Example Wire 2019b", on every page that cites it.
    (project / "facts" / "sources" / "wire-brief.yml").write_text(
        "id: wire-brief\ntitle: A brief from the wire\npublisher: Example Wire\n"
        "published: 2019-04-01\n",
        encoding="utf-8",
    )
    update = live.update()
    assert "actors/northland.md" in update.report.written
    assert "Example Wire 2019b" in (project / "docs" / "actors" / "northland.md").read_text()
    assert_as_full_render(project)


def test_a_year_split_by_month_moves_every_link_to_its_records(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(urls, "PART_MAX", 3)  # the minimal timeline's 2019 holds three records
    live = _live(project)
    live.update()
    assert live.base is not None and not live.base.crowded["event"]
    more = project / "facts" / "events" / "more.yml"
    more.write_text(
        "- id: talks-resume\n  title: Talks resume\n  date: 2019-03-01\n"
        "  actors: [southland]\n  sources: [wire-2019]\n",
        encoding="utf-8",
    )
    live.update()
    assert live.base is not None and "2019" in live.base.crowded["event"]
    # The JSON export gives each record's page: those in 2019 moved to a month's page.
    assert_as_full_render(project)
