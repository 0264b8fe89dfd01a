"""CMIP6 CF netCDF (``tas``/``tasmax``, monthly or daily) → ``tas_change``/``tasmax_change``.

Historical and scenario files of one model are joined along time, decoded with cftime (any
CF calendar: noleap, 360_day, proleptic_gregorian, ...), aggregated to years (annual mean
for ``tas``; June-August mean of daily maxima for ``tasmax``), expressed as change against a
baseline period and cut to the region. One model gives one value, stored as quantile 0.5.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import xarray as xr

from climrisk.grids.errors import BaselineError, CalendarError, GridFileError, UnitsError
from climrisk.grids.importers.inputs import CHINA, open_netcdf, require, standard_lat_lon, subset
from climrisk.grids.metadata import (
    append_history,
    cf_attrs,
    check_grid,
    global_attrs,
    set_coordinate_attrs,
)
from climrisk.grids.scenarios import SCENARIO_IDS

TARGETS = {"tas": "tas_change", "tasmax": "tasmax_change"}
KELVIN_LIKE = {"K", "degK", "kelvin", "Kelvin", "degC", "Celsius", "celsius", "deg_C", "C"}
SUMMER = (6, 7, 8)
COMPLETE = 0.9  # a year counts when it has at least 90 % of the usual number of samples


def _read(paths: Sequence[Path | str], variable: str) -> xr.DataArray:
    parts = []
    for path in paths:
        ds = open_netcdf(path)
        var = require(ds, variable, path)
        units = str(var.attrs.get("units", ""))
        if units not in KELVIN_LIKE:
            raise UnitsError(f"{path}: {variable} has units {units!r}; expected K (a "
                             "temperature, of which only differences are used)")
        if "time" not in var.dims:
            raise GridFileError(f"{path}: {variable} has no time dimension")
        if var.time.dtype.kind in "iuf":
            cal = ds.time.attrs.get("calendar", "standard")
            raise CalendarError(f"{path}: the time axis (units {ds.time.attrs.get('units')!r}"
                                f", calendar {cal!r}) could not be decoded")
        parts.append(standard_lat_lon(var.to_dataset(), path)[variable])
    return _join(parts)


def _join(parts: Sequence[xr.DataArray]) -> xr.DataArray:
    """Parts joined along time, sorted, the first of any repeated time step kept."""
    try:
        joined = xr.concat(parts, dim="time", join="exact") if len(parts) > 1 else parts[0]
    except ValueError as exc:
        raise GridFileError(f"the files do not share one grid: {exc}") from None
    except TypeError as exc:
        raise CalendarError(f"the files use different calendars: {exc}") from None
    _, first = np.unique(joined.time.values, return_index=True)
    return joined.isel(time=np.sort(first))


def _annual(var: xr.DataArray, variable: str) -> xr.DataArray:
    if variable == "tasmax":
        var = var.where(var.time.dt.month.isin(SUMMER), drop=True)
    counts = var.time.groupby("time.year").count()
    full = counts.year.where(counts >= COMPLETE * counts.max(), drop=True)
    annual = var.groupby("time.year").mean("time")
    return annual.sel(year=full.astype(int).values)


def import_cmip6(
    historical: Sequence[Path | str],
    scenario_files: Sequence[Path | str],
    scenario: str,
    *,
    variables: Sequence[str] = ("tas",),
    baseline: tuple[int, int] = (1850, 1900),
    region: tuple[float, float, float, float] = CHINA,
) -> xr.Dataset:
    """A grid of local temperature change for one model and scenario."""
    if scenario not in SCENARIO_IDS:
        raise UnitsError(f"unknown scenario {scenario!r}; use one of {', '.join(SCENARIO_IDS)}")
    out: dict[str, xr.DataArray] = {}
    files = [*historical, *scenario_files]
    for variable in variables:
        if variable not in TARGETS:
            raise UnitsError(f"variable {variable!r} is not importable; use tas or tasmax")
        future = _read(scenario_files, variable)
        first_scenario_year = int(future.time.dt.year.min())
        var = _join([_read(historical, variable), future]) if historical else future
        var = subset(var.to_dataset(), region, ", ".join(map(str, files)))[variable]
        annual = _annual(var, variable)
        years = annual.year.values
        wanted = np.arange(baseline[0], baseline[1] + 1)
        missing = np.setdiff1d(wanted, years)
        if missing.size:
            raise BaselineError(
                f"baseline {baseline[0]}-{baseline[1]} is not covered: {missing.size} of its "
                f"years are absent (the files cover {years.min()}-{years.max()}); add the "
                "historical files or choose another --baseline")
        change = annual - annual.sel(year=wanted).mean("year")
        change = change.sel(year=change.year >= first_scenario_year)
        change = change.expand_dims(scenario=[scenario], quantile=[0.5])
        change = change.transpose("scenario", "year", "quantile", "lat", "lon")
        change = change.assign_coords(year=change.year.astype(np.int32)).astype(np.float32)
        change.attrs = cf_attrs(
            TARGETS[variable], "verified", "CMIP6 files: " + ", ".join(
                Path(f).name for f in files),
            climrisk_baseline_period=f"{baseline[0]}-{baseline[1]}",
            climrisk_aggregation="annual mean" if variable == "tas"
            else "June-August mean of daily maximum temperature",
        )
        out[TARGETS[variable]] = change
    ds = set_coordinate_attrs(xr.Dataset(out))
    ds.attrs = global_attrs(
        title=f"CMIP6 local temperature change, {scenario}",
        source="CMIP6 model output imported by climrisk.grids.importers.cmip6",
        references="Eyring et al. 2016, GMD 9:1937 (CMIP6)",
        comment="One model: its value is stored as quantile 0.5.",
    )
    ds.attrs["climrisk_baseline_period"] = f"{baseline[0]}-{baseline[1]}"
    append_history(ds, f"imported {len(files)} CMIP6 file(s) for {scenario}; baseline "
                   f"{baseline[0]}-{baseline[1]}; region {region}")
    return check_grid(ds)

