"""Read a built page the way a reader sees it: a tree of elements and their text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)


@dataclass(eq=False)
class Node:
    """An element, its attributes and what it holds (nodes and text)."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    def iter(self) -> Iterator[Node]:
        """Yield this element and every element inside it."""
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    @property
    def raw_text(self) -> str:
        """Return the text inside, scripts and styles left out."""
        if self.tag in ("script", "style"):
            return ""
        return "".join(c if isinstance(c, str) else f" {c.raw_text} " for c in self.children)

    @property
    def text(self) -> str:
        """Return the text inside with white space folded."""
        return " ".join(self.raw_text.split())

    def holding(self, text: str) -> Node | None:
        """Return the innermost element whose text holds the given text."""
        if text not in self.text:
            return None
        for child in self.children:
            if isinstance(child, Node):
                inner = child.holding(text)
                if inner is not None:
                    return inner
        return self


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    """Return the element tree of an HTML page."""
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def words_before(node: Node, tag: str) -> tuple[int, bool]:
    """Return how many words a reader sees in node before its first element of tag.

    Scripts, styles and pictures (SVG) are left out. Also return whether there is such
    an element; without one, the count is of every word.
    """
    words = 0

    def walk(at: Node) -> bool:
        nonlocal words
        for child in at.children:
            if isinstance(child, str):
                words += len(child.split())
            elif child.tag == tag or (child.tag not in ("script", "style", "svg") and walk(child)):
                return True
        return False

    found = walk(node)
    return words, found
