"""MkDocs, run for `briefing build`: every page, or only the pages a plan names.

`python -m briefing.sitebuild PLAN REPORT` reads a plan (JSON: the mkdocs.yml, the folder
to build into, the sources of the files to build or null for all, and what earlier builds
recorded of the pages it does not build) and builds strictly, as `mkdocs build --strict`
does, with one more plugin, `BuildPlugin`. The plugin

- marks the files outside the plan unmodified, so that MkDocs, as in its own `--dirty`
  builds, neither reads nor writes them; pages the nav names without a title, which every
  page's navigation shows by the title read from the page, and hand-written pages, whose
  links the build checks, are always in the plan (`incremental.plan`);
- gives the theme a stand-in for the edition stamped on every page (`extra.briefing_edition`)
  and puts the edition in its place in each page written, recording where: a page kept
  from an earlier build is restamped there when the edition changes;
- records each page's entries in the search index of Material's search plugin, its entry
  in the tags plugin's export, its anchors and its links to anchors, and completes the
  index, the export and MkDocs' check of links to anchors with those recorded for the
  pages it does not build, so that they are what a full build makes.

It writes a report (JSON) of the pages it built, with their records, the files it wrote
and those it left to be taken from elsewhere. Exit status: 0 built, 1 MkDocs failed, 3 the
plan lacks a record the build needs (the caller builds everything instead).
"""

from __future__ import annotations

import json
import logging
import secrets
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from markupsafe import escape
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from briefing.collector import parse_json

EDITION_KEY = "briefing_edition"
"""The `extra` setting the theme stamps on every page (see build.build_environment)."""
INCOMPLETE = 3
"""Exit status when the plan lacks a kept page's record: build everything instead."""

SearchEntries = list[dict[str, Any]]


class IncompletePlan(Exception):
    """The plan keeps a page but holds no record of it that the build needs."""


def _unmodified(value: bool) -> Callable[[], bool]:
    return lambda: value


class _NoOptions(Config):  # type: ignore[no-untyped-call]
    """The plugin has no settings: `briefing build` adds it, mkdocs.yml does not name it."""


class BuildPlugin(BasePlugin[_NoOptions]):
    """Build only the planned pages, stamp the edition, and record what later builds need.

    `pages`: the sources of the files to build (None: all). `kept`: what earlier builds
    recorded of the other pages (see `record`). A `shard` is one of the parts of a parallel
    build, which need not complete the search index or the tags export; `theme` builds
    the theme's own files too (those outside docs/).
    """

    def __init__(
        self,
        pages: set[str] | None,
        kept: dict[str, dict[str, Any]],
        *,
        shard: bool = False,
        theme: bool = False,
    ) -> None:
        super().__init__()
        self.pages, self.kept_pages, self.shard, self.theme = pages, kept, shard, theme
        self.tags: dict[str, dict[str, Any]] = {}
        """Page source -> {tags plugin: the page's entry in its export, or None}."""
        self.token = f"briefingedition{secrets.token_hex(8)}"
        self.edition: str | None = None
        self.order: list[str] = []
        self.built: dict[str, dict[str, Any]] = {}
        self.written: list[str] = []
        self.kept: list[str] = []
        self._entries_before = 0

    def _search_index(self, config: MkDocsConfig) -> Any | None:
        for plugin in config.plugins.values():
            index = getattr(plugin, "search_index", None)
            if isinstance(getattr(index, "entries", None), list):
                return index
        return None

    def _kept(self, src: str, what: str) -> Any:
        """Return what the plan recorded of a page not built; raise IncompletePlan if nothing."""
        recorded = self.kept_pages.get(src)
        if recorded is None or what not in recorded:
            raise IncompletePlan(f"no {what} recorded for {src}")
        return recorded[what]

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Swap the edition for a stand-in, when it is put into pages as itself."""
        edition = config.extra.get(EDITION_KEY)
        if isinstance(edition, str) and edition and str(escape(edition)) == edition:
            self.edition = edition
            config.extra[EDITION_KEY] = self.token
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Mark the files outside the plan unmodified, so MkDocs neither reads nor writes them."""
        docs = Path(config.docs_dir).absolute()
        for file in files:
            if file.inclusion.is_excluded():  # type: ignore[no-untyped-call]
                continue
            modified = (
                self.pages is None
                or file.src_uri in self.pages
                or (self.theme and not Path(file.abs_src_path or docs).is_relative_to(docs))
            )
            (self.written if modified else self.kept).append(file.dest_uri)
            if self.pages is not None:
                file.is_modified = _unmodified(modified)  # type: ignore[method-assign]
        return files

    @event_priority(-100)
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Give MkDocs the anchors of the pages not built, and complete the tags export.

        MkDocs checks the links to anchors of every page against the anchors of every
        other: those of the pages not built are those recorded. The tags plugin exports,
        when its `on_env` runs, the tags of the pages it read: the others' are recorded.
        """
        pages = files.documentation_pages(inclusion=InclusionLevel.is_included)
        self.order = [f.src_uri for f in pages]
        if self.pages is not None:
            # The sources recorded are MkDocs' own `src_uri`s: looked up as they are, not
            # normalised again by `Files.get_file_from_path` (seconds at N = 10,000).
            by_src = {file.src_uri: file for file in files}
            for file in pages:
                if file.src_uri in self.pages or file.page is None:
                    continue
                if self.shard and file.src_uri not in self.kept_pages:
                    continue
                file.page.present_anchor_ids = set(self._kept(file.src_uri, "anchors"))
                links = self._kept(file.src_uri, "links").items()
                file.page.links_to_anchors = {
                    target: anchors
                    for src, anchors in links
                    if (target := by_src.get(src)) is not None
                }
        by_url = {f.url: f.src_uri for f in pages}
        for name, plugin in config.plugins.items():
            options: Any = getattr(plugin, "config", None)
            if getattr(plugin, "mappings", None) is None or not getattr(options, "export", False):
                continue
            path = Path(config.site_dir, options.export_file)
            exported = json.loads(path.read_text(encoding="utf-8"))["mappings"]
            fresh = {by_url[m["item"]["url"]]: m for m in exported if m["item"]["url"] in by_url}
            mappings = []
            for src in self.order:
                if self.pages is None or src in self.pages:
                    entry = fresh.get(src)
                    self.tags.setdefault(src, {})[name] = entry
                elif self.shard:
                    continue
                else:
                    recorded = self._kept(src, "tags")
                    if name not in recorded:
                        raise IncompletePlan(f"no tags recorded for {src}")
                    entry = recorded[name]
                if entry is not None:
                    mappings.append(entry)
            if self.pages is not None and not self.shard:
                with path.open("w", encoding="utf-8") as stream:
                    json.dump({"mappings": mappings}, stream)  # as the tags plugin writes it
        return env

    @event_priority(100)
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Note where the search index stands before the search plugin indexes the page."""
        index = self._search_index(config)
        self._entries_before = len(index.entries) if index is not None else 0
        return context

    def _stamp(self, output: str) -> tuple[str, list[int]]:
        """Return the output with the edition for its stand-in, and the byte offsets of each."""
        if self.edition is None:
            return output, []
        parts = output.split(self.token)
        offsets, at = [], 0
        for part in parts[:-1]:
            at += len(part.encode("utf-8", errors="xmlcharrefreplace"))
            offsets.append(at)
            at += len(self.edition.encode("utf-8"))
        return self.edition.join(parts), offsets

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Stamp the edition, and record the page (see `record`)."""
        output, offsets = self._stamp(output)
        index = self._search_index(config)
        self.built[page.file.src_uri] = {
            "dest": page.file.dest_uri,
            "edition_at": offsets,
            "search": None if index is None else index.entries[self._entries_before :],
            "tags": self.tags.get(page.file.src_uri, {}),
            "anchors": sorted(page.present_anchor_ids or ()),
            "links": {f.src_uri: a for f, a in (page.links_to_anchors or {}).items()},
        }
        return output

    def on_post_template(self, output: str, *, template_name: str, config: MkDocsConfig) -> str:
        """Stamp the edition on the theme's own pages (404.html)."""
        return self._stamp(output)[0]

    @event_priority(100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Give the search plugin every page's entries, in the order a full build adds them."""
        index = self._search_index(config)
        if index is None or self.pages is None or self.shard:
            return
        entries: SearchEntries = []
        for src in self.order:
            built = self.built.get(src)
            entries += built["search"] if built is not None else self._kept(src, "search")
        index.entries = entries


class _NoDirtyWarning(logging.Filter):
    """Drop MkDocs' warning that a dirty build may be inaccurate: this one is not."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


def run(plan: dict[str, Any]) -> dict[str, Any]:
    """Build as the plan says; return the report. Raise mkdocs Abort or IncompletePlan."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    pages = None if plan["pages"] is None else set(plan["pages"])
    plugin = BuildPlugin(
        pages,
        plan.get("kept") or {},
        shard=plan.get("shard", False),
        theme=plan.get("theme", False),
    )
    config = load_config(plan["config"], site_dir=plan["site_dir"], strict=True)
    config.plugins["briefing/build"] = plugin
    logging.getLogger("mkdocs.commands.build").addFilter(_NoDirtyWarning())
    build(config, dirty=pages is not None)
    return {
        "edition": plugin.edition,
        "built": plugin.built,
        "written": plugin.written,
        "kept": plugin.kept,
    }


def main(argv: list[str]) -> int:
    """Build from the plan file `argv[0]`, writing the report to `argv[1]`; return the status."""
    from mkdocs.exceptions import Abort

    logging.basicConfig(format="%(levelname)-7s -  %(message)s", level=logging.WARNING)
    plan = parse_json(Path(argv[0]).read_bytes())
    try:
        report = run(plan)
    except IncompletePlan as exc:
        print(f"{exc}", file=sys.stderr)
        return INCOMPLETE
    except Abort as exc:
        print(f"{exc}", file=sys.stderr)
        return 1
    Path(argv[1]).write_text(json.dumps(report), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
