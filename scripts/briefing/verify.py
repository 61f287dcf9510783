"""Check that quotes, and words in quotation marks in prose, are verbatim in their sources."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from briefing.link import FactBase, prose
from briefing.load import Loc, Origin, dotted
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


def verify_quotes(base: FactBase, archive: Path) -> list[Problem]:
    """Return a problem for each quote not found verbatim in an archived source."""
    texts: dict[str, str | None] = {}
    problems: list[Problem] = []
    for source in base.by_kind["source"]:
        assert isinstance(source, Source)
        if source.archive is not None:
            path = archive / source.archive
            texts[source.id] = (
                normalise(path.read_text(encoding="utf-8")) if path.is_file() else None
            )
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
        for loc, name, text, sources in wordings:
            problems += _verify(origin, loc, name, normalise(text), sources, texts, archive)
    for kind, records in base.by_kind.items():
        for record in records if kind != "source" else ():
            origin = base.entries[record.id].origin
            for where, passage, cited in prose(record):
                for match in _QUOTED.finditer(passage):
                    words = match[1] or match[2]
                    problems += _check_quoted(origin, where, words, cited, texts)
    return sorted(problems)


# Words in straight or curly double quotation marks, on one line.
_QUOTED = re.compile(r'"([^"\n]+)"|\u201c([^\u201d\n]+)\u201d')


def _check_quoted(
    origin: Origin, loc: Loc, words: str, sources: Sequence[str], texts: dict[str, str | None]
) -> list[Problem]:
    """Return a problem when words in quotation marks are in none of the archived sources."""
    archived = {id: texts[id] for id in sources if texts.get(id) is not None}
    wanted = normalise(words)
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
    wanted: str,
    sources: list[str],
    texts: dict[str, str | None],
    archive: Path,
) -> list[Problem]:
    """Return the problems of one wording of a quote against the archives of its sources."""
    problems: list[Problem] = []
    checked = False
    for source_id in sources:
        if source_id not in texts:
            continue
        text = texts[source_id]
        if text is None:
            problems.append(
                origin.problem(
                    ("sources",),
                    f"{name}: the archive of source '{source_id}' is missing from "
                    f"{archive.as_posix()}/ (add the file, or pass --archive DIR)",
                )
            )
            continue
        checked = True
        if wanted not in text:
            problems.append(
                origin.problem(
                    loc,
                    f"{name} is not verbatim in source '{source_id}': "
                    f"{_divergence(wanted, text)} (copy the words exactly as printed)",
                )
            )
    if not checked:
        problems.append(
            origin.problem(
                loc,
                f"{name} is unchecked: none of its sources has an archived copy",
                Severity.WARNING,
            )
        )
    return problems


def _divergence(wanted: str, text: str) -> str:
    """Say where the quote stops matching the source."""
    low, high = 0, len(wanted)
    while low < high:  # the longest prefix of the quote that the source contains
        middle = (low + high + 1) // 2
        if wanted[:middle] in text:
            low = middle
        else:
            high = middle - 1
    if low == 0:
        return "no part of it is found"
    return f'it matches up to "{wanted[max(0, low - 30) : low]}" and then differs'
