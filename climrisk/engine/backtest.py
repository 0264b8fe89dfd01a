"""Back-test: each item's modelled current-period effect against what the books recorded.

An item that gives ``reported_current`` (the recorded amount for the reporting year, with its
tolerance) is checked against the engine's current-period effect: the models' recurring-cost
mechanisms at the reporting year's prices, rules and conditions. The check passes when the
models' mean is within the tolerance of the recorded amount; an item whose models have no
current-period mechanism cannot be back-tested, and says so rather than passing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from climrisk.register.models import Register

WITHIN, OUTSIDE, NO_MODEL = "within", "outside", "no-model"


@dataclass(frozen=True)
class BackTest:
    """One item's recorded current-period effect against the models'."""

    item: str
    recorded: float
    tolerance: float
    source: str
    modelled: float | None  # mean; None where no current-period model applies
    low: float | None  # p5
    high: float | None  # p95
    status: str  # WITHIN, OUTSIDE or NO_MODEL

    @property
    def gap(self) -> float | None:
        """(modelled − recorded) / recorded; infinite for a modelled amount against a 0."""
        if self.modelled is None:
            return None
        if self.recorded == 0:
            return 0.0 if self.modelled == 0 else float("inf")
        return (self.modelled - self.recorded) / self.recorded


def backtest(register: Register, results: xr.Dataset) -> list[BackTest]:
    """The back-test of every item that records a current-period effect, in register order."""
    out = []
    for item in register.items:
        rep = item.reported_current
        if rep is None:
            continue
        stats = _current(results, item.id)
        if stats is None:
            out.append(BackTest(item.id, rep.amount, rep.tolerance, rep.source, None, None,
                                None, NO_MODEL))
            continue
        mean, low, high = stats
        scale = max(rep.amount, 1e-12)
        status = WITHIN if abs(mean - rep.amount) <= rep.tolerance * scale else OUTSIDE
        out.append(BackTest(item.id, rep.amount, rep.tolerance, rep.source, mean, low, high,
                            status))
    return out


def _current(ds: xr.Dataset, item_id: str) -> tuple[float, float, float] | None:
    if "current_effect" not in ds or item_id not in ds["item"].values:
        return None
    row = ds["current_effect"].sel(item=item_id)
    mean = float(row.sel(stat="mean"))
    if np.isnan(mean):
        return None
    return mean, float(row.sel(stat="p5")), float(row.sel(stat="p95"))
