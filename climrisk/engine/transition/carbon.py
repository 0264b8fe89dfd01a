"""Carbon cost on Scope 1 and grid-electricity emissions under a scenario carbon price."""

from __future__ import annotations

import numpy as np

FORMULA = (
    "price = carbon_price(t) [USD2010/t] * usd2010_deflator * usd_rate * carbon_price_multiplier; "
    "emissions = scope1 + electricity_mwh * (1 - green_power_share) * grid_emission_factor("
    "region, t), scope1 = the asset's own (activity.scope1_t) where given, else (company scope1 "
    "- own-data assets' scope1 at inventory share) * electricity_mwh / electricity of the "
    "assets without own data; "
    "cost = price * emissions * carbon_pass_through"
)


def carbon_price_local(
    price_usd2010: np.ndarray, deflator: np.ndarray, usd_rate: float
) -> np.ndarray:
    """Carbon price per tonne in the presentation currency of the reporting year."""
    return np.asarray(price_usd2010) * np.asarray(deflator) * usd_rate


def site_emissions(
    electricity_mwh: np.ndarray, grid_factor: np.ndarray, scope1_t: np.ndarray
) -> np.ndarray:
    """Site emissions, tCO2: allocated Scope 1 plus location-based Scope 2 on the factor path."""
    return np.asarray(scope1_t) + np.asarray(electricity_mwh) * np.asarray(grid_factor)


def carbon_cost(price: np.ndarray, emissions_t: np.ndarray, pass_through: np.ndarray) -> np.ndarray:
    """Annual carbon cost borne by the company."""
    return np.asarray(price) * np.asarray(emissions_t) * np.asarray(pass_through)
