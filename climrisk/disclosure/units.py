"""Units the tables print amounts in, so every table scales money the same way."""

from __future__ import annotations

from climrisk.disclosure.labels import Words, label
from climrisk.disclosure.table import Number, Span
from climrisk.register.models import Register

MONEY_SCALE = 1_000  # tables print money in thousands of the presentation currency
MONEY_DECIMALS = 0


def money_unit(register: Register) -> Words:
    """``CNY thousand`` (or the register's currency), per year."""
    return label("unit.money_thousand_per_year").format(currency=register.main.entity.currency)


def money(value: float | None) -> Number | None:
    """An annual amount in thousands of the presentation currency."""
    return None if value is None else Number(value / MONEY_SCALE, MONEY_DECIMALS)


def money_span(span: tuple[float, float] | None) -> Span | None:
    """A low–high amount range in thousands of the presentation currency."""
    if span is None:
        return None
    return Span(span[0] / MONEY_SCALE, span[1] / MONEY_SCALE, MONEY_DECIMALS)
