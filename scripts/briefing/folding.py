"""One normal form for text, and one folding rule for every comparison of names and words.

Text from the facts is kept in Unicode normal form C (NFC) from the moment it is read, so
that two texts that look the same are the same. Comparisons go further: `fold` maps a text
to what a reader means by it, so that duplicate-name warnings, "did you mean" hints and
search agree on which spellings are one. Quote verification folds by the same rule all
but letters, marks and digits, which a quote must give exactly as its source prints them
(`fold_typography`).

Folding drops format characters (soft hyphens, zero-width spaces and joiners, direction
marks, tag characters: all invisible), transliterates every other character to ASCII with
anyascii (ı → i, İ → I, ł → l, ø → o, đ → d, ß → ss, æ → ae, ’ → ', « → ", — → -,
… → ..., no-break and other spaces → space, other scripts to their usual Latin spelling),
then lower-cases and collapses white space. Transliterating before lower-casing keeps a
dotted capital İ one letter (Python's lower() makes it i plus a combining dot).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

from anyascii import anyascii

_SPACES = re.compile(r"\s+")
# anyascii spells guillemets as arrows (« → <<); as quotation marks they fold like the
# others, and a grave accent typed for an apostrophe like the apostrophe.
_QUOTATION = str.maketrans({"«": '"', "»": '"', "‹": "'", "›": "'", "`": "'"})


def normal(text: str) -> str:
    """Return text in Unicode normal form C (composed: n + U+0303 becomes ñ)."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Return text as compared: ASCII, lower case, white space collapsed to single spaces."""
    if not text.isprintable():
        text = "".join(char for char in text if unicodedata.category(char) != "Cf")
    return _SPACES.sub(" ", anyascii(normal(text).translate(_QUOTATION)).lower()).strip()


@functools.lru_cache(maxsize=65536)
def _fold_char(char: str) -> str:
    if unicodedata.category(char) == "Cf":
        return ""
    return anyascii(char.translate(_QUOTATION)).lower()


@functools.lru_cache(maxsize=65536)
def _typography_char(char: str) -> str:
    # Letters, marks and digits stay as written; punctuation, spaces and invisible
    # characters fold as they do everywhere else.
    if unicodedata.category(char)[0] in "LMN":
        return char
    return _fold_char(char)


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Return fold(text) and, for each of its characters, the index in text it comes from.

    The folded text equals `fold(text)` for text in normal form C; the offsets let a
    message quote the original where a folded comparison stops matching.
    """
    return _folded(text, _fold_char)


def fold_typography(text: str) -> tuple[str, list[int]]:
    """Return text with only its typography folded, and the offsets of its characters.

    Quote marks, dashes, ellipses, spaces and invisible characters fold as `fold` folds
    them; letters (with their case and accents), marks and digits stay as written. This
    is how a quote is compared with its source: verbatim in every letter. The offsets
    index the text in normal form C, as the loader keeps fact text.
    """
    return _folded(normal(text), _typography_char)


def _folded(text: str, fold_char: Callable[[str], str]) -> tuple[str, list[int]]:
    folded: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        for out in fold_char(char):
            if out.isspace():
                if not folded or folded[-1] == " ":
                    continue
                out = " "
            folded.append(out)
            offsets.append(index)
    if folded and folded[-1] == " ":
        folded.pop()
        offsets.pop()
    return "".join(folded), offsets
