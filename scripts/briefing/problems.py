"""Problems found in a fact base, and the exception that carries them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How bad a problem is: errors stop the build, warnings only with --strict."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the facts, at a place in a file."""

    path: str
    line: int
    column: int
    message: str
    severity: Severity = Severity.ERROR

    def __post_init__(self) -> None:
        # Messages quote what the editor wrote: a newline there could forge a line of
        # output, and an invisible character would make the quote look correct.
        object.__setattr__(self, "message", visible(self.message))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity.value}: {self.message}"


class FactBaseError(Exception):
    """The fact base has errors; nothing was rendered or written."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(summary(self.problems))


def visible(text: str) -> str:
    """Return text with line breaks and invisible characters written as ⟨U+XXXX⟩."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else f"⟨U+{ord(ch):04X}⟩" for ch in text)


def article(noun: str) -> str:
    """Return the noun with 'a' or 'an' before it."""
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def failing(problems: Iterable[Problem], *, strict: bool = False) -> list[Problem]:
    """Return the problems that fail a run: errors, and warnings too when strict."""
    return [p for p in problems if strict or p.severity is Severity.ERROR]


def summary(problems: list[Problem]) -> str:
    """Return 'N errors, M warnings in K files' for a list of problems."""
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    files = len({p.path for p in problems})
    parts = [_count(errors, "error")]
    if warnings:
        parts.append(_count(warnings, "warning"))
    return f"{', '.join(parts)} in {_count(files, 'file')}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
