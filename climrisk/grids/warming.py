"""Global and local warming paths of the default grid.

AR6 gives GSAT as 20-year period means; the grid needs annual values. The annual path is a
smooth (PCHIP) curve through the period midpoints, adjusted until each period's mean equals
the published mean, so that averaging the grid over an AR6 period gives back SPM.1.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr
from scipy.interpolate import PchipInterpolator

from climrisk.grids import sources
from climrisk.grids.scenarios import QUANTILES, SSP_LABELS, YEARS

QUANTILE_COLUMNS = {0.05: "very_likely_low_degC", 0.5: "best_estimate_degC",
                    0.95: "very_likely_high_degC"}
OBSERVED_PERIOD = "2011-2020"


def mean_preserving_path(periods: list[tuple[int, int]], means: list[float],
                         years: np.ndarray) -> np.ndarray:
    """Annual values on ``years`` whose averages over ``periods`` equal ``means``."""
    mids = np.array([(a + b) / 2 for a, b in periods])
    nodes = np.array(means, dtype=float)
    masks = [(years >= a) & (years <= b) for a, b in periods]
    for _ in range(100):
        curve = PchipInterpolator(mids, nodes, extrapolate=True)(years)
        errors = np.array([m - curve[mask].mean() for m, mask in zip(means, masks, strict=True)])
        nodes += errors
        if np.abs(errors).max() < 1e-7:
            break
    return np.asarray(PchipInterpolator(mids, nodes, extrapolate=True)(years))


def gsat() -> tuple[xr.DataArray, str]:
    """GSAT change by SSP, year and quantile, and the CSV lines it came from."""
    table = sources.read("gsat_ar6.csv")
    observed = table[(table.scenario == "observed_GMST") & (table.period == OBSERVED_PERIOD)]
    years = np.arange(2011, YEARS[-1] + 1)
    out = np.empty((len(SSP_LABELS), len(YEARS), len(QUANTILES)))
    used = list(observed.line)
    for i, label in enumerate(SSP_LABELS.values()):
        rows = pd.concat([observed, table[table.scenario == label]])
        used += list(rows.line)
        periods = [tuple(int(y) for y in p.split("-")) for p in rows.period]
        for k, q in enumerate(QUANTILES):
            path = mean_preserving_path(periods, list(rows[QUANTILE_COLUMNS[q]]), years)
            out[i, :, k] = path[years >= YEARS[0]]
    da = xr.DataArray(out, dims=("scenario", "year", "quantile"),
                      coords={"scenario": list(SSP_LABELS), "year": list(YEARS),
                              "quantile": list(QUANTILES)})
    return da, sources.cite("gsat_ar6.csv", used)


def amplification(lat: xr.DataArray, kind: str) -> tuple[xr.DataArray, str]:
    """Local warming per degree of GSAT: a linear function of latitude (estimate)."""
    table = sources.read("default_estimates.csv")
    at36 = table[table.key == f"{kind}_factor_at_36N"].iloc[0]
    slope = table[table.key == f"{kind}_factor_per_degree_north"].iloc[0]
    factor = float(at36.value) + float(slope.value) * (lat - 36.0)
    return factor, sources.cite("default_estimates.csv", [at36.line, slope.line])
