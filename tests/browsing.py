"""Headless Chromium for the tests: launch it, serve a built site, check pages with axe-core.

axe-core (Deque's accessibility engine) comes with axe-playwright-python, in the dev extra.
Each page is checked in both of Material's palettes, chosen as a reader's browser chooses
them: `default` for a light colour scheme, `slate` for a dark one.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

SCHEMES = ("light", "dark")
"""The values of `prefers-color-scheme` that pick Material's `default` and `slate` palettes."""

THEME_ONLY = {
    # Material's search box is a `role="dialog"` element without a name; only a copy of the
    # theme's own template could name it, which would then drift from the theme's.
    ("aria-dialog-name", ".md-search"),
}
"""(axe rule, element) pairs that come from Material for MkDocs itself and that no
stylesheet can fix: left out of the check, each with its reason."""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve_folder(site: Path) -> Iterator[str]:
    """Serve a built site on localhost; yield its base URL."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def pages_to_check(site: Path) -> list[str]:
    """Return the home page, a page of each kind of record and each section's index and
    first year, as paths from the site's root: the pages the accessibility check visits."""

    def first(section: str) -> list[str]:
        found = sorted(p.parent.name for p in (site / section).glob("*/index.html"))
        return [f"{section}/{found[0]}/"] if found else []

    pages = [""]
    for section in ("disputes", "actors", "systems", "deals"):
        pages += first(section)
    for section in ("timeline", "quotes", "sources"):
        pages += [f"{section}/", *first(section)]
    return [*pages, "data/"]


@dataclass(frozen=True)
class Violation:
    """One element that breaks one axe-core rule on one page."""

    rule: str
    page: str
    target: str
    summary: str

    def __str__(self) -> str:
        return f"{self.rule} on /{self.page} at {self.target}: {self.summary}"


def axe_violations(browser: object, url: str, pages: list[str], scheme: str) -> list[Violation]:
    """Return what axe-core finds on each page in a colour scheme, less THEME_ONLY."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(  # type: ignore[attr-defined]
        color_scheme=scheme, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    found: list[Violation] = []
    try:
        for path in pages:
            page.goto(url + path, wait_until="load")
            # The theme fades its tabs in: check the page as it rests, not half-faded.
            page.evaluate("Promise.all(document.getAnimations().map(a => a.finished))")
            for rule in axe.run(page).response["violations"]:
                for node in rule["nodes"]:
                    target = " ".join(str(part) for part in node["target"])
                    if (rule["id"], target) not in THEME_ONLY:
                        summary = " ".join(node["failureSummary"].split())
                        found.append(Violation(rule["id"], path, target, summary))
    finally:
        context.close()
    return found


def assert_accessible(found: list[Violation]) -> None:
    """Fail on any violation, naming each element."""
    assert not found, "\n".join(str(v) for v in found)
