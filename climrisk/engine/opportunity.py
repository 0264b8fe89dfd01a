"""Opportunities: on-site PV, green revenue and sustainable finance.

Benefits are positive amounts; the item category marks them as opportunities.
"""

from __future__ import annotations

import numpy as np

FORMULA_PV = (
    "kWh = onsite_pv_kw * pv_yield; benefit = kWh * (electricity_price(t) * multiplier + "
    "carbon cost per kWh)"
)
FORMULA_GREEN_REVENUE = (
    "certified = min(1, own PV share + green_power_required_share from "
    "green_power_required_from); benefit = revenue * revenue_dependency * "
    "green_demand_segment_share * green_cloud_premium * certified"
)
FORMULA_FINANCE = (
    "debt = replacement_value * debt_to_value (proxy); refinanced = min(1, (t - t0) / "
    "debt_tenor_years); benefit = debt * refinanced * green_eligible_share * green_finance_discount"
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
    revenue_supported: np.ndarray, premium: np.ndarray, certified_share: np.ndarray
) -> np.ndarray:
    """Premium earned on compute sold as certified green, by the site's certified share."""
    return np.asarray(revenue_supported) * np.asarray(premium) * np.asarray(certified_share)


def sustainable_finance(
    debt: np.ndarray, refinanced: np.ndarray, eligible_share: np.ndarray, discount: np.ndarray
) -> np.ndarray:
    """Interest saved on debt refinanced as green or sustainability-linked (greenium)."""
    return (
        np.asarray(debt)
        * np.asarray(refinanced)
        * np.asarray(eligible_share)
        * np.asarray(discount)
    )
