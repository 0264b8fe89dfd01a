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


IDS = {"source_id": ("source_id",), "experiment_id": ("experiment_id",),
       "member_id": ("variant_label", "member_id")}
"""CMIP6 global attributes that identify a file's model, experiment and ensemble member."""


def file_ids(ds: xr.Dataset) -> dict[str, str]:
    """The CMIP6 identifiers a file declares (empty where it declares none)."""
    return {key: next((str(ds.attrs[a]) for a in names if ds.attrs.get(a)), "")
            for key, names in IDS.items()}


def check_ids(path: Path | str, found: dict[str, str], expected: dict[str, str | None]) -> None:
    """Refuse a file whose declared experiment, model or member is not what the user said."""
    for key, want in expected.items():
        have = found.get(key, "")
        if want and have and have.lower() != want.lower():
            raise GridFileError(
                f"{path}: the file says {key} {have!r} but {want!r} was asked for; check that "
                f"this is the right file, or give --{key.split('_')[0].replace('source', 'model')}"
                f" {have} if the file is right")


def _read(paths: Sequence[Path | str], variable: str,
          expected: dict[str, str | None] | None = None,
          seen: list[dict[str, str]] | None = None) -> xr.DataArray:
    parts = []
    for path in paths:
        ds = open_netcdf(path)
        ids = file_ids(ds)
        check_ids(path, ids, expected or {})
        if seen is not None:
            seen.append(ids)
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


def _one_model(seen: list[dict[str, str]], files: Sequence[Path | str]) -> None:
    for key in ("source_id", "member_id"):
        values = sorted({ids[key] for ids in seen if ids[key]})
        if len(values) > 1:
            raise GridFileError(
                f"the files mix {key} {', '.join(values)} ({', '.join(map(str, files))}); "
                "import each model and member separately and compose them in a scenario set "
                "(--set with --ensemble) to get ensemble quantiles")


def _declared(files: Sequence[Path | str]) -> dict[str, str]:
    found = {"source_id": "", "member_id": ""}
    for path in files:
        ids = file_ids(open_netcdf(path))
        for key in found:
            found[key] = found[key] or ids[key]
    return found


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
    model: str | None = None,
    member: str | None = None,
) -> xr.Dataset:
    """A grid of local temperature change for one model and scenario.

    Each file's ``experiment_id`` must be the scenario (``historical`` for the historical
    files), and its ``source_id`` and ``variant_label`` the ``model`` and ``member`` when
    given; all files must come from one model and member. The identifiers are recorded as
    ``climrisk_source_id``, ``climrisk_experiment_id`` and ``climrisk_member_id``.
    """
    if scenario not in SCENARIO_IDS:
        raise UnitsError(f"unknown scenario {scenario!r}; use one of {', '.join(SCENARIO_IDS)}")
    out: dict[str, xr.DataArray] = {}
    files = [*historical, *scenario_files]
    for variable in variables:
        if variable not in TARGETS:
            raise UnitsError(f"variable {variable!r} is not importable; use tas or tasmax")
        seen: list[dict[str, str]] = []
        who = {"source_id": model, "member_id": member}
        future = _read(scenario_files, variable, {"experiment_id": scenario, **who}, seen)
        first_scenario_year = int(future.time.dt.year.min())
        past = _read(historical, variable, {"experiment_id": "historical", **who}, seen) \
            if historical else None
        _one_model(seen, files)
        var = _join([past, future]) if past is not None else future
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
    ids = _declared(files)
    ds.attrs = global_attrs(
        title=f"CMIP6 local temperature change, {scenario}",
        source="CMIP6 model output imported by climrisk.grids.importers.cmip6",
        references="Eyring et al. 2016, GMD 9:1937 (CMIP6)",
        comment="One model: its value is stored as quantile 0.5.",
    )
    ds.attrs["climrisk_baseline_period"] = f"{baseline[0]}-{baseline[1]}"
    ds.attrs["climrisk_source_id"] = model or ids["source_id"]
    ds.attrs["climrisk_experiment_id"] = scenario
    ds.attrs["climrisk_member_id"] = member or ids["member_id"]
    append_history(ds, f"imported {len(files)} CMIP6 file(s) for {scenario}; baseline "
                   f"{baseline[0]}-{baseline[1]}; region {region}")
    return check_grid(ds)

