"""Transition variables of the default grid: carbon price, grid emission factor, power price.

All three are NGFS-style paths for China. The carbon prices are the headline values of
scenario facts 5.1(d) (estimates built from NGFS Phase V MESSAGEix-GLOBIOM rows for a proxy
region, since no public China-region series was found); the official NGFS download is
brought in with ``climrisk scenarios import ngfs``. Values between the published years are
linear interpolations, so the published years are reproduced exactly.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from climrisk.grids import sources
from climrisk.grids.scenarios import NGFS_NAMES, REGIONS, YEARS

DEFAULT_PHASE = "default for bundled grid"
MEE_REGIONS = {
    "North China grid": "north-china",
    "Northeast": "northeast-china",
    "East China grid": "east-china",
    "Central China grid": "central-china",
    "Northwest": "northwest-china",
    "South": "south-china",
}


def _yearly(years: np.ndarray, values: np.ndarray) -> np.ndarray:
    order = np.argsort(years)
    return np.interp(YEARS, years[order], values[order])


def carbon_price() -> tuple[xr.DataArray, str]:
    """Carbon price (USD2010/t) by NGFS scenario and year."""
    table = sources.read("ngfs_carbon_price.csv")
    rows = table[table.ngfs_phase == DEFAULT_PHASE]
    out = []
    for name in NGFS_NAMES.values():
        sel = rows[rows.scenario == name]
        out.append(_yearly(sel.year.to_numpy(float), sel.carbon_price.to_numpy(float)))
    used = rows[rows.scenario.isin(list(NGFS_NAMES.values()))].line
    da = xr.DataArray(np.array(out), dims=("scenario", "year"),
                      coords={"scenario": list(NGFS_NAMES), "year": list(YEARS)})
    return da, sources.cite("ngfs_carbon_price.csv", used)


def _regional_path(base: dict[str, tuple[float, int]], key: str,
                   ) -> tuple[xr.DataArray, list[int]]:
    est = sources.read("default_estimates.csv")
    out = np.empty((len(NGFS_NAMES), len(YEARS), len(REGIONS)))
    used: list[int] = []
    for i, scenario in enumerate(NGFS_NAMES):
        sel = est[(est.key == key) & (est.scenario == scenario)]
        used += list(sel.line)
        index = _yearly(sel.year.to_numpy(float), sel.value.to_numpy(float))
        for j, region in enumerate(REGIONS):
            out[i, :, j] = base[region][0] * index
    da = xr.DataArray(out, dims=("scenario", "year", "region"),
                      coords={"scenario": list(NGFS_NAMES), "year": list(YEARS),
                              "region": list(REGIONS)})
    return da, used


def grid_emission_factor() -> tuple[xr.DataArray, str]:
    """Grid CO2 factor (t/MWh): 2023 MEE/NBS regional factors times decline paths."""
    facts = sources.read("grid_emission_factors_china.csv")
    est = sources.read("default_estimates.csv")
    rows = facts[(facts.data_year.astype(str) == "2023") & facts.grid_or_region.isin(MEE_REGIONS)]
    base = {MEE_REGIONS[r.grid_or_region]: (float(r.factor), int(r.line))
            for r in rows.itertuples()}
    hk = est[(est.key == "grid_emission_factor_2023") & (est.region == "hong-kong")].iloc[0]
    base["hong-kong"] = (float(hk.value), int(hk.line))
    da, used = _regional_path(base, "grid_emission_factor_index")
    return da, (sources.cite("grid_emission_factors_china.csv", rows.line) + "; "
                + sources.cite("default_estimates.csv", [*used, int(hk.line)]))


def electricity_price() -> tuple[xr.DataArray, str]:
    """All-in large-user price (CNY/kWh): 2025 regional estimates times price indices."""
    est = sources.read("default_estimates.csv")
    rows = est[est.key == "electricity_price_2025"]
    base = {r.region: (float(r.value), int(r.line)) for r in rows.itertuples()}
    da, used = _regional_path(base, "electricity_price_index")
    return da, sources.cite("default_estimates.csv", [*used, *rows.line])
