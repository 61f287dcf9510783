"""The JSON Schemas accept, value by value, what `briefing check` accepts.

Each fact file is read as an editor's language server reads it (YAML 1.2, core schema:
a bare 2019 is a number, true a boolean, 2019-03-05 text) and validated with a real JSON
Schema validator against its kind's schema. Its verdict is compared with check's for
that file, counting only what a schema can say about single values: check's findings
across records (unknown or duplicate ids, warnings) are left out. Where they still
differ, the file is listed below with the reason.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from briefing.load import Origin, RawRecord, load, parse
from briefing.models import FOLDERS
from briefing.problems import failing
from briefing.schema import schema_files
from briefing.synth import synthesise
from briefing.validate import validate
from conftest import MINIMAL, TESTS

KIND_OF_FOLDER = {folder: kind for kind, folder in FOLDERS.items()}
SCHEMAS = {name: json.loads(text) for name, text in schema_files().items()}

# YAML 1.2 core schema: how a plain scalar is read.
_CORE = [
    (re.compile(r"~|null|Null|NULL|"), lambda _: None),
    (re.compile(r"true|True|TRUE"), lambda _: True),
    (re.compile(r"false|False|FALSE"), lambda _: False),
    (re.compile(r"[-+]?[0-9]+"), int),
    (re.compile(r"0o[0-7]+"), lambda t: int(t[2:], 8)),
    (re.compile(r"0x[0-9a-fA-F]+"), lambda t: int(t[2:], 16)),
    (re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"), float),
]

# Files on which the schema and check still disagree, and why.
DISAGREEMENTS = {
    "invalid/anchor-alias/actors/acme.yml": "check refuses anchors and aliases; YAML "
    "readers resolve them, and a schema sees only the values",
    "invalid/duplicate-key/actors/acme.yml": "check refuses a key given twice; YAML readers "
    "keep one, and a schema sees only the mapping",
    "invalid/tag-on-key/actors/acme.yml": "check refuses explicit tags; a schema sees only "
    "the value",
    "invalid/quote-without-speaker/quotes/wire-2019.yml": "a quote needs a speaker or a "
    "description of one: a rule across fields that check states with a message of its own",
    "invalid/role-ends-before-start/actors/ana-ortiz.yml": "a schema cannot compare two dates",
    "invalid/bad-quotes/quotes/wire-2019.yml": "a translation needs its language, a relay is "
    "not the speaker, and a quote keeps a source for its own text: rules across fields",
}


def _value(node: yaml.Node) -> Any:
    """Return a YAML node's value as a YAML 1.2 core-schema reader gives it."""
    if isinstance(node, yaml.MappingNode):
        # JSON has only text keys; a list or mapping as a key is no JSON at all.
        if any(not isinstance(k, yaml.ScalarNode) for k, _ in node.value):
            raise ValueError("a mapping key that is not a scalar")
        return {k.value: _value(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_value(item) for item in node.value]
    if node.style is None:
        for pattern, convert in _CORE:
            if pattern.fullmatch(node.value):
                return convert(node.value)
    return node.value


def read_like_an_editor(text: str) -> Any:
    """Return a YAML document's value as YAML 1.2 with the core schema reads it."""
    node = yaml.compose(text, Loader=yaml.BaseLoader)
    return None if node is None else _value(node)


def _check_verdicts(facts: Path) -> dict[str, bool]:
    """Return, for each fact file, whether check finds no error in its single values."""
    raws, problems = load(facts)
    problems += validate(raws).problems
    bad = {Path(p.path).resolve() for p in failing(problems)}
    return {
        path.relative_to(facts).as_posix(): path.resolve() not in bad
        for path in sorted(facts.rglob("*.yml"))
    }


def _schema_verdict(path: Path) -> bool:
    """Return whether the file's kind schema accepts the file, read as an editor reads it."""
    schema = SCHEMAS[f"{KIND_OF_FOLDER[path.parent.name]}.schema.json"]
    try:
        value = read_like_an_editor(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError, ValueError, RecursionError):
        return False
    return jsonschema.Draft202012Validator(schema).is_valid(value)


def _fact_bases(tmp: Path) -> dict[str, tuple[Path, set[str] | None]]:
    """Return fact bases by name: their folder, and the files to compare (None: all)."""
    bases: dict[str, tuple[Path, set[str] | None]] = {"minimal": (MINIMAL / "facts", None)}
    synthetic = tmp / "synthetic"
    for relative, text in synthesise(20, seed=5).items():
        (synthetic / relative).parent.mkdir(parents=True, exist_ok=True)
        (synthetic / relative).write_text(text, encoding="utf-8")
    bases["synthetic"] = (synthetic, None)
    for case in sorted((TESTS / "invalid").iterdir()):
        facts = tmp / case.name
        shutil.copytree(MINIMAL / "facts", facts)
        shutil.copytree(case / "facts", facts, dirs_exist_ok=True)
        own = {p.relative_to(case / "facts").as_posix() for p in (case / "facts").rglob("*.yml")}
        bases[f"invalid/{case.name}"] = (facts, own)
    return bases


def test_the_schemas_accept_what_check_accepts_value_by_value(tmp_path: Path) -> None:
    disagreements: list[str] = []
    for name, (facts, own) in _fact_bases(tmp_path).items():
        for relative, accepted in _check_verdicts(facts).items():
            if own is not None and relative not in own:
                continue
            if (facts / relative).parent.name not in KIND_OF_FOLDER:
                continue
            if _schema_verdict(facts / relative) != accepted:
                disagreements.append(f"{name}/{relative}")
    # Each remaining disagreement has its reason; no other file has any.
    assert {key: DISAGREEMENTS.get(key, "no reason known") for key in disagreements} == (
        DISAGREEMENTS
    )


ACTOR = {"id": "a", "name": "A", "kind": "person", "sources": ["s"]}
EVENT = {"id": "e", "title": "E", "sources": ["s"]}


@pytest.mark.parametrize(
    ("kind", "record", "accepted"),
    [
        ("event", {**EVENT, "date": "2019"}, True),
        ("event", {**EVENT, "date": 2019}, True),  # a bare year, read as a number
        ("event", {**EVENT, "date": {"value": "2019-03", "note": "as reported"}}, True),
        ("event", {**EVENT, "date": [{"value": 2019, "sources": ["s"]}]}, True),
        ("event", {**EVENT, "date": "2019-02-30"}, False),
        ("event", {**EVENT, "date": "2019-13"}, False),
        ("event", {**EVENT, "date": "0999"}, False),
        ("event", {**EVENT, "date": "2019-03~/2019-05"}, True),
        ("actor", {**ACTOR, "name": 42}, True),
        ("actor", {**ACTOR, "name": True}, True),
        ("actor", {**ACTOR, "name": "two\nlines"}, False),
        ("actor", {**ACTOR, "name": "bell\x07"}, False),
        ("actor", {**ACTOR, "id": 42}, True),
        ("actor", {**ACTOR, "id": -1}, False),
    ],
)
def test_single_values_as_check_reads_them(kind: str, record: Any, accepted: bool) -> None:
    validator = jsonschema.Draft202012Validator(SCHEMAS[f"{kind}.schema.json"])
    assert validator.is_valid(record) is accepted
    assert failing(validate([_raw(kind, record)]).problems) is not accepted


def test_a_reversed_span_is_left_to_check() -> None:
    # A pattern cannot compare a span's two ends: the schema accepts what check refuses.
    validator = jsonschema.Draft202012Validator(SCHEMAS["event.schema.json"])
    assert validator.is_valid({**EVENT, "date": "2020/2019"})
    assert failing(validate([_raw("event", {**EVENT, "date": "2020/2019"})]).problems)


def _raw(kind: str, record: dict[str, Any]) -> RawRecord:
    """Return a record as the loader gives it: every scalar as text."""
    text = yaml.safe_dump(record)
    value, positions, _ = parse(text)
    return RawRecord(kind, value, Origin("x.yml", positions, ()))
