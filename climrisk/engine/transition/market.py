"""Market and technology: a transition-pressure index and the effects it drives.

No public series measures customer or lender pressure by scenario, so the index is taken
from the scenario's carbon price: pressure = P / (P + transition_half_price), in [0, 1).
"""

from __future__ import annotations

import numpy as np

FORMULA_PRESSURE = "pressure(t) = carbon_price(t) / (carbon_price(t) + transition_half_price)"
FORMULA_DEMAND = (
    "lost = revenue * revenue_dependency * green_demand_shift_share * pressure(t) * "
    "grid_emission_factor(region, t) / grid_emission_factor(region, t0)"
)
FORMULA_FINANCING = "cost = replacement_value * debt_to_value * transition_spread * pressure(t)"


def transition_pressure(carbon_price_usd2010: np.ndarray, half_price: np.ndarray) -> np.ndarray:
    """Saturating 0–1 index of transition ambition from the carbon price."""
    p = np.maximum(np.asarray(carbon_price_usd2010), 0.0)
    return p / (p + np.asarray(half_price))


def green_demand_shift(
    revenue_supported: np.ndarray,
    shift_share: np.ndarray,
    pressure: np.ndarray,
    grid_factor: np.ndarray,
    grid_factor_ref: np.ndarray,
) -> np.ndarray:
    """Revenue lost to greener providers; shrinks as the site's grid decarbonises."""
    relative = np.asarray(grid_factor) / np.asarray(grid_factor_ref)
    return np.asarray(revenue_supported) * shift_share * pressure * relative


def financing_cost(
    replacement_value: np.ndarray,
    debt_to_value: np.ndarray,
    spread: np.ndarray,
    pressure: np.ndarray,
) -> np.ndarray:
    """Extra interest on debt financing the site as lenders price transition risk."""
    return np.asarray(replacement_value) * debt_to_value * spread * pressure
