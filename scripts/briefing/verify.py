"""Check that every quote appears verbatim in the archived text of its sources."""

from __future__ import annotations

import re
from pathlib import Path

from briefing.link import FactBase
from briefing.models import Quote, Source
from briefing.problems import Problem, Severity

# Typography that differs between a wire copy and a republished one without changing
# a word: quote marks, apostrophes, dashes and white space.
_QUOTES = str.maketrans(
    {c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u0060\u00b4"}
    | {c: '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"}
    | {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"}
)
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Fold white space, quote marks and dashes, keeping every word and letter."""
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


def verify_quotes(base: FactBase, archive: Path) -> tuple[list[Problem], int]:
    """Return a problem for each quote not found verbatim in an archived source.

    Also return how many quotes were checked against at least one archived copy: a
    quote none of whose sources has one is unchecked (a warning). A source naming an
    archived copy that is not in the folder is an error at the source's `archive`.
    """
    texts: dict[str, str | None] = {}
    problems: list[Problem] = []
    for source in base.by_kind["source"]:
        assert isinstance(source, Source)
        if source.archive is not None:
            path = archive / source.archive
            if path.is_file():
                texts[source.id] = normalise(path.read_text(encoding="utf-8"))
            else:
                texts[source.id] = None
                problems.append(
                    base.entries[source.id].origin.problem(
                        ("archive",),
                        f"archive: {path.as_posix()} is not there (add the file, fix its "
                        "name, or pass --archive DIR)",
                    )
                )
    checked = 0
    for quote in base.by_kind["quote"]:
        assert isinstance(quote, Quote)
        origin = base.entries[quote.id].origin
        wanted = normalise(quote.text)
        archived = [id for id in quote.sources if id in texts]
        found = [(id, text) for id in archived if (text := texts[id]) is not None]
        checked += bool(found)
        for source_id, text in found:
            if wanted not in text:
                problems.append(
                    origin.problem(
                        ("text",),
                        f"quote '{quote.id}' is not verbatim in source '{source_id}': "
                        f"{_divergence(wanted, text)} (copy the words exactly as printed)",
                    )
                )
        if not archived:
            problems.append(
                origin.problem(
                    ("text",),
                    f"quote '{quote.id}' is unchecked: none of its sources names an archived "
                    "copy (give a source an `archive` file)",
                    Severity.WARNING,
                )
            )
    return sorted(problems), checked


def _divergence(wanted: str, text: str) -> str:
    """Say where the quote stops matching the source, and how the two go on."""
    low, high = 0, len(wanted)
    while low < high:  # the longest prefix of the quote that the source contains
        middle = (low + high + 1) // 2
        if wanted[:middle] in text:
            low = middle
        else:
            high = middle - 1
    if low == 0:
        return "no part of it is found"
    start = text.find(wanted[:low]) + low
    quote_next, source_next = wanted[low : low + 12], text[start : start + 12]
    return (
        f'it matches up to "{wanted[max(0, low - 30) : low]}", then has "{quote_next}" '
        f'where the source has "{source_next}"'
    )
