"""One normal form and one folding rule: what a reader sees as one spelling compares as one."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.folding import fold, fold_with_offsets, normal
from test_properties import CHARACTER, PROPERTY


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("diyarbakir", "Diyarbakır"),
        ("ilkerhan", "İlkerhan"),
        ("Ilkerhan basoguz", "İlkerhan Başoğuz"),
        ("izmir", "İzmir"),
        ("IZMIR", "izmir"),
        ("Southland's", "Southland’s"),
        ("kaan fidanli", "Kaan Fıdanlı"),
        ("lodz", "Łódź"),
        ("orsted", "Ørsted"),
        ("dinh", "Đinh"),
        ("strasse", "Straße"),
        ("aero", "Ærø"),
        ("senor", "Sen\u0303or"),
        ('"exactly," he said - and...', "«exactly,» he said — and…"),
        ("co-operate", "co\u2010operate"),
        ("cooperate", "co\u00adoper\u200bate\u2060"),
        ("new york", "New\u00a0York"),
        ("new york", "New\u2009\u2009York\u202f"),
        ("moskva", "Москва"),
    ],
)
def test_what_a_reader_types_folds_like_what_was_printed(typed: str, printed: str) -> None:
    assert fold(typed) == fold(printed)


def test_folding_keeps_letters_that_differ() -> None:
    assert fold("Fidan") != fold("Fıdanlı")
    assert fold("Ana Ortiz") != fold("Ana Ortis")


def test_normal_form_composes() -> None:
    assert normal("Sen\u0303or") == "Señor"


FOLDS_TO = [
    # Every space separator folds to a space; every format character (soft hyphen,
    # zero-width characters, direction marks, tags) to nothing.
    ("Zs", lambda out: out == "a b"),
    ("Cf", lambda out: out == "ab"),
    # Every combining diacritical mark (the blocks of that name, but their combining
    # letters) is gone once folded; other scripts' signs are theirs to transliterate.
    ("Mn", lambda out: out == "ab"),
]


@pytest.mark.parametrize(("category", "expected"), FOLDS_TO, ids=[c for c, _ in FOLDS_TO])
def test_a_whole_unicode_category_folds_away(category: str, expected: object) -> None:
    wrong = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) == category
        and (category != "Mn" or _is_accent(chr(code)))
        and not expected(fold("a" + chr(code) + "b"))  # type: ignore[operator]
    ]
    assert wrong == []


DIACRITICAL_BLOCKS = [(0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF)]


def _is_accent(char: str) -> bool:
    inside = any(low <= ord(char) <= high for low, high in DIACRITICAL_BLOCKS)
    return inside and "LETTER" not in unicodedata.name(char, "")


def test_every_dash_and_quotation_mark_folds_to_its_ascii_form() -> None:
    named = {
        "HYPHEN-MINUS": "-",
        "EN DASH": "-",
        "EM DASH": "-",
        "FIGURE DASH": "-",
        "HORIZONTAL BAR": "-",
        "MINUS SIGN": "-",
        "NON-BREAKING HYPHEN": "-",
        "HYPHEN": "-",
        "SMALL EM DASH": "-",
        "FULLWIDTH HYPHEN-MINUS": "-",
    }
    for name, ascii in named.items():
        assert fold(unicodedata.lookup(name)) == ascii, name
    quotes = [chr(c) for c in range(0x10000) if "QUOTATION MARK" in unicodedata.name(chr(c), "")]
    quotes = [q for q in quotes if "ORNAMENT" not in unicodedata.name(q)]
    assert {q: fold(q) for q in quotes if fold(q) not in ("'", '"')} == {}


@settings(PROPERTY, max_examples=500)
@given(value=st.text(CHARACTER, max_size=80))
def test_folding_ignores_unicode_form_and_is_idempotent(value: str) -> None:
    folded = fold(value)
    assert folded.isascii()
    assert fold(unicodedata.normalize("NFD", value)) == folded
    assert fold(folded) == folded
    assert "  " not in folded and folded == folded.strip()


@settings(PROPERTY, max_examples=500)
@given(value=st.text(CHARACTER, max_size=80).map(normal))
def test_offsets_point_at_the_characters_each_folded_one_comes_from(value: str) -> None:
    folded, offsets = fold_with_offsets(value)
    assert folded == fold(value)
    assert len(offsets) == len(folded)
    assert offsets == sorted(offsets)
    for char, offset in zip(folded, offsets, strict=True):
        assert char in fold(value[offset]) or char == " "
