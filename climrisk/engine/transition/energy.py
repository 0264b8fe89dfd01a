"""Electricity price: opex change from the scenario's regional price path."""

from __future__ import annotations

import numpy as np

FORMULA = (
    "cost = electricity_mwh * 1000 * (electricity_price(region, t) * electricity_price_shock * "
    "electricity_price_multiplier - electricity_price(region, t0)) * CNY-to-presentation rate; "
    "electricity_price_shock is drawn over the +-20 % market-price band"
)


def electricity_price_cost(
    electricity_mwh: np.ndarray, price: np.ndarray, price_ref: np.ndarray
) -> np.ndarray:
    """Change of the annual power bill against the reporting year (negative when prices fall)."""
    return np.asarray(electricity_mwh) * 1000.0 * (np.asarray(price) - np.asarray(price_ref))
