"""Print each dispute of a built site to PDF with headless Chromium, as "Save as PDF" does.

The engine is the browser the print styles are written and tested for: Chromium lays
out the page, pictures and print styles exactly as a reader's browser prints them, and
reads the built site from disk, with no network. It is a program on the PATH, not a
Python dependency (Debian: `apt-get install chromium`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
"""The names headless Chromium goes by, in the order they are looked for."""
FLAGS = (
    "--headless",
    "--disable-gpu",
    "--no-pdf-header-footer",  # no date, title and file name in the margins
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


class PdfError(Exception):
    """The papers cannot be printed: no browser, or the browser failed."""


def find_browser() -> str:
    """Return the path of headless Chromium, or raise PdfError saying how to install it."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise PdfError(
        "no Chromium to print with: install it (Debian: apt-get install chromium) "
        "or put it on the PATH as one of " + ", ".join(BROWSERS)
    )


def dispute_pages(site: Path) -> dict[str, Path]:
    """Return each dispute's page in a built site, by dispute id."""
    return {page.parent.name: page for page in sorted((site / "disputes").glob("*/index.html"))}


def print_papers(site: Path, out: Path, browser: str) -> list[Path]:
    """Print every dispute of the built site to OUT/<id>.pdf; return the files written."""
    pages = dispute_pages(site)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for id, page in pages.items():
        target = out / f"{id}.pdf"
        printed = f"--print-to-pdf={target.absolute()}"
        command = [browser, *FLAGS, printed, page.absolute().as_uri()]
        if os.geteuid() == 0:
            command.insert(1, "--no-sandbox")  # Chromium refuses to run as root otherwise
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
        if done.returncode != 0 or not target.is_file():
            raise PdfError(f"{browser} could not print {page.as_posix()}:\n{done.stderr.strip()}")
        written.append(target)
    return written
