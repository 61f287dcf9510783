"""Canonical layout for fact files: one key order, quoting and indentation, comments kept.

A file is read with the project's loader, so nothing it refuses (anchors, tags,
duplicate keys) is ever rewritten. The values are then written out again: keys in
the order of the model's fields, two-space indentation, text plain when YAML reads
it back unchanged and quoted otherwise, long text folded at the line width,
and lists of bare tokens (ids, dates) in brackets. Comments are found between the
YAML tokens and travel with what they stand before or beside. The new text must load
to exactly the same values and hold the same comments, or the file is left alone.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from yaml.emitter import Emitter, ScalarAnalysis

from briefing.fields import field_models, field_order, model_for
from briefing.load import NULLS, LoadError, Loc, Positions, decode, parse
from briefing.models import FOLDERS, KINDS
from briefing.problems import Problem

WIDTH = 100
INDENT = 2

# Short words that read the same plain anywhere, in blocks or in brackets.
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~_/+-]*")
# Line breaks other than "\n" that YAML would fold or keep in plain or block text.
_ODD_BREAKS = str.maketrans({"\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P", "\ufeff": "\\uFEFF"})
# libyaml scans several times faster, with the same character offsets.
_SCANNER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ANALYSER = Emitter(io.StringIO(), allow_unicode=True)


class FormatError(Exception):
    """A file that cannot be formatted, with every reason as (line, column, message)."""

    def __init__(self, problems: list[tuple[int, int, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(message for _, _, message in problems))


# --- Key order ------------------------------------------------------------------------


def _ordered(value: Any, models: list[type[BaseModel]]) -> Any:
    """Return value with every mapping's keys in the order of the model it best matches."""
    if isinstance(value, list):
        return [_ordered(item, models) for item in value]
    if not isinstance(value, dict):
        return value
    # A versioned field holds a bare value or versions: the keys say which model applies.
    model = model_for(value, models)
    known = [name for name in field_order(model) if name in value] if model else []
    keys = known + [key for key in value if key not in known]
    return {key: _ordered(value[key], field_models(model, key)) for key in keys}


# --- Comments -------------------------------------------------------------------------


@dataclass(frozen=True)
class Comment:
    """A comment, where it stands, and whether it has its line to itself."""

    line: int
    column: int
    text: str
    own_line: bool


def find_comments(text: str) -> list[Comment]:
    """Return every comment in a YAML text: a '#' outside any token, after a space."""
    inside = bytearray(len(text) + 1)
    for token in yaml.scan(text, Loader=_SCANNER):
        start, end = token.start_mark.index, token.end_mark.index
        if getattr(token, "style", None) in ("|", ">"):
            # A block scalar's header line may end in a comment; its text starts below.
            newline = text.find("\n", start, end)
            start = end if newline == -1 else newline
        inside[start:end] = b"\1" * (end - start)
    comments = []
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        for column, char in enumerate(line):
            if (
                char == "#"
                and not inside[offset + column]
                and (column == 0 or line[column - 1] in " \t")
            ):
                own = not line[:column].strip()
                comments.append(Comment(number, column + 1, line[column:].rstrip(), own))
                break
        offset += len(line) + 1
    return comments


@dataclass
class _Attached:
    """Comments by the location of the entry they belong to."""

    before: dict[Loc, list[str]] = field(default_factory=dict)
    beside: dict[Loc, list[str]] = field(default_factory=dict)
    after: list[str] = field(default_factory=list)

    def inside(self, loc: Loc) -> bool:
        """Return whether an entry below loc carries a comment."""
        size = len(loc)
        return any(len(key) > size and key[:size] == loc for key in (*self.before, *self.beside))


def _attach(comments: list[Comment], positions: Positions) -> _Attached:
    # An entry is a mapping key or a list item, at the place where it starts; the
    # root stands for the whole file.
    items = [(at, loc) for loc, at in positions.values.items() if loc and isinstance(loc[-1], int)]
    entries = sorted(
        [*((*at, loc) for loc, at in positions.keys.items()), *((*at, loc) for at, loc in items)],
        key=lambda e: (e[0], e[1], len(e[2])),
    )
    attached = _Attached()
    for comment in comments:
        if comment.own_line:
            # A comment on its own line belongs to the outermost entry that follows it.
            following = [e for e in entries if e[0] > comment.line]
            if not following:
                attached.after.append(comment.text)
                continue
            first = following[0]
            loc = first[2] if first[:2] != entries[0][:2] else ()
            attached.before.setdefault(loc, []).append(comment.text)
            continue
        # A comment after a value belongs to the first entry on its line, innermost when
        # several start there, or else to the entry whose value the line continues.
        on_line = [e for e in entries if e[0] == comment.line and e[1] < comment.column]
        earlier = [e for e in entries if e[0] < comment.line]
        if on_line:
            column = on_line[0][1]
            loc = [e for e in on_line if e[1] == column][-1][2]
        else:
            loc = earlier[-1][2] if earlier else ()
        attached.beside.setdefault(loc, []).append(comment.text)
    return attached


# --- Writing --------------------------------------------------------------------------


def _analysis(text: str) -> ScalarAnalysis:
    return _ANALYSER.analyze_scalar(text)


def _is_token(value: Any) -> bool:
    return isinstance(value, str) and value not in NULLS and bool(_TOKEN.fullmatch(value))


def _double_quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).translate(_ODD_BREAKS)


def _inline(text: str | None) -> str:
    """Return a scalar on one line: plain when YAML reads it back unchanged, else quoted."""
    if text is None:
        return "null"
    analysis = _analysis(text)
    if text and text not in NULLS and analysis.allow_block_plain and not analysis.multiline:
        return text
    # Text with double quotes and no single ones reads better in single quotes.
    single = analysis.allow_single_quoted and not analysis.multiline
    if single and '"' in text and "'" not in text and text.isprintable():
        return f"'{text}'"
    return _double_quoted(text)


def _folded(text: str, room: int) -> list[str] | None:
    """Return text as the lines of a folded block, or None if folding would change it."""
    analysis = _analysis(text)
    if analysis.multiline or not analysis.allow_block or text != text.strip() or not text:
        return None
    # Break only at a single space between two other characters: YAML folds it back.
    words = re.split(r"(?<=\S) (?=\S)", text)
    lines = [words[0]]
    for word in words[1:]:
        if len(lines[-1]) + 1 + len(word) <= room:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _literal(text: str) -> tuple[str, list[str]] | None:
    """Return the indicator and lines of a literal block for multi-line text, or None."""
    # A block takes its indentation from its first line with text, and YAML reads
    # "\r" and the Unicode line separators as line breaks.
    first = text.lstrip("\n")
    if not first or first[0] in " \t" or not _analysis(text).allow_block:
        return None
    if any(char in text for char in "\r\x85\u2028\u2029\ufeff"):
        return None
    if any(line != line.rstrip() for line in text.split("\n")):
        return None
    body = text.rstrip("\n")
    trailing = len(text) - len(body)
    indicator = "|-" if trailing == 0 else "|" if trailing == 1 else "|+"
    lines = body.split("\n") + [""] * (trailing - 1 if trailing > 1 else 0)
    return indicator, lines


class _Writer:
    """Write values out in the canonical layout, with their comments."""

    def __init__(self, attached: _Attached) -> None:
        self.attached = attached
        self.lines: list[str] = []

    def comments_before(self, locs: Iterable[Loc], indent: int) -> None:
        for loc in locs:
            self.lines += [" " * indent + text for text in self.attached.before.get(loc, [])]

    def beside(self, line: str, *locs: Loc) -> str:
        texts = [text for loc in locs for text in self.attached.beside.get(loc, [])]
        return "  ".join([line, *texts]) if texts else line

    def document(self, value: Any) -> str:
        self.comments_before([()], 0)
        self.lines += self.attached.beside.get((), [])
        if isinstance(value, dict) and value:
            self.mapping(value, (), 0, None)
        elif isinstance(value, list) and value:
            self.sequence(value, (), 0)
        else:
            self.entry("", value, (), 0)
        self.lines += self.attached.after
        return "\n".join(self.lines) + "\n"

    def mapping(self, value: dict[str, Any], loc: Loc, indent: int, dash: str | None) -> None:
        """Write a block mapping; dash is the '- ' prefix when it opens a list item."""
        for index, (key, item) in enumerate(value.items()):
            here = (*loc, key)
            if index == 0 and dash is not None:
                self.entry(dash + _inline(key) + ":", item, here, indent, also=loc)
            else:
                self.comments_before([here], indent)
                self.entry(" " * indent + _inline(key) + ":", item, here, indent)

    def sequence(self, value: list[Any], loc: Loc, indent: int) -> None:
        """Write a block sequence."""
        for index, item in enumerate(value):
            here = (*loc, index)
            dash = " " * indent + "- "
            if isinstance(item, dict) and item:
                first = (*here, next(iter(item)))
                self.comments_before([here, first], indent)
                self.mapping(item, here, indent + INDENT, dash)
            else:
                self.comments_before([here], indent)
                self.entry(dash.rstrip(), item, here, indent + INDENT, head_is_dash=True)

    def entry(
        self,
        head: str,
        value: Any,
        loc: Loc,
        indent: int,
        *,
        also: Loc | None = None,
        head_is_dash: bool = False,
    ) -> None:
        """Write a value after its head ('key:' or '-'), inline or as an indented block."""
        locs = (loc,) if also is None else (also, loc)
        inner = indent + INDENT if not head_is_dash else indent
        lead = f"{head} " if head else ""
        if isinstance(value, dict | list):
            flow = self.flow(value, loc, head_is_dash)
            if flow is not None and len(lead + flow) <= WIDTH:
                self.lines.append(self.beside(lead + flow, *locs))
            elif isinstance(value, dict):
                self.lines.append(self.beside(head, *locs))
                self.mapping(value, loc, inner, None)
            else:
                self.lines.append(self.beside(head, *locs))
                self.sequence(value, loc, inner)
            return
        self.scalar(lead, value, locs, inner)

    def flow(self, value: dict[str, Any] | list[Any], loc: Loc, in_list: bool) -> str | None:
        """Return a collection of bare tokens in brackets, or None if it must be a block."""
        if not value:
            return "{}" if isinstance(value, dict) else "[]"
        if self.attached.inside(loc):
            return None
        if isinstance(value, list):
            return f"[{', '.join(value)}]" if all(map(_is_token, value)) else None
        if in_list or not all(map(_is_token, [*value, *value.values()])):
            return None
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"

    def scalar(self, lead: str, value: str | None, locs: tuple[Loc, ...], inner: int) -> None:
        """Write a scalar: inline when it fits, else folded or literal as an indented block."""
        if value is not None and "\n" in value:
            literal = _literal(value)
            if literal is not None:
                indicator, lines = literal
                self.lines.append(self.beside(f"{lead}{indicator}", *locs))
                self.lines += [" " * inner + line if line else "" for line in lines]
                return
        inline = _inline(value)
        if len(lead + inline) > WIDTH and value is not None:
            folded = _folded(value, WIDTH - inner)
            if folded is not None and len(folded) > 1:
                self.lines.append(self.beside(f"{lead}>-", *locs))
                self.lines += [" " * inner + line for line in folded]
                return
        self.lines.append(self.beside(lead + inline, *locs))


CHANGED = (
    "formatting would change what this file says, so it is left as it is "
    "(please report this with the file)"
)


def _says_the_same(new: str, value: Any, comments: list[Comment]) -> bool:
    """Return whether new text loads to the same values and holds the same comments."""
    try:
        again, _, issues = parse(new)
    except LoadError:
        return False
    texts = Counter(comment.text for comment in comments)
    return not issues and again == value and Counter(c.text for c in find_comments(new)) == texts


def format_text(text: str, kind: str | None) -> str:
    """Return the text in the canonical layout, or raise FormatError (or LoadError)."""
    value, positions, issues = parse(text)
    if issues:
        raise FormatError(issues)
    comments = find_comments(text)
    models: list[type[BaseModel]] = [KINDS[kind]] if kind in KINDS else []
    new = _Writer(_attach(comments, positions)).document(_ordered(value, models))
    if not _says_the_same(new, value, comments):
        raise FormatError([(1, 1, CHANGED)])
    return new


# --- Files ----------------------------------------------------------------------------


def kind_of(path: Path) -> str | None:
    """Return the kind whose folder holds path, or None."""
    kinds = {folder: kind for kind, folder in FOLDERS.items()}
    return kinds.get(path.parent.name)


def format_file(path: Path) -> tuple[str | None, list[Problem]]:
    """Return the file's new text if formatting changes it, and any problems."""
    display = path.as_posix()
    if path.is_symlink():
        return None, [Problem(display, 1, 1, "is a symbolic link (facts must be regular files)")]
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, 1, 1, f"cannot be read: {exc.strerror}")]
    try:
        new = format_text(decode(raw), kind_of(path))
    except LoadError as exc:
        return None, [Problem(display, exc.line, exc.column, exc.message)]
    except FormatError as exc:
        return None, [Problem(display, line, col, message) for line, col, message in exc.problems]
    return (None if new.encode("utf-8") == raw else new), []


def write_atomic(path: Path, text: str) -> None:
    """Replace a file's content in one step, keeping its permissions."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
