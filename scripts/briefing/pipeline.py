"""The stages run in order: gather (load, validate, link) before anything is written."""

from __future__ import annotations

import contextlib
import gc
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from briefing.link import FactBase, link
from briefing.load import RawRecord, load, load_file
from briefing.models import FOLDERS
from briefing.problems import FactBaseError, Problem, failing
from briefing.render import Settings, render
from briefing.validate import Validated, validate
from briefing.write import WriteReport, write

INTRO = "intro.md"
"""The hand-written introduction that opens the generated home page."""


@dataclass(frozen=True)
class _Read:
    """What one fact file gave when it was last read."""

    stamp: tuple[int, int, int]
    kind: str
    raws: list[RawRecord]
    problems: list[Problem]
    validated: Validated


class FileCache:
    """The records each fact file gave, to read and validate again only changed files."""

    def __init__(self) -> None:
        self._files: dict[str, _Read] = {}

    def read(self, facts: Path) -> tuple[list[RawRecord], list[Problem], Validated]:
        """Return what load and validate give for the fact base, reading changed files only."""
        seen: dict[str, _Read] = {}

        def read_file(kind: str, path: Path, display: str) -> tuple[list[RawRecord], list[Problem]]:
            status = path.stat()
            stamp = (status.st_mtime_ns, status.st_size, status.st_ino)
            cached = self._files.get(display)
            if cached is None or (cached.stamp, cached.kind) != (stamp, kind):
                raws, problems = load_file(kind, path, display)
                cached = _Read(stamp, kind, raws, problems, validate(raws))
            seen[display] = cached
            return cached.raws, cached.problems

        raws, problems = load(facts, read_file)
        self._files = seen
        validated = Validated()
        for part in seen.values():
            validated.entries += part.validated.entries
            validated.invalid.update(part.validated.invalid)
            validated.problems += part.validated.problems
        return raws, problems, validated


@contextlib.contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Hold off Python's cycle collector, restoring it after.

    Reading builds a large web of long-lived objects and no garbage cycles; the cycle
    collector walked it over and over: reading 10,000 actors took nearly twice as long,
    and time grew faster than the fact base.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check(facts: Path, cache: FileCache | None = None) -> tuple[FactBase, list[Problem]]:
    """Load, validate and link the fact base, returning it with every problem found.

    With a cache, only the files that changed since it last read them are read again.
    """
    with no_cycle_collection():
        return _check(facts, cache)


def _check(facts: Path, cache: FileCache | None) -> tuple[FactBase, list[Problem]]:
    if cache is None:
        raws, problems = load(facts)
        validated = validate(raws)
    else:
        raws, problems, validated = cache.read(facts)
    # A kind folder with a file that gave no records may hold ids others refer to.
    read = {raw.origin.path for raw in raws}
    kinds = {folder: kind for kind, folder in FOLDERS.items()}
    unread = frozenset(
        kinds[Path(p.path).parent.name]
        for p in failing(problems)
        if p.path not in read and Path(p.path).parent.name in kinds
    )
    base, unlinked = link(validated.entries, validated.invalid, unread)
    # A value the loader refused (an alias, a tag) also fails validation: say it once.
    places = {(p.path, p.line, p.column) for p in problems}
    followers = [p for p in validated.problems if (p.path, p.line, p.column) not in places]
    return base, sorted([*problems, *followers, *unlinked])


def gather(
    facts: Path, *, strict: bool = False, cache: FileCache | None = None
) -> tuple[FactBase, list[Problem]]:
    """Return the fact base and its warnings, or raise FactBaseError if it has errors."""
    base, problems = check(facts, cache)
    if failing(problems, strict=strict):
        raise FactBaseError(problems)
    return base, problems


def settings_for(docs: Path, config: Path) -> Settings:
    """Read the home page introduction and the edit link base for a site."""
    intro_path = docs / INTRO
    intro = intro_path.read_text(encoding="utf-8") if intro_path.is_file() else ""
    edit_base = None
    if config.is_file():
        site = yaml.load(config.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
        repo = site.get("repo_url") if isinstance(site, dict) else None
        if isinstance(repo, str) and repo.startswith(("https://", "http://")):
            branch = (site.get("extra") or {}).get("briefing_branch", "main")
            edit_base = f"{repo.rstrip('/')}/edit/{branch}/"
    return Settings(intro=intro, edit_base=edit_base)


class _ConfigLoader(yaml.SafeLoader):
    """Read mkdocs.yml, ignoring the Python tags MkDocs allows there."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def render_site(facts: Path, docs: Path, config: Path) -> tuple[WriteReport, list[Problem]]:
    """Check the facts, render every page and write the changed ones under docs/."""
    base, warnings = gather(facts)
    return write(render(base, settings_for(docs, config)), docs), warnings


class BuildError(Exception):
    """MkDocs failed to build the site; the previous site is untouched."""


def build_site(
    facts: Path, docs: Path, config: Path, site: Path
) -> tuple[WriteReport, list[Problem]]:
    """Render, build with MkDocs into a folder beside site/, and swap it in on success."""
    report, warnings = render_site(facts, docs, config)
    site = site.absolute()
    site.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=".site-", dir=site.parent))
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--quiet",
        "--config-file",
        str(config),
        "--site-dir",
        str(building),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        shutil.rmtree(building, ignore_errors=True)
        raise BuildError(f"mkdocs build failed; {site} is unchanged:\n{done.stderr.strip()}")
    retired = site.with_name(f".{site.name}-old")
    shutil.rmtree(retired, ignore_errors=True)
    if site.exists():
        site.rename(retired)
    building.rename(site)
    shutil.rmtree(retired, ignore_errors=True)
    return report, warnings
