"""Check a built site: every link and anchor between its own pages must resolve.

MkDocs (strict, with `validation: anchors`) checks the links it reads in Markdown; this
also reads what it does not: links in raw HTML such as the pictures' SVG, the theme's
own links, and the built pages as a reader's browser gets them. A link resolves when
its file exists in the site (a folder URL meaning its `index.html`) and, when it has a
fragment, that page has an element with that `id` (or an `<a name>`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Attributes that hold a URL the browser follows or loads.
_URL_ATTRIBUTES = frozenset({"href", "src", "xlink:href"})


@dataclass(frozen=True)
class BrokenLink:
    """A link in a built page that leads to no file, or to no element with its anchor."""

    page: str
    """The page holding the link, relative to the site root (`actors/x/index.html`)."""
    link: str
    """The link as written in the page."""
    reason: str
    """What is missing, in words."""

    def __str__(self) -> str:
        return f"{self.page}: broken link '{self.link}' ({self.reason})"


class _Page(HTMLParser):
    """The ids and the links of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif name in _URL_ATTRIBUTES:
                self.links.append(value)


class Site:
    """A built site's pages, read once each, to resolve links between them."""

    def __init__(self, root: Path, prefix: str = "/") -> None:
        self.root = root
        self.prefix = prefix if prefix.endswith("/") else prefix + "/"
        self._pages: dict[str, _Page] = {}

    def page(self, path: str) -> _Page:
        """Return the ids and links of the HTML page at a site-relative path."""
        if path not in self._pages:
            parser = _Page()
            parser.feed((self.root / path).read_text(encoding="utf-8", errors="replace"))
            parser.close()
            self._pages[path] = parser
        return self._pages[path]

    def resolve(self, from_page: str, link: str) -> str | None:
        """Return why a link from a page does not resolve, or None when it does.

        `from_page` is site-relative (`actors/x/index.html`); `link` is as written in
        the page. Links with a scheme (`https:`, `mailto:`) or to another host are not
        the site's and always resolve.
        """
        parts = urlsplit(link)
        if parts.scheme or parts.netloc:
            return None
        target = from_page
        if parts.path:
            # An absolute path (MkDocs writes them in 404.html, which is served for any
            # URL) starts at the site's root: the path of `site_url`, or `/`.
            if parts.path.startswith(self.prefix):
                relative = parts.path[len(self.prefix) :]
            elif parts.path.startswith("/"):
                return f"an absolute path outside the site, which is served at {self.prefix}"
            else:
                relative = posixpath.join(posixpath.dirname(from_page), parts.path)
            target = posixpath.normpath(unquote(relative) or ".")
            if target == ".." or target.startswith("../"):
                return "it leads out of the site"
            if target == ".":
                target = ""
            if parts.path.endswith("/") or (self.root / target).is_dir():
                target = posixpath.join(target, "index.html") if target else "index.html"
            if not (self.root / target).is_file():
                return f"no file {target}"
        anchor = unquote(parts.fragment)
        if anchor and target.endswith(".html") and anchor not in self.page(target).ids:
            return f"no element with id '{anchor}' in {target}"
        return None


def html_pages(site: Path) -> Iterator[str]:
    """Yield every HTML page of a built site, site-relative, in sorted order."""
    for path in sorted(site.rglob("*.html")):
        yield path.relative_to(site).as_posix()


def broken_links(site: Path, prefix: str = "/") -> list[BrokenLink]:
    """Return every link between the site's own pages that does not resolve.

    `prefix` is the URL path the site is served at (that of `site_url`), which
    absolute links start with.
    """
    pages = Site(site, prefix)
    broken = []
    for path in html_pages(site):
        for link in dict.fromkeys(pages.page(path).links):
            reason = pages.resolve(path, link)
            if reason is not None:
                broken.append(BrokenLink(path, link, reason))
    return broken
