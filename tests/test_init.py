"""`briefing init`: a new briefing repository that is complete and passes its own checks."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from mkdocs.utils.yaml import yaml_load

from briefing.init import Requirement, briefing_files, requirement_for
from briefing.pipeline import gather
from briefing.render import generated_paths, render
from briefing.schema import schema_files
from conftest import MINIMAL, ROOT, Run
from test_workflow import commands

TITLE = 'Jets for Alpland: the "F-99" purchase: {{ not a template }} #1'
DESCRIPTION = "Cited facts on Alpland's fighter-jet purchase & the vote against it."


def _make(folder: Path, target: str) -> subprocess.CompletedProcess[str]:
    """Run a make target of a new briefing with the generator these tests run.

    The new repository's Makefile takes another briefing command in BRIEFING, so that
    only one test pays for a fresh installation.
    """
    command = ["make", "--no-print-directory", target, f"BRIEFING={sys.executable} -m briefing"]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)


@pytest.fixture
def briefing(tmp_path: Path, run: Run) -> Path:
    folder = tmp_path / "alpland"
    result = run("init", str(folder), "--title", TITLE, "--description", DESCRIPTION)
    assert result.status == 0, result.err
    return folder


def test_init_writes_a_complete_briefing(briefing: Path, run: Run) -> None:
    written = sorted(
        p.relative_to(briefing).as_posix()
        for p in briefing.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(briefing).parts
    )
    assert written == sorted(
        [
            ".github/workflows/site.yml",
            ".gitignore",
            ".vscode/settings.json",
            "archive/.gitkeep",
            "Makefile",
            "README.md",
            "docs/intro.md",
            "docs/method.md",
            "mkdocs.yml",
            "overrides/assets/stylesheets/briefing-print.css",
            "overrides/assets/stylesheets/briefing.css",
            "overrides/main.html",
            "requirements.txt",
            *(f"facts/{kind}s/.gitkeep" for kind in ("source", "actor", "system", "deal")),
            *(f"facts/{kind}s/.gitkeep" for kind in ("event", "quote", "dispute")),
            *(f"facts/schema/{name}" for name in schema_files()),
        ]
    )
    assert (briefing / ".git").is_dir()
    with (briefing / "mkdocs.yml").open("rb") as file:
        config = yaml_load(file)  # MkDocs' reader, which knows !ENV
    assert (config["site_name"], config["site_description"]) == (TITLE, DESCRIPTION)
    intro = (briefing / "docs" / "intro.md").read_text(encoding="utf-8")
    assert intro.startswith(f"# {TITLE}\n\n{DESCRIPTION}\n\n")


def test_init_refuses_a_folder_that_is_not_empty_and_a_title_on_two_lines(
    tmp_path: Path, run: Run
) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine\n")
    taken = run("init", str(tmp_path / "taken"), "--title", "A briefing")
    assert (taken.status, taken.err) == (
        2,
        f"briefing init: {(tmp_path / 'taken').as_posix()} is not empty (choose a new folder)\n",
    )
    assert (tmp_path / "taken" / "notes.txt").read_text() == "mine\n"
    two_lines = run("init", str(tmp_path / "new"), "--title", "A\nbriefing")
    assert (two_lines.status, two_lines.err) == (
        2,
        "briefing init: --title holds a line break or a control character (write one line)\n",
    )
    assert not (tmp_path / "new").exists()


def test_the_new_briefing_passes_its_checks_empty_and_filled(briefing: Path) -> None:
    empty = _make(briefing, "test")
    assert empty.returncode == 0, empty.stdout + empty.stderr
    assert "facts: 0 records, no errors" in empty.stdout
    assert "0 of 0 quotes checked against archive/, all verbatim" in empty.stdout
    assert "site/: every link and anchor in" in empty.stdout

    for folder in ("facts", "archive"):
        shutil.copytree(MINIMAL / folder, briefing / folder, dirs_exist_ok=True)
    assert _make(briefing, "fmt").returncode == 0  # the fixture is not laid out as fmt would
    filled = _make(briefing, "test")
    assert filled.returncode == 0, filled.stdout + filled.stderr
    assert "facts: 22 records, no errors" in filled.stdout
    assert "4 of 4 quotes checked against archive/, all verbatim" in filled.stdout
    # Pages name fact files within the repository, never where it sits on this machine.
    acme = (briefing / "site" / "actors" / "acme" / "index.html").read_text(encoding="utf-8")
    assert "<code>facts/actors/acme.yml</code>" in acme
    site = briefing / "site"
    for page in site.rglob("*"):
        if page.suffix in (".html", ".json", ".csv", ".md"):
            assert str(briefing) not in page.read_text(encoding="utf-8"), page
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Jets for Alpland" in home and "Skyshield" in home


def test_a_broken_link_fails_the_new_briefings_test(briefing: Path) -> None:
    method = briefing / "docs" / "method.md"
    method.write_text(method.read_text() + '\n<a href="actors/nobody/">gone</a>\n')
    broken = _make(briefing, "test")
    assert broken.returncode != 0
    assert (
        "site/method/index.html: broken link 'actors/nobody/' (no file method/actors/nobody/"
        "index.html)" in broken.stderr
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_new_briefing_sets_itself_up_on_a_clean_machine(tmp_path: Path, run: Run) -> None:
    """The README's two commands, with nothing but Python, git and make: a real install."""
    # pip builds a folder it installs from in place: give it a copy of the package.
    package = tmp_path / "package"
    shutil.copytree(
        ROOT / "scripts" / "briefing",
        package / "scripts" / "briefing",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, package / name)
    folder = tmp_path / "fresh"
    requirement = f"briefing @ {package.as_uri()}"
    assert run("init", str(folder), "--title", "Fresh", "--requirement", requirement).status == 0
    for part in ("facts", "archive"):
        shutil.copytree(MINIMAL / part, folder / part, dirs_exist_ok=True)
    environment = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    for target in ("site", "fmt", "test"):
        done = subprocess.run(
            ["make", target], cwd=folder, capture_output=True, text=True, env=environment
        )
        assert done.returncode == 0, done.stdout + done.stderr
    assert (folder / ".venv" / "bin" / "briefing").is_file()
    assert (folder / "site" / "index.html").is_file()


def test_the_new_briefings_workflow_runs_commands_that_exist(briefing: Path) -> None:
    from briefing.cli import parser

    workflow = yaml.safe_load((briefing / ".github" / "workflows" / "site.yml").read_text())
    runs = [
        words
        for job in workflow["jobs"].values()
        for step in job.get("steps", [])
        if "run" in step
        for words in commands(step["run"])
    ]
    targets = (briefing / "Makefile").read_text(encoding="utf-8")
    for words in runs:
        if words[0] == "briefing":
            parser().parse_args(words[1:])
        elif words[0] == "make":
            assert f"\n{words[1]}:" in targets or "\n$(VENV)/.installed:" in targets
    assert ["make", "test"] in runs
    assert ["briefing", "check", "--strict", "--format", "github"] in runs
    assert any(
        step.get("uses", "").startswith("actions/deploy-pages")
        for step in workflow["jobs"]["deploy"]["steps"]
    )


def test_the_ignored_paths_cover_every_page_the_generator_writes() -> None:
    base, _ = gather(MINIMAL / "facts")
    for page in render(base):
        assert any(page == path or page.startswith(path) for path in generated_paths()), page
    ignored = briefing_files("T", "", Requirement("briefing", "tests", False))[".gitignore"]
    for path in generated_paths():
        assert f"\n/docs/{path}\n" in ignored


def test_a_new_records_schema_line_resolves_wherever_the_facts_are(
    briefing: Path, run: Run
) -> None:
    assert run("new", "actor", "first-actor", cwd=briefing).status == 0
    written = briefing / "facts" / "actors" / "first-actor.yml"
    schema = written.read_text().splitlines()[0].split("$schema=")[1]
    moved = briefing.parent / "elsewhere"
    shutil.move(briefing / "facts", moved)
    assert (moved / "actors" / schema).resolve().is_file()


@pytest.mark.parametrize(
    ("direct_url", "line", "local"),
    [
        (None, "briefing==0.1.0", False),
        (
            json.dumps(
                {
                    "url": "https://github.com/example/briefing",
                    "vcs_info": {"vcs": "git", "commit_id": "0" * 40, "requested_revision": "v1"},
                }
            ),
            f"briefing @ git+https://github.com/example/briefing@{'0' * 40}",
            False,
        ),
        (
            json.dumps({"url": "file:///home/ed/briefing", "dir_info": {"editable": True}}),
            "briefing @ file:///home/ed/briefing",
            True,
        ),
    ],
    ids=["release", "git", "folder"],
)
def test_the_requirement_pins_the_generator_as_it_is_installed(
    direct_url: str | None, line: str, local: bool
) -> None:
    requirement = requirement_for(direct_url, "0.1.0")
    assert (requirement.line, requirement.local) == (line, local)
