"""Heat: extra cooling energy from warming, and heat-related outages and staff time."""

from __future__ import annotations

import numpy as np

FORMULA_COOLING = (
    "dT = tas_change(t) - tas_change(t0); data centres: dPUE = pue_per_degc * pue_sensitivity * dT, "
    "extra_kWh = electricity_mwh * 1000 * dPUE / PUE; other sites: extra_kWh = electricity_mwh * "
    "1000 * building_electricity_per_degc * dT; cost = extra_kWh * electricity_price(t) * multiplier"
)
FORMULA_OUTAGE = (
    "P_outage = 1 - (1 - heat_outage_prob_per_hot_day)^hot_days(t); cost = P_outage * "
    "heat_outage_hours / 8760 * revenue * revenue_dependency + max(0, hot_days(t) - hot_days(t0)) "
    "* heat_staff_cost_per_hot_day"
)


def delta_pue(d_tas: np.ndarray, pue_per_degc: np.ndarray, sensitivity: float = 1.0) -> np.ndarray:
    """PUE rise for a warming of ``d_tas`` °C since the reporting year (never negative)."""
    return np.maximum(np.asarray(d_tas), 0.0) * np.asarray(pue_per_degc) * sensitivity


def cooling_energy_kwh(
    electricity_mwh: np.ndarray,
    pue: np.ndarray,
    d_tas: np.ndarray,
    is_data_center: np.ndarray,
    pue_per_degc: np.ndarray,
    building_per_degc: np.ndarray,
    sensitivity: float = 1.0,
) -> np.ndarray:
    """Extra electricity (kWh/yr) for cooling after warming ``d_tas``.

    A data centre's IT energy is electricity / PUE, so a PUE rise adds IT energy x ΔPUE; other
    sites add a share of their electricity per °C.
    """
    kwh = np.asarray(electricity_mwh) * 1000.0
    dc = kwh / np.where(is_data_center, pue, 1.0) * delta_pue(d_tas, pue_per_degc, sensitivity)
    other = kwh * np.maximum(np.asarray(d_tas), 0.0) * np.asarray(building_per_degc) * sensitivity
    return np.where(is_data_center, dc, other)


def cooling_energy_cost(extra_kwh: np.ndarray, price_per_kwh: np.ndarray) -> np.ndarray:
    """Cost of the extra cooling electricity."""
    return np.asarray(extra_kwh) * np.asarray(price_per_kwh)


def outage_probability(hot_days: np.ndarray, prob_per_day: np.ndarray) -> np.ndarray:
    """Probability of at least one heat outage in a year of ``hot_days`` independent hot days."""
    return 1.0 - np.power(1.0 - np.asarray(prob_per_day), np.maximum(np.asarray(hot_days), 0.0))


def heat_outage(
    hot_days: np.ndarray,
    hot_days_ref: np.ndarray,
    revenue_supported: np.ndarray,
    prob_per_day: np.ndarray,
    outage_hours: np.ndarray,
    staff_cost_per_day: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Expected annual cost of heat outages plus staff time for extra hot days; and P(outage)."""
    p = outage_probability(hot_days, prob_per_day)
    lost = p * np.asarray(outage_hours) / 8760.0 * np.asarray(revenue_supported)
    staff = np.maximum(np.asarray(hot_days) - np.asarray(hot_days_ref), 0.0) * staff_cost_per_day
    return lost + staff, p
