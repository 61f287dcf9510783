"""Live preview: MkDocs' dev server, kept up to date page by page as the facts change.

An edit to a fact file re-renders only the pages it can change (`live.LiveSite`), and
MkDocs rebuilds only the Markdown files that were written (a "dirty" build: a page is
rebuilt when its source is newer than its HTML). The search index is one of the rendered
files (`briefing.search`), copied like the others when it changed, so it stays the one a
full build makes. A broken edit prints its errors and the last good pages stay up.
"""

from __future__ import annotations

import functools
import logging
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer

from briefing import incremental
from briefing.collector import out_of_collection
from briefing.live import LiveSite
from briefing.problems import FactBaseError
from briefing.urls import site_href
from briefing.write import MANIFEST, WriteConflict, WriteReport, read_manifest

POLL_SECONDS = 0.25
"""How often the server looks for changed files."""


def refresh(live: LiveSite) -> WriteReport | None:
    """Bring the pages up to date, printing errors instead of raising; None if it failed."""
    start = time.perf_counter()
    try:
        # A build in the same folder writes docs/ too: take turns.
        with incremental.lock(live.docs, "waiting for a build to finish"):
            update = live.update()
    except FactBaseError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{exc}; still serving the last good pages", file=sys.stderr)
        return None
    except WriteConflict as exc:
        print(f"briefing: {exc}", file=sys.stderr)
        return None
    for problem in update.warnings:
        print(problem, file=sys.stderr)
    report = update.report
    print(
        f"rendered: {update.rendered} pages, {len(report.written)} changed, "
        f"{len(report.removed)} removed, in {time.perf_counter() - start:.2f} seconds",
        file=sys.stderr,
    )
    return report


class Preview:
    """The built site: once in full, then only the pages that changed."""

    def __init__(self, config: Path, site: Path, url: str) -> None:
        self.config, self.site, self.url = config, site, url
        self.config_stamp = 0
        self.mkdocs: MkDocsConfig | None = None

    def _load(self) -> MkDocsConfig:
        # A dirty build warns that it is dirty: strict mode would make that fatal.
        config = load_config(config_file=str(self.config), site_dir=str(self.site), strict=False)
        config.site_url = self.url
        # MkDocs makes a new template environment for each build, and compiling the
        # theme's templates again took a quarter of a rebuild: keep the first one.
        config.theme.get_env = functools.cache(config.theme.get_env)  # type: ignore[method-assign]
        if self.mkdocs is None:
            config.plugins.on_startup(command="serve", dirty=False)
        return config

    def build(self, removed: Iterable[str] = ()) -> None:
        """Build the pages that changed, or everything when mkdocs.yml changed."""
        stamp = self.config.stat().st_mtime_ns
        full = self.mkdocs is None or stamp != self.config_stamp
        if full:
            self.mkdocs, self.config_stamp = self._load(), stamp
        assert self.mkdocs is not None
        build(self.mkdocs, serve_url=self.url, dirty=not full)
        for path in removed:
            self._remove(path)

    def _remove(self, path: str) -> None:
        """Remove a generated file's output."""
        if not path.endswith(".md"):
            (self.site / path).unlink(missing_ok=True)
            return
        (self.site / site_href("index.md", path) / "index.html").unlink(missing_ok=True)

    def shutdown(self) -> None:
        """Let the plugins clean up."""
        if self.mkdocs is not None:
            self.mkdocs.plugins.on_shutdown()


class _NotDirty(logging.Filter):
    """Drop MkDocs' warning that a dirty build may be inaccurate: here it is made whole."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


def _log_to_stderr() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.addFilter(_NotDirty())
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def serve(facts: Path, docs: Path, config: Path, address: str) -> int:
    """Serve the site and rebuild what an edit changes, until interrupted."""
    # Stop the server with us when we are terminated, not only on Ctrl-C.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    _log_to_stderr()
    host, _, port = address.rpartition(":")
    live = LiveSite(facts, docs, config)
    refresh(live)
    site = Path(tempfile.mkdtemp(prefix="briefing-serve-"))
    preview = Preview(config, site, f"http://{host}:{port}/")

    def rebuild() -> None:
        report = refresh(live)
        with out_of_collection():  # MkDocs works beside the live site's fact base
            preview.build(report.removed if report is not None else ())

    server = LiveReloadServer(
        builder=rebuild, host=host, port=int(port), root=str(site), polling_interval=POLL_SECONDS
    )
    try:
        preview.build()
        server.watch(str(facts))
        server.watch(str(config))
        generated = read_manifest(docs) | {MANIFEST}
        for page in sorted(docs.rglob("*")):
            if page.is_file() and page.relative_to(docs).as_posix() not in generated:
                server.watch(str(page))  # hand-written pages; generated ones change with facts
        server.serve()  # type: ignore[no-untyped-call]
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        preview.shutdown()
        shutil.rmtree(site, ignore_errors=True)
    return 0
