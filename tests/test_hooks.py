"""The pre-commit hooks and the example configuration run real commands that pass."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from briefing.cli import parser
from conftest import ROOT, Run

MANIFEST = ROOT / ".pre-commit-hooks.yaml"
EXAMPLE = ROOT / ".pre-commit-config.example.yaml"
A_FACT_FILE = "facts/actors/southland.yml"


def manifest_hooks() -> list[dict[str, Any]]:
    hooks: list[dict[str, Any]] = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return hooks


def example_hooks() -> list[dict[str, Any]]:
    config = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    return [hook for repo in config["repos"] for hook in repo["hooks"]]


def _arguments(hook: dict[str, Any]) -> list[str]:
    """Return the arguments pre-commit passes to the command, with one staged fact file."""
    command = shlex.split(hook["entry"])
    assert Path(command[0]).name == "briefing"
    return command[1:] + ([A_FACT_FILE] if hook.get("pass_filenames", True) else [])


@pytest.mark.parametrize("hook", manifest_hooks(), ids=lambda hook: hook["id"])
def test_each_hook_runs_a_briefing_command_that_passes_on_a_briefing(
    hook: dict[str, Any], run: Run, minimal: Path
) -> None:
    assert hook["language"] == "python"
    arguments = _arguments(hook)
    parser().parse_args(arguments)
    result = run(*arguments, cwd=minimal)
    assert (result.status, result.err) == (0, "")


def test_the_example_configuration_runs_the_same_hooks_from_the_venv() -> None:
    assert [hook["id"] for hook in example_hooks()] == [hook["id"] for hook in manifest_hooks()]
    for example, hook in zip(example_hooks(), manifest_hooks(), strict=True):
        assert shlex.split(example["entry"])[0] == ".venv/bin/briefing"
        assert _arguments(example) == _arguments(hook)
        assert (example["files"], example["pass_filenames"]) == (
            hook["files"],
            hook["pass_filenames"],
        )
    assert "VENV := .venv" in (ROOT / "Makefile").read_text(encoding="utf-8")


@pytest.mark.parametrize("hook", manifest_hooks(), ids=lambda hook: hook["id"])
def test_hooks_run_only_when_a_fact_file_changes(hook: dict[str, Any]) -> None:
    files = re.compile(hook["files"])
    assert files.search("facts/quotes/new-quote.yml")
    assert files.search("facts/sources/report.yaml")
    assert not files.search("docs/contributing.md")
    assert not files.search("scripts/briefing/fmt.py")
