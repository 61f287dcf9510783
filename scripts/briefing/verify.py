"""Check that quotes, and words in quotation marks in prose, are verbatim in their sources.

Quote and archive are compared with their typography folded (`folding.fold_typography`):
a wire copy and a republished one differ in quote marks, dashes, spaces, invisible
characters and Unicode form without differing in a word. Letters, with their case and
accents, and digits must be exactly as the source prints them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from briefing.folding import fold_typography
from briefing.link import FactBase, prose
from briefing.load import Loc, Origin, dotted
from briefing.models import Quote, Source
from briefing.problems import Problem, Severity


def verify_quotes(base: FactBase, archive: Path) -> tuple[list[Problem], int]:
    """Return a problem for each quote not found verbatim in an archived source.

    Also return how many quotes were checked against at least one archived copy: a
    wording none of whose sources has one is unchecked (a warning). A source naming an
    archived copy that is not in the folder is an error at the source's `archive`. Each
    wording of a quote is checked against its own sources, and words in quotation marks
    in statements, notes and conditions against the sources cited there.
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
        wordings: list[tuple[Loc, str, str, list[str]]] = [
            (("text",), f"quote '{quote.id}'", quote.text, quote.own_sources())
        ]
        wordings += [
            (
                ("wordings", index, "text"),
                f"quote '{quote.id}' (wording {index + 1})",
                w.text,
                w.sources,
            )
            for index, w in enumerate(quote.wordings)
        ]
        found = False
        for loc, name, text, sources in wordings:
            wording_problems, wording_checked = _verify(origin, loc, name, text, sources, texts)
            problems += wording_problems
            found = found or wording_checked
        checked += found
    for kind, records in base.by_kind.items():
        for record in records if kind != "source" else ():
            origin = base.entries[record.id].origin
            for where, passage, cited in prose(record):
                for match in _QUOTED.finditer(passage):
                    words = match[1] or match[2]
                    problems += _check_quoted(origin, where, words, cited, texts)
    return sorted(problems), checked


# Words in straight or curly double quotation marks, on one line.
_QUOTED = re.compile(r'"([^"\n]+)"|\u201c([^\u201d\n]+)\u201d')


def _check_quoted(
    origin: Origin, loc: Loc, words: str, sources: Sequence[str], texts: dict[str, str | None]
) -> list[Problem]:
    """Return a problem when words in quotation marks are in none of the archived sources."""
    archived = {id: texts[id] for id in sources if texts.get(id) is not None}
    wanted = fold_typography(words)[0]
    if not archived or any(wanted in text for text in archived.values() if text is not None):
        return []
    return [
        origin.problem(
            loc,
            f'{dotted(loc)}: the words in quotation marks "{words[:60]}" are in none of the '
            f"archived sources cited here ({', '.join(archived)}); copy them exactly as "
            "printed, or drop the quotation marks from a paraphrase",
        )
    ]


def _verify(
    origin: Origin,
    loc: Loc,
    name: str,
    words: str,
    sources: list[str],
    texts: dict[str, str | None],
) -> tuple[list[Problem], bool]:
    """Return the problems of one wording against the archives of its sources.

    Also return whether an archived copy was there to check it against. A missing copy
    is reported at its source, not here.
    """
    wanted, offsets = fold_typography(words)
    archived = [id for id in sources if id in texts]
    found = [(id, text) for id in archived if (text := texts[id]) is not None]
    problems = [
        origin.problem(
            loc,
            f"{name} is not verbatim in source '{source_id}': "
            f"{_divergence(words, wanted, offsets, text)} (copy the words exactly as printed)",
        )
        for source_id, text in found
        if wanted not in text
    ]
    if not archived:
        problems.append(
            origin.problem(
                loc,
                f"{name} is unchecked: none of its sources names an archived copy (give a "
                "source an `archive` file)",
                Severity.WARNING,
            )
        )
    return problems, bool(found)


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
