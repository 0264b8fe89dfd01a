"""Relative sea level of the default grid: AR6 GMSL, AR6-based local RSL, and subsidence.

AR6 GMSL (Table 9.9) gives medians and likely ranges for 2030/2050/2100; the AR6-derived
local projections (d25a) give central (SSP2-4.5 median) values at a few gauges and grid
cells. Near those points the grid scales GMSL by the local/global ratio of the central
projection; the ratio fades to 1 (plain GMSL) away from them. Present-day groundwater
subsidence, which AR6's background land motion misses, is added as rate x years since the
1995-2014 baseline (scenario facts 3.2-3.3).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr
from scipy.interpolate import PchipInterpolator

from climrisk.grids import sources
from climrisk.grids.scenarios import QUANTILES, SSP_LABELS, YEARS
from climrisk.grids.spatial import anchored_anomaly, distance_km

BASELINE_MIDPOINT = 2005  # 1995-2014
LIKELY_TO_VERY_LIKELY = 1.6449 / 0.9542  # z(0.95) / z(0.83), normal assumption (estimate)


def gmsl() -> tuple[xr.DataArray, str]:
    """GMSL change by SSP, year and quantile (0.05/0.95 widened from the likely range)."""
    table = sources.read("gmsl_ar6.csv")
    years = np.array(YEARS)
    out = np.empty((len(SSP_LABELS), len(YEARS), len(QUANTILES)))
    used: list[int] = []
    for i, label in enumerate(SSP_LABELS.values()):
        rows = table[table.scenario == label].sort_values("year")
        used += list(rows.line)
        med = rows.median_m.to_numpy(float)
        quantile_values = {
            0.05: med - (med - rows.likely_low_m.to_numpy(float)) * LIKELY_TO_VERY_LIKELY,
            0.5: med,
            0.95: med + (rows.likely_high_m.to_numpy(float) - med) * LIKELY_TO_VERY_LIKELY,
        }
        t = np.concatenate([[BASELINE_MIDPOINT], rows.year.to_numpy(float)])
        for k, q in enumerate(QUANTILES):
            curve = PchipInterpolator(t, np.concatenate([[0.0], quantile_values[q]]))
            out[i, :, k] = curve(years)
    da = xr.DataArray(out, dims=("scenario", "year", "quantile"),
                      coords={"scenario": list(SSP_LABELS), "year": list(YEARS),
                              "quantile": list(QUANTILES)})
    return da, sources.cite("gmsl_ar6.csv", used)


def local_points() -> tuple[pd.DataFrame, str]:
    """Central relative sea level at each d25a point and year (rows: point; cols: year)."""
    table = sources.read("rsl_local_ar6_based.csv")
    qty = next(c for c in table.columns if c.startswith("quantity"))
    rows = table[(table[qty] == "rsl") & (table.projection == "central")]
    wide = rows.pivot_table(index=["lat", "lon"], columns="year",
                            values="sea_level_change_m", sort=True)
    return wide, sources.cite("rsl_local_ar6_based.csv", rows.line)


def local_ratio(lat: xr.DataArray, lon: xr.DataArray) -> tuple[xr.DataArray, str]:
    """Local/global ratio of the central projection, by year, on the grid (1 far away)."""
    points, cite_points = local_points()
    gm, _ = gmsl()
    central = gm.sel(scenario="ssp245", quantile=0.5)
    anchor_years = points.columns.to_numpy(int)
    ratio = points.to_numpy(float) / central.sel(year=anchor_years).to_numpy()[None, :]
    yearly = np.stack([np.interp(YEARS, anchor_years, r) for r in ratio], axis=-1)
    est = sources.read("default_estimates.csv")
    row = est[est.key == "rsl_length_scale"].iloc[0]
    la, lo = xr.broadcast(lat, lon)
    field = 1.0 + anchored_anomaly(la.values, lo.values, list(points.index), yearly - 1.0,
                                   float(row.value))
    da = xr.DataArray(field, dims=("year", *la.dims),
                      coords={"year": list(YEARS), **la.coords})
    return da, cite_points + "; " + sources.cite("default_estimates.csv", [row.line])


def subsidence_rate(lat: xr.DataArray, lon: xr.DataArray) -> tuple[xr.DataArray, str]:
    """Land subsidence rate (m/yr) on the grid: Gaussian areas around Tianjin and Shanghai."""
    facts = sources.read("subsidence_elevation.csv")
    est = sources.read("default_estimates.csv")
    tianjin = facts[facts.site.str.startswith("Tianjin (default")].iloc[0]
    shanghai = facts[facts.site == "Shanghai (city average)"].iloc[0]
    rates = {"tianjin-city": tianjin, "tianjin-binhai": tianjin, "shanghai": shanghai}
    scale = est[est.key == "subsidence_length_scale"].iloc[0]
    la, lo = xr.broadcast(lat, lon)
    field = np.zeros(la.shape)
    used = [int(scale.line)]
    for area, fact in rates.items():
        lat_row = est[(est.key == "subsidence_centre_lat") & (est.region == area)].iloc[0]
        lon_row = est[(est.key == "subsidence_centre_lon") & (est.region == area)].iloc[0]
        used += [int(lat_row.line), int(lon_row.line)]
        d = distance_km(la.values, lo.values, float(lat_row.value), float(lon_row.value))
        bump = float(fact.value) / 1000.0 * np.exp(-((d / float(scale.value)) ** 2))
        field = np.maximum(field, bump)
    cite = (sources.cite("subsidence_elevation.csv", [tianjin.line, shanghai.line]) + "; "
            + sources.cite("default_estimates.csv", used))
    return xr.DataArray(field, dims=la.dims, coords=la.coords), cite


def relative_sea_level(lat: xr.DataArray, lon: xr.DataArray) -> tuple[xr.DataArray, str]:
    """Relative sea-level change vs 1995-2014 by SSP, year, quantile, lat and lon."""
    gm, cite_gmsl = gmsl()
    ratio, cite_ratio = local_ratio(lat, lon)
    rate, cite_rate = subsidence_rate(lat, lon)
    elapsed = xr.DataArray(np.array(YEARS) - BASELINE_MIDPOINT, dims="year",
                           coords={"year": list(YEARS)})
    rsl = gm * ratio + rate * elapsed
    return rsl.transpose("scenario", "year", "quantile", ...), "; ".join(
        [cite_gmsl, cite_ratio, cite_rate])
