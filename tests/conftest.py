"""Shared helpers: run the command line in-process, copy fixtures, update goldens."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefing.cli import main

TESTS = Path(__file__).parent
ROOT = TESTS.parent
MINIMAL = TESTS / "fixtures" / "minimal"
SEEDS = ROOT.parent / "shared" / "seeds"
HAND_WRITTEN = ("intro.md", "method.md", "contributing.md", "dictionary.md")
"""The hand-written pages under docs/; the generator writes the rest."""


def copy_config(project: Path) -> None:
    """Copy the site configuration into a folder: mkdocs.yml and its theme overrides."""
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", project / "overrides", dirs_exist_ok=True)


def site_project(project: Path) -> Path:
    """Set up a folder to build a site: mkdocs.yml and the hand-written pages."""
    project.mkdir(parents=True, exist_ok=True)
    copy_config(project)
    (project / "docs").mkdir()
    for name in HAND_WRITTEN:
        shutil.copy(ROOT / "docs" / name, project / "docs" / name)
    return project


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite expected outputs and golden pages from what the code produces now",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@dataclass
class Result:
    status: int
    out: str
    err: str


Run = Callable[..., Result]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run `briefing ARGS...` in a folder and return its status and output."""

    def runner(*args: str, cwd: Path | None = None) -> Result:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        try:
            status = main(list(args))
        except SystemExit as exc:  # argparse exits on usage errors
            status = int(exc.code or 0)
        captured = capsys.readouterr()
        return Result(status, captured.out, captured.err)

    return runner


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """Return a fresh copy of the minimal fixture (facts/ and archive/)."""
    target = tmp_path / "minimal"
    shutil.copytree(MINIMAL, target)
    return target
