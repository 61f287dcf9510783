"""The Atom feed (RFC 4287) of What's new, so that feed readers tell followers of changes.

The document is written by feedgen; this module only says what goes in it. Every text is
plain text (`type="text"`), which the XML writer escapes: fact text cannot become markup.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator

FEED = "feed.xml"
"""Where the feed is published, relative to the site's root (overrides/main.html names it).

At the root, not beside What's new: Material takes every `<link rel="alternate">` for a
translation of the site and fetches `sitemap.xml` beside it, which is there only at the
root.
"""
EPOCH = datetime.fromtimestamp(0, UTC)


@dataclass(frozen=True)
class Entry:
    """One entry: a change to a record, or a record checked against its sources."""

    key: str
    """What the entry is about, the same in every build: its atom:id is made from it."""
    title: str
    """Plain text."""
    link: str
    """The page it is about: a URL relative to the feed (the site's root), or absolute."""
    updated: datetime
    """When it last changed (timezone-aware)."""
    content: str = ""
    """Plain text; lines are kept."""


def atom(
    title: str, page: str, entries: list[Entry], site_url: str | None, updated: datetime
) -> str:
    """Return the Atom document of the entries, in their order, as XML text.

    `page` is the URL of the page the feed follows, relative to the feed.
    Links are made absolute when the site's URL is known, and left relative to the
    feed's own URL otherwise (feed readers resolve them as they resolve a page's). Ids
    are `urn:uuid:` names derived from the site and each entry's key, so they stay the
    same from build to build. `updated` is the feed's time when it has no entries.
    """
    home = site_url or title
    generator = FeedGenerator()
    generator.id(_urn(home, FEED))
    generator.title(_line(title))
    generator.generator("briefing")  # not feedgen's version: the same facts, the same bytes
    generator.link(href=_absolute(site_url, page), rel="alternate")
    if site_url:
        generator.link(href=urljoin(site_url, FEED), rel="self")
    generator.updated(max((entry.updated for entry in entries), default=updated))
    for entry in entries:
        item = generator.add_entry(order="append")
        item.id(_urn(home, entry.key))
        item.title(_line(entry.title))
        item.link(href=_absolute(site_url, entry.link), rel="alternate")
        item.updated(entry.updated)
        if entry.content:
            item.content("\n".join(entry.content.splitlines()), type="text")
    xml: bytes = generator.atom_str(pretty=True)
    return xml.decode("utf-8")


def _line(text: str) -> str:
    """Return text on one line: a title's line breaks would be read as spaces anyway."""
    return " ".join(text.splitlines())


def _urn(home: str, key: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{home}#{key}").urn


def _absolute(site_url: str | None, link: str) -> str:
    """Return a link relative to the feed as an absolute URL when the site's URL is known."""
    if not site_url:
        return link
    return urljoin(urljoin(site_url, FEED), link)
