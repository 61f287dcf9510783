"""Check that every quote appears verbatim in the archived text of its sources.

Quote and archive are compared folded (`briefing.folding`): a wire copy and a republished
one differ in quote marks, dashes, spaces, invisible characters and Unicode form without
differing in a word, and the folding rule is the one search and names use.
"""

from __future__ import annotations

from pathlib import Path

from briefing.folding import fold, fold_with_offsets
from briefing.link import FactBase
from briefing.models import Quote, Source
from briefing.problems import Problem, Severity


def verify_quotes(base: FactBase, archive: Path) -> list[Problem]:
    """Return a problem for each quote not found verbatim in an archived source."""
    texts: dict[str, str | None] = {}
    problems: list[Problem] = []
    for source in base.by_kind["source"]:
        assert isinstance(source, Source)
        if source.archive is not None:
            path = archive / source.archive
            texts[source.id] = fold(path.read_text(encoding="utf-8")) if path.is_file() else None
    for quote in base.by_kind["quote"]:
        assert isinstance(quote, Quote)
        origin = base.entries[quote.id].origin
        wanted, offsets = fold_with_offsets(quote.text)
        checked = False
        for source_id in quote.sources:
            if source_id not in texts:
                continue
            text = texts[source_id]
            if text is None:
                problems.append(
                    origin.problem(
                        ("sources",),
                        f"quote '{quote.id}': the archive of source '{source_id}' is missing from "
                        f"{archive.as_posix()}/ (add the file, or pass --archive DIR)",
                    )
                )
                continue
            checked = True
            if wanted not in text:
                problems.append(
                    origin.problem(
                        ("text",),
                        f"quote '{quote.id}' is not verbatim in source '{source_id}': "
                        f"{_divergence(quote.text, wanted, offsets, text)} "
                        "(copy the words exactly as printed)",
                    )
                )
        if not checked:
            problems.append(
                origin.problem(
                    ("text",),
                    f"quote '{quote.id}' is unchecked: none of its sources has an archived copy",
                    Severity.WARNING,
                )
            )
    return sorted(problems)


def _divergence(quote: str, wanted: str, offsets: list[int], text: str) -> str:
    """Say where the quote (folded as wanted, with offsets into it) stops matching the source."""
    low, high = 0, len(wanted)
    while low < high:  # the longest prefix of the quote that the source contains
        middle = (low + high + 1) // 2
        if wanted[:middle] in text:
            low = middle
        else:
            high = middle - 1
    if low == 0:
        return "no part of it is found"
    end = offsets[low - 1] + 1
    return f'it matches up to "{quote[max(0, end - 30) : end]}" and then differs'
