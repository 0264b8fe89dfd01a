"""Opportunities: on-site PV, green revenue and sustainable finance.

Benefits are positive amounts; the item category marks them as opportunities.
"""

from __future__ import annotations

import numpy as np

FORMULA_PV = (
    "kWh = onsite_pv_kw * pv_yield; benefit = kWh * (electricity_price(t) * multiplier + "
    "carbon cost per kWh)"
)
FORMULA_GREEN_REVENUE = "benefit = revenue * revenue_dependency * green_revenue_share * pressure(t)"
FORMULA_FINANCE = (
    "benefit = replacement_value * debt_to_value * green_finance_discount * pressure(t)"
)


def avoided_cost_per_kwh(
    price_per_kwh: np.ndarray,
    carbon_price: np.ndarray,
    grid_factor: np.ndarray,
    pass_through: np.ndarray,
) -> np.ndarray:
    """What one kWh not bought from the grid saves: its price plus its borne carbon cost."""
    return (
        np.asarray(price_per_kwh)
        + np.asarray(carbon_price) * np.asarray(grid_factor) / 1000.0 * pass_through
    )


def onsite_pv(
    pv_kw: np.ndarray, yield_kwh_per_kw: np.ndarray, avoided_per_kwh: np.ndarray
) -> np.ndarray:
    """Savings from self-generated solar power."""
    return np.asarray(pv_kw) * np.asarray(yield_kwh_per_kw) * avoided_per_kwh


def green_revenue(
    revenue_supported: np.ndarray, share: np.ndarray, pressure: np.ndarray
) -> np.ndarray:
    """Extra revenue from low-carbon cloud products as demand for them grows."""
    return np.asarray(revenue_supported) * share * pressure


def sustainable_finance(
    replacement_value: np.ndarray,
    debt_to_value: np.ndarray,
    discount: np.ndarray,
    pressure: np.ndarray,
) -> np.ndarray:
    """Interest saved by financing the site with green or sustainability-linked debt."""
    return np.asarray(replacement_value) * debt_to_value * discount * pressure
