"""`briefing fmt`: one canonical layout, comments kept, meaning never changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing import fmt
from briefing.fmt import FormatError, format_text
from briefing.load import LoadError, decode, fact_files, parse
from conftest import MINIMAL, TESTS, Run


def fact_texts() -> list[tuple[str | None, str]]:
    """Return (kind, text) of every loadable fact file in the fixtures."""
    texts = []
    for facts in [MINIMAL / "facts", *(TESTS / "invalid").glob("*/facts")]:
        for kind, path in fact_files(facts):
            try:
                text = decode(path.read_bytes())
                if not parse(text)[2]:
                    texts.append((kind, text))
            except LoadError:  # files the loader refuses are tested below
                continue
    return texts


def test_formatting_is_idempotent_and_keeps_values() -> None:
    texts = fact_texts()
    assert len(texts) > 50
    for kind, text in texts:
        once = format_text(text, kind)
        assert format_text(once, kind) == once
        assert parse(once)[0] == parse(text)[0]


def test_keys_follow_the_model_and_unknown_keys_come_last() -> None:
    text = (
        "sources: [wire]\n"
        "colour: red\n"
        "kind: person\n"
        "summary: A minister.\n"
        "name: Ana\n"
        "roles:\n"
        "  - sources: [wire]\n"
        "    as_of: 2019\n"
        "    title: Minister\n"
        "id: ana\n"
    )
    assert format_text(text, "actor") == (
        "id: ana\n"
        "name: Ana\n"
        "kind: person\n"
        "roles:\n"
        "  - title: Minister\n"
        "    as_of: 2019\n"
        "    sources: [wire]\n"
        "summary: A minister.\n"
        "sources: [wire]\n"
        "colour: red\n"
    )


def test_versions_and_bare_values_each_take_their_own_order() -> None:
    text = (
        "id: sale\n"
        "value:\n"
        "  - sources: [wire]\n"
        "    value: {currency: USD, amount: 5}\n"
        "  - {currency: EUR, amount: 4}\n"
    )
    assert format_text(text, "deal") == (
        "id: sale\n"
        "value:\n"
        "  - value: {amount: 5, currency: USD}\n"
        "    sources: [wire]\n"
        "  - amount: 4\n"
        "    currency: EUR\n"
    )


def test_comments_stay_with_what_they_describe() -> None:
    text = (
        "# yaml-language-server: $schema=../../schema/actor.schema.json\n"
        "\n"
        "kind: person   # as the wire has it\n"
        "# The name as most sources spell it.\n"
        "name: Ana\n"
        "id: ana\n"
        "aliases:\n"
        "  # with the accent\n"
        "  - Ána\n"
        "sources: [wire]  # the only source\n"
        "# aliases: more to come\n"
    )
    assert format_text(text, "actor") == (
        "# yaml-language-server: $schema=../../schema/actor.schema.json\n"
        "id: ana\n"
        "# The name as most sources spell it.\n"
        "name: Ana\n"
        "kind: person  # as the wire has it\n"
        "aliases:\n"
        "  # with the accent\n"
        "  - Ána\n"
        "sources: [wire]  # the only source\n"
        "# aliases: more to come\n"
    )


def test_comments_in_a_list_file_and_after_a_block_header_are_kept() -> None:
    text = (
        "# Quotes from the wire.\n"
        "- text: Yes.  # verbatim\n"
        "  id: ana-yes\n"
        "  speaker: ana\n"
        "  context: >-  # as printed\n"
        "    at the press conference\n"
        "  sources: [wire]\n"
        "# the second quote\n"
        "- {id: ana-no, text: No., speaker: ana, sources: [wire]}\n"
    )
    assert format_text(text, "quote") == (
        "# Quotes from the wire.\n"
        "- id: ana-yes\n"
        "  text: Yes.  # verbatim\n"
        "  speaker: ana\n"
        "  context: at the press conference  # as printed\n"
        "  sources: [wire]\n"
        "# the second quote\n"
        "- id: ana-no\n"
        "  text: No.\n"
        "  speaker: ana\n"
        "  sources: [wire]\n"
    )


def test_a_comment_inside_a_short_list_keeps_it_a_block() -> None:
    text = "id: ana\nsources:\n  - wire  # first report\n  - paper\n"
    assert format_text(text, "actor") == text
    assert format_text("id: ana\nsources:\n  - wire\n  - paper\n", "actor") == (
        "id: ana\nsources: [wire, paper]\n"
    )


def test_the_template_from_briefing_new_keeps_its_comments(minimal: Path, run: Run) -> None:
    run("new", "deal", "new-deal", "--facts", "facts", cwd=minimal)
    path = minimal / "facts" / "deals" / "new-deal.yml"
    before = path.read_text(encoding="utf-8")
    after = format_text(before, "deal")
    assert sorted(line for line in after.splitlines() if line.lstrip().startswith("#")) == sorted(
        line for line in before.splitlines() if line.lstrip().startswith("#")
    )
    assert after.splitlines()[:5] == before.splitlines()[:5]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("Ana Ortiz", "Ana Ortiz"),
        ("no", "no"),
        ("2019-07~", "2019-07~"),
        ("null", '"null"'),
        ("", '""'),
        ("Defence: the minister", '"Defence: the minister"'),
        ("- not a list", '"- not a list"'),
        ("#1 supplier", '"#1 supplier"'),
        ("trailing ", '"trailing "'),
        ('he said "no"', 'he said "no"'),
        ('"done deal"', "'\"done deal\"'"),
        ('"Ankara\'s deal"', '"\\"Ankara\'s deal\\""'),
        ("line\u2028separator", '"line\\Lseparator"'),
    ],
)
def test_text_is_plain_unless_yaml_would_read_it_otherwise(value: str, written: str) -> None:
    quoted = format_text(f"id: a\nname: {fmt._double_quoted(value)}\n", "actor")
    assert quoted == f"id: a\nname: {written}\n"


def test_long_text_is_folded_at_the_line_width() -> None:
    words = " ".join(["word"] * 40)
    text = format_text(f"id: a\nsummary: {words}\n", "actor")
    lines = text.splitlines()
    assert lines[1] == "summary: >-"
    assert all(len(line) <= fmt.WIDTH for line in lines)
    assert parse(text)[0] == {"id": "a", "summary": words}


def test_text_with_line_breaks_is_a_literal_block() -> None:
    text = 'id: a\nsummary: "First.\\n\\n- one\\n- two\\n"\n'
    assert format_text(text, "actor") == "id: a\nsummary: |\n  First.\n\n  - one\n  - two\n"


def test_refuses_what_the_loader_refuses(minimal: Path, run: Run) -> None:
    path = minimal / "facts" / "actors" / "acme.yml"
    path.write_text("id: &n acme\nname: *n\nkind: company\nsources: [wire-2019]\n")
    before = path.read_bytes()
    result = run("fmt", "--facts", "facts", cwd=minimal)
    assert result.status == 1
    assert result.err == (
        "facts/actors/acme.yml:1:5: error: anchor '&n' (write values out in full; anchors "
        "and aliases are not allowed in facts)\n"
        "facts/actors/acme.yml:2:7: error: alias '*n' (write the value out in full here; "
        "anchors and aliases are not allowed in facts)\n"
        "2 errors in 1 file\n"
    )
    assert path.read_bytes() == before


def test_refuses_a_file_that_is_not_yaml(tmp_path: Path, run: Run) -> None:
    path = tmp_path / "facts" / "actors" / "bad.yml"
    path.parent.mkdir(parents=True)
    path.write_text("id: a\n  name: b\n")
    result = run("fmt", "facts/actors/bad.yml", cwd=tmp_path)
    assert result.status == 1
    assert result.err == (
        "facts/actors/bad.yml:2:7: error: YAML syntax: mapping values are not allowed here "
        "(this line is indented more than the line above: align it with the fields around "
        "it)\n1 error in 1 file\n"
    )


def test_refuses_to_write_what_would_change_the_meaning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fmt, "_inline", lambda text: "changed")
    with pytest.raises(FormatError) as caught:
        format_text("id: a\nname: Ana\n", "actor")
    assert caught.value.problems == [
        (
            1,
            1,
            "formatting would change what this file says, so it is left as it is "
            "(please report this with the file)",
        )
    ]


UNFORMATTED = {
    "actors/ana-ortiz.yml": (
        "id: ana-ortiz\nname: Ana Ortiz\naliases: [Ana Órtiz]\nkind: person\n"
        "country: northland\nsources: [wire-2019]\nsummary: Northland's trade minister.\n"
    ),
    "systems/skyshield.yml": (
        "id: skyshield\nname: Skyshield\nkind: air defence system\nsources: [paper-2018]\n"
        "statements:\n  - text: Southland is in talks to buy it.\n"
    ),
}
"""Fact files that `fmt` lays out anew: a list of text in brackets, keys out of order."""


@pytest.fixture
def unformatted(minimal: Path) -> Path:
    """Return the minimal fixture with two files written as editors might write them."""
    for name, text in UNFORMATTED.items():
        (minimal / "facts" / name).write_text(text, encoding="utf-8")
    return minimal


def test_check_lists_files_and_writes_nothing(unformatted: Path, run: Run) -> None:
    minimal = unformatted
    before = {p: p.read_bytes() for p in (minimal / "facts").rglob("*.yml")}
    result = run("fmt", "--check", "--facts", "facts", cwd=minimal)
    assert (result.status, result.err) == (1, "")
    assert result.out == (
        "would reformat facts/actors/ana-ortiz.yml\n"
        "would reformat facts/systems/skyshield.yml\n"
        "2 files would be reformatted, 17 already formatted (run `briefing fmt` to lay them "
        "out)\n"
    )
    assert {p: p.read_bytes() for p in before} == before


def test_fmt_rewrites_only_changed_files_and_keeps_their_mode(unformatted: Path, run: Run) -> None:
    minimal = unformatted
    changed = minimal / "facts" / "actors" / "ana-ortiz.yml"
    untouched = minimal / "facts" / "actors" / "acme.yml"
    changed.chmod(0o640)
    stamp = untouched.stat().st_mtime_ns - 10**9
    os.utime(untouched, ns=(stamp, stamp))
    result = run("fmt", "--facts", "facts", cwd=minimal)
    assert result.status == 0
    assert result.out.splitlines()[-1] == "2 files reformatted, 17 already formatted"
    assert untouched.stat().st_mtime_ns == stamp
    assert changed.stat().st_mode & 0o777 == 0o640
    assert run("fmt", "--check", "--facts", "facts", cwd=minimal).status == 0


def test_fmt_writes_text_back_in_normal_form_c(minimal: Path, run: Run) -> None:
    actor = minimal / "facts" / "actors" / "acme.yml"
    actor.write_text(
        actor.read_text().replace(
            "Acme Dynamics", "Acme Dyn\u0101mics".replace("\u0101", "a\u0304")
        )
    )
    assert run("fmt", "--check", "--facts", "facts", cwd=minimal).status == 1
    assert run("fmt", "--facts", "facts", cwd=minimal).status == 0
    assert "name: Acme Dyn\u0101mics\n" in actor.read_text(encoding="utf-8")


def test_formatting_changes_no_rendered_page(unformatted: Path, run: Run, tmp_path: Path) -> None:
    minimal = unformatted
    for docs in ("before", "after"):
        if docs == "after":
            assert run("fmt", "--facts", "facts", cwd=minimal).status == 0
        rendered = run("render", "--facts", "facts", "--docs", str(tmp_path / docs), cwd=minimal)
        assert rendered.status == 0
    before, after = tmp_path / "before", tmp_path / "after"
    pages = sorted(p.relative_to(before) for p in before.rglob("*") if p.is_file())
    assert pages
    assert all((before / p).read_bytes() == (after / p).read_bytes() for p in pages)


def test_named_files_are_formatted_alone(unformatted: Path, run: Run) -> None:
    result = run("fmt", "--check", "facts/actors/ana-ortiz.yml", cwd=unformatted)
    assert result.status == 1
    assert result.out == (
        "would reformat facts/actors/ana-ortiz.yml\n1 file would be reformatted, 0 already "
        "formatted (run `briefing fmt` to lay them out)\n"
    )


def test_fmt_says_when_the_facts_folder_is_missing(tmp_path: Path, run: Run) -> None:
    result = run("fmt", "--facts", "nowhere", cwd=tmp_path)
    assert (result.status, result.out) == (1, "")
    assert (
        result.err == "nowhere:1:1: error: no such folder (pass --facts DIR)\n1 error in 1 file\n"
    )
