"""The stages run in order: gather (load, validate, link) before anything is written.

`build` then has MkDocs build the rendered pages into the site.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from briefing import diff
from briefing.collector import no_cycle_collection
from briefing.link import FactBase, link
from briefing.load import ParsedFiles, RawRecord, load, load_file
from briefing.models import FOLDERS
from briefing.problems import FactBaseError, Problem, Severity, failing
from briefing.render import Settings, render
from briefing.revision import Edition, RevisionError, edition, facts_at, repository
from briefing.validate import Validated, validate
from briefing.write import WriteReport, read_manifest, write

INTRO = "intro.md"
"""The hand-written introduction that opens the generated home page."""
SINCE = "briefing_whats_new_since"
"""The `extra` setting in mkdocs.yml naming the revision What's new compares with."""


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


def check(
    facts: Path, cache: FileCache | None = None, parsed: ParsedFiles | None = None
) -> tuple[FactBase, list[Problem]]:
    """Load, validate and link the fact base, returning it with every problem found.

    With a cache, only the files that changed since it last read them are read again;
    without one but with `parsed`, only the files it has not parsed before are parsed.
    """
    with no_cycle_collection():
        return _check(facts, cache, parsed)


def _check(
    facts: Path, cache: FileCache | None, parsed: ParsedFiles | None
) -> tuple[FactBase, list[Problem]]:
    if cache is None:
        raws, problems = load(facts, load_file if parsed is None else parsed.read)
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


def check_at(revision: str, facts: Path) -> tuple[FactBase, list[Problem]]:
    """Check the facts as they were at a git revision; problems name `REV:path`."""
    with tempfile.TemporaryDirectory(prefix="briefing-") as folder:
        prefix = facts_at(revision, facts, Path(folder))
        base, problems = check(Path(folder))
    here, there = Path(folder).as_posix(), f"{revision}:{prefix}"
    return base, [
        replace(p, path=p.path.replace(here, there, 1), message=p.message.replace(here, there))
        for p in problems
    ]


def gather(
    facts: Path,
    *,
    strict: bool = False,
    cache: FileCache | None = None,
    parsed: ParsedFiles | None = None,
) -> tuple[FactBase, list[Problem]]:
    """Return the fact base and its warnings, or raise FactBaseError if it has errors."""
    base, problems = check(facts, cache, parsed)
    if failing(problems, strict=strict):
        raise FactBaseError(problems)
    return base, problems


def repository_path(folder: Path) -> str:
    """Return a folder's path relative to the git repository holding it, as a/b.

    Outside a repository, return the folder's own name: pages never show where a
    briefing sits on the editor's machine.
    """
    try:
        top = repository(folder)
    except RevisionError:
        return folder.absolute().name
    return folder.absolute().resolve().relative_to(top).as_posix()


def hand_written(docs: Path) -> tuple[tuple[str, str], ...]:
    """Return the hand-written pages under docs/ as (docs path, Markdown), in path order.

    The introduction is left out: it is part of the home page.
    """
    generated = read_manifest(docs) | {INTRO}
    pages = []
    # os.walk, for a docs/ of thousands of generated pages: Path.rglob takes seconds.
    for folder, _, names in os.walk(docs):
        for name in names:
            path = Path(folder, name)
            page = path.relative_to(docs).as_posix()
            if name.endswith(".md") and page not in generated and path.is_file():
                pages.append((page, path.read_text(encoding="utf-8")))
    return tuple(sorted(pages, key=lambda page: page[0].split("/")))


def settings_for(docs: Path, config: Path, facts: Path) -> Settings:
    """Read the home page introduction, the hand-written pages and the edit link base."""
    intro_path = docs / INTRO
    intro = intro_path.read_text(encoding="utf-8") if intro_path.is_file() else ""
    edit_base = None
    site = site_config(config)
    repo = site.get("repo_url")
    if isinstance(repo, str) and repo.startswith(("https://", "http://")):
        branch = (site.get("extra") or {}).get("briefing_branch", "main")
        edit_base = f"{repo.rstrip('/')}/edit/{branch}/"
    name, url = site.get("site_name"), site.get("site_url")
    return Settings(
        intro=intro,
        hand_written=hand_written(docs),
        edit_base=edit_base,
        facts_read=facts.as_posix(),
        facts_shown=repository_path(facts),
        site_name=name if isinstance(name, str) and name else Settings.site_name,
        site_url=url.rstrip("/") + "/" if isinstance(url, str) and url else None,
    )


def served_at(config: Path) -> str:
    """Return the URL path the site is served at: that of `site_url`, or `/`."""
    url = site_config(config).get("site_url")
    path = urlsplit(url).path if isinstance(url, str) else ""
    return path or "/"


def site_config(config: Path) -> dict[str, Any]:
    """Return mkdocs.yml as data, or an empty mapping when there is none."""
    if not config.is_file():
        return {}
    site = yaml.load(config.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    return site if isinstance(site, dict) else {}


class _ConfigLoader(yaml.SafeLoader):
    """Read mkdocs.yml, ignoring the Python tags MkDocs allows there."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _since(config: Path) -> tuple[str, int, int] | None:
    """Return the revision mkdocs.yml names for What's new, with its line and column."""
    if not config.is_file():
        return None
    root = yaml.compose(config.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    node: yaml.Node | None = root
    for key in ("extra", SINCE):
        pairs = node.value if isinstance(node, yaml.MappingNode) else []
        node = next((v for k, v in pairs if k.value == key), None)
    if not isinstance(node, yaml.ScalarNode) or not node.value:
        return None
    return node.value, node.start_mark.line + 1, node.start_mark.column + 1


def facts_since(config: Path, facts: Path) -> tuple[str, FactBase, list[Problem]] | None:
    """Return the revision What's new compares with, if any, and the facts as they were.

    Records that did not validate at that revision would show as added: their errors
    come back as warnings, so the site still builds and the editor is told.
    """
    since = _since(config)
    if since is None:
        return None
    revision, line, column = since
    try:
        earlier, problems = check_at(revision, facts)
    except RevisionError as exc:
        raise FactBaseError(
            [Problem(config.as_posix(), line, column, f"extra.{SINCE}: {exc}")]
        ) from None
    return revision, earlier, [replace(p, severity=Severity.WARNING) for p in failing(problems)]


def with_changes(
    settings: Settings, since: tuple[str, FactBase, list[Problem]] | None, base: FactBase
) -> Settings:
    """Return the settings with what changed in the facts since the chosen revision."""
    if since is None:
        return settings
    revision, earlier, _ = since
    return replace(settings, since=revision, changes=tuple(diff.compare(earlier, base)))


def render_site(
    facts: Path, docs: Path, config: Path, *, offline: bool = False
) -> tuple[WriteReport, list[Problem]]:
    """Check the facts, render every page and write the changed ones under docs/.

    With `offline`, the Data page offers the offline edition (which `build.build_site` makes).
    """
    rendered = render_edition(facts, docs, config, offline, edition(facts))
    return rendered.report, rendered.warnings


@dataclass(frozen=True)
class Rendered:
    """What rendering a site gave: the facts and settings it used, and what it wrote."""

    base: FactBase
    settings: Settings
    report: WriteReport
    warnings: list[Problem]


def render_edition(
    facts: Path, docs: Path, config: Path, offline: bool, built_from: Edition | None
) -> Rendered:
    """Render the site for an edition of the facts (None: not in git), keeping what it used."""
    base, warnings, settings, earlier = prepare_edition(facts, docs, config, offline, built_from)
    report = write(render(base, settings), docs)
    return Rendered(base, settings, report, [*warnings, *earlier])


def prepare_edition(
    facts: Path,
    docs: Path,
    config: Path,
    offline: bool,
    built_from: Edition | None,
    parsed: ParsedFiles | None = None,
) -> tuple[FactBase, list[Problem], Settings, list[Problem]]:
    """Return the fact base, its warnings, the settings to render an edition with, and the
    warnings about the facts What's new compares with. Raise FactBaseError on errors.

    With `parsed`, the fact files it has parsed before are not parsed again."""
    base, warnings = gather(facts, parsed=parsed)
    since = facts_since(config, facts)
    settings = replace(
        with_changes(settings_for(docs, config, facts), since, base), offline=offline
    )
    if built_from is not None:
        settings = replace(settings, edited=datetime.fromtimestamp(built_from.time, UTC))
    return base, warnings, settings, since[2] if since else []
