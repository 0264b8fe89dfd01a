"""Hot days and cooling degree days of the default grid, by a normal-distribution shift.

Daily temperature over the 92-day hot season is taken as normal with a fixed spread; a
city's published normal fixes the mean at the warming level of its normal period, and local
warming shifts the mean (scenario facts 2.2, the method they suggest). Away from the cities
the calibrated mean fades into a latitude trend through them (an estimate; import observed
or CMIP6 fields for sites far from Beijing, Tianjin, Shanghai and Wuhan).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr
from scipy.special import ndtr, ndtri

from climrisk.grids import sources
from climrisk.grids.spatial import anchored_anomaly, latitude_trend

# Station coordinates (scenario facts 0 and 2.2): Beijing Nanjiao Observatory, Tianjin city,
# Shanghai Xujiahui, Wuhan.
CITY_COORDS: dict[str, tuple[float, float]] = {
    "Beijing": (39.80, 116.47),
    "Tianjin": (39.10, 117.20),
    "Shanghai": (31.20, 121.45),
    "Wuhan": (30.60, 114.30),
}


@dataclass(frozen=True)
class ShiftModel:
    """A normal daily-temperature model calibrated at cities (one for Tmax, one for Tmean)."""

    threshold: float
    sd: float
    season_days: float
    baseline_gwl: float
    length_km: float
    cities: dict[str, float]
    provenance: str


def _estimate(table: pd.DataFrame, key: str) -> tuple[float, int]:
    row = table[table.key == key].iloc[0]
    return float(row.value), int(row.line)


def _model(metric: str, keys: tuple[str, str, str, str, str]) -> ShiftModel:
    facts = sources.read("city_climate_facts.csv")
    rows = facts[(facts.metric == metric) & facts.place.isin(list(CITY_COORDS))]
    est = sources.read("default_estimates.csv")
    values = [_estimate(est, k) for k in keys]
    return ShiftModel(
        *(v for v, _ in values),
        cities=dict(zip(rows.place, rows.value.astype(float), strict=True)),
        provenance=sources.cite("city_climate_facts.csv", rows.line) + "; "
        + sources.cite("default_estimates.csv", [n for _, n in values]),
    )


def hot_day_model() -> ShiftModel:
    """Days with Tmax >= 35 degC, calibrated to the 1991-2020 normals."""
    return _model("days_Tmax_ge_35C_normal", ("hot_day_threshold", "tmax_daily_sd",
                  "hot_season_days", "hot_day_baseline_gwl", "hot_day_length_scale"))


def cdd_model() -> ShiftModel:
    """CDD26, calibrated to the GB 50176-2016 city values."""
    return _model("CDD26", ("cdd_base", "tmean_daily_sd", "cooling_season_days",
                  "cdd_baseline_gwl", "cdd_length_scale"))


def days_above(mean: np.ndarray, m: ShiftModel) -> np.ndarray:
    """Expected days per season above the threshold."""
    return np.asarray(m.season_days * ndtr((mean - m.threshold) / m.sd))


def mean_for_days(days: float, m: ShiftModel) -> float:
    """Seasonal mean temperature that gives ``days`` days above the threshold."""
    return float(m.threshold + m.sd * ndtri(days / m.season_days))


def degree_days(mean: np.ndarray, m: ShiftModel) -> np.ndarray:
    """Expected degree days above the threshold: N·E[max(T - base, 0)] for normal T."""
    d = (mean - m.threshold) / m.sd
    pdf = np.exp(-0.5 * d**2) / np.sqrt(2 * np.pi)
    return np.asarray(m.season_days * ((mean - m.threshold) * ndtr(d) + m.sd * pdf))


def mean_for_degree_days(value: float, m: ShiftModel) -> float:
    """Seasonal mean temperature that gives ``value`` degree days (bisection; monotone)."""
    lo, hi = m.threshold - 10 * m.sd, m.threshold + 10 * m.sd
    for _ in range(80):
        mid = (lo + hi) / 2
        if degree_days(np.array(mid), m) < value:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def baseline_mean(lat: xr.DataArray, lon: xr.DataArray, m: ShiftModel,
                  invert: Callable[[float, ShiftModel], float]) -> xr.DataArray:
    """Seasonal mean temperature at the baseline warming level on the grid."""
    names = list(m.cities)
    means = np.array([invert(m.cities[c], m) for c in names])
    lats = np.array([CITY_COORDS[c][0] for c in names])
    slope, intercept, low, high = latitude_trend(lats, means)
    background = np.clip(intercept + slope * lat, low, high)
    residual = means - np.clip(intercept + slope * lats, low, high)
    la, lo = xr.broadcast(lat, lon)
    anomaly = anchored_anomaly(la.values, lo.values, [CITY_COORDS[c] for c in names],
                               residual, m.length_km)
    return background + xr.DataArray(anomaly, dims=la.dims, coords=la.coords)


def hot_days(gsat: xr.DataArray, factor: xr.DataArray, lon: xr.DataArray,
             m: ShiftModel) -> xr.DataArray:
    """Hot days per year: the baseline mean shifted by local Tmax warming since the baseline."""
    mean0 = baseline_mean(factor.lat, lon, m, mean_for_days)
    shifted = mean0 + factor * (gsat - m.baseline_gwl)
    return xr.apply_ufunc(days_above, shifted, kwargs={"m": m})


def cdd(gsat: xr.DataArray, factor: xr.DataArray, lon: xr.DataArray,
        m: ShiftModel) -> xr.DataArray:
    """CDD26: the baseline mean shifted by local annual-mean warming since the baseline."""
    mean0 = baseline_mean(factor.lat, lon, m, mean_for_degree_days)
    shifted = mean0 + factor * (gsat - m.baseline_gwl)
    return xr.apply_ufunc(degree_days, shifted, kwargs={"m": m})
