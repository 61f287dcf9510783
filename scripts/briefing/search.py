"""Folded forms of a page's words, for the site's search to find them however typed.

The search of MkDocs Material and of Zensical indexes each section of a page (the text
under one heading) and lower-cases both the page and the query, but folds nothing more:
"diyarbakir" misses "Diyarbakır", "ilkerhan" misses "İlkerhan", and "southland's" typed
with the keyboard's apostrophe misses "Southland’s". So the generator, as a step of its
own that needs no plugin of either builder, adds to each section the folded form
(`briefing.folding.fold`) of every word in it whose folded form differs from the word in
lower case, in a paragraph marked `hidden`: readers and screen readers never see it, the
search index does, and a query typed either way finds the section.
"""

from __future__ import annotations

import functools
import re

from briefing import markup
from briefing.folding import fold

# A heading line, as the templates write them; fact text never starts a line with '#'.
_HEADING = re.compile(r"^#{1,6} ", re.MULTILINE)
# A word: letters and digits, with apostrophes inside ("Southland’s").
_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")


def folded_forms(text: str) -> list[str]:
    """Return the folded forms, sorted, of the words of text that folding changes."""
    forms = {_form(word) for word in set(_WORD.findall(text)) if not word.isascii()}
    forms.discard("")
    return sorted(forms)


@functools.lru_cache(maxsize=65536)
def _form(word: str) -> str:
    """Return a word's folded form if folding changes more than its case, else ''."""
    folded = fold(word)
    return folded if folded != word.lower() else ""


def with_folded_forms(page: str) -> str:
    """Return a Markdown page with each section's folded word forms added, hidden."""
    if page.isascii():
        return page  # folding changes no ASCII word (character references are ASCII too)
    starts = [match.start() for match in _HEADING.finditer(page)]
    if not starts:
        return page
    if "```" in page or "~~~" in page:
        # A hand-written introduction may hold a code block, where a line can start with
        # '#': such a page is one section, its forms added at its end.
        starts = starts[:1]
    bounds = [*starts[1:], len(page)]
    parts = [page[: starts[0]]]
    for start, end in zip(starts, bounds, strict=True):
        section = page[start:end]
        forms = [] if section.isascii() else folded_forms(section)
        if forms:
            hidden = f'<p hidden class="search-forms">{markup.text(" ".join(forms))}</p>'
            section = f"{section.rstrip()}\n\n{hidden}\n\n"
        parts.append(section)
    return "".join(parts)
