"""The What's new page: the changes since a configured revision, or the latest checks.

Without a revision, the page is in the minimal golden pages (tests/test_render.py).
With one, it is compared with tests/golden/whats-new/since.md; after a deliberate
change, `.venv/bin/pytest --update-goldens` rewrites it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing import diff
from briefing.pipeline import check, render_site
from briefing.problems import FactBaseError, Severity
from briefing.render import WHATS_NEW, Settings, render
from conftest import TESTS, Run, site_project
from repos import commit_all, edit_like_a_pull_request, replace_in, start_briefing

GOLDEN = TESTS / "golden" / "whats-new" / "since.md"


@pytest.fixture
def project(minimal: Path) -> Path:
    """Return the minimal facts with the project's site configuration, in git."""
    return start_briefing(site_project(minimal))


def _since(project: Path, revision: str) -> None:
    config = project / "mkdocs.yml"
    setting = f"\nextra:\n  briefing_whats_new_since: {revision}\n"
    config.write_text(config.read_text().replace("\nextra:\n", setting))


def test_the_page_lists_the_changes_since_a_revision(
    project: Path, monkeypatch: pytest.MonkeyPatch, update_goldens: bool
) -> None:
    monkeypatch.chdir(project)
    old, _ = check(Path("facts"))
    edit_like_a_pull_request(project)
    replace_in(project, "events/events.yml", ", old-memo]", "]")
    new, problems = check(Path("facts"))
    assert problems == []
    settings = Settings(since="edition-1", changes=tuple(diff.compare(old, new)))
    page = render(new, settings)[WHATS_NEW]
    if update_goldens:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(page, encoding="utf-8")
    assert page == GOLDEN.read_text(encoding="utf-8")


def test_mkdocs_yml_names_the_revision(project: Path, run: Run) -> None:
    _since(project, "HEAD")
    edit_like_a_pull_request(project)
    replace_in(project, "events/events.yml", ", old-memo]", "]")
    result = run("render", cwd=project)
    assert (result.status, result.err) == (0, "")
    page = (project / "docs" / WHATS_NEW).read_text()
    assert "What changed in the facts since revision HEAD.\n" in page
    assert "- Removed source “An old memo”\n" in page
    assert (
        "- Deal [Skyshield for Southland](../deals/skyshield-sale.md): "
        "status “offered” -> “signed”\n"
    ) in page


def test_text_from_the_facts_is_escaped_on_the_page(project: Path, run: Run) -> None:
    _since(project, "HEAD")
    replace_in(project, "actors/acme.yml", "name: Acme Dynamics", "name: '<b>[x](y)</b>'")
    assert run("render", cwd=project).status == 0
    page = (project / "docs" / WHATS_NEW).read_text()
    assert (
        "- Actor [&#60;b&#62;&#91;x&#93;(y)&#60;/b&#62;](../actors/acme.md): "
        "name “Acme Dynamics” -> “&#60;b&#62;&#91;x&#93;(y)&#60;/b&#62;”\n"
    ) in page


def test_a_revision_that_is_not_there_is_an_error_in_mkdocs_yml(project: Path, run: Run) -> None:
    _since(project, "edition-9")
    lines = (project / "mkdocs.yml").read_text().splitlines()
    line = lines.index("  briefing_whats_new_since: edition-9") + 1
    result = run("render", cwd=project)
    assert result.status == 1
    assert result.err == (
        f"mkdocs.yml:{line}:29: error: extra.briefing_whats_new_since: 'edition-9' is "
        f"not a commit in {project.resolve().as_posix()} (name a commit, branch or tag, "
        "e.g. HEAD~1 or origin/main; a shallow clone may need `git fetch --unshallow`)\n"
        "1 error in 1 file\n"
    )
    assert not (project / "docs" / WHATS_NEW).exists()


def test_errors_at_the_revision_are_warnings_and_the_site_still_renders(project: Path) -> None:
    replace_in(project, "actors/acme.yml", "kind: company", "kind: firm")
    commit_all(project, "Break an actor")
    replace_in(project, "actors/acme.yml", "kind: firm", "kind: company")
    _since(project, "HEAD")
    _, warnings = render_site(project / "facts", project / "docs", project / "mkdocs.yml")
    assert [(w.path, w.severity) for w in warnings] == [
        ("HEAD:facts/actors/acme.yml", Severity.WARNING)
    ]
    page = (project / "docs" / WHATS_NEW).read_text()
    assert "- Added actor [Acme Dynamics](../actors/acme.md)\n" in page


def test_a_broken_working_tree_renders_nothing(project: Path) -> None:
    _since(project, "HEAD")
    replace_in(project, "actors/acme.yml", "kind: company", "kind: firm")
    with pytest.raises(FactBaseError):
        render_site(project / "facts", project / "docs", project / "mkdocs.yml")
    assert not (project / "docs" / WHATS_NEW).exists()


def test_the_page_says_when_there_is_nothing_to_list(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "s.yml").write_text("id: s\ntitle: Only a source\n")
    base, _ = check(tmp_path)
    unchanged = render(base, Settings(since="HEAD"))[WHATS_NEW]
    assert unchanged.endswith(
        "since revision HEAD.\n\nNothing has changed in the facts since then.\n"
    )
    unverified = render(base)[WHATS_NEW]
    assert unverified.endswith("newest first.\n\nNo fact records the day it was verified yet.\n")
