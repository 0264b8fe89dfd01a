"""Policy and legal: PUE surcharges (Beijing, leases) and climate-disclosure compliance."""

from __future__ import annotations

import numpy as np

FORMULA_PUE = (
    "PUE(t) = PUE0 + pue_per_degc * pue_sensitivity * dT; Beijing from beijing_pue_surcharge_from: "
    "over_kWh = electricity_mwh * 1000 * (PUE(t) - limit) / PUE(t), rate = beijing_pue_surcharge_low "
    "if (PUE(t) - limit) / limit <= beijing_pue_surcharge_multiple else beijing_pue_surcharge_high; "
    "leases: over_kWh above lease.pue_limit * lease_pue_penalty; cost = sum over_kWh * rate"
)
FORMULA_DISCLOSURE = (
    "cost = disclosure_compliance_cost * pressure(t) * site_share; pressure = P / (P + "
    "transition_half_price), site_share = electricity_mwh / electricity of all the register's sites"
)


def over_limit_kwh(electricity_mwh: np.ndarray, pue: np.ndarray, limit: np.ndarray) -> np.ndarray:
    """Electricity above what the site would use at the PUE limit (same IT load)."""
    pue = np.asarray(pue)
    return np.asarray(electricity_mwh) * 1000.0 * np.maximum(pue - np.asarray(limit), 0.0) / pue


def beijing_pue_surcharge(
    electricity_mwh: np.ndarray,
    pue: np.ndarray,
    limit: np.ndarray,
    low_rate: np.ndarray,
    high_rate: np.ndarray,
    multiple: np.ndarray,
) -> np.ndarray:
    """Beijing 2024–2027 plan: surcharge on the over-limit share of electricity, per year.

    +low_rate per kWh when PUE exceeds the limit by at most ``multiple`` x the limit, else
    +high_rate (scenario facts §6.2).
    """
    excess = (np.asarray(pue) - np.asarray(limit)) / np.asarray(limit)
    rate = np.where(excess > np.asarray(multiple), high_rate, low_rate)
    return over_limit_kwh(electricity_mwh, pue, limit) * rate


def lease_pue_penalty(
    electricity_mwh: np.ndarray, pue: np.ndarray, limit: np.ndarray, rate: np.ndarray
) -> np.ndarray:
    """Re-billed electricity above a lease's PUE ceiling; NaN limits (no clause) cost nothing."""
    limit = np.asarray(limit, float)
    has = ~np.isnan(limit)
    kwh = over_limit_kwh(electricity_mwh, pue, np.where(has, limit, np.inf))
    return np.where(has, kwh * rate, 0.0)


def disclosure_compliance(
    cost_at_full_pressure: np.ndarray, pressure: np.ndarray, site_share: np.ndarray
) -> np.ndarray:
    """The company's disclosure and assurance cost, allocated to sites."""
    return np.asarray(cost_at_full_pressure) * np.asarray(pressure) * np.asarray(site_share)
