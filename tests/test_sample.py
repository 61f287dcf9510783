"""The briefing in facts/ (the sample, or whatever briefing replaces it) and its guide.

Every other test module runs on fixtures under tests/. This one reads whatever briefing
is in facts/: it must pass every check a published briefing passes, and its site must
build with every link resolving. The contributing guide (docs/contributing.md) is
written about the sample: its examples are sample records and its messages are what
`check` prints for them, so those tests skip, saying why, when facts/ holds another
briefing.
"""

from __future__ import annotations

import argparse
import re
import shlex
import shutil
from pathlib import Path

import pytest
from mkdocs.utils.yaml import yaml_load

from briefing import linkcheck
from briefing.build import build_site
from briefing.cli import parser
from briefing.fmt import format_text, kind_of
from briefing.init import Requirement, briefing_files
from briefing.load import load, parse
from briefing.models import KINDS
from briefing.pipeline import gather
from briefing.render import generated_paths
from briefing.schema import SCHEMA_FOLDER, schema_files
from conftest import MINIMAL, ROOT, SEEDS, Run, site_project
from html_text import parse as parse_html
from html_text import words_before

FACTS = ROOT / "facts"
GUIDE = ROOT / "docs" / "contributing.md"
TEXT = GUIDE.read_text(encoding="utf-8") if GUIDE.is_file() else ""
EXAMPLES = re.findall(r"```yaml\n(.*?)```", TEXT, re.DOTALL)
BLOCKS = re.findall(r"```(?:sh|text)\n(.*?)```", TEXT, re.DOTALL)
_MISSING = [
    path
    for example in EXAMPLES
    if not (ROOT / (path := example.splitlines()[0].removeprefix("# "))).is_file()
]
about_the_sample = pytest.mark.skipif(
    not TEXT or bool(_MISSING),
    reason="docs/contributing.md is written about the sample briefing, and facts/ holds "
    f"another one (it has no {_MISSING[0] if _MISSING else 'docs/contributing.md'})",
)


def test_the_briefing_passes_the_strict_check(run: Run) -> None:
    result = run("check", "--strict", "--facts", "facts", cwd=ROOT)
    assert (result.status, result.err) == (0, "")


def test_the_briefing_is_formatted(run: Run) -> None:
    result = run("fmt", "--check", cwd=ROOT)
    assert (result.status, result.err) == (0, ""), result.out


def _archive() -> Path:
    """Return the folder holding the archived copies of the briefing's sources."""
    names = {raw.data.get("archive") for raw in load(FACTS)[0] if raw.kind == "source"}
    names.discard(None)
    for folder in (ROOT / "archive", SEEDS):
        if names and all((folder / str(name)).is_file() for name in names):
            return folder
    pytest.skip(
        "no folder holds the archived copies of the sources in facts/ (looked in "
        f"archive/ and {SEEDS}); the quotes cannot be checked here"
    )


def test_the_briefing_quotes_are_verbatim_in_the_archived_sources(run: Run) -> None:
    result = run("verify-quotes", "--facts", "facts", "--archive", str(_archive()), cwd=ROOT)
    assert (result.status, result.err) == (0, "")


def test_the_committed_schemas_match_the_models() -> None:
    folder = FACTS / SCHEMA_FOLDER
    if not folder.is_dir():
        pytest.skip(f"facts/{SCHEMA_FOLDER}/ is absent: the briefing keeps no JSON Schemas")
    for name, text in schema_files().items():
        assert (folder / name).read_text(encoding="utf-8") == text, (
            f"facts/{SCHEMA_FOLDER}/{name} is stale: run `make schema` and commit it"
        )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the briefing's site with its hand-written pages; return the site's folder."""
    project = tmp_path_factory.mktemp("project")
    (project / "docs").mkdir(parents=True)
    for page in (ROOT / "docs").glob("*.md"):
        if page.name not in generated_paths():  # a hand-written page
            shutil.copy(page, project / "docs" / page.name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    shutil.copytree(FACTS, project / "facts")
    build_site(project / "facts", project / "docs", project / "mkdocs.yml", project / "site")
    return project / "site"


def test_the_site_builds_and_every_link_and_anchor_resolves(site: Path) -> None:
    assert linkcheck.broken_links(site) == []


SUMMARY_WORDS = 800
"""The most words a dispute page may show above its first collapsed section: about two
screens, which a busy reader takes in at a glance."""


def test_each_dispute_page_fits_its_summary_on_about_two_screens(site: Path) -> None:
    pages = sorted((site / "disputes").glob("*/index.html"))
    assert pages, "the briefing has no dispute"
    for page in pages:
        article = next(
            n for n in parse_html(page.read_text(encoding="utf-8")).iter() if n.tag == "article"
        )
        words, collapses = words_before(article, "details")
        assert collapses, f"{page.parent.name}: nothing is collapsed"
        assert words < SUMMARY_WORDS, f"{page.parent.name}: {words} words above the fold"


def test_the_site_configuration_has_the_settings_every_briefing_shares() -> None:
    made = briefing_files("A title", "", Requirement("briefing", "the tests", local=False))
    shared = yaml_load(made["mkdocs.yml"])  # MkDocs' reader, which knows !ENV
    ours = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    for key in shared.keys() - {"site_name", "site_description", "nav"}:
        assert ours[key] == shared[key], key


def _names() -> set[str]:
    """Return the briefing's ids and the names of its actors and systems, of 4+ letters."""
    base, _ = gather(FACTS)
    names = set(base.entries)
    for kind in ("actor", "system"):
        for record in base.by_kind[kind]:
            names |= {record.name, *record.aliases}
    return {name for name in names if len(name) >= 4}


def _found(names: set[str], text: str) -> set[str]:
    return {
        name
        for name in names
        if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, re.IGNORECASE)
    }


def test_the_generator_carries_nothing_of_the_briefing() -> None:
    names = _names()
    package = ROOT / "scripts" / "briefing"
    found = {
        path.relative_to(package).as_posix(): sorted(hits)
        for path in sorted(package.rglob("*"))
        if path.is_file() and path.suffix != ".pyc"
        if (hits := _found(names, path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_site_of_another_briefing_carries_nothing_of_this_one(tmp_path: Path) -> None:
    names = _names()
    if _found(names, "\n".join(p.read_text() for p in (MINIMAL / "facts").rglob("*.yml"))):
        pytest.skip("facts/ holds the minimal fixture, the other briefing this test builds")
    project = site_project(tmp_path)
    shutil.copytree(MINIMAL / "facts", project / "facts")
    build_site(project / "facts", project / "docs", project / "mkdocs.yml", project / "site")
    found = {
        path.relative_to(project / "site").as_posix(): sorted(hits)
        for path in sorted((project / "site").rglob("*"))
        if path.suffix in (".html", ".json", ".csv", ".xml")
        if (hits := _found(names, path.read_text(encoding="utf-8")))
    }
    assert found == {}


def _commands() -> list[str]:
    inline = re.findall(r"`((?:\.venv/bin/)?briefing [^`]*)`", TEXT)
    in_blocks = [
        line.split("#")[0].strip()
        for block in BLOCKS
        for line in block.splitlines()
        if line.startswith("briefing ")
    ]
    return sorted(set(inline + in_blocks))


@about_the_sample
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


@about_the_sample
def test_the_guide_has_an_example_of_each_change_it_describes() -> None:
    kinds = {kind_of(Path(example.splitlines()[0][2:])) for example in EXAMPLES}
    assert {"actor", "quote", "deal", "source"} <= kinds


@about_the_sample
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


@about_the_sample
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


@about_the_sample
def test_the_guide_says_what_check_prints_once_the_typo_is_fixed(run: Run) -> None:
    result = run("check", cwd=ROOT)
    assert f"`{result.out.strip()}`" in TEXT


@about_the_sample
def test_the_guide_links_the_data_dictionary() -> None:
    assert "](dictionary.md)" in TEXT
