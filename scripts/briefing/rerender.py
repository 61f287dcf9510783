"""Render again, in a new process, only the pages an edit can change since the last build.

The live preview (`live.LiveSite`) keeps the last fact base in memory to see what changed;
a build starts afresh, so the build cache keeps what that needs instead (`RenderState`):
for every record its kind, fact file, a digest of its content and the records it refers
to; what each page looked up and needs when it was rendered (`FactBase.reads`,
`Pages.needs`); the settings, the overview graph's edges and the years split by month. A
page is rendered again when it looked up or needs a record that was added, removed or
changed, or one that a changed record began or ceased to refer to, as in the live preview;
the other generated files are kept as the last build wrote them (the build checks their
hashes). Digests are computed again only for the records of fact files whose bytes changed,
and only those files are parsed again: the state keeps the value each file was parsed into.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from briefing import citations, export
from briefing.collector import out_of_collection
from briefing.link import FactBase, iter_refs
from briefing.load import ParsedFiles
from briefing.models import Source
from briefing.pipeline import Rendered, prepare_edition
from briefing.render import ANY_CHANGE, JSON_EXPORT, Pages, Renderer, Settings
from briefing.revision import Edition
from briefing.stamps import Stamped, digest_of
from briefing.write import WriteReport, write

Summary = list[Any]
"""What the cache keeps of a record: [kind, fact file, content digest, [ids it refers to],
its citation label's token for a source (`citations.token`) or ""]."""
Done = tuple[str, str, list[str]]
"""A page rendered: its docs path, its text, and what it looked up and needs, sorted."""
PARALLEL_FROM = 200
"""The fewest pages to render for which processes are started: an edit's few pages are
rendered in this process, a full build's thousands in one process per job."""
PARALLEL_BASE = 5_000
"""The fewest records for which the files made from all of them (the exports, the search
index, the home page: those rendered on any change) are dealt out to processes however
few the pages: at N = 10,000 actors (88,500 records) they took 15 s of an edit's render."""


@dataclass
class RenderState:
    """What the last build's render needs to be done again only where it changed."""

    files: dict[str, str] = field(default_factory=dict)
    """Fact file (as read) -> digest of its bytes."""
    records: dict[str, Summary] = field(default_factory=dict)
    settings: str = ""
    """A digest of the settings but for the changes What's new shows and the edition's time."""
    edited: str = ""
    overview: list[str] = field(default_factory=list)
    split: list[str] = field(default_factory=list)
    """The listings' years split by month, as 'kind:year' (see `FactBase.crowded`)."""
    shown: dict[str, list[str]] = field(default_factory=dict)
    """Docs path -> what the page looked up and needs when it was last rendered."""
    parsed: dict[str, Any] = field(default_factory=dict)
    """Digest of a fact file's bytes -> the value it was parsed into (`load.ParsedFiles`)."""
    export: str = ""
    """Digest of the JSON export as written, whose lines the next build may keep."""
    stamps: dict[str, list[int]] = field(default_factory=dict)
    """Fact file (as read) -> its stamp when read (`stamps.stamp_of`)."""
    read_at: int = 0
    """When the reading of the fact files began, in nanoseconds since the epoch."""

    def reading(self) -> Stamped:
        """Return the digest and stamp of each fact file as the build it records read them."""
        return Stamped(self.files, self.stamps, self.read_at)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RenderState:
        """Return the state a cache recorded (see `as_json` for the shape)."""
        return cls(**data)


def _summaries(
    base: FactBase, files: Mapping[str, str], previous: RenderState | None
) -> dict[str, Summary]:
    """Return every record's summary, reusing the previous digests of unchanged files."""
    summaries: dict[str, Summary] = {}
    for id, entry in base.entries.items():
        path = entry.origin.path
        before = previous.records.get(id) if previous is not None else None
        if (
            before is not None
            and previous is not None
            and before[:2] == [entry.kind, path]
            and previous.files.get(path) == files.get(path)
        ):
            summaries[id] = before
            continue
        digest = digest_of(entry.record.model_dump_json().encode())
        targets = sorted({target for _, _, target in iter_refs(entry.record)})
        token = citations.token(entry.record) if isinstance(entry.record, Source) else ""
        summaries[id] = [entry.kind, path, digest, targets, token]
    return summaries


def changes(old: Mapping[str, Summary], new: Mapping[str, Summary]) -> set[str]:
    """Return the ids and tokens (see `Pages.needs`) that differ between two summaries.

    The same as `live.changes`, from what the cache keeps rather than two fact bases.
    """
    changed: set[str] = set()
    for id in old.keys() | new.keys():
        before, after = old.get(id), new.get(id)
        if before is not None and after is not None and before[:3] == after[:3]:
            continue
        if before is None or after is None:
            changed.add(f"count:{(before or after)[0]}")  # type: ignore[index]
        changed.add(id)
        for summary in (before, after):
            if summary is not None:
                changed.add(f"kind:{summary[0]}")
                if summary[4]:  # a source: its label, and the letters of those sharing it
                    changed.add(summary[4])
        changed.update(set(before[3] if before else ()) ^ set(after[3] if after else ()))
    return changed


def _settings_key(settings: Settings) -> str:
    return digest_of(repr(replace(settings, changes=(), edited=None)).encode())


def render_again(
    facts: Path,
    docs: Path,
    config: Path,
    offline: bool,
    built_from: Edition | None,
    previous: RenderState | None,
    jobs: int = 1,
) -> tuple[Rendered, RenderState, set[str]]:
    """Render the pages the facts changed since `previous` (all without it), write them.

    With `jobs` above 1 and many pages to render, or the files made from every record of
    a large fact base (`PARALLEL_BASE`), they are dealt out to that many processes (forked
    from this one, which has read the facts); the pages are the same. A fact file whose
    stamp vouches it unchanged since `previous` read it is not read (`load.ParsedFiles`).
    Return what rendering gave, the state to keep for the next build, and the files
    rendered. Raise FactBaseError, writing nothing, if the facts have errors.
    """
    parsed = ParsedFiles() if previous is None else ParsedFiles(previous.parsed, previous.reading())
    base, warnings, settings, earlier = prepare_edition(
        facts, docs, config, offline, built_from, parsed
    )
    with out_of_collection():
        report, state, rendered = _render_again(base, settings, docs, parsed, previous, jobs)
    return Rendered(base, settings, report, [*warnings, *earlier]), state, rendered


def _render_again(
    base: FactBase,
    settings: Settings,
    docs: Path,
    parsed: ParsedFiles,
    previous: RenderState | None,
    jobs: int,
) -> tuple[WriteReport, RenderState, set[str]]:
    files = parsed.digests
    summaries = _summaries(base, files, previous)
    key = _settings_key(settings)
    edited = settings.edited.isoformat() if settings.edited else ""
    split = split_years(base)
    # A year split by month, or joined again, moves its records: every link to them changes.
    same = previous is not None and (previous.settings, previous.split) == (key, split)
    last = previous if same else None
    changed = set() if last is None else changes(last.records, summaries)
    exported = None if last is None else _earlier_export(docs, base, last, changed)
    renderer = Renderer(base, settings, earlier_export=exported)
    pages = renderer.render()
    overview, _ = renderer.links.overview()
    if last is None:
        stale = set(pages)
    else:
        if overview != last.overview:
            changed.add("graph:overview")
        if edited != last.edited:
            # The edition's time is shown only by files rendered on any change (the feed).
            changed.add("settings:edited")
        shown = last.shown
        stale = {
            path
            for path in pages
            if path not in shown
            or (changed and ANY_CHANGE in pages.needs[path])
            or not changed.isdisjoint(shown[path])
            or not changed.isdisjoint(pages.needs[path])
        }
    kept_shown = previous.shown if previous is not None else {}
    state = RenderState(files, summaries, key, edited, overview, split, {}, parsed.parsed)
    state.stamps, state.read_at = parsed.stamped.stamps, parsed.stamped.at  # see `reading`
    todo = sorted(stale)
    whole = any(ANY_CHANGE in pages.needs[path] for path in todo)
    if jobs > 1 and (len(todo) >= PARALLEL_FROM or (whole and len(base.entries) >= PARALLEL_BASE)):
        done = _render_in_processes(renderer, pages, todo, jobs)
    else:
        done = [_render_one(base, pages, path) for path in todo]
    rendered = {path: text for path, text, _ in done}
    shown = {path: reads for path, _, reads in done}
    for path in sorted(pages):
        state.shown[path] = shown[path] if path in shown else kept_shown[path]
    if JSON_EXPORT in rendered:
        state.export = digest_of(rendered[JSON_EXPORT].encode("utf-8"))
    elif previous is not None:
        state.export = previous.export
    report = write(rendered, docs, kept=set(pages) - stale)
    return report, state, set(rendered)


def _earlier_export(
    docs: Path, base: FactBase, previous: RenderState, changed: set[str]
) -> export.EarlierExport | None:
    """Return the JSON export the last build wrote, if it is still as written."""
    try:
        data = (docs / JSON_EXPORT).read_bytes()
    except OSError:
        return None
    if not previous.export or digest_of(data) != previous.export:
        return None
    tokens = {id: summary[4] for id, summary in previous.records.items() if summary[4]}
    # A record that names a changed one in its text cites it as a source only while it is
    # one: a record that became a source, or ceased to be one, changes what it cites.
    naming = {id for target in changed for id in base.mentioned_by.get(target, ())}
    return export.EarlierExport(data.decode("utf-8"), changed | naming, tokens)


def _render_one(base: FactBase, pages: Pages, path: str) -> Done:
    """Render one page, noting the records it looks up."""
    base.reads = set()
    try:
        text = pages[path]
        return path, text, sorted(base.reads | pages.needs[path])
    finally:
        base.reads = None


_forked: tuple[FactBase, Pages] | None = None
"""The fact base and pages a forked worker renders from, set before the fork."""


def _render_share(paths: list[str]) -> list[Done]:
    assert _forked is not None
    base, pages = _forked
    return [_render_one(base, pages, path) for path in paths]


def _render_in_processes(
    renderer: Renderer, pages: Pages, paths: list[str], jobs: int
) -> list[Done]:
    """Render pages in `jobs` forked processes; return them in the order of `paths`.

    A fork shares the linked fact base with the workers without copying or pickling it;
    what every page uses (the citation labels; the listings, by `Renderer.render`) is made
    before, once.
    """
    global _forked
    # What every page, or several, use is made once, here, rather than in each worker.
    _ = renderer.labels
    # Files made from every record come first, a share each (the CSV exports, made
    # together, one share), then the others in small shares: handed out as workers
    # finish, they even out files of very different sizes.
    whole = [path for path in paths if ANY_CHANGE in pages.needs[path]]
    tables = [path for path in whole if path.endswith(".csv")]
    rest = [path for path in paths if ANY_CHANGE not in pages.needs[path]]
    shares = ([tables] if tables else []) + [[p] for p in whole if not p.endswith(".csv")]
    shares += [rest[i : i + 20] for i in range(0, len(rest), 20)]
    _forked = (renderer.base, pages)
    try:
        # No more workers than shares or cores: each is a copy of this process once it writes.
        workers = min(jobs, len(shares), os.cpu_count() or 1)
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            done = {d[0]: d for share in pool.imap(_render_share, shares) for d in share}
    finally:
        _forked = None
    return [done[path] for path in paths]


def split_years(base: FactBase) -> list[str]:
    """Return the listings' years split by month, as sorted 'kind:year' strings."""
    return sorted(f"{kind}:{year}" for kind, years in base.crowded.items() for year in years)


def as_json(state: RenderState) -> dict[str, Any]:
    """Return the state as the build cache keeps it: a dict of its fields, by name.

    Every field already holds only JSON's types, so the dict shares them rather than
    copying them as `dataclasses.asdict` would (seconds at N = 10,000).
    """
    return {name.name: getattr(state, name.name) for name in fields(state)}
