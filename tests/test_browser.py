"""Built sites in headless Chromium: pages draw, search works, nothing runs or leaves.

Needs Debian's `chromium` package (`.ci/run` installs it); skipped, saying so, without it.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from briefing.build import build_site
from briefing.folding import fold
from briefing.offline import FOLDER, ZIP
from briefing.pipeline import gather
from briefing.synth import synthesise
from briefing.urls import page_of, site_path
from conftest import MINIMAL, Run, site_project
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
    yield from _serve_folder(project / "site")


def _serve_folder(site: Path) -> Iterator[str]:
    """Serve a built site on localhost; yield its base URL."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve the minimal briefing; yield its base URL."""
    project = _project(tmp_path_factory)
    shutil.copytree(MINIMAL / "facts", project / "facts")
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
def minimal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the minimal briefing with its offline edition; return the site's folder."""
    project = _project(tmp_path_factory)
    shutil.copytree(MINIMAL / "facts", project / "facts")
    site = project / "site"
    build_site(project / "facts", project / "docs", project / "mkdocs.yml", site, offline=True)
    return site


@pytest.fixture(scope="module")
def minimal_url(minimal_site: Path) -> Iterator[str]:
    """Serve the minimal briefing; yield its base URL."""
    yield from _serve_folder(minimal_site)


@pytest.fixture(scope="module")
def offline_edition(minimal_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Unpack the minimal briefing's offline edition; return its folder."""
    unpacked = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(minimal_site / "data" / ZIP) as archive:
        archive.extractall(unpacked)
    return unpacked / FOLDER


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
        local = urlparse(url).hostname in ("127.0.0.1", "localhost")
        if local or url.startswith(("data:", "file:")):
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
        ("disputes/skyshield-dispute/", True),
        ("actors/southland/", True),
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
        visit.page.keyboard.type("rival order", delay=20)
        result = visit.page.locator(".md-search-result__item").first
        result.wait_for(timeout=15_000)
        assert "rival order" in visit.page.locator(".md-search-result").inner_text()
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


def test_the_offline_edition_works_from_a_folder_links_and_search_included(
    offline_edition: Path, browser: object
) -> None:
    visit = Visit(browser, (offline_edition / "index.html").as_uri())
    page = visit.page
    try:
        steps = [
            ("article a[href='disputes/skyshield-dispute.html']", "Skyshield terms"),
            # A link in the relationship graph, drawn by the generator, not by MkDocs.
            (".briefing-picture a[href='../actors/northland.html']", "Northland"),
            ("article a[href^='../timeline/2017-2018.html#']", "Timeline: 2017 to 2018"),
        ]
        for link, heading in steps:
            page.locator(link).first.click()
            page.wait_for_load_state()
            assert page.url.startswith("file://")
            assert page.locator("h1").first.inner_text().rstrip("¶") == heading
        for _ in steps:
            page.go_back()
        assert page.url == (offline_edition / "index.html").as_uri()
        page.keyboard.press("/")  # Material's shortcut to the search box
        page.keyboard.type("Skyshield", delay=20)
        result = page.locator(".md-search-result__item a").first
        result.wait_for(timeout=15_000)
        assert (result.get_attribute("href") or "").startswith("file://")
        result.click()
        page.wait_for_load_state()
        assert page.url.startswith(offline_edition.as_uri())
        assert "Skyshield" in page.locator("article").inner_text()
        assert visit.errors == []
        assert visit.offhost == []
    finally:
        visit.close()


# Before printing, mark where each picture begins and ends, and push the first one down
# a fresh page so far that it would be cut if it could be.
_MARK_PICTURES = """() => {
    const pictures = [...document.querySelectorAll('.briefing-picture')];
    pictures.forEach((picture, i) => {
        picture.insertAdjacentHTML('afterbegin', `<p>PICTURE-${i}-STARTS</p>`);
        picture.insertAdjacentHTML('beforeend', `<p>PICTURE-${i}-ENDS</p>`);
    });
    pictures[0].insertAdjacentHTML(
        'beforebegin', '<div style="break-before: page; height: 225mm"></div>');
    return pictures.length;
}"""


def test_a_dispute_prints_as_an_a4_briefing_paper_with_its_endnotes(
    minimal_url: str, browser: object, tmp_path: Path
) -> None:
    pypdf = pytest.importorskip("pypdf", reason="pypdf is not installed (dev extras)")
    visit = Visit(browser, minimal_url + "disputes/skyshield-dispute/")
    page = visit.page
    try:
        article = page.locator("article")
        bottom_line = article.locator(".admonition.abstract p:not(.admonition-title)").inner_text()
        positions = article.locator(".grid.cards > ul > li").all_inner_texts()
        endnotes = article.locator("h2#_sources + ol > li").all_inner_texts()
        assert len(positions) >= 2 and len(endnotes) >= 2
        # What the page collapses, the paper prints: its quotes and open questions.
        collapsed = [
            article.locator("details:not([open]) blockquote p").first.text_content() or "",
            article.locator("details:not([open]) li").last.text_content() or "",
        ]
        assert all(collapsed) and not page.locator("details blockquote").first.is_visible()
        pictures = page.evaluate(_MARK_PICTURES)
        assert pictures >= 1
        pdf = tmp_path / "dispute.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True)
        assert visit.errors == []
    finally:
        visit.close()

    reader = pypdf.PdfReader(pdf)
    assert {(round(p.mediabox.width), round(p.mediabox.height)) for p in reader.pages} == {
        (595, 842)  # A4 in points
    }
    texts = [" ".join(p.extract_text().split()) for p in reader.pages]
    whole = " ".join(texts)
    endnotes = [f"{n}. {e}" for n, e in enumerate(endnotes, 1)]
    for text in [bottom_line, *positions, *collapsed, *endnotes]:
        assert " ".join(text.split()) in whole
    assert "Made with" not in whole and "Skip to content" not in whole
    for i in range(pictures):
        starts = [n for n, text in enumerate(texts) if f"PICTURE-{i}-STARTS" in text]
        ends = [n for n, text in enumerate(texts) if f"PICTURE-{i}-ENDS" in text]
        assert len(starts) == 1 and starts == ends, (i, starts, ends)


def test_briefing_pdf_prints_each_dispute_as_an_a4_paper(
    minimal_site: Path, run: Run, tmp_path: Path
) -> None:
    pypdf = pytest.importorskip("pypdf", reason="pypdf is not installed (dev extras)")
    out = tmp_path / "papers"
    result = run("pdf", "--site-dir", str(minimal_site), "--out", str(out))
    assert (result.status, result.err) == (0, "")
    disputes = {"rival-order": "Southland's rival order", "skyshield-dispute": "Skyshield terms"}
    assert result.out == "".join(f"wrote {out.as_posix()}/{id}.pdf\n" for id in disputes)
    for id, title in disputes.items():
        reader = pypdf.PdfReader(out / f"{id}.pdf")
        assert {(round(p.mediabox.width), round(p.mediabox.height)) for p in reader.pages} == {
            (595, 842)
        }
        text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
        assert text.startswith(f"{title} ")
        assert "Sources 1. " in text
        assert "file:" not in text  # no header or footer with the file's name
    # What the page collapses, the paper prints open: quotes, proposals, open questions.
    assert "The door is open." in text
    assert "Sell Skyshield for $1.2 billion." in text
    assert "Will Southland drop its rival order?" in text


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
        ("izmir", "timeline/2017-2018/"),
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


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """Serve a small synthetic briefing; yield its base URL and its facts folder."""
    project = _project(tmp_path_factory)
    for relative, text in synthesise(20, seed=11).items():
        (project / "facts" / relative).parent.mkdir(parents=True, exist_ok=True)
        (project / "facts" / relative).write_text(text, encoding="utf-8")
    for url in _serve(project):
        yield url, project / "facts"


def test_search_finds_records_by_alias_as_printed_and_folded(
    synthetic_site: tuple[str, Path], browser: object
) -> None:
    url, facts = synthetic_site
    base, _ = gather(facts)
    accented = [
        (alias, page_of(kind, record.id))
        for kind in ("actor", "system")
        for record in base.by_kind[kind]
        for alias in getattr(record, "aliases", [])
        if not alias.isascii()
    ][:3]
    assert len(accented) == 3
    for alias, page in accented:
        for typed in (alias, fold(alias)):
            visit = Visit(browser, url)
            try:
                visit.page.keyboard.press("/")  # Material's shortcut to the search box
                visit.page.keyboard.type(typed, delay=10)
                visit.page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
                links = visit.page.eval_on_selector_all(
                    ".md-search-result__link", "links => links.map(a => a.href)"
                )
                # Each link carries the query for the theme to highlight: ?h=...
                found = [link.partition("?")[0] for link in links]
                assert url + site_path(page) in found, (typed, links)
                assert visit.errors == []
            finally:
                visit.close()
