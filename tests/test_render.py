"""Rendering: golden pages for the minimal fixture, and what untrusted text becomes.

After a deliberate template change, `.venv/bin/pytest --update-goldens` rewrites
tests/golden/minimal/ from the code; review its diff like any other change.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from pathlib import Path

import pytest

from briefing import markup, urls
from briefing.pipeline import gather
from briefing.render import HOME_DISPUTES_MAX, QUOTES_IN_FULL, Settings, render
from briefing.synth import synthesise
from conftest import MINIMAL, TESTS

GOLDEN = TESTS / "golden" / "minimal"


def _pages() -> dict[str, str]:
    # Paths on pages are as given, relative to the project folder, as `make site` runs.
    with contextlib.chdir(MINIMAL):
        base, _ = gather(Path("facts"))
    return render(
        base, Settings(intro="# Skyshield briefing\n", edit_base="https://example.org/edit/main/")
    )


def test_pages_match_the_golden_copies(update_goldens: bool) -> None:
    pages = _pages()
    if update_goldens:
        for old in GOLDEN.rglob("*"):
            if old.is_file():
                old.unlink()
        for path, text in pages.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_text(text, encoding="utf-8")
    golden = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(pages) == sorted(golden)
    for path, text in pages.items():
        assert text == (GOLDEN / path).read_text(encoding="utf-8"), f"{path} differs from golden"


def test_rendering_is_deterministic() -> None:
    assert _pages() == _pages()


def test_every_kind_has_a_page_or_anchor() -> None:
    pages = _pages()
    for path in [
        "index.md",
        "disputes/skyshield-dispute.md",
        "actors/ana-ortiz.md",
        "systems/skyshield.md",
        "deals/skyshield-sale.md",
        "timeline/index.md",
        "timeline/2019.md",
        "quotes/index.md",
        "quotes/2019.md",
        "sources/index.md",
        "sources/2019.md",
        "data/index.md",
        "data/briefing.json",
    ]:
        assert path in pages
    assert "{ #offer-made }" in pages["timeline/2019.md"]
    assert '<span id="southland-not-enough"></span>' in pages["quotes/undated.md"]


def test_listings_have_a_page_per_year_and_an_index_of_the_years() -> None:
    pages = _pages()
    years = sorted(p for p in pages if p.startswith(("timeline/", "quotes/", "sources/")))
    assert years == [
        "quotes/2019.md",
        "quotes/index.md",
        "quotes/undated.md",
        "sources/2018.md",
        "sources/2019.md",
        "sources/index.md",
        "sources/undated.md",
        "timeline/2017-2018.md",
        "timeline/2019.md",
        "timeline/index.md",
    ]
    assert "| [2019](2019.md) | 2 |\n| [Undated](undated.md) | 2 |" in pages["quotes/index.md"]
    # "late 2017 or early 2018" is in neither year for certain: it has a part of its own.
    assert "{ #talks-begin }" in pages["timeline/2017-2018.md"]
    assert (
        "| [2017 to 2018](2017-2018.md) | 1 |\n| [2019](2019.md) | 3 |"
        in pages["timeline/index.md"]
    )
    assert "(../timeline/2017-2018.md#talks-begin)" in pages["disputes/skyshield-dispute.md"]


def test_a_disagreement_between_sources_is_shown_with_each_source() -> None:
    deal = _pages()["deals/skyshield-sale.md"]
    assert '??? warning "Where sources differ"' in deal
    assert "1 billion USD[^1] &#91;[Daily Courier 2018](../sources/2018.md#paper-2018)&#93;" in deal
    assert "1.2 billion USD &#91;[Example Wire 2019](../sources/2019.md#wire-2019)&#93;" in deal
    assert "[^1]: about &#36;1 billion" in deal


def test_the_unnamed_speaker_stays_unnamed() -> None:
    quotes = _pages()["quotes/undated.md"]
    assert "— A Southland official, speaking on condition of anonymity, undated" in quotes


def test_each_page_says_when_it_was_verified_and_where_to_edit() -> None:
    pages = _pages()
    actor = pages["actors/ana-ortiz.md"]
    assert "last verified: 20 October 2026 (some facts not yet verified)" in actor
    assert "([edit](https://example.org/edit/main/" in actor
    # Its source was verified, none of its facts: a source checked is not a fact checked.
    assert "last verified: not recorded." in pages["disputes/skyshield-dispute.md"]


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        "{: onclick=alert(1) }",
        "[^1]",
        "a | b",
        "x\n# heading",
        "x\n!!! danger",
        '--8<-- "/etc/passwd"',
    ],
)
def test_plain_text_renders_literally(hostile: str) -> None:
    escaped = markup.text(hostile)
    bare = re.sub(r"&#\d+;", "", escaped)
    for char in "<>[]{}|#!^&":
        assert char not in bare
    assert "\n" not in escaped


def test_summaries_keep_emphasis_but_lose_html_links_and_blocks() -> None:
    assert markup.summary("It is *new*.") == "It is *new*."
    out = markup.summary("a <b>x</b> [y](javascript:z)\n# h\n!!! note\n| t |")
    assert "<" not in out and "[" not in out and "|" not in out
    assert out.endswith("&#35; h &#33;&#33;&#33; note &#124; t &#124;")


def test_bidi_controls_are_shown_not_obeyed() -> None:
    assert markup.text("abc\u202edef") == "abc&#10216;U+202E&#10217;def"


def test_a_fact_base_renders_without_any_files_of_a_kind(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "s.yml").write_text("id: s\ntitle: Only a source\n")
    base, _ = gather(tmp_path)
    pages = render(base)
    assert "No actors yet." in pages["actors/index.md"]


def test_tags_name_kind_country_and_system_with_nothing_the_theme_could_read_as_html() -> None:
    pages = _pages()
    assert 'tags: ["Northland", "person"]' in pages["actors/ana-ortiz.md"]
    assert 'tags: ["Skyshield", "deal"]' in pages["deals/skyshield-sale.md"]
    assert markup.tag('<script>alert("x")</script> Türkiye') == "script alert x script Türkiye"


@pytest.mark.parametrize(
    ("start", "target", "markdown", "served", "offline"),
    [
        ("actors/x.md", "systems/y.md", "../systems/y.md", "../../systems/y/", "../systems/y.html"),
        (
            "actors/x.md",
            "quotes/index.md#q",
            "../quotes/index.md#q",
            "../../quotes/#q",
            "../quotes/index.html#q",
        ),
        ("index.md", "actors/x.md", "actors/x.md", "actors/x/", "actors/x.html"),
        ("actors/index.md", "actors/x.md", "x.md", "x/", "x.html"),
        ("timeline/index.md", "timeline/index.md#e", "index.md#e", "./#e", "index.html#e"),
        ("disputes/d.md", "index.md", "../index.md", "../../", "../index.html"),
    ],
)
def test_links_between_pages(
    start: str, target: str, markdown: str, served: str, offline: str
) -> None:
    assert urls.href(start, target) == markdown
    assert urls.site_href(start, target) == served
    assert urls.site_href(start, target, directory_urls=False) == offline


def test_a_dispute_lists_only_the_latest_events_of_its_deals(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(MINIMAL / "facts", facts)
    many = "".join(
        f"- id: step-{n:03d}\n  title: Step {n}\n  date: 2018-{n % 12 + 1:02d}-{n % 28 + 1:02d}\n"
        "  deals: [skyshield-sale]\n  sources: [wire-2019]\n"
        for n in range(60)
    )
    (facts / "events" / "more.yml").write_text(many, encoding="utf-8")
    base, _ = gather(facts)
    pages = render(base)
    dispute = pages["disputes/skyshield-dispute.md"]
    timeline = dispute.split('??? note "Timeline"')[1].split("\n??? ")[0]
    assert timeline.count("\n    - **") == 50 + 2  # its own two events, and 50 of its deal's
    assert "10 earlier events of its deals are on the deal pages: [Skyshield" in timeline
    assert pages["deals/skyshield-sale.md"].count("](../timeline/2018.md#step-") == 60


def test_the_home_page_lists_the_first_disputes_and_links_them_all(tmp_path: Path) -> None:
    for relative, text in synthesise(500, seed=2).items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(text, encoding="utf-8")
    base, _ = gather(tmp_path)
    disputes = base.by_kind["dispute"]
    assert len(disputes) > HOME_DISPUTES_MAX
    section = render(base)["index.md"].split("## Disputes\n")[1].split("\n## ")[0]
    listed = re.findall(r"^- \[.*?\]\(disputes/([a-z0-9-]+)\.md\)", section, re.MULTILINE)
    assert listed == [d.id for d in disputes[:HOME_DISPUTES_MAX]]
    assert f"[All {len(disputes)} disputes](disputes/index.md)" in section


def test_a_crowded_year_is_split_into_a_page_per_month(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(urls, "PART_MAX", 6)
    for relative, text in synthesise(40, seed=1).items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(text, encoding="utf-8")
    base, _ = gather(tmp_path)
    pages = render(base)
    assert base.crowded["event"] and base.crowded["quote"]
    for kind, folder in urls.LISTINGS.items():
        listed = [r for r in urls.listed(base)[kind] if base.kind_of(r.id) == kind]
        for record in listed:
            # Each record is where every link to it leads, on the page of its month if its
            # year is split and its date lies within one month, else of its year or span.
            page, _, anchor = urls.place(base, record.id).partition("#")
            date = urls.listed_date(record)
            year = urls.part_of(date)
            split = year in base.crowded[kind]
            assert page == f"{folder}/{urls.part_of(date, by_month=split)}.md"
            assert f"{{ #{anchor} }}" in pages[page] or f'<span id="{anchor}">' in pages[page]
        index = pages[f"{folder}/index.md"]
        for year in base.crowded[kind]:
            parts = [p.removeprefix(f"{folder}/").removesuffix(".md") for p in pages]
            months = sorted(p for p in parts if urls.is_month(p) and p.startswith(year))
            assert months, f"{folder}/{year}.md is split, but into no month"
            for month in months:
                row = f"| [{urls.part_words(month)}]({month}.md) |"
                assert row in pages[f"{folder}/{year}.md"]
                assert f"is on the [page of the year]({year}.md)" in pages[f"{folder}/{month}.md"]
            # The index has a line for the year, counting its months' records too.
            dates = [urls.listed_date(r) for r in urls.listed(base)[kind]]
            in_year = sum(1 for date in dates if urls.part_of(date) == year)
            assert f"| [{year}]({year}.md) | {in_year} |" in index
            assert f"({month}.md)" not in index


def test_a_much_quoted_party_shows_its_latest_quotes_in_full_and_lists_the_rest(
    tmp_path: Path,
) -> None:
    for relative, text in synthesise(40, seed=1).items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(text, encoding="utf-8")
    base, _ = gather(tmp_path)
    pages = render(base)
    system = max(
        base.by_kind["system"],
        key=lambda s: sum(base.kind_of(i) == "quote" for i in base.mentions(s.id)),
    )
    quotes = {i for i in base.mentions(system.id) if base.kind_of(i) == "quote"}
    assert len(quotes) > QUOTES_IN_FULL
    section = pages[f"systems/{system.id}.md"].split("## Quotes\n")[1].split("\n## ")[0]
    full, listed = section.split("### Other quotes\n")
    assert f"{QUOTES_IN_FULL} of {len(quotes)} quotes in full, the latest by date" in full
    in_full = re.findall(r"^> “\[.*?\]\(\.\./quotes/[0-9a-z-]+\.md#([a-z0-9-]+)\)", full, re.M)
    line = r"^- \*\*.*?“\[.*?\]\(\.\./quotes/[0-9a-z-]+\.md#([a-z0-9-]+)\)”"
    in_lines = re.findall(line, listed, re.M)
    assert len(in_full) == QUOTES_IN_FULL
    assert sorted(in_full + in_lines) == sorted(quotes)
    # Each line names who said it: the speaker, or the source's description of them.
    lines = [line for line in listed.splitlines() if line.startswith("- ")]
    assert all("”, " in line for line in lines)


def test_a_party_with_nothing_more_to_say_gets_no_heading_in_the_positions_in_full(
    tmp_path: Path,
) -> None:
    shutil.copytree(MINIMAL / "facts", tmp_path / "facts")
    dispute = tmp_path / "facts" / "disputes" / "rival-order.yml"
    text = dispute.read_text(encoding="utf-8")
    dispute.write_text(text.replace("quotes: [southland-order-stands]", "quotes: []"))
    base, _ = gather(tmp_path / "facts")
    page = render(base)["disputes/rival-order.md"]
    assert "The order stands." in page
    assert "Positions in full" not in page
    assert "\n    **[Southland]" not in page  # the heading inside the collapsed section


def test_the_home_page_range_of_events_never_runs_backwards(tmp_path: Path) -> None:
    shutil.copytree(MINIMAL / "facts", tmp_path / "facts")
    events = tmp_path / "facts" / "events" / "events.yml"
    # January 2018 ends before the span "late 2017 or early 2018" does, but lies within it.
    events.write_text(events.read_text(encoding="utf-8").replace("2019-03-05", "2018-01"))
    base, _ = gather(tmp_path / "facts")
    home = render(base)["index.md"]
    assert "| Events | late 2017 or early 2018 |" in home
    assert "Events from" not in home


def test_a_date_another_source_makes_precise_files_the_record_where_it_is_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(urls, "PART_MAX", 0)  # every year split by month
    shutil.copytree(MINIMAL / "facts", tmp_path / "facts")
    events = tmp_path / "facts" / "events" / "events.yml"
    one_version = "  date: 2019-03-05\n"
    # One source says 2019, another 5 March 2019: no difference, shown as 5 March 2019.
    refined = "  date:\n    - value: 2019\n    - value: 2019-03-05\n"
    events.write_text(events.read_text(encoding="utf-8").replace(one_version, refined))
    base, _ = gather(tmp_path / "facts")
    pages = render(base)
    assert urls.place(base, "offer-made") == "timeline/2019-03.md#offer-made"
    assert "## 5 March 2019: Northland offers Skyshield" in pages["timeline/2019-03.md"]
    assert "offer-made" not in pages["timeline/2019.md"]
