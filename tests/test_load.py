"""The YAML loader: positions for every value, and no silent tricks."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path

import pytest

from briefing import load as load_module
from briefing.load import LoadError, ParsedFiles, decode, load, parse
from briefing.stamps import RACY_NS


@pytest.fixture(params=["libyaml", "pure"])
def pure(request: pytest.FixtureRequest) -> bool:
    return bool(request.param == "pure")


def test_scalars_stay_strings_for_the_model_to_read(pure: bool) -> None:
    value, _, problems = parse("a: no\nb: on\nc: 1:20\nd: 0123\ne: 2019-07-12\nf: 1e3\n", pure=pure)
    assert value == {"a": "no", "b": "on", "c": "1:20", "d": "0123", "e": "2019-07-12", "f": "1e3"}
    assert problems == []


def test_text_is_read_in_normal_form_c(pure: bool) -> None:
    # n + COMBINING TILDE, and a key spelled with a combining acute.
    value, _, _ = parse("name: Sen\u0303or\nnote\u0301: x\n", pure=pure)
    assert value == {"name": "Se\u00f1or", "not\u00e9": "x"}


def test_only_plain_empty_tilde_and_null_are_nothing(pure: bool) -> None:
    value, _, _ = parse("a:\nb: ~\nc: null\nd: 'null'\ne: ''\n", pure=pure)
    assert value == {"a": None, "b": None, "c": None, "d": "null", "e": ""}


def test_every_value_and_key_has_its_line_and_column(pure: bool) -> None:
    _, positions, _ = parse("id: x\nroles:\n  - title: Minister\n    as_of: 2019\n", pure=pure)
    assert positions.of(("roles", 0, "title")) == (3, 12)
    assert positions.of(("roles", 0, "as_of")) == (4, 12)
    assert positions.of(("roles", 0, "as_of"), key=True) == (4, 5)
    assert positions.of(("roles", 0, "missing", 3)) == (3, 5)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\nb:\n  c: 1\n  c: 2\n", "duplicate key 'c' (first given on line 3"),
        ("a: &x 1\n", "anchor '&x'"),
        ("a: &x 1\nb: *x\n", "alias '*x'"),
        ("<<: {a: 1}\n", "merge key '<<'"),
        ("a: !!str 1\n", "explicit tag '!!str'"),
        ("a: !!python/object/apply:os.system [ls]\n", "explicit tag '!!python/object/apply"),
        ("a: ! 1\n", "explicit tag '!'"),
    ],
)
def test_tricks_are_refused_and_reading_goes_on(pure: bool, text: str, message: str) -> None:
    _, _, problems = parse(text, pure=pure)
    assert any(message in problem[2] for problem in problems), problems


def test_billion_laughs_is_refused_without_expanding(pure: bool) -> None:
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    value, _, problems = parse(laughs, pure=pure)
    assert len(str(value)) < 1000
    assert len(problems) == 9 + 8 * 9  # nine anchors and every alias


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("", (1, 1), "the file is empty"),
        ("# a comment\n", (1, 1), "the file is empty"),
        ("a: 1\n---\nb: 2\n", (2, 1), "a second YAML document starts here"),
        ("a:\n\t- b\n", (2, 1), "indent with spaces, not tabs"),
        ("a: b: c\n", (1, 5), "a value that contains ': ' must be put in quotes"),
        ("a: " + "[" * 1000 + "]" * 1000, (1, 36), "nesting deeper than 32 levels"),
    ],
)
def test_unreadable_files_give_one_clear_error(
    pure: bool, text: str, where: tuple[int, int], message: str
) -> None:
    with pytest.raises(LoadError) as exc:
        parse(text, pure=pure)
    assert (exc.value.line, exc.value.column) == where
    assert message in exc.value.message


@pytest.mark.parametrize(
    ("raw", "where", "message"),
    [
        (b"a: 1\nb: caf\xe9\n", (2, 7), "byte 0xE9 is not UTF-8"),
        (b"a: 1\nb: x\x07y\n", (2, 5), "control character U+0007"),
        ("a: 1\n".encode("utf-16"), (1, 1), "the file is UTF-16 (save it as UTF-8)"),
        (b"a: " + b"x" * (11 * 1024 * 1024), (1, 1), "over the 10 MB limit"),
    ],
)
def test_bytes_that_are_not_clean_utf8_text_are_refused(
    raw: bytes, where: tuple[int, int], message: str
) -> None:
    with pytest.raises(LoadError) as exc:
        decode(raw)
    assert (exc.value.line, exc.value.column) == where
    assert message in exc.value.message


def test_a_utf8_byte_order_mark_is_harmless() -> None:
    assert decode(b"\xef\xbb\xbfa: 1\n") == "a: 1\n"


def test_a_file_holds_one_record_or_a_list(tmp_path: Path) -> None:
    (tmp_path / "actors").mkdir()
    (tmp_path / "actors" / "one.yml").write_text("id: one\n")
    (tmp_path / "actors" / "many.yml").write_text("- id: two\n- id: three\n")
    records, problems = load(tmp_path)
    assert sorted(r.data["id"] for r in records) == ["one", "three", "two"]
    assert [r.origin.line for r in records if r.data["id"] == "three"] == [2]
    assert problems == []


def test_a_file_parsed_before_gives_its_records_without_being_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "actors").mkdir()
    (tmp_path / "actors" / "a.yml").write_text("id: a\nname: A\nkind: person\ncountry: xx\n")
    (tmp_path / "actors" / "b.yml").write_text("id: b\nid: b\nname: B\n")
    first = ParsedFiles()
    raws, problems = load(tmp_path, first.read)
    # Only a file read without a problem is kept: one with a problem is read anew each time.
    assert list(first.parsed.values()) == [raws[0].data]
    assert [p.message.split(" (")[0] for p in problems] == ["duplicate key 'id'"]

    def parse_file(data: bytes) -> None:
        raise AssertionError(f"parsed again: {data[:9]!r}")

    (tmp_path / "actors" / "b.yml").write_text("id: b\nname: B\n")
    monkeypatch.setattr(load_module, "parse_file", parse_file)
    with pytest.raises(AssertionError, match="parsed again: b'id: b"):
        load(tmp_path, ParsedFiles(first.parsed).read)
    (tmp_path / "actors" / "b.yml").unlink()
    second = ParsedFiles(first.parsed)
    again, problems = load(tmp_path, second.read)
    assert (problems, [r.data for r in again]) == ([], [raws[0].data])
    assert second.digests == {f"{tmp_path.as_posix()}/actors/a.yml": next(iter(first.parsed))}
    # Its positions are found from its text when a problem needs one.
    found = again[0].origin.problem(("country",), "no such country")
    assert (found.line, found.column) == (4, 10)


def test_a_file_whose_stamp_vouches_it_unchanged_is_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "actors").mkdir()
    a, b = tmp_path / "actors" / "a.yml", tmp_path / "actors" / "b.yml"
    a.write_text("id: a\nname: A\nkind: person\ncountry: xx\n")
    b.write_text("id: b\nname: B\n")
    first = ParsedFiles()
    load(tmp_path, first.read)
    # As if read long after their last change; b is then rewritten, keeping its size and
    # modification time, so only its change time tells.
    earlier = replace(first.stamped, at=first.stamped.at + 2 * RACY_NS)
    status = b.stat()
    time.sleep(0.05)  # past a tick of the coarse clock some systems take change times from
    b.write_text("id: c\nname: C\n")
    os.utime(b, ns=(status.st_atime_ns, status.st_mtime_ns))
    opened: list[str] = []
    read_bytes = Path.read_bytes

    def reading(path: Path) -> bytes:
        opened.append(path.name)
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", reading)
    second = ParsedFiles(first.parsed, earlier)
    again, problems = load(tmp_path, second.read)
    assert (opened, problems) == (["b.yml"], [])
    assert [r.data["id"] for r in again] == ["a", "c"]
    assert second.digests[a.as_posix()] == first.digests[a.as_posix()]
    # The file not read has its text read once a problem needs a position.
    found = again[0].origin.problem(("country",), "no such country")
    assert (found.line, found.column, opened) == (4, 10, ["b.yml", "a.yml"])
    # Read within moments of their last change, both are read again.
    opened.clear()
    load(tmp_path, ParsedFiles(first.parsed, first.stamped).read)
    assert opened == ["a.yml", "b.yml"]
