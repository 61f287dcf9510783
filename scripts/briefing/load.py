"""Load stage: find the fact files and read them into raw records with positions.

YAML is read event by event, so that every value keeps its line and column and so
that nothing is constructed behind the model's back: every scalar stays a string
(only an empty value, ``~`` or ``null`` becomes None), in Unicode normal form C, and
the model decides what it means. Duplicate keys, anchors, aliases, merge keys and
explicit tags are refused: each of them lets a file say something other than what its reader sees.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml
from yaml import events

from briefing.folding import normal
from briefing.models import FOLDERS
from briefing.problems import Problem, Severity, article
from briefing.stamps import Stamped, digest_of, stamp_of

# libyaml parses several times faster and reports the same marks. PyYAML exports only
# its C loaders at the top level: the parser lives in yaml.cyaml, present with libyaml.
_CParser: Any = getattr(getattr(yaml, "cyaml", None), "CParser", None)

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 32
NULLS = frozenset({"", "~", "null", "Null", "NULL"})
SUFFIXES = (".yml", ".yaml")

# Characters YAML forbids or that mean nothing in a fact: C0 and C1 controls other
# than tab, newline and carriage return, DEL, and the non-characters.
_BAD_CHAR = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")

Loc = tuple[str | int, ...]


def dotted(loc: Loc) -> str:
    """Return a location as a reader writes it: 'roles[0].title'."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


@dataclass
class Positions:
    """Line and column (1-based) of each value and each mapping key in a file."""

    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    text: str | None = None
    """The file's text, when its positions are to be found only once a problem needs one.

    A position for every value takes several times the memory of the facts themselves,
    and most files never have a problem to place."""
    path: Path | None = None
    """The file, when even its text is to be read only once a problem needs a position."""
    digest: str = ""
    """The digest of the file's bytes as taken (`stamps.digest_of`), to read it by `path`."""

    def of(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Return the position of the value at loc, or of its nearest enclosing value."""
        if self.path is not None:
            try:
                data = self.path.read_bytes()
            except OSError:
                data = b""
            # A file gone or changed since it was taken has no positions for what it held.
            self.text = decode(data) if digest_of(data) == self.digest else None
            self.path = None
        if self.text is not None:
            _, found, _ = parse(self.text)
            self.values, self.keys, self.text = found.values, found.keys, None
        if key and loc in self.keys:
            return self.keys[loc]
        while loc not in self.values and loc:
            loc = loc[:-1]
        return self.values.get(loc, (1, 1))


@dataclass(frozen=True)
class Origin:
    """Where a record was read: its file, and where in that file."""

    path: str
    positions: Positions
    base: Loc

    @property
    def line(self) -> int:
        """Return the line on which the record starts."""
        return self.positions.of(self.base)[0]

    def problem(
        self,
        loc: Loc,
        message: str,
        severity: Severity = Severity.ERROR,
        *,
        key: bool = False,
    ) -> Problem:
        """Return a problem at the value (or key) at loc within the record."""
        line, column = self.positions.of(self.base + loc, key=key)
        return Problem(self.path, line, column, message, severity)


@dataclass(frozen=True)
class RawRecord:
    """A record as read from YAML, before validation."""

    kind: str
    data: Any
    origin: Origin


class LoadError(Exception):
    """A file that cannot be read as YAML at all."""

    def __init__(self, line: int, column: int, message: str) -> None:
        self.line, self.column, self.message = line, column, message
        super().__init__(f"{line}:{column}: {message}")


class _EventSource(Protocol):
    def get_event(self) -> events.Event: ...
    def peek_event(self) -> events.Event: ...


class _PyParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


def _parser(text: str, *, pure: bool = False) -> _EventSource:
    if _CParser is not None and not pure:
        return _CParser(text)  # type: ignore[no-any-return]
    return _PyParser(text)


class _Untracked(Exception):
    """A file has a problem to place, but its positions are not being noted."""


class _Builder:
    """Build plain values from parser events, noting positions and refusing tricks."""

    def __init__(self, parser: _EventSource, *, track: bool = True) -> None:
        self.parser = parser
        self.track = track
        self.positions = Positions()
        self.problems: list[tuple[int, int, str]] = []

    def problem(self, position: tuple[int, int], message: str) -> None:
        """Note a problem that does not stop the reading."""
        if not self.track:
            raise _Untracked
        self.problems.append((*position, message))

    def document(self) -> Any:
        """Return the single document of the stream, or raise LoadError."""
        self.parser.get_event()  # StreamStart
        if isinstance(self.parser.peek_event(), events.StreamEndEvent):
            raise LoadError(1, 1, "the file is empty (add a record, or delete the file)")
        self.parser.get_event()  # DocumentStart
        value = self.node((), 0)
        self.parser.get_event()  # DocumentEnd
        following = self.parser.get_event()
        if isinstance(following, events.DocumentStartEvent):
            line, column = _mark(following)
            raise LoadError(
                line,
                column,
                "a second YAML document starts here (keep one record, or one list of "
                "records, per file; remove the '---' line or split the file)",
            )
        return value

    def node(self, loc: Loc, depth: int) -> Any:
        event = self.parser.get_event()
        position = _mark(event)
        if self.track:
            self.positions.values[loc] = position
        if isinstance(event, events.AliasEvent):
            self.problem(
                position,
                f"alias '*{event.anchor}' (write the value out in full here; "
                "anchors and aliases are not allowed in facts)",
            )
            return None
        self._refuse_anchor_and_tag(event, position)
        if depth > MAX_DEPTH:
            raise LoadError(
                *position, f"nesting deeper than {MAX_DEPTH} levels (flatten the structure)"
            )
        if isinstance(event, events.ScalarEvent):
            # Plain style is None from PyYAML's parser and "" from libyaml's.
            if event.implicit[0] and event.value in NULLS and not event.style:
                return None
            return normal(event.value)
        if isinstance(event, events.SequenceStartEvent):
            items: list[Any] = []
            while not isinstance(self.parser.peek_event(), events.SequenceEndEvent):
                items.append(self.node((*loc, len(items)), depth + 1))
            self.parser.get_event()
            return items
        if isinstance(event, events.MappingStartEvent):
            return self._mapping(loc, depth)
        raise LoadError(*position, f"unexpected YAML event {type(event).__name__}")

    def _mapping(self, loc: Loc, depth: int) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        while not isinstance(self.parser.peek_event(), events.MappingEndEvent):
            key_event = self.parser.peek_event()
            key_position = _mark(key_event)
            if not isinstance(key_event, events.ScalarEvent):
                raise LoadError(
                    *key_position,
                    "a mapping key must be a plain name (write `name: value`)",
                )
            self.parser.get_event()
            self._refuse_anchor_and_tag(key_event, key_position)
            key = normal(key_event.value)
            if key == "<<" and not key_event.style:
                self.problem(
                    key_position,
                    "merge key '<<' (write the fields out in full; "
                    "merge keys are not allowed in facts)",
                )
                self.node((*loc, "\0merge"), depth + 1)
                continue
            if key in mapping:
                if not self.track:
                    raise _Untracked
                first_line = self.positions.keys[(*loc, key)][0]
                self.problem(
                    key_position,
                    f"duplicate key '{key}' (first given on line "
                    f"{first_line}; YAML would silently keep only the last, so merge "
                    "them into one)",
                )
                self.node((*loc, f"\0duplicate {key}"), depth + 1)
                continue
            if self.track:
                self.positions.keys[(*loc, key)] = key_position
            mapping[key] = self.node((*loc, key), depth + 1)
        self.parser.get_event()
        return mapping

    def _refuse_anchor_and_tag(self, event: Any, position: tuple[int, int]) -> None:
        if getattr(event, "anchor", None) is not None:
            self.problem(
                position,
                f"anchor '&{event.anchor}' (write values out in full; anchors "
                "and aliases are not allowed in facts)",
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            written = tag.replace("tag:yaml.org,2002:", "!!", 1)
            self.problem(
                position,
                f"explicit tag '{written}' (remove it; put the value in "
                "quotes if it should be text)",
            )


def _mark(event: events.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (1, 1) if mark is None else (mark.line + 1, mark.column + 1)


_TOKEN_WORDS = {
    "'<stream end>'": "the end of the file",
    "end of stream": "end of the file",
    "<block end>": "the end of the indented block",
    "'<block mapping start>'": "a more deeply indented block",
    "'<block sequence start>'": "a more deeply indented list",
}
"""PyYAML's names for what it parses, as a reader would say them."""

_OPENERS = {
    "while parsing a flow sequence": "`[`",
    "while parsing a flow mapping": "`{`",
    "while scanning a quoted scalar": "quote",
}
"""What an unclosed construct PyYAML reports was opened with."""


def _yaml_error(exc: yaml.MarkedYAMLError, text: str) -> LoadError:
    """Return a syntax error placed at its cause, in a reader's words, with how to fix it."""
    problem = exc.problem or exc.context or "not valid YAML"
    opener = _OPENERS.get(exc.context or "")
    mark: yaml.Mark | None
    if opener and exc.context_mark is not None and "end" in problem and "stream" in problem:
        # Reported at the end of the file; the cause is where it was opened.
        mark = exc.context_mark
        message = f"the {opener} here is never closed (close it, or put the whole value in quotes)"
    else:
        mark = exc.problem_mark if exc.problem_mark is not None else exc.context_mark
        hint = _yaml_hint(problem, text, mark)
        for token, words in _TOKEN_WORDS.items():
            problem = problem.replace(token, words)
        message = f"{problem} ({hint})"
    line, column = (1, 1) if mark is None else (mark.line + 1, mark.column + 1)
    return LoadError(line, column, f"YAML syntax: {message}")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _indented_more(text: str, mark: yaml.Mark | None) -> bool:
    """Return whether the marked line is indented more than the line above it."""
    if mark is None:
        return False
    lines = text.splitlines()
    if mark.line >= len(lines):
        return False
    above = [line for line in lines[: mark.line] if line.strip()]
    return bool(above) and _indent(lines[mark.line]) > _indent(above[-1])


def _yaml_hint(problem: str, text: str, mark: yaml.Mark | None) -> str:
    if "'\\t'" in problem or "tab" in problem:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem and _indented_more(text, mark):
        return "this line is indented more than the line above: align it with the fields around it"
    if "mapping values are not allowed" in problem:
        return "a value that contains ': ' must be put in quotes"
    if "could not find expected ':'" in problem or "simple key" in problem:
        return "each line of a mapping needs `key: value`; check indentation and quotes"
    if "expected <block end>" in problem:
        return "check the indentation of this line against the lines above"
    if "unacceptable character" in problem or "special characters" in problem:
        return "delete the invisible control character"
    return "check the indentation and quoting around this line"


def decode(raw: bytes) -> str:
    """Decode a fact file as UTF-8, refusing what a reader would not see as text."""
    if len(raw) > MAX_FILE_BYTES:
        raise LoadError(
            1,
            1,
            f"the file is {len(raw) / 1024 / 1024:.1f} MB, over the "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB limit (split it into several files)",
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError(1, 1, "the file is UTF-16 (save it as UTF-8)")
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark carries no meaning
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise LoadError(
            line,
            column,
            f"byte 0x{raw[exc.start]:02X} is not UTF-8 (save the file as "
            "UTF-8; this byte suggests Latin-1 or Windows-1252)",
        ) from None
    match = _BAD_CHAR.search(text)
    if match:
        preceding = text[: match.start()]
        line = preceding.count("\n") + 1
        column = match.start() - (preceding.rfind("\n") + 1) + 1
        raise LoadError(
            line,
            column,
            f"control character U+{ord(match.group()):04X} (delete it; "
            "it is invisible and not allowed in YAML)",
        )
    return text


def parse(
    text: str, *, pure: bool = False, track: bool = True
) -> tuple[Any, Positions, list[tuple[int, int, str]]]:
    """Parse one YAML document into plain values, positions and non-fatal problems.

    Without `track`, no positions are noted, and a file with a problem to place raises
    _Untracked, to be parsed again with them.
    """
    builder = _Builder(_parser(text, pure=pure), track=track)
    try:
        value = builder.document()
    except yaml.YAMLError as exc:
        if not pure and _CParser is not None:
            # libyaml words syntax errors tersely: read the broken file again with
            # PyYAML's parser, whose messages say more about how to fix them.
            return parse(text, pure=True, track=track)
        if isinstance(exc, yaml.MarkedYAMLError):
            raise _yaml_error(exc, text) from None
        raise LoadError(1, 1, f"YAML: {exc}") from None  # a reader error, without marks
    return value, builder.positions, builder.problems


def fact_files(facts: Path) -> Iterator[tuple[str | None, Path]]:
    """Yield (kind, path) for every YAML file under facts/, kind None when misplaced."""
    folders = {folder: kind for kind, folder in FOLDERS.items()}
    # os.walk lists a large fact base several times faster than Path.rglob (and, like
    # it, goes into linked folders).
    walk = os.walk(facts, followlinks=True)
    found = [Path(top, name) for top, dirs, files in walk for name in dirs + files]
    for path in sorted(found):
        if path.suffix not in SUFFIXES or not (path.is_file() or path.is_symlink()):
            continue
        relative = path.relative_to(facts).parts
        kind = folders.get(relative[0]) if len(relative) == 2 else None
        yield kind, path


def load_file(kind: str, path: Path, display: str) -> tuple[list[RawRecord], list[Problem]]:
    """Read one fact file into raw records, with every problem it has."""
    try:
        parsed = parse_file(path.read_bytes())
    except LoadError as exc:
        return [], [Problem(display, exc.line, exc.column, exc.message)]
    return records(kind, display, *parsed)


def parse_file(data: bytes) -> tuple[Any, Positions, list[tuple[int, int, str]]]:
    """Decode and parse a fact file's bytes: (value, positions, non-fatal problems).

    The positions of a file without problems are found from its text only when asked for.
    Raise LoadError if the file cannot be read as YAML at all.
    """
    text = decode(data)
    try:
        value, _, issues = parse(text, track=False)
    except _Untracked:
        return parse(text)
    return value, Positions(text=text), issues


def records(
    kind: str, display: str, value: Any, positions: Positions, issues: list[tuple[int, int, str]]
) -> tuple[list[RawRecord], list[Problem]]:
    """Return the raw records of a fact file's parsed value, with every problem it has."""
    problems = [Problem(display, line, column, message) for line, column, message in issues]
    if isinstance(value, dict):
        return [RawRecord(kind, value, Origin(display, positions, ()))], problems
    if isinstance(value, list) and value:
        found = []
        for index, item in enumerate(value):
            origin = Origin(display, positions, (index,))
            if isinstance(item, dict):
                found.append(RawRecord(kind, item, origin))
            else:
                problems.append(origin.problem((), _not_a_record(kind, item)))
        return found, problems
    origin = Origin(display, positions, ())
    return [], [*problems, origin.problem((), _not_a_record(kind, value))]


class ParsedFiles:
    """A `Reader` that parses each version of a fact file once, across builds.

    `known` maps a digest of a file's bytes (`stamps.digest_of`) to the value it was
    parsed into; a file whose bytes have a known digest gives its records without being
    parsed again, and its positions are found from its text when a problem needs one, as
    `load_file` does for any file. With the `earlier` reading's digests and stamps, a file
    whose stamp vouches it unchanged since (`Stamped.digest`) is not even read. After a
    `load`, `parsed` holds {digest: value} of every file read without a problem (the build
    cache keeps it for the next build) and `stamped` the digest and stamp of every file read.
    """

    def __init__(
        self, known: Mapping[str, Any] | None = None, earlier: Stamped | None = None
    ) -> None:
        self.known: Mapping[str, Any] = known or {}
        self.earlier = earlier or Stamped()
        self.parsed: dict[str, Any] = {}
        self.stamped = Stamped(at=time.time_ns())

    @property
    def digests(self) -> dict[str, str]:
        """Return {displayed path: digest of its bytes} of every file read."""
        return self.stamped.digests

    def read(self, kind: str, path: Path, display: str) -> tuple[list[RawRecord], list[Problem]]:
        """Read one fact file into raw records, with every problem it has (see `load_file`)."""
        stamp = self.stamped.stamps[display] = stamp_of(path)
        known = self.earlier.digest(display, stamp)
        data: bytes | None = None
        if known is not None and known in self.known:
            digest = known  # unchanged since read: its text is read if a problem needs it
        else:
            data = path.read_bytes()
            digest = digest_of(data)
        self.stamped.digests[display] = digest
        parsed: tuple[Any, Positions, list[tuple[int, int, str]]]
        try:
            if data is None:
                parsed = (self.known[digest], Positions(path=path, digest=digest), [])
            elif digest in self.known:
                parsed = (self.known[digest], Positions(text=decode(data)), [])
            else:
                parsed = parse_file(data)
        except LoadError as exc:
            return [], [Problem(display, exc.line, exc.column, exc.message)]
        found, problems = records(kind, display, *parsed)
        if not problems:
            self.parsed[digest] = parsed[0]
        return found, problems


def _not_a_record(kind: str, value: Any) -> str:
    what = (
        "nothing"
        if value is None or value == []
        else "a list"
        if isinstance(value, list)
        else "text"
    )
    return (
        f"expected {article(kind)} record (a mapping of fields such as `id: ...`) or a list of "
        f"them, found {what}"
    )


Reader = Callable[[str, Path, str], tuple[list[RawRecord], list[Problem]]]
"""Reads one fact file, given its kind, path and displayed path: `load_file` or a cache."""


def load(facts: Path, read: Reader = load_file) -> tuple[list[RawRecord], list[Problem]]:
    """Read every fact file under facts/, returning raw records and all problems."""
    raws: list[RawRecord] = []
    problems: list[Problem] = []
    if not facts.is_dir():
        return [], [Problem(str(facts), 1, 1, "no such folder (pass --facts DIR)")]
    for kind, path in fact_files(facts):
        display = path.as_posix()
        if path.is_symlink():
            problems.append(
                Problem(display, 1, 1, "is a symbolic link (facts must be regular files)")
            )
        elif kind is None:
            places = ", ".join(f"{facts.as_posix()}/{folder}/" for folder in FOLDERS.values())
            problems.append(
                Problem(
                    display,
                    1,
                    1,
                    f"is not in a kind folder and is ignored (move it into one of {places})",
                    Severity.WARNING,
                )
            )
        else:
            found, issues = read(kind, path, display)
            raws.extend(found)
            problems.extend(issues)
    return raws, problems
