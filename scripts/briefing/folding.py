"""One normal form for text, and one folding rule for every comparison of names and words.

Text from the facts is kept in Unicode normal form C (NFC) from the moment it is read, so
that two texts that look the same are the same. Comparisons go further: `fold` maps a text
to what a reader means by it, so that duplicate-name warnings, "did you mean" hints, quote
verification and search agree on which spellings are one.

Folding drops format characters (soft hyphens, zero-width spaces and joiners, direction
marks, tag characters: all invisible), transliterates every other character to ASCII with
anyascii (ı → i, İ → I, ł → l, ø → o, đ → d, ß → ss, æ → ae, ’ → ', « → ", — → -,
… → ..., no-break and other spaces → space, other scripts to their usual Latin spelling),
then lower-cases and collapses white space. Transliterating before lower-casing keeps the
Turkish İ one letter (Python's lower() makes it i plus a combining dot).
"""

from __future__ import annotations

import functools
import re
import unicodedata

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


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Return fold(text) and, for each of its characters, the index in text it comes from.

    The folded text equals `fold(text)` for text in normal form C; the offsets let a
    message quote the original where a folded comparison stops matching.
    """
    folded: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        for out in _fold_char(char):
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
