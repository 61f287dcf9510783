"""`briefing schema`, `new` and `verify-quotes`."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.models import KINDS
from conftest import Run


@pytest.mark.parametrize("kind", list(KINDS))
def test_new_template_fails_check_until_filled(kind: str, minimal: Path, run: Run) -> None:
    made = run("new", kind, f"new-{kind}", "--facts", "facts", cwd=minimal)
    assert made.status == 0
    path = minimal / "facts" / f"{kind}s" / f"new-{kind}.yml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=../schema/{kind}.schema.json\n")
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
    assert result.out == "4 of 4 quotes checked against archive/, all verbatim\n"


def test_verify_quotes_names_where_a_quote_differs(minimal: Path, run: Run) -> None:
    quotes = minimal / "facts" / "quotes" / "wire-2019.yml"
    quotes.write_text(
        quotes.read_text().replace("We have made our best offer,", "We made our best offer,")
    )
    result = run("verify-quotes", "--facts", "facts", "--archive", "archive", cwd=minimal)
    assert result.status == 1
    assert result.err == (
        "facts/quotes/wire-2019.yml:2:9: error: quote 'ortiz-best-offer' is not verbatim in "
        'source \'wire-2019\': it matches up to "We ", then has "made our bes" where the '
        'source has "have made ou" (copy the words exactly as printed)\n1 error in 1 file\n'
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
    assert (
        'it matches up to "Se\u00f1or, ", then has "the door is " where the source has '
        '"a door is op"' in result.err
    )
    # Letters are compared as written: a missing accent is not the same word.
    archive.write_text(archive.read_text().replace("Sen\u0303or, a", "Senor, the"))
    result = run("verify-quotes", "--facts", "facts", "--archive", "archive", cwd=minimal)
    assert 'it matches up to "Se", then has "\u00f1or, the doo" where the source' in result.err


def test_verify_quotes_reports_a_missing_archive_at_its_source(minimal: Path, run: Run) -> None:
    (minimal / "archive" / "wire-2019.txt").unlink()
    result = run("verify-quotes", "--facts", "facts", "--archive", "archive", cwd=minimal)
    assert (result.status, result.err) == (
        1,
        "facts/sources/wire-2019.yml:6:10: error: archive: archive/wire-2019.txt is not there "
        "(add the file, fix its name, or pass --archive DIR)\n1 error in 1 file\n",
    )


def test_verify_quotes_counts_unchecked_quotes_and_fails_on_them_when_strict(
    minimal: Path, run: Run
) -> None:
    source = minimal / "facts" / "sources" / "courier-memo.yml"
    source.write_text(source.read_text().replace("archive: courier-memo.txt\n", ""))
    result = run("verify-quotes", "--facts", "facts", "--archive", "archive", cwd=minimal)
    assert (result.status, result.out) == (
        0,
        "3 of 4 quotes checked against archive/, all verbatim; 1 unchecked\n",
    )
    assert result.err == (
        "facts/quotes/courier-memo.yml:2:9: warning: quote 'southland-order-stands' is "
        "unchecked: none of its sources names an archived copy (give a source an `archive` "
        "file)\n0 errors, 1 warning in 1 file\n"
    )
    strict = run(
        "verify-quotes", "--strict", "--facts", "facts", "--archive", "archive", cwd=minimal
    )
    assert strict.status == 1


def test_verify_quotes_needs_the_archive_folder(minimal: Path, run: Run) -> None:
    result = run("verify-quotes", "--facts", "facts", "--archive", "nowhere", cwd=minimal)
    assert (result.status, result.err) == (
        2,
        "briefing verify-quotes: no folder nowhere/ (keep the archived copies of the sources "
        "there, or pass --archive DIR)\n",
    )


def test_briefing_pdf_asks_for_a_built_site(run: Run, tmp_path: Path) -> None:
    result = run("pdf", "--site-dir", str(tmp_path / "site"), "--out", str(tmp_path / "pdf"))
    assert (result.status, result.out) == (2, "")
    assert result.err == (
        f"briefing pdf: {(tmp_path / 'site').as_posix()}/index.html not found "
        "(build the site first: `briefing build`)\n"
    )
    assert not (tmp_path / "pdf").exists()
