"""Figures as a reader says them: amounts of money and quantities, exact, hedged or ranged.

A figure is one value ("3.5 billion USD"), a value the source hedges ("about 36", "up to
80", "just over 6 billion CHF") or a range ("650 million to 1.3 billion USD"). An amount
may carry the source's own conversion into another currency, shown after it in brackets.
Two versions of a figure disagree when their figures differ, unless one is exact and the
other's hedge or range allows it ("36" refines "about 36", "up to 40" and "30 to 40"); a
conversion is the source's arithmetic, not a claim of its own, so it never makes versions
disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from briefing.models import Money, Qualifier, Quantity, plain_number

QUALIFIER_WORDS: dict[Qualifier, str] = {
    Qualifier.ABOUT: "about",
    Qualifier.NEARLY: "nearly",
    Qualifier.JUST_OVER: "just over",
    Qualifier.AT_LEAST: "at least",
    Qualifier.MORE_THAN: "more than",
    Qualifier.UP_TO: "up to",
    Qualifier.LESS_THAN: "less than",
}
"""Each qualifier as a reader writes it before a figure."""

_SCALES = ((Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million"))

_ALLOWS: dict[Qualifier, Callable[[Decimal, Decimal], bool]] = {
    Qualifier.ABOUT: lambda exact, hedged: exact == hedged,
    Qualifier.NEARLY: lambda exact, hedged: exact <= hedged,
    Qualifier.JUST_OVER: lambda exact, hedged: exact >= hedged,
    Qualifier.AT_LEAST: lambda exact, hedged: exact >= hedged,
    Qualifier.MORE_THAN: lambda exact, hedged: exact > hedged,
    Qualifier.UP_TO: lambda exact, hedged: exact <= hedged,
    Qualifier.LESS_THAN: lambda exact, hedged: exact < hedged,
}
"""For each qualifier, whether an exact figure is one the hedged figure allows."""


def _point(figure: Money | Quantity) -> Decimal | None:
    value = figure.amount if isinstance(figure, Money) else figure.count
    return None if value is None else Decimal(value)


def figure_refines(exact: Money | Quantity, other: Money | Quantity) -> bool:
    """Return whether `exact` is an unhedged figure that `other`'s hedge or range allows.

    "36" refines "about 36", "up to 40" and "30 to 40"; it does not refine "35" (two
    exact figures that differ disagree) nor an amount in another currency.
    """
    if type(exact) is not type(other) or exact.qualifier is not None:
        return False
    if isinstance(exact, Money) and isinstance(other, Money) and exact.currency != other.currency:
        return False
    value, hedged = _point(exact), _point(other)
    if value is None:
        return False
    if hedged is None:
        assert other.min is not None and other.max is not None
        return Decimal(other.min) <= value <= Decimal(other.max)
    return other.qualifier is not None and _ALLOWS[other.qualifier](value, hedged)


def number_words(amount: Decimal) -> str:
    """Return an amount as a reader says it: '3.5 billion', '12,500'."""
    for size, word in _SCALES:
        if amount >= size:
            return f"{(amount / size).normalize():f} {word}"
    return f"{amount:,f}".replace(".000000", "")


def _bounds(value: Money | Quantity, number: Callable[[Decimal], str]) -> str:
    """Return a figure's qualifier and value or range, each number written by `number`."""
    point = value.amount if isinstance(value, Money) else value.count
    hedge = f"{QUALIFIER_WORDS[value.qualifier]} " if value.qualifier is not None else ""
    if point is not None:
        return hedge + number(Decimal(point))
    assert value.min is not None and value.max is not None  # the model allows nothing else
    low, high = number(Decimal(value.min)), number(Decimal(value.max))
    # "650 to 900 million" reads better than "650 million to 900 million".
    for _, word in _SCALES:
        if low.endswith(f" {word}") and high.endswith(f" {word}"):
            low = low.removesuffix(f" {word}")
    return f"{hedge}{low} to {high}"


def amount_words(value: Money, *, conversion: bool = True) -> str:
    """Return an amount as a reader says it: 'about 650 to 900 million USD (…)'."""
    text = f"{_bounds(value, number_words)} {value.currency}"
    if conversion and value.conversion is not None:
        text += f" ({amount_words(value.conversion)} as converted by the source)"
    return text


def figure_words(value: Money | Quantity, *, conversion: bool = True) -> str:
    """Return an amount or a quantity in words; the conversion only when asked."""
    if isinstance(value, Money):
        return amount_words(value, conversion=conversion)
    return _bounds(value, number_words)


def figure_text(value: Money | Quantity) -> str:
    """Return a figure for a table cell, numbers in full: 'about 650000000 to 900000000 USD'."""
    text = _bounds(value, plain_number)
    if isinstance(value, Money):
        text += f" {value.currency}"
        if value.conversion is not None:
            text += f" ({figure_text(value.conversion)} as converted by the source)"
    return text
