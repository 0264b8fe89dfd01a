"""Discounting, present values, benefit-cost ratio and payback year of a measure's cash flows.

Year ``t`` is discounted by ``(1 + r)^-(t - ref)`` with ``ref`` the reporting year, so the
first year after the reporting period counts one year of discount, as the engine's present
values do. Flows in or before the reporting year are sunk and left out of the appraisal.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from climrisk.register.measures import Measure

FORMULA = (
    "benefit(t) = annual avoided loss or gained benefit, linear between the horizons' analysis "
    "years and flat beyond them, in each year t of the measure's life; "
    "PV = sum_t x(t) * (1 + r)^-(t - reporting_year) over t > reporting_year; "
    "NPV = PV(benefit) - PV(capex + opex); BCR = PV(benefit) / PV(cost); "
    "payback year = first year the discounted cumulative net benefit reaches zero"
)


def discount_factors(years: np.ndarray, ref_year: int, rate: float) -> np.ndarray:
    """``(1 + rate)^-(year - ref_year)``, zero for years up to ``ref_year`` (sunk)."""
    years = np.asarray(years)
    return np.where(years > ref_year, (1.0 + rate) ** -(years - ref_year).astype(float), 0.0)


def cost_flows(measure: Measure, years: np.ndarray) -> np.ndarray:
    """Capex in its years plus opex in every year of the measure's life."""
    years = np.asarray(years)
    capex = np.array([measure.cost.capex.get(int(y), 0.0) for y in years])
    live = (years >= measure.start_year) & (years <= measure.end_year)
    return capex + np.where(live, measure.cost.opex_per_year, 0.0)


def interpolation_weights(years: np.ndarray, knots: Sequence[int]) -> np.ndarray:
    """``W`` with ``W @ values_at_knots`` the linear interpolation at ``years``, flat outside.

    ``knots`` are the analysis years (ascending, distinct); the result is ``(years, knots)``.
    """
    k = np.asarray(knots, float)
    eye = np.eye(k.size)
    return np.stack([np.interp(np.asarray(years, float), k, eye[j]) for j in range(k.size)], 1)


def benefit_weights(
    years: np.ndarray, active: np.ndarray, knots: Sequence[int], ref_year: int, rate: float
) -> np.ndarray:
    """Per knot, the weight turning an annual benefit at that knot into a present value.

    ``PV(benefit) = weights @ benefit_at_knots``: the benefit is interpolated to each active
    year and discounted, which is linear in the knot values, so it applies per sample.
    """
    d = discount_factors(years, ref_year, rate) * np.asarray(active, float)
    return d @ interpolation_weights(years, knots)


def present_value(flows: np.ndarray, years: np.ndarray, ref_year: int, rate: float) -> float:
    """Discounted sum of yearly ``flows``."""
    return float(np.sum(np.asarray(flows) * discount_factors(years, ref_year, rate)))


def benefit_cost_ratio(pv_benefit: float, pv_cost: float) -> float:
    """PV(benefit) / PV(cost); infinite for a measure that costs nothing from now on."""
    if pv_cost == 0:
        return float("inf") if pv_benefit > 0 else float("nan")
    return pv_benefit / pv_cost


def payback_year(
    benefit: np.ndarray, cost: np.ndarray, years: np.ndarray, ref_year: int, rate: float
) -> int | None:
    """First year whose discounted cumulative net benefit is at least zero, else ``None``.

    Only years after the reporting year count (earlier flows are sunk); a year with nothing
    spent or gained yet does not count as paid back.
    """
    d = discount_factors(years, ref_year, rate)
    net = (np.asarray(benefit) - np.asarray(cost)) * d
    moved = (np.asarray(benefit) != 0) | (np.asarray(cost) != 0)
    cum = np.cumsum(net)
    started = np.cumsum(moved & (d > 0)) > 0
    hit = np.flatnonzero(started & (cum >= 0) & (d > 0))
    return int(np.asarray(years)[hit[0]]) if hit.size else None


def appraisal_years(measures: Sequence[Measure], ref_year: int) -> np.ndarray:
    """Years the appraisal covers: after the reporting year to the last year of life or capex."""
    last = max(max(m.end_year, *m.cost.capex, m.start_year) for m in measures)
    return np.arange(ref_year + 1, max(last, ref_year + 1) + 1)
