"""The site's search index, made from the facts: every record findable by name and alias.

The index is one more rendered file, `search/search_index.json`, in the format of Material
for MkDocs' own search (`{"config": ..., "docs": [{"location", "title", "text"}]}`), so
the theme's search box and its worker read it unchanged, served and offline (the offline
plugin inlines the same file into a script). MkDocs' search plugin no longer parses the
HTML of every page (`briefing.mkdocs_search` stops it): that took a fifth of a build,
and its index, the whole text of every page, grew to 130 MB at 10,000 actors, all
downloaded on a reader's first search.

What the index holds, kept small on purpose:
- a page entry for every generated page, titled as the page is: an entity page's entry
  gives the record's name, its aliases and a short summary; listing pages (a year of the
  timeline, of quotes, of sources) have an entry per record, at its anchor, with its
  name (a quote's opening words) and, for events, the place;
- the hand-written pages and the data dictionary, section by section, with their text.

The theme lower-cases words but folds nothing more, so each entry's text also carries
the folded forms (`briefing.folding.fold`) of its words that folding changes: a query
typed without diacritics ("diyarbakir", "ilkerhan", "southland's" with the keyboard's
apostrophe) finds the record, and so does the word as printed. Titles and texts are
HTML-escaped: the theme shows them as HTML.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown

from briefing.folding import fold

INDEX = "search/search_index.json"
"""Where the index is rendered, under docs/: where Material's search looks for it."""
CONFIG = {
    "lang": ["en"],
    "separator": r"[\s\-]+",
    "pipeline": ["stopWordFilter"],
    "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}},
}
"""The search settings of Material's English defaults, as its plugin would write them."""
SUMMARY_MAX = 160
"""The most characters of an entity's summary the index keeps (cut at a word)."""
TEXT_MAX = 2000
"""The most characters of a hand-written section's text the index keeps."""
MARKDOWN_EXTENSIONS = ["toc", "attr_list", "tables", "admonition", "footnotes", "md_in_html"]
"""How hand-written pages are read for the index: headings get the ids MkDocs gives them."""

# A word: letters and digits, with apostrophes inside ("Southland’s").
_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")
_REFERENCE = re.compile(r"\[\[([a-z0-9-]+)\]\]")
_MARKUP = re.compile(r"[*_`]+")


@dataclass(frozen=True)
class Entry:
    """One search entry: where it leads (site-relative URL), its title and text, as text."""

    location: str
    title: str
    text: str = ""

    def json(self) -> str:
        """Return the entry as Material writes it: HTML-escaped, folded forms added."""
        forms = folded_forms(f"{self.title} {self.text}")
        text = " ".join(part for part in (self.text, " ".join(forms)) if part)
        return json.dumps(
            {
                "location": self.location,
                "title": html.escape(self.title, quote=False),
                "text": html.escape(text, quote=False),
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )


def folded_forms(text: str) -> list[str]:
    """Return the folded forms, sorted, of the words of text that folding changes."""
    if text.isascii():
        return []  # folding changes no ASCII word beyond its case
    forms = {_form(word) for word in set(_WORD.findall(text)) if not word.isascii()}
    forms.discard("")
    return sorted(forms)


@functools.lru_cache(maxsize=65536)
def _form(word: str) -> str:
    """Return a word's folded form if folding changes more than its case, else ''."""
    folded = fold(word)
    return folded if folded != word.lower() else ""


def index(entries: Iterable[Entry]) -> str:
    """Return the search index as JSON text, one entry to a line."""
    docs = ",\n".join(entry.json() for entry in entries)
    return f'{{"config":{json.dumps(CONFIG, separators=(",", ":"))},"docs":[\n{docs}\n]}}\n'


def location(page: str, directory_urls: bool = True) -> str:
    """Return the site-relative URL of a docs page or anchor (`quotes/2019.md#q`).

    With `directory_urls`, `quotes/2019/#q` and '' for the home page; without (the
    offline edition), `quotes/2019.html#q` and `index.html`.
    """
    target, _, anchor = page.partition("#")
    if not directory_urls:
        url = target[: -len(".md")] + ".html"
    elif target == "index.md" or target.endswith("/index.md"):
        url = target[: -len("index.md")]
    else:
        url = target[: -len(".md")] + "/"
    return f"{url}#{anchor}" if anchor else url


def short(text: str, limit: int, name: Callable[[str], str] = str) -> str:
    """Return Markdown as text on one line, cut at a word to at most `limit` characters.

    A cut text ends with "…"; each `[[id]]` becomes `name(id)`.
    """
    named = _REFERENCE.sub(lambda match: name(match[1]), text)
    flat = " ".join(_MARKUP.sub("", named).split())
    if len(flat) <= limit:
        return flat
    return flat[: limit - 1].rsplit(" ", 1)[0] + "…"


def markdown_entries(
    page: str, text: str, directory_urls: bool, title: str | None = None
) -> Iterator[Entry]:
    """Yield a Markdown page's entries: the page, then a section per heading below its title.

    For trusted Markdown only (hand-written pages, the data dictionary): it is read with
    Python-Markdown, as MkDocs reads it, so that headings get the ids MkDocs gives them.
    The page's title is `title`, else its front matter's `title`, its first level-1
    heading, or its file name.
    """
    front = _FRONT_MATTER.match(text)
    named = front and re.search(r"^title: *(.+?) *$", front[0], re.MULTILINE)
    body = text[front.end() :] if front else text
    parser = _Sections()
    parser.feed(markdown.markdown(body, extensions=MARKDOWN_EXTENSIONS))
    parser.close()
    (_, first, words), *sections = parser.sections
    if title is None:
        title = named[1].strip("\"'") if named else first or page.rsplit("/", 1)[-1][:-3]
    url = location(page, directory_urls)
    yield Entry(url, title, short("".join(words), TEXT_MAX))
    for anchor, heading, words in sections:
        yield Entry(f"{url}#{anchor}", heading, short("".join(words), TEXT_MAX))


_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


class _Sections(HTMLParser):
    """Split HTML into (heading id, heading text, words): the page's, then each heading's.

    The page's part holds what comes before the first heading below level 1, and the
    text of its first level-1 heading; headings without an id start no section.
    """

    HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
    SKIPPED = frozenset({"script", "style", "svg"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[tuple[str, str, list[str]]] = [("", "", [])]
        self._heading: list[str] | None = None
        self._anchor: str | None = None
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self._skipping += 1
        elif tag in self.HEADINGS or (tag == "h1" and not self.sections[0][1]):
            self._heading, self._anchor = [], dict(attrs).get("id")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif self._heading is not None and (tag in self.HEADINGS or tag == "h1"):
            heading = " ".join("".join(self._heading).split())
            if tag == "h1":
                self.sections[0] = ("", heading, self.sections[0][2])
            elif self._anchor:
                self.sections.append((self._anchor, heading, []))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if self._heading is not None:
            self._heading.append(data)
        else:
            self.sections[-1][2].append(data)


def hand_written_entries(pages: Mapping[str, str], directory_urls: bool) -> Iterator[Entry]:
    """Yield the entries of hand-written pages, {docs path: Markdown}, in path order."""
    for page in sorted(pages):
        yield from markdown_entries(page, pages[page], directory_urls)
