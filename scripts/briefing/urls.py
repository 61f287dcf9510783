"""Where each record is shown on the site, and links between generated pages.

Paths are relative to docs/ and name Markdown files, as MkDocs resolves and checks links
between .md files. Raw HTML (pictures) cannot use those: `site_href` gives the URL
the built site serves, with MkDocs' directory URLs (actors/x.md -> actors/x/).
"""

from __future__ import annotations

import posixpath

# Kinds with a page of their own; the others are anchors on a listing page.
PAGE_KINDS = ("dispute", "actor", "system", "deal")
LISTINGS = {"event": "timeline/index.md", "quote": "quotes/index.md", "source": "sources/index.md"}
SECTIONS = {kind: f"{kind}s/index.md" for kind in PAGE_KINDS}


def page_of(kind: str, id: str) -> str:
    """Return the docs-relative page (with #anchor for listed kinds) that shows a record."""
    if kind in PAGE_KINDS:
        return f"{kind}s/{id}.md"
    return f"{LISTINGS[kind]}#{id}"


def href(from_page: str, to: str) -> str:
    """Return a relative Markdown link from one docs page to another page or anchor."""
    target, _, anchor = to.partition("#")
    folder = from_page.rpartition("/")[0]
    # Pages sit at most one folder deep: spare relpath, a large share of render time.
    if not folder:
        link = target
    elif target.startswith(folder + "/"):
        link = target[len(folder) + 1 :]
    elif "/" not in folder:
        link = "../" + target
    else:
        link = posixpath.relpath(target, folder)
    return f"{link}#{anchor}" if anchor else link


def _served(page: str) -> str:
    if page == "index.md" or page.endswith("/index.md"):
        return page[: -len("index.md")]
    return page[: -len(".md")] + "/"


def site_href(from_page: str, to: str) -> str:
    """Return the relative URL, as the built site serves it, from one page to another."""
    target, _, anchor = to.partition("#")
    here = _served(from_page)
    relative = posixpath.relpath(_served(target) or ".", here.rstrip("/") or ".")
    link = "./" if relative == "." else relative + "/"
    return f"{link}#{anchor}" if anchor else link
