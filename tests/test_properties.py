"""Properties that hold for any input, checked on inputs Hypothesis makes up.

- Any fact base drawn from the model's value space validates, renders and builds.
- Any mutation of a valid fact file either validates or gives only clean messages.
- Escaping never lets a tag, a link or a Markdown block through.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from briefing import citations, markup
from briefing.build import build_site
from briefing.link import link
from briefing.load import RawRecord, load
from briefing.pipeline import check
from briefing.problems import failing
from briefing.render import Page, Settings, front_matter, render
from briefing.validate import validate
from conftest import MINIMAL, site_project
from hostile import shown
from html_text import Node, parse

# The site's Markdown extensions, as mkdocs.yml enables them.
EXTENSIONS = ["admonition", "attr_list", "footnotes", "tables", "toc", "pymdownx.details"]
EXTENSIONS += ["md_in_html"]

# Derandomized so that CI runs the same examples each time; run with
# --hypothesis-seed=N to explore others.
PROPERTY = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any character a fact may hold: everything but controls (refused with a message) and
# surrogates (not text).
CHARACTER = st.characters(
    exclude_categories=("Cc", "Cs"), exclude_characters="\x85", include_characters="\n"
)
# Characters that HTML or some Markdown syntax gives a meaning, drawn more often.
MARKUP = st.lists(
    st.sampled_from([*"*_-#>=+|[]()!{}:`<>&;\\^~.1a \t\n\u202e\u200b", "    ", "\n\n"]),
    min_size=1,
    max_size=40,
).map("".join)
LINE = st.text(CHARACTER.filter(lambda c: c != "\n"), min_size=1, max_size=60)
TEXT = st.one_of(
    st.text(CHARACTER, min_size=1, max_size=200),
    MARKUP.filter(lambda t: not t.isspace()),
)
# Facts refuse tabs, as every control character; the escaping tests still draw them.
FACT_TEXT = TEXT.filter(lambda t: "\t" not in t)
ID = st.from_regex(r"\A[a-z][a-z0-9-]{0,20}\Z").filter(lambda i: i not in ("con", "nul", "aux"))
DAY = st.dates().filter(lambda d: d.year >= 1000).map(lambda d: d.isoformat())
DATE = st.one_of(
    DAY,
    DAY.map(lambda d: d[:7]),
    DAY.map(lambda d: d[:4] + "~"),
    st.tuples(DAY, DAY).filter(lambda p: p[0] != p[1]).map(lambda p: "/".join(sorted(p))),
)


@st.composite
def fact_bases(draw: st.DrawFn) -> dict[str, list[dict[str, Any]]]:
    """Draw a valid fact base: sources, actors, events and quotes citing them."""
    ids = draw(st.lists(ID, min_size=6, max_size=12, unique=True))
    source_ids, actor_ids, rest = ids[:2], ids[2:4], ids[4:]
    sources = [{"id": i, "title": draw(LINE)} for i in source_ids]
    actors = [
        {
            "id": i,
            "name": draw(LINE),
            "kind": draw(st.sampled_from(["state", "person", "company"])),
            "aliases": draw(st.lists(LINE, max_size=2)),
            "summary": draw(FACT_TEXT),
            "sources": [draw(st.sampled_from(source_ids))],
        }
        for i in actor_ids
    ]
    events, quotes = [], []
    for i in rest:
        if draw(st.booleans()):
            events.append(
                {
                    "id": i,
                    "title": draw(LINE),
                    "date": draw(DATE),
                    "place": draw(LINE),
                    "actors": draw(st.lists(st.sampled_from(actor_ids), max_size=2, unique=True)),
                    "summary": draw(FACT_TEXT),
                    "sources": list(source_ids),
                }
            )
        else:
            quotes.append(
                {
                    "id": i,
                    "text": draw(FACT_TEXT),
                    "speaker": draw(st.sampled_from(actor_ids)),
                    "said": draw(DATE),
                    "context": draw(LINE),
                    "sources": [source_ids[0]],
                }
            )
    return {"sources": sources, "actors": actors, "events": events, "quotes": quotes}


def _write(facts: Path, base: dict[str, list[dict[str, Any]]]) -> None:
    shutil.rmtree(facts, ignore_errors=True)
    for folder, records in base.items():
        if records:
            (facts / folder).mkdir(parents=True)
            text = yaml.safe_dump(records, allow_unicode=True, sort_keys=False)
            (facts / folder / "all.yml").write_text(text, encoding="utf-8")


@settings(PROPERTY, max_examples=60)
@given(base=fact_bases())
def test_any_fact_base_from_the_model_validates_and_renders(
    base: dict[str, list[dict[str, Any]]], tmp_path: Path
) -> None:
    _write(tmp_path / "facts", base)
    facts, problems = check(tmp_path / "facts")
    # Warnings (two actors of one name, a source nobody cites) are fine here.
    assert failing(problems) == []
    pages = render(facts, Settings(intro="", edit_base=None))
    for record in base["actors"]:
        assert f"actors/{record['id']}.md" in pages


@settings(PROPERTY, max_examples=4)
@given(base=fact_bases())
def test_any_fact_base_from_the_model_builds(
    base: dict[str, list[dict[str, Any]]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    project = site_project(tmp_path_factory.mktemp("project"))
    _write(project / "facts", base)
    build_site(project / "facts", project / "docs", project / "mkdocs.yml", project / "site")
    for record in base["actors"]:
        assert (project / "site" / "actors" / record["id"] / "index.html").is_file()


FIXTURE_FILES = sorted(p.relative_to(MINIMAL).as_posix() for p in MINIMAL.rglob("*.yml"))
# Bytes that mean something to YAML, or that a careless editor or a bad upload brings.
NOISE = st.sampled_from(
    [b":", b"-", b" ", b"\t", b"\n", b"[", b"]", b"{", b"}", b"&a", b"*a", b"!", b"!!str ",
     b"#", b"'", b'"', b"|", b">", b"---\n", b"<<: ", b"\x00", b"\xff", b"\xef\xbb\xbf",
     b"\xc3", b"~", b"%YAML 1.1\n", b"? ", b"\\", b"\r"]
)  # fmt: skip


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, bytes]:
    """Draw a fixture file and a mutation of its bytes."""
    name = draw(st.sampled_from(FIXTURE_FILES))
    data = (MINIMAL / name).read_bytes()
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data)))
        edit = draw(st.sampled_from(["insert", "delete", "duplicate", "truncate", "swap"]))
        lines = data.split(b"\n")
        if edit == "insert":
            data = data[:at] + draw(NOISE) + data[at:]
        elif edit == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 8)) :]
        elif edit == "truncate":
            data = data[:at]
        elif edit == "duplicate" and lines:
            row = draw(st.integers(0, len(lines) - 1))
            data = b"\n".join([*lines[: row + 1], lines[row], *lines[row + 1 :]])
        elif edit == "swap" and len(lines) > 1:
            row = draw(st.integers(0, len(lines) - 2))
            lines[row], lines[row + 1] = lines[row + 1], lines[row]
            data = b"\n".join(lines)
    return name, data


MESSAGE = re.compile(r"\Afacts/[a-z/.0-9-]+:[1-9][0-9]*:[1-9][0-9]*: (error|warning): \S.*\Z")


@settings(PROPERTY, max_examples=300)
@given(mutation=mutations())
def test_a_mutated_fact_file_validates_or_gives_only_clean_messages(
    mutation: tuple[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, data = mutation
    shutil.rmtree(tmp_path / "facts", ignore_errors=True)
    shutil.copytree(MINIMAL / "facts", tmp_path / "facts")
    (tmp_path / name).write_bytes(data)
    monkeypatch.chdir(tmp_path)
    _, problems = check(Path("facts"))
    for problem in problems:
        assert MESSAGE.match(str(problem)), str(problem)


def _html(source: str) -> Node:
    return parse(markdown.markdown(source, extensions=EXTENSIONS))


def _tags(root: Node) -> set[str]:
    return {node.tag for node in root.iter()} - {"#document"}


@settings(PROPERTY, max_examples=500)
@given(value=TEXT)
def test_plain_text_renders_as_one_paragraph_of_exactly_that_text(value: str) -> None:
    root = _html("x " + markup.text(value))
    assert _tags(root) <= {"p"}
    # Text with right-to-left letters comes between isolates (FSI, PDI); a fact's own
    # bidi controls are shown, never obeyed, so any on the page are the isolates.
    isolated = markup.RTL.search(value) is not None
    shown_text = root.text.replace("\u2068", "").replace("\u2069", "")
    assert shown_text == shown("x " + value)
    assert (root.text.count("\u2068"), root.text.count("\u2069")) == (isolated, isolated)


FOOTNOTE_TAGS = {"p", "sup", "a", "div", "hr", "ol", "li"}
"""A paragraph with a footnote marker, and the footnote: all a note may become."""


@functools.cache
def _minimal_page() -> Page:
    base = check(MINIMAL / "facts")[0]
    return Page("deals/x.md", base, citations.of(base))


def _footnote_of(markdown_text: str, page: Page) -> tuple[Node, list[Node]]:
    """Return a paragraph and its footnotes rendered, and the footnote list items."""
    root = _html("\n\n".join([markdown_text, *page.footnotes()]))
    return root, [node for node in root.iter() if node.tag == "li"]


@settings(PROPERTY, max_examples=300)
@given(value=FACT_TEXT)
def test_a_note_renders_as_one_footnote_of_exactly_that_text(value: str) -> None:
    page = dataclasses.replace(_minimal_page(), notes={})
    root, items = _footnote_of("x" + page.note(value), page)
    assert _tags(root) <= FOOTNOTE_TAGS
    assert [len([n for n in root.iter() if n.tag == "sup"]), len(items)] == [1, 1]
    shown_text = items[0].text.replace("\u2068", "").replace("\u2069", "")
    assert shown_text == f"{shown(value)} \u21a9".strip()


@settings(PROPERTY, max_examples=300)
@given(before=FACT_TEXT, note=FACT_TEXT, after=FACT_TEXT)
def test_a_note_in_the_text_leaves_it_for_a_footnote_and_nothing_else(
    before: str, note: str, after: str
) -> None:
    page = dataclasses.replace(_minimal_page(), notes={})
    inner = note.replace("[", "(").replace("]", ")").replace("\n", " ")
    if not inner.strip() or "^[" in before + after or "[[" in before + after:
        return
    root, items = _footnote_of("x " + page.text(f"{before}^[{inner}]{after}"), page)
    assert _tags(root) <= FOOTNOTE_TAGS
    assert len(items) == 1
    assert items[0].text.replace("\u2068", "").replace("\u2069", "") == (
        shown(inner.strip()) + " \u21a9"
    )


# Where templates place plain text, with the elements that place makes and the text a
# reader should see there ({} is the value).
TABLE = {"table", "thead", "tbody", "tr", "th", "td"}
PLACES = [
    ("{}", {"p"}, "{}"),
    ("- {}", {"ul", "li"}, "{}"),
    ("1. {}", {"ol", "li"}, "{}"),
    ("## {}", {"h2"}, "{}"),
    ("x\n{}", {"p"}, "x {}"),
    ("| a |\n| --- |\n| {} |", TABLE, "a {}"),
    ("[{}](y.md)", {"p", "a"}, "{}"),
    ("x ({})", {"p"}, "x ({})"),
    ("{} [\\[1\\]](y.md)", {"p", "a"}, "{} [1]"),
    ("[a](y.md){}", {"p", "a"}, "a {}"),  # the parser parts the text of elements
]


# What a line can start with to open a block, or a link's address after a link's text.
LEADS = ["- ", " - ", "1. ", "2019) ", "---", "===", ": ", "(", "+ ", "* ", "# ", "> "]


@settings(PROPERTY, max_examples=300)
@given(
    value=st.one_of(TEXT, st.tuples(st.sampled_from(LEADS), TEXT).map("".join)).filter(
        lambda t: t.strip()
    ),
    place=st.sampled_from(PLACES),
)
def test_plain_text_shows_as_that_text_wherever_a_template_puts_it(
    value: str, place: tuple[str, set[str], str]
) -> None:
    # Some characters stay plain ("S-400 (2019)"), so where the text starts matters:
    # at a line's start, in a list item, a heading, a table cell, a link, before one.
    source, tags, seen = place
    root = _html(source.format(markup.text(value)))
    assert _tags(root) <= tags, markup.text(value)
    shown_text = root.text.replace("\u2068", "").replace("\u2069", "")
    assert " ".join(shown_text.split()) == shown(seen.format(value)), markup.text(value)


SUMMARY_TAGS = {"p", "em", "strong", "code", "ul", "li", "br"}


@settings(PROPERTY, max_examples=500)
@given(value=TEXT)
def test_a_summary_keeps_only_emphasis_code_paragraphs_and_lists(value: str) -> None:
    root = _html(markup.summary(value))
    assert _tags(root) <= SUMMARY_TAGS, markup.summary(value)


# Markdown block constructs (and the inline ones that make elements), each holding the
# word Zq. A construct on one line fits any text field; the others only multi-line ones.
ONE_LINE_CONSTRUCTS = [
    "# Zq", "### Zq ###", "Zq {: #evil .evil }", "{: #evil .evil }", "***", "* * *", "___",
    "- Zq", "* Zq", "+ Zq", "1. Zq", "2019) Zq", "    Zq", "```Zq```", "~~~", "```",
    "| Zq | Zq |", "<div>Zq</div>", "<!-- Zq -->", "<script>Zq</script>", "Zq[^1]",
    "[^1]: Zq", ": Zq", '!!! note "Zq"', "??? note", "???+ note", "/// note", "> Zq",
    "*[Zq]: Zq", "[Zq]: https://evil.example", "[Zq](https://evil.example)",
    "![Zq](evil.png)", "<https://evil.example>", "&amp;", "=====", "-----", "--", "==",
    "Zq\\", "<evil>", "==Zq==", "~~Zq~~", "^^Zq^^", "{++Zq++}", ":smile:", "$x$",
    "{{ Zq }}", "{% Zq %}", "Zq  ", "`Zq`", "**Zq**", "_Zq_", "***Zq***", "`<b>`",
]  # fmt: skip
MULTI_LINE_CONSTRUCTS = [
    "Zq\n===", "Zq\n---", "Talks stalled in March\n--\nThey resumed in May.", "Zq\n-",
    "Zq\n\n    code", "Zq | Zq\n--|--\n1 | 2", "| a |\n|---|\n| b |", "Zq\n: Zq",
    "!!! note\n    Zq", "??? note\n    Zq", "/// note\nZq\n///", "Zq[^1]\n\n[^1]: Zq",
    "<div>\nZq\n</div>", "<div markdown>\n# Zq\n</div>", "Zq\n{: #evil .evil }",
    "```\nZq\n```", "~~~\nZq\n~~~", "- a\n    - Zq", "1. a\n2. Zq", "> a\n> Zq",
    "- a\n\n        Zq", "* a\n*[Zq]: x", "Zq\n\n***\n\nZq", "<!--\nZq\n-->",
]  # fmt: skip
# Elements made by emphasis, code, paragraphs and bulleted lists: what a summary may
# become. Every other element of a page must be the same whatever the fact text is.
SUMMARY_MADE = {"p", "em", "strong", "code", "ul", "li", "br"}


def _leaves(value: Any, loc: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in _leaves(item, (*loc, key))]
    if isinstance(value, list):
        return [leaf for index, item in enumerate(value) for leaf in _leaves(item, (*loc, index))]
    return [(loc, value)]


def _with(value: Any, loc: tuple[Any, ...], new: str) -> Any:
    if not loc:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[loc[0]] = _with(value[loc[0]], loc[1:], new)  # type: ignore[index]
    return copy


@functools.cache
def _free_text() -> tuple[list[RawRecord], list[tuple[int, tuple[Any, ...], bool]]]:
    """Return the minimal fixture's records and each text field: (record, place, multi-line).

    A field holds free text when any text validates there; multi-line when two lines do.
    """
    raws, _ = load(MINIMAL / "facts")
    fields = []
    for index, raw in enumerate(raws):
        for loc, value in _leaves(raw.data):
            if (loc and loc[-1] == "id") or not isinstance(value, str):
                continue
            for probe, multi in (("Zq\n\nZq *", True), ("Zq *", False)):
                tried = dataclasses.replace(raw, data=_with(raw.data, loc, probe))
                if not validate([tried]).problems:
                    fields.append((index, loc, multi))
                    break
    return raws, fields


def _shape(pages: dict[str, str]) -> dict[str, list[tuple[str, str, bool]]]:
    """Return each page's elements but those a summary may make: tag, classes, has an id."""
    shapes = {}
    for path, source in pages.items():
        if path.endswith(".md"):
            root = _html(get_data(source)[0])
            shapes[path] = sorted(
                (node.tag, node.attrs.get("class", ""), "id" in node.attrs)
                for node in _outside_pictures(root)
                if node.tag not in SUMMARY_MADE
            )
    return shapes


def _outside_pictures(node: Node) -> Iterator[Node]:
    """Yield the elements of a page but those inside a picture.

    A picture places its labels where they fit, so how many it draws depends on their
    length; tests/test_pictures.py and the hostile fixture check what text does there.
    """
    yield node
    if node.tag != "svg":
        for child in node.children:
            if isinstance(child, Node):
                yield from _outside_pictures(child)


@st.composite
def constructs(draw: st.DrawFn, multi: bool) -> str:
    """Draw Markdown constructs, with text between them, joined as a field allows."""
    pool = ONE_LINE_CONSTRUCTS + (MULTI_LINE_CONSTRUCTS if multi else [])
    parts = draw(st.lists(st.one_of(st.sampled_from(pool), LINE), min_size=1, max_size=4))
    joints = ["\n", "\n\n", " "] if multi else [" ", ""]
    value = parts[0]
    for part in parts[1:]:
        value += draw(st.sampled_from(joints)) + part
    return value if value.strip() else "Zq"


@settings(PROPERTY, max_examples=20)
@given(data=st.data())
def test_no_markdown_construct_in_any_text_field_makes_an_element(data: st.DataObject) -> None:
    raws, fields = _free_text()
    drawn = {(i, loc): data.draw(constructs(multi)) for i, loc, multi in fields}
    # The same page with plain words in every field: one word per distinct drawn text.
    words = {text: f"Zq{n}" for n, text in enumerate(dict.fromkeys(drawn.values()))}
    shapes = []
    for values in (drawn, {place: words[text] for place, text in drawn.items()}):
        records = list(raws)
        for (index, loc), text in values.items():
            record = records[index]
            records[index] = dataclasses.replace(record, data=_with(record.data, loc, text))
        validated = validate(records)
        assert validated.problems == []
        base, problems = link(validated.entries)
        assert failing(problems) == []
        shapes.append(_shape(render(base, Settings(intro="", edit_base=None))))
    made, plain = shapes
    extra = {
        path: (
            Counter(made[path]) - Counter(plain[path]),
            Counter(plain[path]) - Counter(made[path]),
        )
        for path in made
        if made[path] != plain[path]
    }
    assert extra == {}


def test_a_dash_line_under_a_summary_line_is_text_not_a_heading() -> None:
    root = _html(markup.summary("Talks stalled in March\n--\nThey resumed in May."))
    assert _tags(root) == {"p"}
    assert root.text == "Talks stalled in March -- They resumed in May."


def test_a_summary_keeps_its_paragraphs_items_emphasis_and_code() -> None:
    source = markup.summary("**Talks** stalled:\n\n- in `March`\n- and _May_\n\n2019. Over.")
    assert _html(source).text == "Talks stalled: in March and May 2019. Over."
    assert [node.tag for node in _html(source).iter()][1:] == [
        "p", "strong", "ul", "li", "code", "li", "em", "p",
    ]  # fmt: skip


def test_front_matter_reads_back_any_title_and_tags() -> None:
    text = front_matter("Ay\U00030c4b <b>", ["\U0001f600 tag", "plain"])
    assert get_data(text + "body")[1] == {
        "title": "Ay\U00030c4b &lt;b&gt;",
        "tags": ["plain", "\U0001f600 tag"],
    }
