"""The search index the generator renders: every record findable by name and alias, however
typed, in Material's own format, with MkDocs' search plugin doing no work of its own."""

from __future__ import annotations

import html
import json
import logging
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from briefing import search
from briefing.build import build_site
from briefing.folding import fold
from briefing.link import FactBase
from briefing.offline import FOLDER, ZIP
from briefing.pipeline import gather
from briefing.render import render
from briefing.synth import synthesise
from briefing.urls import place
from conftest import MINIMAL, site_project
from test_properties import CHARACTER, PROPERTY

SEPARATOR = re.compile(str(search.CONFIG["separator"]))


def _synthetic(folder: Path, scale: int = 30) -> Path:
    facts = folder / "facts"
    for relative, text in synthesise(scale, seed=11).items():
        (facts / relative).parent.mkdir(parents=True, exist_ok=True)
        (facts / relative).write_text(text, encoding="utf-8")
    return facts


def _index(base: FactBase) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render(base)[search.INDEX])
    return data


def _words(text: str) -> list[str]:
    """Return what Material's search makes of a text: lower-case words split as it splits."""
    return [word for word in SEPARATOR.split(text.lower()) if word]


def _finds(query: str, entry: dict[str, str]) -> bool:
    """Return whether Material's search, given query, finds the entry.

    Every query word is looked up with a trailing wildcard (as the theme does), among
    the words of the entry's title and text; with no trimmer in the pipeline, a word
    keeps the punctuation around it ("bilamo,").
    """
    words = _words(f"{entry['title']} {entry['text']}")
    return all(any(word.startswith(term) for word in words) for term in _words(query))


def test_every_record_is_found_by_its_name_and_each_alias_as_printed_and_folded(
    tmp_path: Path,
) -> None:
    base, _ = gather(_synthetic(tmp_path))
    entries = {entry["location"]: entry for entry in _index(base)["docs"]}
    folded_aliases = 0
    for id in base.entries:
        entry = entries[search.location(place(base, id))]
        name = base.name(id)
        assert html.unescape(entry["title"]) == name
        for spelling in [name, *getattr(base.get(id), "aliases", [])]:
            for query in {html.escape(spelling, quote=False), fold(spelling)}:
                assert _finds(query, entry), (id, query, entry)
            folded_aliases += fold(spelling) != spelling.lower()
    assert folded_aliases >= 10  # the synthetic briefing spells names with diacritics


def test_an_entry_carries_the_folded_form_of_each_word_folding_changes() -> None:
    entry = json.loads(
        search.Entry("actors/x/", "\u0130lkerhan Ba\u015fo\u011fuz", "In Diyarbak\u0131r").json()
    )
    assert entry == {
        "location": "actors/x/",
        "title": "\u0130lkerhan Ba\u015fo\u011fuz",
        "text": "In Diyarbak\u0131r basoguz diyarbakir ilkerhan",
    }


def test_search_gets_the_folded_form_of_each_word_that_folding_changes() -> None:
    text = "In Diyarbak\u0131r&#46; \u0130zmir, Southland\u2019s plain words"
    assert search.folded_forms(text) == ["diyarbakir", "izmir", "southland's"]


@settings(PROPERTY, max_examples=300)
@given(title=st.text(CHARACTER, max_size=60), text=st.text(CHARACTER, max_size=60))
def test_titles_and_texts_reach_the_theme_as_text_never_as_markup(title: str, text: str) -> None:
    # The theme shows an entry's title and text as HTML: escaped, they show as typed.
    entry = json.loads(search.Entry("p/", title, text).json())
    assert html.unescape(entry["title"]) == title
    assert html.unescape(entry["text"]).startswith(text)
    assert "<" not in entry["title"] + entry["text"]


@pytest.mark.parametrize(
    ("page", "served", "offline"),
    [
        ("index.md", "", "index.html"),
        ("actors/index.md", "actors/", "actors/index.html"),
        ("actors/acme.md", "actors/acme/", "actors/acme.html"),
        ("quotes/2019.md#best-offer", "quotes/2019/#best-offer", "quotes/2019.html#best-offer"),
    ],
)
def test_entries_lead_where_the_site_serves_the_page(page: str, served: str, offline: str) -> None:
    assert search.location(page) == served
    assert search.location(page, directory_urls=False) == offline


def test_hand_written_pages_are_found_section_by_section() -> None:
    page = (
        '---\ntitle: "How we work"\n---\n# Method\n\nWe cite.\n\n'
        "## Sources {: #kept }\n\nEvery <b>one</b>.\n"
    )
    entries = [json.loads(e.json()) for e in search.markdown_entries("method.md", page, True)]
    assert entries == [
        {"location": "method/", "title": "How we work", "text": "We cite."},
        {"location": "method/#kept", "title": "Sources", "text": "Every one."},
    ]


def test_the_built_site_serves_the_rendered_index_and_pages_carry_no_hidden_words(
    tmp_path: Path,
) -> None:
    project = site_project(tmp_path)
    shutil.copytree(MINIMAL / "facts", project / "facts")
    site = project / "site"
    build_site(project / "facts", project / "docs", project / "mkdocs.yml", site, offline=True)
    rendered = (project / "docs" / search.INDEX).read_bytes()
    # Had Material's plugin indexed the pages, it would have written its index over this.
    assert (site / search.INDEX).read_bytes() == rendered
    assert not any("search-forms" in p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    with zipfile.ZipFile(site / "data" / ZIP) as archive:
        inlined = archive.read(f"{FOLDER}/search/search_index.js").decode()
    offline = json.loads(inlined.removeprefix("var __index = "))
    locations = [entry["location"] for entry in offline["docs"]]
    assert "actors/ana-ortiz.html" in locations and "index.html" in locations
    assert not [location for location in locations if location.endswith("/")]


def _config(tmp_path: Path, plugins: str) -> Any:
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: x\ntheme: material\nplugins:\n{plugins}", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    loaded = load_config(str(config))
    return loaded.plugins.on_config(loaded)


def test_the_plugin_keeps_the_search_box_and_stops_material_indexing_pages(
    tmp_path: Path,
) -> None:
    config = _config(tmp_path, "  - briefing-search\n  - search\n")
    material = config.plugins["material/search"]
    for event in ("page_context", "post_build"):
        assert [h for h in config.plugins.events[event] if h.__self__ is material] == []
    assert config.plugins.events["config"]  # its settings are still read, for the theme


def test_the_plugin_without_material_search_says_what_to_add(tmp_path: Path) -> None:
    with pytest.raises(PluginError, match="list `search` before it under `plugins`"):
        _config(tmp_path, "  - briefing-search\n")


def test_search_settings_the_index_does_not_have_are_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        _config(tmp_path, "  - search:\n      lang: de\n  - briefing-search\n")
    assert "remove its lang, separator, pipeline and fields options" in caplog.text
