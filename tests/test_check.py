"""`briefing check`: every problem in every file, with path:line:col, and no traceback.

Each folder under tests/invalid/ is a one-file change to the minimal fixture (its facts/
files are laid over a copy of tests/fixtures/minimal/facts/), with the exact output
that `briefing check --strict` must print in expected.txt. After a deliberate change
to a message, rewrite them with `pytest --update-goldens` and review the diff.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MINIMAL, ROOT, TESTS, Run

INVALID = sorted(p for p in (TESTS / "invalid").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_fact_base_prints_every_problem(
    case: Path, tmp_path: Path, run: Run, update_goldens: bool
) -> None:
    shutil.copytree(MINIMAL / "facts", tmp_path / "facts")
    shutil.copytree(case / "facts", tmp_path / "facts", dirs_exist_ok=True)
    result = run("check", "--strict", "--facts", "facts", cwd=tmp_path)
    expected = case / "expected.txt"
    if update_goldens:
        expected.write_text(result.err, encoding="utf-8")
    assert result.status == 1
    assert result.out == ""
    assert result.err == expected.read_text(encoding="utf-8")
    assert "Traceback" not in result.err


def test_minimal_fixture_is_clean(run: Run) -> None:
    result = run("check", "--strict", "--facts", "tests/fixtures/minimal/facts", cwd=ROOT)
    assert (result.status, result.err) == (0, "")
    assert result.out == "tests/fixtures/minimal/facts: 22 records, no errors\n"


def test_warnings_pass_unless_strict(minimal: Path, run: Run) -> None:
    (minimal / "facts" / "sources" / "orphan.yml").write_text("id: orphan\ntitle: Unused\n")
    relaxed = run("check", "--facts", "facts", cwd=minimal)
    assert relaxed.status == 0
    assert relaxed.err == (
        "facts/sources/orphan.yml:1:5: warning: source 'orphan' is cited by no record "
        "(cite it, or remove it)\n0 errors, 1 warning in 1 file\n"
    )
    assert run("check", "--strict", "--facts", "facts", cwd=minimal).status == 1


def test_a_missing_facts_folder_is_a_data_error(tmp_path: Path, run: Run) -> None:
    result = run("check", "--facts", "nowhere", cwd=tmp_path)
    assert result.status == 1
    assert result.err.startswith("nowhere:1:1: error: no such folder (pass --facts DIR)\n")


def test_usage_errors_exit_2(run: Run) -> None:
    assert run("check", "--no-such-option").status == 2
    assert run("frobnicate").status == 2


def test_hostile_file_gives_no_traceback_from_the_real_command(tmp_path: Path) -> None:
    actors = tmp_path / "facts" / "actors"
    actors.mkdir(parents=True)
    (actors / "a.yml").write_bytes(b"id: [[[[\n\x00\xff\xfe: !!python/name:os.system\n")
    (actors / "b.yml").write_text("- " * 2000 + "x\n")
    (actors / "c.yml").write_text("id: c\nname: {a: {b: {c: [1, 2, {d: e}]}}}\nkind: 7\n")
    done = subprocess.run(
        [sys.executable, "-m", "briefing", "check", "--facts", "facts"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert (
        done.stderr.splitlines()[-1] == "3 errors in 3 files" or "errors in 3 files" in done.stderr
    )
    for line in done.stderr.splitlines()[:-1]:
        assert line.startswith("facts/actors/"), line


def test_a_50_mb_file_is_refused_unread(minimal: Path, run: Run) -> None:
    huge = minimal / "facts" / "actors" / "huge.yml"
    with huge.open("w", encoding="utf-8") as stream:
        stream.write("id: huge\nname: '")
        stream.write("x" * (50 * 1024 * 1024))
        stream.write("'\n")
    result = run("check", "--facts", "facts", cwd=minimal)
    assert result.status == 1
    assert result.err == (
        "facts/actors/huge.yml:1:1: error: the file is 50.0 MB, over the 10 MB limit "
        "(split it into several files)\n1 error in 1 file\n"
    )


def test_a_symbolic_link_is_not_followed_out_of_the_fact_base(minimal: Path, run: Run) -> None:
    secret = minimal / "secret.txt"
    secret.write_text("id: secret\nname: The password is hunter2\n")
    (minimal / "facts" / "actors" / "link.yml").symlink_to(secret)
    result = run("check", "--facts", "facts", cwd=minimal)
    assert result.status == 1
    assert result.err == (
        "facts/actors/link.yml:1:1: error: is a symbolic link (facts must be regular files)\n"
        "1 error in 1 file\n"
    )
