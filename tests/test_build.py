"""Writing pages and building the site: only what changed, nothing lost on failure."""

from __future__ import annotations

import os
import re
import shutil
import stat
from pathlib import Path

import pytest

from briefing.build import build_site
from briefing.pipeline import render_site
from briefing.problems import FactBaseError
from briefing.revision import edition
from briefing.write import MANIFEST, WriteConflict
from conftest import MINIMAL, Run, files_in, site_project
from repos import commit_all, git


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Return a copy of the project's site configuration with the minimal facts."""
    shutil.copytree(MINIMAL / "facts", site_project(tmp_path) / "facts")
    return tmp_path


def _render(project: Path) -> tuple[int, int, int]:
    report, _ = render_site(project / "facts", project / "docs", project / "mkdocs.yml")
    return len(report.written), report.unchanged, len(report.removed)


def test_a_second_render_writes_nothing(project: Path) -> None:
    written, _, _ = _render(project)
    assert written > 10
    assert _render(project) == (0, written, 0)


def test_an_edit_rewrites_only_the_pages_that_show_it(project: Path) -> None:
    _render(project)
    acme = project / "facts" / "actors" / "acme.yml"
    acme.write_text(acme.read_text().replace("Acme Dynamics", "Acme Dynamics Ltd"))
    report, _ = render_site(project / "facts", project / "docs", project / "mkdocs.yml")
    assert "actors/acme.md" in report.written
    assert "deals/skyshield-sale.md" not in report.written
    assert "quotes/2019.md" not in report.written
    assert "actors/ana-ortiz.md" not in report.written


def test_stale_pages_are_removed_and_hand_written_files_kept(project: Path) -> None:
    _render(project)
    (project / "docs" / "actors" / "notes.md").write_text("hand-written\n")
    (project / "facts" / "actors" / "acme.yml").unlink()
    system = project / "facts" / "systems" / "skyshield.yml"
    system.write_text(system.read_text().replace("manufacturer: [acme]\n", ""))
    _render(project)
    assert not (project / "docs" / "actors" / "acme.md").exists()
    assert (project / "docs" / "actors" / "notes.md").read_text() == "hand-written\n"
    assert (project / "docs" / "method.md").exists()


def test_a_page_never_overwrites_a_file_it_did_not_write(project: Path, run: Run) -> None:
    (project / "docs" / "actors").mkdir()
    (project / "docs" / "actors" / "acme.md").write_text("mine\n")
    with pytest.raises(WriteConflict):
        _render(project)
    assert (project / "docs" / "actors" / "acme.md").read_text() == "mine\n"
    result = run("render", cwd=project)
    assert result.status == 1
    assert result.err.startswith("briefing: not overwriting docs/actors/acme.md")
    assert not (project / "docs" / MANIFEST).exists()


def test_a_fact_base_with_errors_writes_nothing(project: Path) -> None:
    (project / "facts" / "actors" / "acme.yml").write_text("id: acme\nname: [\n")
    with pytest.raises(FactBaseError):
        _render(project)
    assert not (project / "docs" / "index.md").exists()
    assert not (project / "docs" / MANIFEST).exists()


def test_build_produces_a_linked_offline_site(project: Path) -> None:
    build_site(project / "facts", project / "docs", project / "mkdocs.yml", project / "site")
    site = project / "site"
    for page in [
        "index.html",
        "disputes/skyshield-dispute/index.html",
        "actors/ana-ortiz/index.html",
        "systems/skyshield/index.html",
        "deals/skyshield-sale/index.html",
        "timeline/index.html",
        "timeline/2019/index.html",
        "quotes/index.html",
        "quotes/2019/index.html",
        "sources/index.html",
        "sources/2019/index.html",
        "data/briefing.json",
        "search/search_index.json",
    ]:
        assert (site / page).is_file(), page
    dispute = (site / "disputes/skyshield-dispute/index.html").read_text()
    for target in [
        "../../actors/northland/",
        "../../deals/skyshield-sale/",
        "../../systems/skyshield/",
        "../../quotes/2019/#ortiz-best-offer",
        "../../sources/2019/#wire-2019",
    ]:
        assert f'href="{target}"' in dispute, target
    external = set()
    for html in site.rglob("*.html"):
        external |= set(re.findall(r'(?:src|href)="(https?://[^"]+)"', html.read_text()))
        assert "fonts.googleapis" not in html.read_text()
    assert {u for u in external if "://" in u and not u.startswith("https://example.org")} <= {
        "https://squidfunk.github.io/mkdocs-material/",
        "https://www.mkdocs.org/",
    }


def test_a_failed_build_keeps_the_previous_site(project: Path) -> None:
    build_site(project / "facts", project / "docs", project / "mkdocs.yml", project / "site")
    before = sorted(p.relative_to(project / "site") for p in (project / "site").rglob("*"))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "\nnot_a_mkdocs_option: 1\n")
    with pytest.raises(Exception, match="mkdocs build failed"):
        build_site(project / "facts", project / "docs", config, project / "site")
    after = sorted(p.relative_to(project / "site") for p in (project / "site").rglob("*"))
    assert before == after
    # Nothing half-built is left beside the site: only the last good build's cache.
    assert [p.name for p in project.glob(".site-*")] == [".site-cache"]


@pytest.mark.parametrize(
    ("umask", "folders", "files"),
    [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)],
    ids=["umask-022", "umask-027"],
)
def test_the_published_site_gets_the_modes_the_umask_gives(
    project: Path, umask: int, folders: int, files: int
) -> None:
    before = os.umask(umask)
    try:
        build_site(project / "facts", project / "docs", project / "mkdocs.yml", project / "site")
    finally:
        os.umask(before)
    site = project / "site"
    modes = {
        (path.is_dir(), stat.S_IMODE(path.stat().st_mode)) for path in [site, *site.rglob("*")]
    }
    assert modes == {(True, folders), (False, files)}


@pytest.mark.parametrize(
    ("site", "said"),
    [
        ("facts", "--site-dir facts would replace the facts"),
        ("docs", "--site-dir docs would replace docs/"),
        (".", "--site-dir . would replace the facts"),
        ("..", "--site-dir .. would replace the facts"),
        ("docs/site", "--site-dir docs/site is inside docs/"),
        (
            "notes",
            "--site-dir notes holds files but no built site (no sitemap.xml): a build would "
            "delete them",
        ),
    ],
)
def test_a_site_folder_that_would_replace_what_the_build_reads_is_refused(
    project: Path, run: Run, site: str, said: str
) -> None:
    (project / "notes").mkdir()
    (project / "notes" / "plan.txt").write_text("mine\n")
    before = files_in(project)
    result = run("build", "--site-dir", site, cwd=project)
    assert (result.status, result.err.strip()) == (
        1,
        f"{said}: name a folder of its own for the site, such as site",
    )
    assert files_in(project) == before


def test_a_folder_where_the_cache_file_is_kept_stops_the_build(project: Path, run: Run) -> None:
    assert run("build", cwd=project).status == 0
    before = files_in(project / "site")
    cache = project / ".site-cache" / "build.json"
    cache.unlink()
    cache.mkdir()
    result = run("build", cwd=project)
    assert (result.status, result.err.strip()) == (
        1,
        ".site-cache/build.json is a folder, where the build keeps its cache file: "
        "move or delete it, then build again",
    )
    assert files_in(project / "site") == before


def test_another_site_built_in_the_repository_is_not_a_change_to_it(project: Path) -> None:
    git(project, "init", "-q")
    (project / ".gitignore").write_text("/site/\n/.site-*/\n/docs/\n")
    commit_all(project, "First edition")
    build_site(project / "facts", project / "docs", project / "mkdocs.yml", project / "full")
    built = edition(project / "facts", [project / "full", project / ".full-cache"])
    assert built is not None and not built.modified
    # Built again beside itself, it says the same.
    build_site(project / "facts", project / "docs", project / "mkdocs.yml", project / "full")
    page = (project / "full" / "index.html").read_text(encoding="utf-8")
    assert "not yet committed" not in page
    # Nor does the site built beside it.
    build_site(project / "facts", project / "docs", project / "mkdocs.yml", project / "site")
    page = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "not yet committed" not in page
    (project / "notes.txt").write_text("an untracked file\n")
    changed = edition(project / "facts", [project / "full", project / ".full-cache"])
    assert changed is not None and changed.modified
