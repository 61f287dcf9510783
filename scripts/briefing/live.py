"""Live preview of the generated pages: after an edit, render only what it can change.

`LiveSite.update()` reads only the fact files that changed (pipeline.FileCache), links
the whole fact base again, and works out which records changed: added, removed or
different, together with the records that one of them began or ceased to refer to
(whose back-references and links therefore changed), and the citation labels a changed
source shares (`citations.token`: letters tell apart sources sharing one). A page is
rendered again when it looked up one of those records or labels the last time it was
rendered (`FactBase.reads`), or when its
`Pages.needs` says it shows something that changed; every other page is kept as it is.
The result is the same set of files a full `render` writes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from briefing import citations
from briefing.collector import out_of_collection
from briefing.export import JsonMemo
from briefing.link import FactBase, iter_refs
from briefing.models import Source
from briefing.pipeline import FileCache, facts_since, gather, settings_for, with_changes
from briefing.problems import Problem
from briefing.render import ANY_CHANGE, Renderer, Settings
from briefing.validate import Entry
from briefing.write import WriteReport, write


def changes(old: FactBase, new: FactBase) -> set[str]:
    """Return the ids and tokens (see `Pages.needs`) that differ between two fact bases."""
    changed: set[str] = set()
    for id in old.entries.keys() | new.entries.keys():
        before, after = old.entries.get(id), new.entries.get(id)
        if before is not None and after is not None and _same(before, after):
            continue
        if before is None or after is None:
            changed.add(f"count:{(before or after).kind}")  # type: ignore[union-attr]
        changed.add(id)
        refs: list[set[str]] = []
        for entry in (before, after):
            if entry is not None:
                changed.add(f"kind:{entry.kind}")
                if isinstance(entry.record, Source):
                    # Its label, and the letters of those sharing it, may change.
                    changed.add(citations.token(entry.record))
            refs.append(_targets(entry))
        # A record newly or no longer referred to is mentioned by others, and linked in
        # graphs, differently; those still referred to see only its new text, looked up.
        changed.update(refs[0] ^ refs[1])
    return changed


def _targets(entry: Entry | None) -> set[str]:
    return set() if entry is None else {target for _, _, target in iter_refs(entry.record)}


def _same(before: Entry, after: Entry) -> bool:
    # Records of files that were not read again are the very same objects.
    return before.record is after.record or (
        before.record == after.record
        and before.kind == after.kind
        and before.origin.path == after.origin.path
    )


@dataclass
class Update:
    """What one update of the live site did."""

    report: WriteReport
    warnings: list[Problem]
    rendered: int


class LiveSite:
    """The generated pages under docs/, kept up to date with the facts at little cost."""

    def __init__(self, facts: Path, docs: Path, config: Path) -> None:
        self.facts, self.docs, self.config = facts, docs, config
        self.cache = FileCache()
        self.json_memo: JsonMemo = {}
        self.base: FactBase | None = None
        self.settings: Settings | None = None
        # The facts at the revision What's new compares with: read once, they do not change.
        self.since = facts_since(config, facts)
        self.overview: list[str] = []
        self.shown: dict[str, frozenset[str]] = {}
        """Docs path -> what the page looked up and needs, when it was last rendered."""

    def update(self) -> Update:
        """Bring the pages up to date; raise FactBaseError, leaving them, if facts are bad."""
        base, warnings = gather(self.facts, cache=self.cache)
        with out_of_collection():
            return self._render(base, warnings)

    def _render(self, base: FactBase, warnings: list[Problem]) -> Update:
        """Render and write the pages the facts changed since the last update."""
        settings = with_changes(settings_for(self.docs, self.config, self.facts), self.since, base)
        renderer = Renderer(base, settings, self.json_memo)
        pages = renderer.render()
        overview, _ = renderer.links.overview()
        # What's new shows the changes, and is rendered on any change: they alone do not
        # make every page stale.
        if (
            self.base is None
            or replace(settings, changes=()) != replace(self.settings or settings, changes=())
            or base.crowded != self.base.crowded  # split years move records: all links change
        ):
            stale = set(pages)
        else:
            changed = changes(self.base, base)
            if overview != self.overview:
                changed.add("graph:overview")
            stale = {
                path
                for path in pages
                if path not in self.shown
                or (changed and ANY_CHANGE in pages.needs[path])
                or not changed.isdisjoint(self.shown[path] | pages.needs[path])
            }
        rendered: dict[str, str] = {}
        try:
            for path in sorted(stale):
                base.reads = set()
                rendered[path] = pages[path]
                self.shown[path] = frozenset(base.reads) | pages.needs[path]
        finally:
            base.reads = None
        report = write(rendered, self.docs, kept=set(pages) - stale)
        for path in self.shown.keys() - set(pages):
            del self.shown[path]
        self.base, self.settings, self.overview = base, settings, overview
        earlier = self.since[2] if self.since else []
        return Update(report, [*warnings, *earlier], len(rendered))
