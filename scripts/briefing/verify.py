"""Check that every quote appears verbatim in the archived text of its sources.

Quote and archive are compared with their typography folded (`folding.fold_typography`):
a wire copy and a republished one differ in quote marks, dashes, spaces, invisible
characters and Unicode form without differing in a word. Letters, with their case and
accents, and digits must be exactly as the source prints them.
"""

from __future__ import annotations

from pathlib import Path

from briefing.folding import fold_typography
from briefing.link import FactBase
from briefing.models import Quote, Source
from briefing.problems import Problem, Severity


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
                texts[source.id] = fold_typography(path.read_text(encoding="utf-8"))[0]
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
        wanted, offsets = fold_typography(quote.text)
        archived = [id for id in quote.sources if id in texts]
        found = [(id, text) for id in archived if (text := texts[id]) is not None]
        checked += bool(found)
        for source_id, text in found:
            if wanted not in text:
                problems.append(
                    origin.problem(
                        ("text",),
                        f"quote '{quote.id}' is not verbatim in source '{source_id}': "
                        f"{_divergence(quote.text, wanted, offsets, text)} "
                        "(copy the words exactly as printed)",
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


def _divergence(quote: str, wanted: str, offsets: list[int], text: str) -> str:
    """Say where the quote stops matching the source, and how the two go on.

    `wanted` is the quote folded, with `offsets` from its characters into `quote`, so
    that the message quotes the editor's own text.
    """
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
    start = text.find(wanted[:low]) + low
    quote_next, source_next = quote[end : end + 12], text[start : start + 12]
    return (
        f'it matches up to "{quote[max(0, end - 30) : end]}", then has "{quote_next}" '
        f'where the source has "{source_next}"'
    )
