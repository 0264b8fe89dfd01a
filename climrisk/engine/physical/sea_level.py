"""Sea level: relative sea-level rise (incl. subsidence) against ground elevation.

The grid's ``sea_level_change`` already includes land subsidence. A site floods when the
extreme still-water level (mean sea level + the 1-in-RP storm tide) exceeds its elevation.
"""

from __future__ import annotations

import numpy as np

from climrisk.engine.physical.flood import DepthDamage

FORMULA = (
    "overtop = max(0, sea_level_change(t) + extreme_sea_level_m - elevation_m); "
    "loss = curve(overtop) * replacement_value / extreme_sea_level_rp; "
    "first inundation year = first grid year with sea_level_change + extreme_sea_level_m >= elevation_m"
)


def overtopping_depth(
    sea_level: np.ndarray, elevation_m: np.ndarray, extreme_m: np.ndarray
) -> np.ndarray:
    """Water depth over the site during the extreme sea level (0 when it stays dry)."""
    return np.maximum(np.asarray(sea_level) + np.asarray(extreme_m) - np.asarray(elevation_m), 0.0)


def coastal_loss(
    sea_level: np.ndarray,
    elevation_m: np.ndarray,
    value: np.ndarray,
    extreme_m: np.ndarray,
    extreme_rp: np.ndarray,
    curve: DepthDamage,
) -> tuple[np.ndarray, np.ndarray]:
    """Expected annual coastal-flood loss and its annual probability."""
    depth = overtopping_depth(sea_level, elevation_m, extreme_m)
    loss = curve(depth) * np.asarray(value) / np.asarray(extreme_rp)
    return loss, np.where(depth > 0, 1.0 / np.asarray(extreme_rp), 0.0)


def first_inundation_year(
    years: np.ndarray, sea_level_path: np.ndarray, elevation_m: np.ndarray,
    extreme_m: float | np.ndarray,
) -> np.ndarray:
    """First year the extreme sea level reaches the site (NaN if never within the path).

    ``sea_level_path`` is ``(..., year)``; ``elevation_m`` and ``extreme_m`` (one coast's
    value, or one per site) broadcast against ``(...)``.
    """
    extreme = np.asarray(extreme_m, float)[..., None]
    wet = np.asarray(sea_level_path) + extreme >= np.asarray(elevation_m)[..., None]
    first = np.argmax(wet, axis=-1)
    return np.where(wet.any(axis=-1), np.asarray(years, float)[first], np.nan)
