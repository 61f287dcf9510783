"""Shared helpers: run the command line in-process, copy fixtures, update goldens."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.init import Requirement, briefing_files

TESTS = Path(__file__).parent
ROOT = TESTS.parent
MINIMAL = TESTS / "fixtures" / "minimal"
SEEDS = ROOT.parent / "shared" / "seeds"
HAND_WRITTEN = ("intro.md", "method.md")
"""The hand-written pages under docs/ of a briefing made by `briefing init`."""
TITLE = "Skyshield for Southland"
"""The title of the test briefings (the fixtures are about a sale of Skyshield)."""


def site_files() -> dict[str, str]:
    """Return mkdocs.yml, its theme overrides and the hand-written pages of a new test
    briefing, by path."""
    made = briefing_files(
        TITLE, "A test briefing.", Requirement("briefing", "the tests", local=False)
    )
    kept = ("mkdocs.yml", *(f"docs/{n}" for n in HAND_WRITTEN))
    return {
        path: text for path, text in made.items() if path in kept or path.startswith("overrides/")
    }


def site_project(project: Path) -> Path:
    """Set up a folder to build a site: mkdocs.yml and the hand-written pages."""
    for relative, text in site_files().items():
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return project


def files_in(folder: Path) -> dict[str, bytes]:
    """Return every file under a folder by its path there (a/b.html), with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


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
