"""What a built page says in its sentences, apart from its footnotes and hidden text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from html_text import Node, parse

DATING_WORDS = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|dated"
    r"|undated|date|taken as|no year|[12]\d{3})\b",
    re.IGNORECASE,
)
"""Words a parenthesis holding a dating note would hold."""
PARENTHESIS = re.compile(r"\([^()]*(?:\([^()]*\)[^()]*)*\)")
CITATION = re.compile(r"\[[^\[\]]*\]")
"""A group of citations as a reader sees it: '[Daily Courier 2018; Example Wire 2019]'."""


def sentences(node: Node) -> str:
    """Return what a page's article says in its sentences: no footnotes, no hidden text."""
    if node.tag in ("script", "style", "svg") or "hidden" in node.attrs:
        return ""
    if "footnote" in node.attrs.get("class", "").split():
        return ""
    return " ".join(c if isinstance(c, str) else sentences(c) for c in node.children)


def footnotes(node: Node) -> Iterator[str]:
    """Yield the text of each footnote of a page, its back-links included."""
    for inner in node.iter():
        if "footnote" in inner.attrs.get("class", "").split():
            yield from (li.text for li in inner.iter() if li.tag == "li")


def generated_pages(site: Path) -> dict[str, Node]:
    """Return the pages of a built site that the facts make, parsed, by path."""
    hand_written = {"method", "contributing", "dictionary"}
    return {
        path.relative_to(site).as_posix(): parse(path.read_text(encoding="utf-8"))
        for path in site.rglob("index.html")
        if not hand_written & set(path.relative_to(site).parts)
    }


def dating_parentheses(site: Path) -> list[tuple[str, str]]:
    """Return each parenthesis in a built page's sentences that holds a dating word."""
    found = []
    for path, root in generated_pages(site).items():
        for article in (n for n in root.iter() if n.tag == "article"):
            text = CITATION.sub(" ", " ".join(sentences(article).split()))
            found += [(path, m) for m in PARENTHESIS.findall(text) if DATING_WORDS.search(m)]
    return found
