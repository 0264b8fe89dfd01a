"""Tropical-cyclone wind: the Emanuel (2011) damage function with regionally calibrated v_half.

Mean damage ratio ``x^3 / (1 + x^3)`` with ``x = max(v - v_thresh, 0) / (v_half - v_thresh)``,
``v`` the 1-minute sustained 10 m wind (m/s), ``v_thresh`` = 25.7 m/s and ``v_half`` the speed
of half damage, calibrated by region (Eberenz et al. 2021, NHESS 21:393; CLIMADA
``tc_impf_cal_v01``). Expected annual damage integrates the damage over the site's
return-period wind speeds with the trapezoidal rule of ``climrisk.engine.physical.flood``.
"""

from __future__ import annotations

import numpy as np

from climrisk.engine.physical.flood import damage_probability, trapezoid_weights

V_THRESH_MS = 25.7
FORMULA_DAMAGE = (
    "x = max(v_RP - 25.7, 0) / (tc_v_half - 25.7); mdd = x^3 / (1 + x^3); loss_RP = mdd * "
    "replacement_value; EAD = trapezoid over 1/RP of loss_RP (events up to the design return "
    "period cause no loss); present-day return-period winds, held over the horizons; not "
    "exposed where the rarest wind stays below 25.7 m/s"
)
FORMULA_DOWNTIME = (
    "days_RP = min(365, tc_downtime_days_full_damage * mdd(v_RP)); lost = days_RP / 365 * revenue "
    "* revenue_dependency; expected = trapezoid over 1/RP"
)


def emanuel_damage(
    wind_ms: np.ndarray, v_half: np.ndarray, v_thresh: float | np.ndarray = V_THRESH_MS
) -> np.ndarray:
    """Mean damage ratio (0-1) at sustained wind ``wind_ms``."""
    v_thresh = np.asarray(v_thresh, float)
    x = np.maximum(np.asarray(wind_ms, float) - v_thresh, 0.0) / (
        np.asarray(v_half, float) - v_thresh
    )
    x3 = x**3
    return x3 / (1.0 + x3)


def reaches(wind_ms: np.ndarray) -> np.ndarray:
    """Whether the rarest return period's wind exceeds the damage threshold (speeds rise with
    the return period)."""
    return np.asarray(wind_ms, float)[..., -1] > V_THRESH_MS


def wind_damage(
    wind_ms: np.ndarray,
    return_periods: np.ndarray,
    design_rp: np.ndarray,
    value: np.ndarray,
    v_half: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Expected annual wind damage and its annual probability.

    ``wind_ms`` is ``(..., n)`` over ascending ``return_periods``; ``design_rp`` is the return
    period the structure is designed to withstand (0 = none).
    """
    losses = emanuel_damage(wind_ms, np.asarray(v_half)[..., None]) * np.asarray(value)[..., None]
    w = trapezoid_weights(return_periods, design_rp)
    return np.sum(losses * w, axis=-1), damage_probability(losses, return_periods, design_rp)


def wind_downtime(
    wind_ms: np.ndarray,
    return_periods: np.ndarray,
    design_rp: np.ndarray,
    revenue_supported: np.ndarray,
    v_half: np.ndarray,
    days_at_full_damage: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Expected annual revenue lost to wind outages: outage days proportional to the damage."""
    mdd = emanuel_damage(wind_ms, np.asarray(v_half)[..., None])
    days = np.minimum(mdd * np.asarray(days_at_full_damage)[..., None], 365.0)
    lost = days / 365.0 * np.asarray(revenue_supported)[..., None]
    w = trapezoid_weights(return_periods, design_rp)
    return np.sum(lost * w, axis=-1), damage_probability(lost, return_periods, design_rp)
