"""`briefing diff BASE`: what changed in the facts since a git revision, as a reader says it.

Each test commits a copy of the minimal fixture in a fresh git repository, edits the
working tree, and compares the exact report.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from briefing import diff, markup
from briefing.pipeline import check, check_at
from conftest import Run
from repos import commit_all, edit_like_a_pull_request, git, replace_in, start_briefing


@pytest.fixture
def repo(minimal: Path) -> Path:
    """Return the minimal fixture committed in a git repository, with one more source."""
    return start_briefing(minimal)


def test_diff_says_what_changed_record_by_record(repo: Path, run: Run) -> None:
    edit_like_a_pull_request(repo)
    result = run("diff", "HEAD", cwd=repo)
    assert result.status == 0
    assert result.out == (
        "## Changes to the facts since `HEAD`\n"
        "\n"
        "> The facts now have 1 error in 1 file (run `briefing check`): records that do not "
        "validate are left out, so they may show as removed.\n"
        "\n"
        "1 added, 3 changed, 1 removed.\n"
        "\n"
        "- Added quote by `Ana Ortiz` on 4 March 2019: `We will deliver by June.`\n"
        "- Actor `Ana Ortiz`:\n"
        "    - summary `Northland's *trade minister*, who announced the offer.` -> "
        "`Northland's trade minister, who announced the offer.`\n"
        "    - aliases: added `A. Ortiz`\n"
        "    - roles: edited `Trade Minister`\n"
        "- Deal `Skyshield for Southland`: status `offered` -> `signed`\n"
        "- Event `Northland offers Skyshield to Southland`: date `5 March 2019` -> "
        "`4 March 2019`\n"
        "- Removed source `An old memo`, still cited by event "
        "`Northland offers Skyshield to Southland`\n"
    )
    assert result.err == (
        "facts/events/events.yml:16:24: error: sources[1]: unknown source 'old-memo' "
        "(add a source with this id, or fix the id)\n"
    )


def test_no_change_says_so(repo: Path, run: Run) -> None:
    result = run("diff", "HEAD", cwd=repo)
    assert (result.status, result.err) == (0, "")
    assert result.out == "## Changes to the facts since `HEAD`\n\nNo changes.\n"


def test_list_fields_say_what_was_added_and_removed(repo: Path, run: Run) -> None:
    replace_in(
        repo, "events/events.yml", "actors: [trade-office, southland]", "actors: [northland]"
    )
    replace_in(repo, "disputes/skyshield-dispute.yml", "  - Will Southland", "  - Will Northland")
    replace_in(repo, "systems/skyshield.yml", "manufacturer: [acme]\n", "")
    result = run("diff", "HEAD", cwd=repo)
    assert result.out.split("\n\n", 2)[2] == (
        "- System `Skyshield`: manufacturer: removed `Acme Dynamics`\n"
        "- Event `Northland offers Skyshield to Southland`: actors: added `Northland`; "
        "removed `Northland Trade Office`, `Southland`\n"
        "- Dispute `Skyshield terms`: open questions: added "
        "`Will Northland drop its rival order?`; removed `Will Southland drop its rival order?`\n"
    )


def test_a_record_moved_to_another_file_is_not_a_change(repo: Path, run: Run) -> None:
    facts = repo / "facts"
    (facts / "actors" / "acme.yml").rename(facts / "actors" / "acme-dynamics.yml")
    result = run("diff", "HEAD", cwd=repo)
    assert result.out.endswith("No changes.\n")


def test_text_from_the_facts_cannot_inject_markdown(repo: Path, run: Run) -> None:
    hostile = "<img src=x onerror=alert(1)> [x](https://evil.example) `a` **b**"
    replace_in(repo, "actors/acme.yml", "name: Acme Dynamics", f"name: '{hostile}'")
    result = run("diff", "HEAD", cwd=repo)
    assert result.out.endswith(
        "- Actor ``<img src=x onerror=alert(1)> [x](https://evil.example) `a` **b**``: "
        "name `Acme Dynamics` -> ``<img src=x onerror=alert(1)> [x](https://evil.example) "
        "`a` **b**``\n"
    )


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("plain", "`plain`"),
        ("a `tick` b", "``a `tick` b``"),
        ("`edge", "`` `edge ``"),
        ("two\nlines", "`two lines`"),
        ("abc\u202edef", "`abc⟨U+202E⟩def`"),
    ],
)
def test_code_spans_hold_any_text_literally(text: str, span: str) -> None:
    assert markup.code(text) == span


def test_a_facts_folder_that_did_not_exist_makes_every_record_new(minimal: Path, run: Run) -> None:
    (minimal / "README").write_text("a briefing\n")
    commit_all(minimal, "Empty start")
    git(minimal, "rm", "--quiet", "-r", "--cached", "facts")
    git(minimal, "commit", "--quiet", "--no-gpg-sign", "-m", "No facts yet")
    result = run("diff", "HEAD", cwd=minimal)
    assert result.status == 0
    assert "22 added.\n" in result.out
    assert (
        "- Added quote by `A Southland official, speaking on condition of anonymity`: "
        "`not enough`\n"
    ) in result.out


def test_a_base_whose_facts_do_not_validate_still_compares(repo: Path, run: Run) -> None:
    replace_in(repo, "actors/acme.yml", "kind: company", "kind: firm")
    commit_all(repo, "Break an actor")
    replace_in(repo, "actors/acme.yml", "kind: firm", "kind: company")
    result = run("diff", "HEAD", cwd=repo)
    assert result.status == 0
    assert result.err == (
        "HEAD:facts/actors/acme.yml:3:7: error: kind: 'firm' is not allowed (use one of: "
        "state, alliance, government-body, organisation, company, media, armed-group, "
        "political-party, consortium, electorate, person, group)\n"
    )
    assert result.out == (
        "## Changes to the facts since `HEAD`\n"
        "\n"
        "> The facts at `HEAD` have 1 error in 1 file: records that did not validate there "
        "are left out, so they may show as added.\n"
        "\n"
        "1 added.\n"
        "\n"
        "- Added actor `Acme Dynamics`\n"
    )


def test_a_bad_revision_is_a_usage_error(repo: Path, run: Run) -> None:
    result = run("diff", "no-such-branch", cwd=repo)
    assert result.status == 2
    assert result.out == ""
    assert result.err == (
        f"briefing diff: 'no-such-branch' is not a commit in {repo.resolve().as_posix()} "
        "(name a commit, branch or tag, e.g. HEAD~1 or origin/main; a shallow clone may "
        "need `git fetch --unshallow`)\n"
    )
    assert run("diff", "--", "--output=x", cwd=repo).status == 2
    assert not (repo / "x").exists()


def test_outside_a_git_repository_is_a_usage_error(minimal: Path, run: Run) -> None:
    result = run("diff", "HEAD", cwd=minimal)
    assert result.status == 2
    assert result.err == (
        "briefing diff: facts is not in a git repository (run this inside a clone)\n"
    )


def test_the_facts_at_a_revision_load_from_git_not_from_the_working_tree(repo: Path) -> None:
    shutil.rmtree(repo / "facts" / "quotes")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(repo)
        old, problems = check_at("HEAD", Path("facts"))
        new, _ = check(Path("facts"))
    assert problems == []
    assert len(old.by_kind["quote"]) == 4
    removed = [c for c in diff.compare(old, new) if c.action is diff.Action.REMOVED]
    assert [c.record.id for c in removed] == [
        "ortiz-best-offer",
        "ortiz-door-open",
        "southland-not-enough",
        "southland-order-stands",
    ]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="this system has no symbolic links")
def test_a_symbolic_link_at_the_base_is_refused_as_in_the_working_tree(
    repo: Path, run: Run
) -> None:
    (repo / "facts" / "actors" / "passwd.yml").symlink_to("/etc/passwd")
    commit_all(repo, "Link a file")
    (repo / "facts" / "actors" / "passwd.yml").unlink()
    result = run("diff", "HEAD", cwd=repo)
    assert result.err == (
        "HEAD:facts/actors/passwd.yml:1:1: error: is a symbolic link (facts must be regular "
        "files)\n"
    )
    assert result.out.endswith("No changes.\n")
