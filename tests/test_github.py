"""`briefing check --format github`: problems as annotations on the offending YAML lines."""

from __future__ import annotations

from pathlib import Path

from briefing.github import annotation
from briefing.problems import Problem, Severity
from conftest import Run


def test_problems_become_error_and_warning_annotations(minimal: Path, run: Run) -> None:
    acme = minimal / "facts" / "actors" / "acme.yml"
    acme.write_text(acme.read_text().replace("country:", "contry:"))
    (minimal / "facts" / "sources" / "orphan.yml").write_text("id: orphan\ntitle: Unused\n")
    result = run("check", "--strict", "--format", "github", "--facts", "facts", cwd=minimal)
    assert result.status == 1
    assert result.out == (
        "::error file=facts/actors/acme.yml,line=4,col=1,title=briefing check::contry: "
        "unknown field 'contry' (did you mean 'country'?)\n"
        "::warning file=facts/sources/orphan.yml,line=1,col=5,title=briefing check::source "
        "'orphan' is cited by no record (cite it, or remove it)\n"
    )
    assert result.err == "1 error, 1 warning in 2 files\n"


def test_a_clean_fact_base_prints_no_annotation(minimal: Path, run: Run) -> None:
    result = run("check", "--strict", "--format", "github", "--facts", "facts", cwd=minimal)
    assert (result.status, result.err) == (0, "")
    assert result.out == "facts: 22 records, no errors\n"


def test_text_stays_the_default_format(minimal: Path, run: Run) -> None:
    (minimal / "facts" / "sources" / "orphan.yml").write_text("id: orphan\ntitle: Unused\n")
    result = run("check", "--facts", "facts", cwd=minimal)
    assert result.out == "facts: 23 records, no errors\n"
    assert result.err.startswith("facts/sources/orphan.yml:1:5: warning: source 'orphan'")


def test_message_and_properties_are_escaped_as_github_reads_them() -> None:
    # A message never holds a line break (Problem spells them out); a file name may.
    problem = Problem("facts/a,b: c\r\n.yml", 5, 1, "100% a\r\nb: x, y", Severity.ERROR)
    assert annotation(problem) == (
        "::error file=facts/a%2Cb%3A c%0D%0A.yml,line=5,col=1,title=briefing check::"
        "100%25 a⟨U+000D⟩⟨U+000A⟩b: x, y"
    )


def test_a_key_holding_a_line_break_cannot_start_a_second_command(minimal: Path, run: Run) -> None:
    acme = minimal / "facts" / "actors" / "acme.yml"
    acme.write_text(acme.read_text() + '"x\\n::error::forged": 1\n')
    result = run("check", "--format", "github", "--facts", "facts", cwd=minimal)
    assert result.out.count("\n") == 1
    assert result.out.startswith("::error file=facts/actors/acme.yml,line=")
    assert "x⟨U+000A⟩::error::forged: unknown field 'x⟨U+000A⟩::error::forged'" in result.out
