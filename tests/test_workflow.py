"""The GitHub Actions workflow: every command it runs exists, so it cannot silently rot.

The workflow itself runs only on GitHub; these tests read it and check each `briefing`
command against the real argument parser and each `make` target against the Makefile.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from briefing import cli
from briefing.incremental import cache_path
from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
SKELETON = ROOT / "scripts" / "briefing" / "skeleton" / "workflow.yml"
OPERATORS = {"&&", "||", ";", "|", "&"}
REDIRECTIONS = {">", ">>", "<", "2>", "2>>"}
PAGES = "github.event_name == 'push' && github.ref_name == github.event.repository.default_branch"


def _workflow() -> dict[Any, Any]:
    loaded = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _steps() -> list[dict[str, Any]]:
    return [step for job in _workflow()["jobs"].values() for step in job.get("steps", [])]


def commands(script: str) -> list[list[str]]:
    """Return each simple command of a shell script as its words, without redirections."""
    found: list[list[str]] = []
    for line in script.replace("\\\n", " ").splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        words: list[str] = []
        skip = False
        for token in lexer:
            if token in OPERATORS:
                found.append(words)
                words = []
            elif token in REDIRECTIONS:
                skip = True
            elif skip:
                skip = False
            else:
                words.append(token)
        found.append(words)
    return [words for words in found if words]


def _run(program: str) -> list[list[str]]:
    runs = [commands(step["run"]) for step in _steps() if "run" in step]
    return [words[1:] for run in runs for words in run if words[0] == program]


def test_the_shell_splitter_finds_every_command() -> None:
    script = 'make x && briefing diff HEAD^1 >> "$OUT"\nif ! command -v a; then b; fi\n'
    assert commands(script) == [
        ["make", "x"],
        ["briefing", "diff", "HEAD^1"],
        ["if", "!", "command", "-v", "a"],
        ["then", "b"],
        ["fi"],
    ]


@pytest.mark.parametrize("args", _run("briefing"), ids=shlex.join)
def test_each_briefing_command_parses(args: list[str]) -> None:
    try:
        cli.parser().parse_args(args)
    except SystemExit:
        pytest.fail(f"the workflow runs `briefing {shlex.join(args)}`, which does not parse")


def test_the_workflow_runs_the_checks_the_readme_promises() -> None:
    assert {" ".join(args) for args in _run("briefing")} >= {
        "check --strict --format github",
        "fmt --check",
        "diff HEAD^1",
        "build --offline",
    }
    assert ["test"] in _run("make")


def _make_targets() -> set[str]:
    """Return the targets the Makefile declares, with its variables expanded."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    variables = dict(re.findall(r"^(\w+)\s*[:?]?=\s*(.*?)\s*$", text, re.MULTILINE))

    def expand(value: str) -> str:
        return re.sub(r"\$\((\w+)\)", lambda m: expand(variables.get(m[1], "")), value)

    declared = re.findall(r"^([^\s:#=][^:=]*):(?!=)", text, re.MULTILINE)
    return {expand(target) for target in declared}


@pytest.mark.parametrize("args", _run("make"), ids=shlex.join)
def test_each_make_target_exists(args: list[str]) -> None:
    targets = [arg for arg in args if not arg.startswith("-") and "=" not in arg]
    assert set(targets) <= _make_targets(), f"the Makefile has no target {targets}"


def test_pages_are_deployed_only_from_the_default_branch_with_official_actions() -> None:
    workflow = _workflow()
    assert set(workflow[True]) == {"pull_request", "push", "workflow_dispatch"}
    assert workflow["permissions"] == {"contents": "read"}
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["if"] == PAGES
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    uses = {step["uses"].split("@")[0]: step for step in _steps() if "uses" in step}
    assert set(uses) == {
        "actions/cache",
        "actions/checkout",
        "actions/setup-python",
        "actions/upload-artifact",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    }
    assert uses["actions/configure-pages"]["if"] == PAGES
    assert uses["actions/upload-pages-artifact"]["if"] == PAGES
    assert uses["actions/checkout"]["with"]["fetch-depth"] == 0


@pytest.mark.parametrize("workflow", [WORKFLOW, SKELETON], ids=["repository", "skeleton"])
def test_the_workflow_keeps_the_site_and_its_build_cache_between_runs(workflow: Path) -> None:
    loaded = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    steps = [step for step in loaded["jobs"]["build"]["steps"]]
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"].split() == ["site/", f"{cache_path(Path('site')).parent}/"]
    assert cache["with"]["key"] == "site-${{ github.ref_name }}-${{ github.sha }}"
    assert cache["with"]["restore-keys"].splitlines() == ["site-${{ github.ref_name }}-", "site-"]
    # The site is built by `briefing build`, or by `make test` in a briefing's own workflow.
    builds = [
        i for i, s in enumerate(steps) if re.search(r"briefing build|make test", s.get("run", ""))
    ]
    assert builds and steps.index(cache) < min(builds)
