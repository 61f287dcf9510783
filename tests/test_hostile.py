"""Hostile text in every field builds a site that shows it literally and runs nothing.

The fact base comes from tests/hostile.py: every plain-text and Markdown field of every
kind holds an attack. The facts are legitimate (a name may contain '<script>'), so the
check passes; the built site must show each one as the literal text, nothing more.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.build import build_site
from conftest import Run, site_project
from hostile import Payloads, every_text_field, shown, write_hostile
from html_text import Node, parse
from test_summary import COLLAPSED

DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:", "file:")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Payloads]:
    """Build the hostile fact base into a site; return the project folder and payloads."""
    project = site_project(tmp_path_factory.mktemp("hostile"))
    payloads = write_hostile(project / "facts")
    build_site(project / "facts", project / "docs", project / "mkdocs.yml", project / "site")
    return project, payloads


@pytest.fixture(scope="module")
def pages(hostile: tuple[Path, Payloads]) -> dict[str, Node]:
    site = hostile[0] / "site"
    return {p.relative_to(site).as_posix(): parse(p.read_text()) for p in site.rglob("*.html")}


def test_every_text_field_of_every_kind_carries_an_attack(tmp_path: Path) -> None:
    assert set(write_hostile(tmp_path).fields.values()) == every_text_field()


def test_hostile_text_is_legitimate_and_passes_the_strict_check(
    hostile: tuple[Path, Payloads], run: Run
) -> None:
    result = run("check", "--strict", "--facts", "facts", cwd=hostile[0])
    assert (result.status, result.err) == (0, "")


def _own_text(node: Node) -> str:
    return " ".join("".join(c for c in node.children if isinstance(c, str)).split())


def test_every_attack_shows_as_the_literal_text_the_editor_wrote(
    hostile: tuple[Path, Payloads], pages: dict[str, Node]
) -> None:
    # Each paragraph of a payload must be the text of a single element: had any part
    # become a tag, a heading, a link, a table or a code block, it would be split
    # across elements or lose its markup characters.
    texts = {_own_text(node) for root in pages.values() for node in root.iter()}
    missing = [
        (marker, hostile[1].fields[marker], shown(part)[:40])
        for marker, payload in hostile[1].by_marker.items()
        for part in payload.split("\n\n")
        if not any(shown(part) in text for text in texts)
    ]
    assert missing == []


def _summary(details: Node) -> str | None:
    """Return the text of a details element's summary, if it is plain text."""
    summary = next((c for c in details.children if isinstance(c, Node)), None)
    if summary is None or summary.tag != "summary":
        return None
    return summary.text if all(isinstance(c, str) for c in summary.children) else None


def _elements(pages: dict[str, Node]) -> Iterator[tuple[str, Node]]:
    for path, root in pages.items():
        for node in root.iter():
            yield path, node


def test_no_attack_adds_a_handler_a_script_link_or_an_element(
    hostile: tuple[Path, Payloads], pages: dict[str, Node]
) -> None:
    markers = hostile[1].by_marker
    handlers = [
        (path, node.tag, name)
        for path, node in _elements(pages)
        for name in node.attrs
        if name.startswith("on")
    ]
    links = [
        (path, node.tag, value)
        for path, node in _elements(pages)
        for name, value in node.attrs.items()
        if name in ("href", "src", "action", "formaction", "xlink:href")
        and value.strip().lower().startswith(DANGEROUS_SCHEMES)
    ]
    images = [(path, node.attrs) for path, node in _elements(pages) if node.tag == "img"]
    scripts = [
        (path, node.attrs)
        for path, node in _elements(pages)
        if node.tag == "script"
        and node.attrs.get("type") not in ("application/json", "application/ld+json")
        and any(m in "".join(c for c in node.children if isinstance(c, str)) for m in markers)
    ]
    # The theme has its own forms and inputs; the facts go into the article, where the
    # only collapsed sections are the dispute page's, each titled by the generator.
    injected = [
        (path, inner.tag)
        for path, node in _elements(pages)
        if node.tag == "article"
        for inner in node.iter()
        if inner.tag in ("iframe", "object", "embed", "form", "input", "img")
        or (inner.tag == "details" and _summary(inner) not in COLLAPSED)
    ]
    assert (handlers, links, images, scripts, injected) == ([], [], [], [], [])


def test_json_ld_keeps_the_text_but_cannot_close_its_script(pages: dict[str, Node]) -> None:
    blocks = [
        "".join(c for c in node.children if isinstance(c, str))
        for _, node in _elements(pages)
        if node.tag == "script" and node.attrs.get("type") == "application/ld+json"
    ]
    assert blocks, "entity pages embed JSON-LD"
    for block in blocks:
        assert "<" not in block and ">" not in block
