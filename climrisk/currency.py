"""Currencies: ISO 4217 codes and FX rates by year from a table that names each rate's source.

A register reports in its presentation currency. USD inputs (the scenario carbon prices) are
converted at the reporting year's rate: the register's own ``usd_rate`` where it gives one
(with its basis), else the rate of ``climrisk/data/fx_rates.csv`` for that currency and year.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from climrisk.errors import UserError
from climrisk.paths import package_data


@dataclass(frozen=True)
class Rate:
    """Units of a currency per US dollar in one year, with where the figure comes from."""

    currency: str
    year: int
    per_usd: float
    status: str
    source: str

    @property
    def basis(self) -> str:
        """How the disclosure names the rate."""
        return f"{self.per_usd:g} {self.currency}/USD, {self.year} ({self.status}): {self.source}"


class MissingRateError(UserError):
    """The FX table has no rate for the register's currency and year."""


@cache
def fx_table() -> dict[tuple[str, int], Rate]:
    """Every rate of the bundled table, by (currency, year)."""
    with package_data("fx_rates.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {
        (r["currency"], int(r["year"])): Rate(
            r["currency"], int(r["year"]), float(r["per_usd"]), r["status"], r["source"]
        )
        for r in rows
    }


def usd_rate(currency: str, year: int) -> Rate:
    """The table's rate for ``currency`` in ``year``; a missing one is a user error that says
    how to give the rate in the register."""
    rate = fx_table().get((currency, year))
    if rate is None:
        years = sorted(y for c, y in fx_table() if c == currency)
        have = f" (the table has {currency} for {', '.join(map(str, years))})" if years else ""
        raise MissingRateError(
            f"no {currency}/USD rate for {year} in the FX table{have}; give entity.usd_rate "
            "and entity.usd_rate_basis in register.yaml"
        )
    return rate
