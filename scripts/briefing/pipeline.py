"""The stages run in order: gather (load, validate, link) before anything is written."""

from __future__ import annotations

from pathlib import Path

from briefing.link import FactBase, link
from briefing.load import fact_files, load
from briefing.problems import FactBaseError, Problem, Severity
from briefing.validate import validate


def check(facts: Path) -> tuple[FactBase, list[Problem]]:
    """Load, validate and link the fact base, returning it with every problem found."""
    raws, problems = load(facts)
    validated = validate(raws)
    read = {raw.origin.path for raw in raws}
    unread = frozenset(
        kind for kind, path in fact_files(facts) if kind and path.as_posix() not in read
    )
    base, unlinked = link(validated.entries, validated.invalid, unread)
    # A value the loader refused (an alias, a tag) also fails validation: say it once.
    places = {(p.path, p.line, p.column) for p in problems}
    followers = [p for p in validated.problems if (p.path, p.line, p.column) not in places]
    return base, sorted([*problems, *followers, *unlinked])


def gather(facts: Path, *, strict: bool = False) -> tuple[FactBase, list[Problem]]:
    """Return the fact base and its warnings, or raise FactBaseError if it has errors."""
    base, problems = check(facts)
    failing = [p for p in problems if strict or p.severity is Severity.ERROR]
    if failing:
        raise FactBaseError(problems)
    return base, problems
