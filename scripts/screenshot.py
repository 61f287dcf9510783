"""Take the README's screenshot of a dispute page: `make screenshot`.

Builds the briefing in facts/ with this repository's mkdocs.yml into a temporary folder,
serves it on localhost, opens its first dispute page in headless Chromium (Playwright,
from the dev extra; Debian's `chromium`) at 1280 x 1000 pixels in the light colour
scheme, and writes the top of the page to assets/readme/dispute.png. Run it again
whenever the dispute page changes.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

from briefing.build import build_site
from briefing.init import THEME_FILES
from briefing.render import generated_paths

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "assets" / "readme" / "dispute.png"
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def screenshot(facts: Path, out: Path) -> str:
    """Build the site of a fact base and save its first dispute page as a PNG; return the
    page's path. Raises LookupError if the briefing has no dispute or no Chromium is found."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise LookupError("Chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        hand_written = [
            f"docs/{page.name}"
            for page in (ROOT / "docs").glob("*.md")
            if page.name not in generated_paths()
        ]
        for relative in ("mkdocs.yml", *THEME_FILES, *hand_written):
            (project / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / relative, project / relative)
        shutil.copytree(facts, project / "facts")
        site = project / "site"
        build_site(project / "facts", project / "docs", project / "mkdocs.yml", site)
        disputes = sorted(p.parent.name for p in (site / "disputes").glob("*/index.html"))
        if not disputes:
            raise LookupError(f"{facts} has no dispute")
        path = f"disputes/{disputes[0]}/"
        handler = functools.partial(_Quiet, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as driver:
                browser = driver.chromium.launch(executable_path=chromium, args=FLAGS)
                page = browser.new_page(
                    viewport={"width": 1280, "height": 1000}, color_scheme="light"
                )
                page.goto(f"http://127.0.0.1:{server.server_address[1]}/{path}")
                out.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(out))
                browser.close()
        finally:
            server.shutdown()
    return path


def main() -> None:
    """Parse the arguments and take the screenshot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=Path, default=ROOT / "facts")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    try:
        path = screenshot(args.facts, args.out)
    except LookupError as error:
        raise SystemExit(f"screenshot: {error}") from None
    print(f"wrote {args.out} from /{path}")


if __name__ == "__main__":
    main()
