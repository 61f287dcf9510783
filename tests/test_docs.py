"""The contributing guide is checked: its examples, commands and messages are real."""

from __future__ import annotations

import argparse
import re
import shlex
import shutil
from pathlib import Path

import pytest

from briefing.cli import parser
from briefing.fmt import format_text, kind_of
from briefing.load import load, parse
from briefing.models import KINDS
from conftest import ROOT, Run

GUIDE = ROOT / "docs" / "contributing.md"
TEXT = GUIDE.read_text(encoding="utf-8")
EXAMPLES = re.findall(r"```yaml\n(.*?)```", TEXT, re.DOTALL)
BLOCKS = re.findall(r"```(?:sh|text)\n(.*?)```", TEXT, re.DOTALL)


def _commands() -> list[str]:
    inline = re.findall(r"`((?:\.venv/bin/)?briefing [^`]*)`", TEXT)
    in_blocks = [
        line.split("#")[0].strip()
        for block in BLOCKS
        for line in block.splitlines()
        if line.startswith("briefing ")
    ]
    return sorted(set(inline + in_blocks))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.splitlines()[0][2:])
def test_each_yaml_example_is_a_valid_record_from_the_sample(example: str) -> None:
    path = Path(example.splitlines()[0].removeprefix("# "))
    kind = kind_of(path)
    assert kind is not None, "an example starts with its file, e.g. '# facts/actors/x.yml'"
    value, _, problems = parse(example)
    assert problems == []
    records = value if isinstance(value, list) else [value]
    sample_ids = {raw.data["id"] for raw in load(ROOT / "facts")[0]}
    for record in records:
        KINDS[kind].model_validate(record)
        assert record["id"] in sample_ids
    assert (ROOT / path).is_file()
    assert format_text(example, kind) == example, "examples are laid out as `briefing fmt` does"


def test_the_guide_has_an_example_of_each_change_it_describes() -> None:
    kinds = {kind_of(Path(example.splitlines()[0][2:])) for example in EXAMPLES}
    assert {"actor", "quote", "deal", "source"} <= kinds


@pytest.mark.parametrize("command", _commands())
def test_each_command_in_the_guide_parses(command: str) -> None:
    arguments = shlex.split(command)[1:]
    if len(arguments) == 1:  # the command named in a sentence, without its arguments
        assert arguments[0] in _subcommands()
    else:
        parser().parse_args(arguments)


def _subcommands() -> set[str]:
    return {
        name
        for action in parser()._actions
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    }


TYPOS = [
    ("facts/quotes/us-has-not-taken-step.yml", "  speaker: demir\n", "  speaker: demri\n"),
    ("facts/quotes/us-has-not-taken-step.yml", "  speaker: demir\n", "  speeker: demir\n"),
    (
        "facts/actors/kaidanow.yml",
        "sources: [us-in-talks-on-patriot-alternative]\nverified",
        "sources: [us-in-talks-on-patriot-alternativ]\nverified",
    ),
    ("facts/actors/kaidanow.yml", "kind: person\n", ""),
    ("facts/actors/kaidanow.yml", "kind: person\n", "kind: persn\n"),
    ("facts/actors/kaidanow.yml", "id: kaidanow\n", "id: Kaidanow\n"),
    (
        "facts/quotes/turkey-says-s-400-done-deal.yml",
        "    - value: 2019-02-26\n",
        "    - value: 2019-02-30\n",
    ),
    (
        "facts/quotes/turkey-says-s-400-done-deal.yml",
        "  context: in an interview with CNN Turk\n",
        "  context: in an interview: CNN Turk\n",
    ),
]


@pytest.mark.parametrize(("path", "right", "wrong"), TYPOS, ids=lambda v: v.strip()[:30])
def test_each_message_in_the_guide_is_what_check_prints(
    path: str, right: str, wrong: str, tmp_path: Path, run: Run
) -> None:
    shutil.copytree(ROOT / "facts", tmp_path / "facts")
    file = tmp_path / path
    text = file.read_text(encoding="utf-8")
    assert right in text
    file.write_text(text.replace(right, wrong, 1), encoding="utf-8")
    result = run("check", "--strict", cwd=tmp_path)
    assert result.status == 1
    first = result.err.splitlines()[0]
    assert f"\n{first}\n" in TEXT


def test_the_guide_says_what_check_prints_once_the_typo_is_fixed(run: Run) -> None:
    result = run("check", cwd=ROOT)
    assert f"`{result.out.strip()}`" in TEXT


def test_the_guide_links_the_data_dictionary() -> None:
    assert "](dictionary.md)" in TEXT
