"""Coastal flooding: extreme still-water levels plus relative sea-level rise against elevation.

The grid's ``sea_level_change`` already includes land subsidence. A site floods in a 1-in-RP
event when the extreme still-water level of that return period (storm surge plus tide, the
site's ``coast`` profile) plus the rise exceeds its ground elevation; the depth over the ground
goes through a depth-damage curve, and the expected annual damage integrates the losses over
return periods with the trapezoidal rule and the site's standard of protection, as for river
floods (``climrisk.engine.physical.flood``).

A site the rarest level plus the rise never reaches is *not exposed*: no return period, sample,
scenario or horizon puts water on its ground. That is a finding about the hazard, not a
quantified zero, and the tables say so.
"""

from __future__ import annotations

import numpy as np

from climrisk.engine.physical.flood import (
    CurveSet,
    damage_probability,
    expected_annual,
    trapezoid_weights,
)

FORMULA = (
    "depth_RP = max(0, still_water_RP + sea_level_change(t) - elevation_m), still_water_RP from "
    "the site's coast profile (without one: extreme_sea_level_m at extreme_sea_level_rp); "
    "loss_RP = curve(depth_RP) * replacement_value; EAD = trapezoidal integral of loss over "
    "p = 1/RP, flat beyond the rarest RP, cut at p = 1/protection_rp; not exposed where the "
    "rarest level plus the rise stays below the ground in every sample; first inundation year = "
    "first grid year with sea_level_change + still_water_(extreme_sea_level_rp) >= elevation_m"
)


def overtopping_depth(
    sea_level: np.ndarray, elevation_m: np.ndarray, still_water_m: np.ndarray
) -> np.ndarray:
    """Water depth over the ground per return period ``(..., rp)`` (0 where it stays dry).

    ``sea_level`` and ``elevation_m`` broadcast against ``(...)``; ``still_water_m`` is
    ``(..., rp)``.
    """
    rise = np.asarray(sea_level, float)[..., None]
    ground = np.asarray(elevation_m, float)[..., None]
    return np.maximum(rise + np.asarray(still_water_m, float) - ground, 0.0)


def coastal_damage(
    depth: np.ndarray,
    return_periods: np.ndarray,
    protection_rp: np.ndarray,
    value: np.ndarray,
    curves: CurveSet,
    which: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Expected annual coastal-flood damage and the annual probability of a damaging event.

    ``depth`` and ``return_periods`` are ``(..., rp)``; ``which`` picks each site's curve of
    ``curves`` and broadcasts against ``depth``.
    """
    losses = curves(depth, which) * np.asarray(value, float)[..., None]
    w = trapezoid_weights(return_periods, protection_rp)
    return expected_annual(losses, w), damage_probability(losses, return_periods, protection_rp)


def reaches(depth: np.ndarray) -> np.ndarray:
    """Whether the rarest return period's water reaches the ground (levels rise with RP)."""
    return np.asarray(depth)[..., -1] > 0


def level_at(
    return_periods: np.ndarray, still_water_m: np.ndarray, rp: float
) -> np.ndarray:
    """Still-water level at return period ``rp``, linear in ln(RP) between the profile's return
    periods and held at its ends; ``return_periods`` may be padded with ``inf``."""
    rps = np.asarray(return_periods, float)
    levels = np.asarray(still_water_m, float)
    out = np.empty(rps.shape[:-1])
    for i in np.ndindex(out.shape):
        ok = np.isfinite(rps[i])
        out[i] = np.interp(np.log(rp), np.log(rps[i][ok]), levels[i][ok])
    return out


def first_inundation_year(
    years: np.ndarray,
    sea_level_path: np.ndarray,
    elevation_m: np.ndarray,
    still_water_m: np.ndarray | float,
) -> np.ndarray:
    """First year the extreme still-water level plus the rise reaches the site (NaN if never
    within the path).

    ``sea_level_path`` is ``(..., year)``; ``elevation_m`` and ``still_water_m`` broadcast
    against ``(...)``.
    """
    level = np.asarray(still_water_m, float)[..., None]
    wet = np.asarray(sea_level_path) + level >= np.asarray(elevation_m)[..., None]
    first = np.argmax(wet, axis=-1)
    return np.where(wet.any(axis=-1), np.asarray(years, float)[first], np.nan)
