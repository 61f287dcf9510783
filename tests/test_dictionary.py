"""The data dictionary page: complete, fresh, and safe with any text in the facts."""

from __future__ import annotations

import re
from pathlib import Path

import markdown

from briefing.dictionary import dictionary
from briefing.fields import field_order
from briefing.models import KINDS, Role
from briefing.pipeline import gather
from briefing.render import DICTIONARY, render
from conftest import MINIMAL, Run

FACTS = MINIMAL / "facts"


def _page(facts: Path = FACTS) -> str:
    return dictionary(gather(facts)[0])


def test_the_site_has_the_dictionary_of_its_own_facts() -> None:
    assert render(gather(FACTS)[0])[DICTIONARY] == _page()


def test_every_field_of_every_kind_has_a_row() -> None:
    page = _page()
    for kind, model in KINDS.items():
        section = page.split(f"## {kind} {{ #{kind} }}")[1].split("\n## ")[0]
        rows = re.findall(r"^\| `(\w+)` \|", section, re.MULTILINE)
        assert rows == field_order(model), kind


def test_rows_say_type_requirement_allowed_values_and_example() -> None:
    page = _page()
    assert (
        "| `kind` | one word from the list | yes | `state`, `alliance`, `government-body`, "
        "`organisation`, `company`, `media`, `armed-group`, `political-party`, `consortium`, "
        "`electorate`, `person`, `group` | "
        "What sort of actor this is. | `company` |"
    ) in page
    assert (
        "| `parties` | list of [actor](#actor) id | yes | at least 2; the id of a record in "
        "facts/actors/ | The parties to the dispute. | `[northland, southland]` |"
    ) in page
    assert "| `language` | language tag | no (default: en) |" in page
    # The fixture has no web address: a stock example stands in.
    assert "| Where it is published (http or https). | `https://example.org/story` |" in page


def test_a_part_of_a_record_has_its_own_table() -> None:
    page = _page()
    section = page.split("### Role { #role }")[1].split("\n### ")[0]
    assert re.findall(r"^\| `(\w+)` \|", section, re.MULTILINE) == list(Role.model_fields)


def test_text_from_the_facts_cannot_break_the_table(minimal: Path) -> None:
    actor = minimal / "facts" / "actors" / "acme.yml"
    actor.write_text(
        "id: acme\n"
        "name: 'A | B `x` <script>alert(1)</script> [l](http://e.org)'\n"
        "kind: company\n"
        "sources: [wire-2019]\n"
    )
    page = _page(minimal / "facts")
    html = markdown.markdown(page, extensions=["tables", "attr_list"])
    assert "<script>" not in html
    assert '<a href="http://e.org"' not in html
    assert "<code>A | B `x` &lt;script&gt;alert(1)&lt;/script&gt; [l](http://e.org)</code>" in html
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.DOTALL)[1:]:
        assert row.count("<td>") in (0, 2, 3, 6)


def test_command_prints_the_page_or_writes_it(tmp_path: Path, run: Run) -> None:
    printed = run("dictionary", "--facts", str(FACTS))
    assert (printed.status, printed.out) == (0, _page())
    out = tmp_path / "dictionary.md"
    written = run("dictionary", "--facts", str(FACTS), "--out", str(out))
    assert (written.status, written.out) == (0, f"wrote {out.as_posix()}\n")
    assert out.read_text(encoding="utf-8") == _page()
