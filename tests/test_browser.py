"""Built sites in headless Chromium: pages draw, search works, nothing runs or leaves.

Needs Debian's `chromium` package (`.ci/run` installs it); skipped, saying so, without it.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from briefing.pipeline import build_site
from conftest import MINIMAL, ROOT, site_project
from hostile import write_hostile

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
if CHROMIUM is None:
    pytest.skip(
        "Chromium is not installed (apt-get install chromium; .ci/run does)",
        allow_module_level=True,
    )

FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def _project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return site_project(tmp_path_factory.mktemp("project"))


def _serve(project: Path) -> Iterator[str]:
    """Build the project's site and serve it on localhost; yield its base URL."""
    build_site(project / "facts", project / "docs", project / "mkdocs.yml", project / "site")
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(project / "site")
    )
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve the sample briefing; yield its base URL."""
    project = _project(tmp_path_factory)
    shutil.copytree(ROOT / "facts", project / "facts")
    yield from _serve(project)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    """Serve the site of tests/hostile.py; yield its base URL and its pages."""
    project = _project(tmp_path_factory)
    write_hostile(project / "facts")
    for url in _serve(project):
        site = project / "site"
        yield url, sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


class Visit:
    """A page opened with every console message, error and off-host request recorded."""

    def __init__(self, browser: object, url: str) -> None:
        self.errors: list[str] = []
        self.offhost: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page()  # type: ignore[attr-defined]
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", self._route)
        self.page.goto(url, wait_until="load")

    def _route(self, route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if urlparse(url).hostname in ("127.0.0.1", "localhost") or url.startswith("data:"):
            route.continue_()  # type: ignore[attr-defined]
        else:
            self.offhost.append(url)
            route.abort()  # type: ignore[attr-defined]

    def _dialog(self, dialog: object) -> None:
        self.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    def close(self) -> None:
        self.page.close()


@pytest.mark.parametrize(
    ("path", "picture"),
    [
        ("", False),
        ("disputes/us-turkey-s-400-dispute/", True),
        ("actors/erdogan/", True),
        ("timeline/", True),
    ],
)
def test_page_renders_with_no_error_and_no_outside_request(
    site: str, browser: object, path: str, picture: bool
) -> None:
    visit = Visit(browser, site + path)
    try:
        assert visit.page.locator("h1").first.is_visible()
        if picture:
            box = visit.page.locator(".briefing-picture svg").first.bounding_box()
            assert box is not None and box["width"] > 100 and box["height"] > 50
        visit.page.wait_for_timeout(300)
        assert visit.errors == []
        assert visit.offhost == []
    finally:
        visit.close()


def test_search_finds_a_quoted_phrase(site: str, browser: object) -> None:
    visit = Visit(browser, site)
    try:
        visit.page.keyboard.press("/")  # Material's shortcut to the search box
        visit.page.keyboard.type("never backtrack", delay=20)
        result = visit.page.locator(".md-search-result__item").first
        result.wait_for(timeout=15_000)
        assert "backtrack" in visit.page.locator(".md-search-result").inner_text()
        assert visit.errors == []
        assert visit.offhost == []
    finally:
        visit.close()


# Elements carrying an event handler attribute, and images: the theme has neither.
_HANDLERS = """() => [...document.querySelectorAll('*')]
    .filter(e => e.tagName === 'IMG' || [...e.attributes].some(a => a.name.startsWith('on')))
    .map(e => e.outerHTML.slice(0, 120))"""


def test_hostile_facts_run_no_script_and_request_nothing_outside(
    hostile_site: tuple[str, list[str]], browser: object
) -> None:
    url, paths = hostile_site
    showing = []
    for path in paths:
        visit = Visit(browser, url + ("" if path == "." else f"{path}/"))
        try:
            visit.page.wait_for_timeout(100)
            assert (path, visit.dialogs, visit.errors, visit.offhost) == (path, [], [], [])
            assert (path, visit.page.evaluate(_HANDLERS)) == (path, [])
            if "<script>alert(" in visit.page.locator("article").inner_text():
                showing.append(path)
        finally:
            visit.close()
    assert len(showing) >= 10, showing


# Where the first character of the date after a right-to-left speaker's name is drawn,
# and where the name is: [name left, name right, date left].
_NAME_AND_DATE = """(name) => {
  const link = [...document.querySelectorAll('article a')].find(a => a.textContent.includes(name));
  const walker = document.createTreeWalker(link.closest('p'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf('5 March 2019');
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + 1);
      const box = link.getBoundingClientRect();
      return [box.left, box.right, range.getBoundingClientRect().left];
    }
  }
  return null;
}"""
RTL_NAME = "سمير حداد"


@pytest.fixture(scope="module")
def rtl_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve the minimal fixture with its quoted minister renamed in Arabic script."""
    project = _project(tmp_path_factory)
    shutil.copytree(MINIMAL / "facts", project / "facts")
    actor = project / "facts" / "actors" / "ana-ortiz.yml"
    actor.write_text(
        actor.read_text().replace("name: Ana Ortiz", f"name: {RTL_NAME}"), encoding="utf-8"
    )
    yield from _serve(project)


@pytest.mark.parametrize("page", ["quotes/2019/", "actors/ana-ortiz/", "timeline/2019/"])
def test_a_date_after_a_right_to_left_name_stays_after_it(
    rtl_site: str, browser: object, page: str
) -> None:
    visit = Visit(browser, rtl_site + page)
    try:
        found = visit.page.evaluate(_NAME_AND_DATE, RTL_NAME)
        assert found is not None
        name_left, name_right, date_left = found
        assert name_left < name_right <= date_left
    finally:
        visit.close()


@pytest.fixture(scope="module")
def folded_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve the minimal fixture with Turkish names and places and a typographic apostrophe."""
    project = _project(tmp_path_factory)
    facts = project / "facts"
    shutil.copytree(MINIMAL / "facts", facts)
    edits = [
        ("actors/ana-ortiz.yml", "name: Ana Ortiz", "name: İlkerhan Başoğuz"),
        (
            "events/events.yml",
            "- id: offer-made\n",
            "- id: offer-made\n  summary: In Diyarbak\u0131r.\n",
        ),
        ("events/events.yml", "- id: talks-begin\n", "- id: talks-begin\n  place: İzmir\n"),
        ("sources/paper-2018.yml", "Southland weighs", "Southland\u2019s choice of"),
    ]
    for name, old, new in edits:
        path = facts / name
        assert old in path.read_text(encoding="utf-8"), name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    yield from _serve(project)


@pytest.mark.parametrize(
    ("typed", "page"),
    [
        ("diyarbakir", "timeline/2019/"),
        ("Diyarbak\u0131r", "timeline/2019/"),
        ("izmir", "timeline/2017/"),
        ("ilkerhan", "actors/ana-ortiz/"),
        ("Ilkerhan", "actors/ana-ortiz/"),
        ("İlkerhan", "actors/ana-ortiz/"),
        ("basoguz", "actors/ana-ortiz/"),
        ("southland's choice", "sources/2018/"),
    ],
)
def test_search_finds_a_word_however_it_is_typed(
    folded_site: str, browser: object, typed: str, page: str
) -> None:
    visit = Visit(browser, folded_site)
    try:
        visit.page.keyboard.press("/")  # Material's shortcut to the search box
        visit.page.keyboard.type(typed, delay=10)
        visit.page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
        links = visit.page.eval_on_selector_all(
            ".md-search-result__link", "links => links.map(a => a.href)"
        )
        assert any(page in link for link in links), links
        assert visit.errors == []
    finally:
        visit.close()
