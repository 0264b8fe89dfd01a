"""Back-test: each item's modelled current-period effect against what the books recorded.

An item that gives ``reported_current`` (the recorded amount for the reporting year, with its
tolerance) is checked against the engine's current-period effect: the models' recurring-cost
mechanisms at the reporting year's prices, rules and conditions. The check passes when the
models' mean is within the tolerance of the recorded amount; an item whose models have no
current-period mechanism cannot be back-tested, and says so rather than passing.

Quantities the company reports for the reporting year (Scope 2 location-based, water
withdrawn) are checked the same way against what the models work from (``reported_basis``,
``ModelSpec.basis``): electricity times the scenario data's grid factor, IT energy times WUE.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from climrisk.engine.catalogue import Context
from climrisk.engine.drivers import sample_scenario
from climrisk.engine.plan import RunPlan
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


@dataclass(frozen=True)
class BasisTest:
    """One reported reporting-year quantity (Scope 2, water withdrawal) against the quantity
    the item's models work from at the reporting year."""

    item: str
    quantity: str
    recorded: float
    tolerance: float
    source: str
    modelled: float | None  # None where no model of the item gives the quantity
    status: str

    @property
    def gap(self) -> float | None:
        if self.modelled is None or self.recorded == 0:
            return None
        return (self.modelled - self.recorded) / self.recorded


def basis_totals(plan: RunPlan, window: xr.Dataset) -> xr.DataArray:
    """Per item and basis quantity, the sum over the item's own-operations assets (inventory
    scope ``scope2``, the boundary of the company's reported metrics) of the quantity its models
    work from at the reporting year, from the first scenario's data (NaN where none applies)."""
    names = sorted({q for j in plan.jobs for q, _ in j.spec.basis})
    out = np.full((len(plan.items), len(names)), np.nan)
    if names:
        t = plan.table
        regional = {v for j in plan.jobs for v in j.spec.regional_vars}
        drv = sample_scenario(window, plan.scenarios[0], None, t.region, set(), set(), regional,
                              plan.flat_regions)
        drv.fill_missing()
        ref = plan.company.reporting_year
        ctx = Context(ref, ref, t, slice(None), drv, plan.q, plan.draws, plan.assumptions,
                      plan.company)
        own = np.array([a.inventory_scope == "scope2" for a in plan.register.assets])
        per: dict[tuple[int, str], tuple[np.ndarray, np.ndarray]] = {}
        for job in plan.jobs:
            for q, fn in job.spec.basis:
                key = (job.item, q)
                value = np.broadcast_to(np.asarray(fn(ctx), float), (1, len(t)))[0]
                mask = job.mask & own
                if key in per:  # two models of one item on one basis: count each asset once
                    mask = mask | per[key][1]
                per[key] = (value, mask)
        for (i, q), (value, mask) in per.items():
            out[i, names.index(q)] = float(np.nansum(np.where(mask, value, 0.0)))
    return xr.DataArray(out, dims=("item", "basis_quantity"),
                        coords={"item": [it.id for it in plan.items], "basis_quantity": names},
                        attrs={"long_name": "quantity the item's models work from at the "
                               "reporting year, own-operations assets (basis back-test)",
                               "scenario": plan.scenarios[0]})


def basis_backtest(register: Register, results: xr.Dataset) -> list[BasisTest]:
    """Each item's reported basis quantities against the models', in register order."""
    out = []
    have = results.get("basis_modelled")
    for item in register.items:
        for rep in item.reported_basis:
            modelled = None
            if have is not None and rep.quantity in have["basis_quantity"].values:
                v = float(have.sel(item=item.id, basis_quantity=rep.quantity))
                modelled = None if np.isnan(v) else v
            if modelled is None:
                status = NO_MODEL
            else:
                gap = abs(modelled - rep.amount)
                status = WITHIN if gap <= rep.tolerance * max(rep.amount, 1e-12) else OUTSIDE
            out.append(BasisTest(item.id, rep.quantity, rep.amount, rep.tolerance, rep.source,
                                 modelled, status))
    return out
