"""Units the tables print amounts in, so every table scales money the same way."""

from __future__ import annotations

from climrisk.disclosure.labels import Words, label
from climrisk.register.models import Register

MONEY_SCALE = 1_000  # tables print money in thousands of the presentation currency
MONEY_DECIMALS = 0


def money_unit(register: Register) -> Words:
    """``CNY thousand`` (or the register's currency), per year."""
    return label("unit.money_thousand_per_year").format(currency=register.main.entity.currency)
