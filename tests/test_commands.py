"""`briefing schema`, `new` and `verify-quotes`."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.models import KINDS
from briefing.schema import schema_files
from conftest import ROOT, SEEDS, Run


def test_committed_schemas_match_the_models() -> None:
    for name, text in schema_files().items():
        committed = ROOT / "schema" / name
        assert committed.read_text(encoding="utf-8") == text, (
            f"schema/{name} is stale: run `make schema` and commit it"
        )


@pytest.mark.parametrize("kind", list(KINDS))
def test_new_template_fails_check_until_filled(kind: str, minimal: Path, run: Run) -> None:
    made = run("new", kind, f"new-{kind}", "--facts", "facts", cwd=minimal)
    assert made.status == 0
    path = minimal / "facts" / f"{kind}s" / f"new-{kind}.yml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=../../schema/{kind}.schema.json\n")
    assert f"\nid: new-{kind}\n" in text
    checked = run("check", "--facts", "facts", cwd=minimal)
    assert checked.status == 1
    assert f"facts/{kind}s/new-{kind}.yml" in checked.err


def test_new_refuses_to_overwrite_and_checks_the_id(minimal: Path, run: Run) -> None:
    taken = run("new", "actor", "acme", "--facts", "facts", cwd=minimal)
    assert (taken.status, taken.err) == (
        1,
        "briefing new: facts/actors/acme.yml already exists (choose another id)\n",
    )
    bad = run("new", "actor", "../etc", "--facts", "facts", cwd=minimal)
    assert bad.status == 2
    assert "'../etc' is not a valid id" in bad.err


def test_verify_quotes_passes_on_the_fixture(minimal: Path, run: Run) -> None:
    result = run("verify-quotes", "--facts", "facts", "--archive", "archive", cwd=minimal)
    assert (result.status, result.err) == (0, "")
    assert result.out == "3 quotes checked against archive/, all verbatim\n"


def test_verify_quotes_names_where_a_quote_differs(minimal: Path, run: Run) -> None:
    quotes = minimal / "facts" / "quotes" / "wire-2019.yml"
    quotes.write_text(
        quotes.read_text().replace("We have made our best offer,", "We made our best offer,")
    )
    result = run("verify-quotes", "--facts", "facts", "--archive", "archive", cwd=minimal)
    assert result.status == 1
    assert result.err == (
        "facts/quotes/wire-2019.yml:2:9: error: quote 'ortiz-best-offer' is not verbatim in "
        "source 'wire-2019': it matches up to \"We \" and then differs (copy the words exactly "
        "as printed)\n1 error in 1 file\n"
    )


def test_verify_quotes_folds_spaces_and_typography(minimal: Path, run: Run) -> None:
    archive = minimal / "archive" / "wire-2019.txt"
    archive.write_text(
        archive.read_text()
        .replace("best offer", "best\n   offer")
        .replace("We have", "\u201cWe\u00a0ha\u00adve")
        .replace("The door", "The\u200b door")
    )
    result = run("verify-quotes", "--facts", "facts", "--archive", "archive", cwd=minimal)
    assert (result.status, result.err) == (0, "")


def test_verify_quotes_compares_unicode_forms_as_one(minimal: Path, run: Run) -> None:
    quotes = minimal / "facts" / "quotes" / "wire-2019.yml"
    archive = minimal / "archive" / "wire-2019.txt"
    quotes.write_text(
        quotes.read_text().replace("The door is open.", "Se\u00f1or, the door is open.")
    )
    archive.write_text(
        archive.read_text().replace("The door is open.", "Sen\u0303or, the door is open.")
    )
    result = run("verify-quotes", "--facts", "facts", "--archive", "archive", cwd=minimal)
    assert (result.status, result.err) == (0, "")
    archive.write_text(archive.read_text().replace("Sen\u0303or, the", "Sen\u0303or, a"))
    result = run("verify-quotes", "--facts", "facts", "--archive", "archive", cwd=minimal)
    assert 'it matches up to "Se\u00f1or, " and then differs' in result.err


def test_verify_quotes_reports_a_missing_archive(minimal: Path, run: Run) -> None:
    (minimal / "archive" / "wire-2019.txt").unlink()
    result = run("verify-quotes", "--facts", "facts", "--archive", "archive", cwd=minimal)
    assert result.status == 1
    assert "the archive of source 'wire-2019' is missing from archive/" in result.err


def test_sample_quotes_are_verbatim_in_the_seed_articles(run: Run) -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"the archived source articles are not here ({SEEDS} does not exist)")
    result = run("verify-quotes", "--facts", "facts", "--archive", str(SEEDS), cwd=ROOT)
    assert result.err == ""
    assert result.status == 0
