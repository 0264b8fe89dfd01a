"""The money unit every output prints amounts in.

The register sets it once (``valuation.money_unit``: one, thousand or million of the
presentation currency), so the disclosure, its CSV and workbook, and the app show the same
amounts in the same unit.
"""

from __future__ import annotations

from climrisk.disclosure.labels import Words, label
from climrisk.register.models import Register

DECIMALS = {"one": 0, "thousand": 0, "million": 1}
"""Decimals per unit: whole currency units and thousands, millions to one decimal."""


def money_scale(register: Register) -> int:
    """Currency units per printed unit (1,000 when the register presents thousands)."""
    return register.main.valuation.money_scale


def money_decimals(register: Register) -> int:
    """Decimals an amount is printed with in the register's unit."""
    return DECIMALS[register.main.valuation.money_unit]


def money_unit(register: Register) -> Words:
    """``CNY thousand per year`` (the register's currency and unit): annual effects."""
    return _unit(register, "_per_year")


def money_total_unit(register: Register) -> Words:
    """``CNY thousand``: amounts that are not per year (present values, capex, totals)."""
    return _unit(register, "")


def _unit(register: Register, suffix: str) -> Words:
    unit = register.main.valuation.money_unit
    return label(f"unit.money_{unit}{suffix}").format(currency=register.main.entity.currency)
