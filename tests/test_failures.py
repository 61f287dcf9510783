"""Failures never lose anything: facts are never written, hand-written pages never
touched, a failed build keeps the previous site, a killed render leaves whole pages."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing.build import BuildError, build_site
from briefing.pipeline import render_site
from briefing.problems import FactBaseError
from briefing.synth import synthesise
from briefing.write import MANIFEST, read_manifest
from conftest import HAND_WRITTEN, MINIMAL, site_files, site_project


def _project(root: Path, facts: Path) -> Path:
    shutil.copytree(facts, site_project(root) / "facts")
    return root


def _snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Return every file under a folder with its hash and modification time."""
    return {
        p.relative_to(folder).as_posix(): (
            hashlib.sha256(p.read_bytes()).hexdigest(),
            p.stat().st_mtime_ns,
        )
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Return a project holding a copy of the minimal briefing."""
    return _project(tmp_path, MINIMAL / "facts")


def _synthetic(root: Path) -> Path:
    """Return a project holding a synthetic briefing of 100 actors (some 300 pages)."""
    for relative, text in synthesise(100, seed=3).items():
        path = site_project(root) / "facts" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _build(project: Path) -> None:
    build_site(project / "facts", project / "docs", project / "mkdocs.yml", project / "site")


def test_render_and_build_never_write_under_facts(project: Path) -> None:
    before = _snapshot(project / "facts")
    _build(project)
    render_site(project / "facts", project / "docs", project / "mkdocs.yml")
    (project / "facts" / "actors" / "broken.yml").write_text("id: [\n")
    before["actors/broken.yml"] = _snapshot(project / "facts")["actors/broken.yml"]
    with pytest.raises(FactBaseError):
        _build(project)
    assert _snapshot(project / "facts") == before


def test_hand_written_files_in_every_generated_folder_survive(tmp_path: Path) -> None:
    project = _project(tmp_path, MINIMAL / "facts")
    render_site(project / "facts", project / "docs", project / "mkdocs.yml")
    folders = sorted({Path(p).parent for p in read_manifest(project / "docs")})
    assert len(folders) >= 8
    planted = {}
    for folder in folders:
        note = project / "docs" / folder / "editor-notes.md"
        note.write_text(f"# Notes on {folder}\n\nKept by hand.\n")
        planted[note] = note.read_text()
    # Remove a record, so that its page goes stale, then rebuild.
    (project / "facts" / "actors" / "acme.yml").unlink()
    system = project / "facts" / "systems" / "skyshield.yml"
    system.write_text(system.read_text().replace("manufacturer: [acme]\n", ""))
    _build(project)
    for note, text in planted.items():
        assert note.read_text() == text, note
    for name in HAND_WRITTEN:
        text = site_files()[f"docs/{name}"]
        assert (project / "docs" / name).read_text(encoding="utf-8") == text
    assert not (project / "docs" / "actors" / "acme.md").exists()
    assert (project / "site" / "actors" / "editor-notes" / "index.html").is_file()


def test_a_failed_build_leaves_the_previous_site_complete(project: Path) -> None:
    _build(project)
    before = _snapshot(project / "site")
    # A hand-written page with a broken link fails MkDocs' strict build.
    (project / "docs" / "method.md").write_text("# Method\n\n[gone](nowhere.md)\n")
    with pytest.raises(BuildError, match="mkdocs build failed"):
        _build(project)
    assert _snapshot(project / "site") == before
    # Nothing half-built is left beside the site: only the last good build's cache.
    assert [p.name for p in project.glob(".site-*")] == [".site-cache"]


def _render_command(project: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "briefing", "render"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_a_render_killed_mid_write_leaves_each_page_old_or_new(tmp_path: Path) -> None:
    # Old pages from a synthetic briefing, new ones after a change that reaches many pages.
    old = _synthetic(tmp_path / "old")
    _render_command(old).wait()
    new = _synthetic(tmp_path / "new")
    source = next((new / "facts" / "sources").glob("*.yml"))
    source.write_text(source.read_text().replace("title: ", "title: Revised, ", 1))
    _render_command(new).wait()
    versions = {
        name: {p.read_bytes() for p in (old / "docs" / name, new / "docs" / name) if p.is_file()}
        for name in read_manifest(old / "docs") | read_manifest(new / "docs")
    }
    changed = {name for name, both in versions.items() if len(both) == 2}
    assert len(changed) > 10

    mixed = 0
    for step in range(8):
        trial = tmp_path / f"trial-{step}"
        shutil.copytree(old, trial)
        shutil.copy(source, trial / source.relative_to(new))
        pages = [trial / "docs" / name for name in sorted(changed)]
        stamps = [page.stat().st_mtime_ns for page in pages]
        render = _render_command(trial)
        # Kill it as soon as it has replaced a first page, a little later each time.
        while render.poll() is None and stamps == [p.stat().st_mtime_ns for p in pages]:
            time.sleep(0.001)
        time.sleep(step * 0.002)
        os.kill(render.pid, signal.SIGKILL)
        render.wait()
        now = {name: (trial / "docs" / name).read_bytes() for name in changed}
        for name, data in now.items():
            assert data in versions[name], f"{name} is neither the old nor the new page"
        if (
            0
            < sum(data == (new / "docs" / name).read_bytes() for name, data in now.items())
            < len(changed)
        ):
            mixed += 1
        # The next render finishes the job and leaves no temporary file behind.
        assert _render_command(trial).wait() == 0
        for name in changed:
            assert (trial / "docs" / name).read_bytes() == (new / "docs" / name).read_bytes()
        assert not [p for p in (trial / "docs").rglob("*.tmp")]
        assert (trial / "docs" / MANIFEST).read_bytes() == (new / "docs" / MANIFEST).read_bytes()
    # At least one kill landed while pages were being written.
    assert mixed > 0
