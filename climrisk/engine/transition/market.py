"""Market and financing mechanisms, each from its own driver to money.

- demand shift: revenue share of the customer segment that requires low-carbon supply, lost
  in proportion to the fossil share of the site's grid;
- financing: spread change on the debt refinanced by the analysis year, from the scenario's
  carbon price.
"""

from __future__ import annotations

import numpy as np

FORMULA_PRESSURE = "pressure(t) = carbon_price(t) / (carbon_price(t) + transition_half_price)"
FORMULA_DEMAND = (
    "required(t) = customers' renewable-electricity milestones, 0 in the reporting year, "
    "re100_share_2030/2040/2050 (linear between); lost = revenue * revenue_dependency * "
    "green_demand_segment_share * green_demand_churn * required(t) * min(1, "
    "grid_emission_factor(region, t) / grid_factor_fossil_only)"
)
FORMULA_FINANCING = (
    "debt = replacement_value * debt_to_value (proxy: the register gives no debt by site); "
    "refinanced = min(1, (t - t0) / debt_tenor_years); cost = debt * refinanced * "
    "transition_spread_per_100usd * carbon_price(t) [USD2010/t] * carbon_price_multiplier / 100"
)



def transition_pressure(carbon_price_usd2010: np.ndarray, half_price: np.ndarray) -> np.ndarray:
    """Saturating 0-1 index of transition ambition from the carbon price (a proxy, stated as
    such wherever a model uses it)."""
    p = np.maximum(np.asarray(carbon_price_usd2010), 0.0)
    return p / (p + np.asarray(half_price))

def customer_requirement(
    year: int, ref_year: int, share_2030: np.ndarray, share_2040: np.ndarray, share_2050: np.ndarray
) -> np.ndarray:
    """Renewable share the segment's customers require in ``year``, beyond what they require in
    the reporting year (0 then), linear between the 2030, 2040 and 2050 milestones."""
    xs = np.array([ref_year, 2030, 2040, 2050], float)
    ys = np.broadcast_arrays(
        np.zeros_like(np.asarray(share_2030, float)),
        np.asarray(share_2030, float),
        np.asarray(share_2040, float),
        np.asarray(share_2050, float),
    )
    weights = [np.interp(year, xs, np.eye(4)[k]) for k in range(4)]  # hat functions at year
    return sum(w * y for w, y in zip(weights, ys, strict=True))


def customer_segment_loss(
    revenue_supported: np.ndarray,
    segment_share: np.ndarray,
    churn: np.ndarray,
    required: np.ndarray,
    grid_factor: np.ndarray,
    fossil_factor: np.ndarray,
) -> np.ndarray:
    """Revenue lost from customers whose renewable requirement the site's fossil supply fails."""
    fossil = np.minimum(np.asarray(grid_factor) / np.asarray(fossil_factor), 1.0)
    return (
        np.asarray(revenue_supported)
        * np.asarray(segment_share)
        * np.asarray(churn)
        * np.asarray(required)
        * fossil
    )


def refinanced_share(year: int, ref_year: int, tenor_years: np.ndarray) -> np.ndarray:
    """Share of today's debt refinanced by ``year`` with even maturities over the tenor."""
    return np.clip((year - ref_year) / np.asarray(tenor_years), 0.0, 1.0)


def financing_cost(
    debt: np.ndarray,
    refinanced: np.ndarray,
    spread_per_100usd: np.ndarray,
    carbon_price_usd2010: np.ndarray,
) -> np.ndarray:
    """Extra interest on refinanced debt as lenders price the scenario's carbon price."""
    spread = np.asarray(spread_per_100usd) * np.maximum(np.asarray(carbon_price_usd2010), 0) / 100
    return np.asarray(debt) * np.asarray(refinanced) * spread
