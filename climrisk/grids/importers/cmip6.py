"""CMIP6 CF netCDF (``tas``/``tasmax``, monthly or daily) → ``tas_change``/``tasmax_change``.

Historical and scenario files of one model are joined along time, decoded with cftime (any
CF calendar: noleap, 360_day, proleptic_gregorian, ...), aggregated to years (annual mean
for ``tas``; June-August mean of daily maxima for ``tasmax``), expressed as change against a
baseline period and cut to the region. One model gives one value, stored as quantile 0.5.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import xarray as xr

from climrisk.errors import Problem, warn_input
from climrisk.grids.errors import BaselineError, CalendarError, GridFileError, UnitsError
from climrisk.grids.importers.calendar_years import ALL_MONTHS, Years, annual_means, sampling
from climrisk.grids.importers.inputs import (
    CHINA,
    LAT_NAMES,
    LON_NAMES,
    check_values,
    open_netcdf,
    require,
    squeeze_singletons,
    standard_lat_lon,
    subset,
)
from climrisk.grids.metadata import (
    append_history,
    cf_attrs,
    check_grid,
    global_attrs,
    set_coordinate_attrs,
)
from climrisk.grids.scenarios import SCENARIO_IDS

TARGETS = {"tas": "tas_change", "tasmax": "tasmax_change"}
KELVIN = {"K", "degK", "kelvin", "Kelvin"}
CELSIUS = {"degC", "Celsius", "celsius", "deg_C", "C"}
# Near-surface air temperature far beyond anything observed or modelled (the records are
# -89.2 and 56.7 degC), so a value outside is a fill value or a wrong file.
PHYSICAL = {"K": (150.0, 350.0), "degC": (-123.0, 77.0)}
SUMMER = (6, 7, 8)
KEEP = ("time", *LAT_NAMES, *LON_NAMES)
MEMBER_DIMS = ("member", "member_id", "realization", "variant_label", "ensemble")
MEMBER = re.compile(r"^(?:s\d{4}-)?r\d+i\d+p\d+f\d+$")


IDS = {"source_id": ("source_id",), "experiment_id": ("experiment_id",),
       "member_id": ("variant_label", "member_id")}
"""CMIP6 global attributes that identify a file's model, experiment and ensemble member."""


def file_ids(ds: xr.Dataset, path: Path | str | None = None) -> dict[str, str]:
    """The CMIP6 identifiers a file declares (empty where it declares none).

    Global attributes come first. Where one is absent, a file name in the CMIP6 form
    ``tas_Amon_<source_id>_<experiment_id>_<member_id>_<grid>_<period>.nc`` supplies it, as
    processing tools often drop attributes but keep the name.
    """
    ids = {key: next((str(ds.attrs[a]) for a in names if ds.attrs.get(a)), "")
           for key, names in IDS.items()}
    parts = Path(path).stem.split("_") if path is not None else []
    if len(parts) >= 6 and MEMBER.match(parts[4]):
        for key, value in zip(("source_id", "experiment_id", "member_id"), parts[2:5],
                              strict=True):
            ids[key] = ids[key] or value
    return ids


def check_ids(path: Path | str, found: dict[str, str], expected: dict[str, str | None]) -> None:
    """Refuse a file whose declared experiment, model or member is not what the user said;
    warn when it declares none, since the user's word is then all there is."""
    for key, want in expected.items():
        have = found.get(key, "")
        if want and have and have.lower() != want.lower():
            raise GridFileError(
                f"{path}: the file says {key} {have!r} but {want!r} was asked for; check that "
                f"this is the right file, or give --{key.split('_')[0].replace('source', 'model')}"
                f" {have} if the file is right")
        if want and not have and key == "experiment_id":
            warn_input(Problem(str(path), None, None, key, f"the file declares no {key}; "
                               f"taken to be {want!r} as given"))


def _units(var: xr.DataArray, variable: str, path: Path | str) -> str:
    units = str(var.attrs.get("units", ""))
    if units in KELVIN:
        return "K"
    if units in CELSIUS:
        return "degC"
    raise UnitsError(f"{path}: {variable} has units {units!r}; expected K (a temperature, "
                     "of which only differences are used)")


def _read(paths: Sequence[Path | str], variable: str,
          expected: dict[str, str | None] | None = None,
          seen: list[dict[str, str]] | None = None) -> xr.DataArray:
    parts = []
    for path in paths:
        ds = open_netcdf(path)
        var = require(ds, variable, path)
        var, dropped = squeeze_singletons(var, KEEP, path)
        ids = file_ids(ds, path)
        member = next((dropped[d] for d in MEMBER_DIMS if d in dropped), "")
        ids["member_id"] = ids["member_id"] or member
        check_ids(path, ids, expected or {})
        if seen is not None:
            seen.append({**ids, "path": str(path)})
        unit = _units(var, variable, path)
        if "time" not in var.dims:
            raise GridFileError(f"{path}: {variable} has no time dimension")
        if var.time.dtype.kind in "iuf":
            cal = ds.time.attrs.get("calendar", "standard")
            raise CalendarError(f"{path}: the time axis (units {ds.time.attrs.get('units')!r}"
                                f", calendar {cal!r}) could not be decoded")
        check_values(np.asarray(var.values, dtype=float), path, variable, PHYSICAL[unit], unit)
        if seen is not None and var.sizes["time"] > 1:
            seen[-1]["sampling"] = sampling(var.time.sortby(var.time), str(path)).kind
        parts.append(standard_lat_lon(var.to_dataset(), path)[variable])
    return _join(parts, ", ".join(map(str, paths)))


def _join(parts: Sequence[xr.DataArray], where: str) -> xr.DataArray:
    """Parts joined along time in ascending order, the first of any repeated step kept.

    Each value carries its own time stamp, so a file stored newest-first is simply sorted:
    nothing about it is ambiguous, and refusing it would only make the user sort it.
    """
    try:
        joined = xr.concat(parts, dim="time", join="exact") if len(parts) > 1 else parts[0]
    except ValueError as exc:
        raise GridFileError(f"{where}: the files do not share one lat/lon grid ({exc}); "
                            "import files of one model grid (grid_label) together") from None
    except TypeError as exc:
        raise CalendarError(f"{where}: the files use different calendars ({exc}); give "
                            "files of one model run") from None
    _, first = np.unique(joined.time.values, return_index=True)
    return joined.isel(time=np.sort(first)).sortby("time")


def _one_model(seen: list[dict[str, str]], files: Sequence[Path | str]) -> None:
    for key in ("source_id", "member_id"):
        values = sorted({ids[key] for ids in seen if ids[key]})
        if len(values) > 1:
            raise GridFileError(
                f"the files mix {key} {', '.join(values)} ({', '.join(map(str, files))}); "
                "import each model and member separately and compose them in a scenario set "
                "(--set with --ensemble) to get ensemble quantiles")
    kinds = {ids["path"]: ids["sampling"] for ids in seen if ids.get("sampling")}
    if len(set(kinds.values())) > 1:
        raise GridFileError(
            "the files mix frequencies (" + ", ".join(f"{f}: {k}" for f, k in kinds.items())
            + "); give files of one frequency, e.g. all monthly (Amon) or all daily (day)")


def _declared(seen: list[dict[str, str]]) -> dict[str, str]:
    return {key: next((ids[key] for ids in seen if ids[key]), "")
            for key in ("source_id", "member_id")}


def _annual(var: xr.DataArray, variable: str, where: str, baseline: tuple[int, int],
            first_scenario_year: int) -> Years:
    """Annual (or June-August) means of the complete years the import uses."""
    years = np.unique(var.time.dt.year.values)
    used = np.union1d(np.arange(baseline[0], baseline[1] + 1),
                      years[years >= first_scenario_year])
    result = annual_means(var, where, months=SUMMER if variable == "tasmax" else ALL_MONTHS,
                          used=used)
    if result.left_out:
        warn_input(Problem(where, None, None, variable, "incomplete years left out, not "
                           f"averaged: {result.note()}"))
    scenario_years = result.means.year.values[result.means.year.values >= first_scenario_year]
    gaps = np.setdiff1d(np.arange(scenario_years.min(), scenario_years.max() + 1),
                        scenario_years) if scenario_years.size else np.array([], int)
    if gaps.size:
        raise GridFileError(f"{where}: the scenario years {scenario_years.min()}-"
                            f"{scenario_years.max()} lack {_years(gaps)}; add the file(s) "
                            "holding them")
    return result


def _years(values: np.ndarray) -> str:
    shown = ", ".join(str(int(v)) for v in values[:10])
    return shown + (f" and {values.size - 10} more" if values.size > 10 else "")


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
    seen: list[dict[str, str]] = []
    for variable in variables:
        if variable not in TARGETS:
            raise UnitsError(f"variable {variable!r} is not importable; use tas or tasmax")
        who = {"source_id": model, "member_id": member}
        read: list[dict[str, str]] = []
        future = _read(scenario_files, variable, {"experiment_id": scenario, **who}, read)
        first_scenario_year = int(future.time.dt.year.min())
        past = _read(historical, variable, {"experiment_id": "historical", **who}, read) \
            if historical else None
        _one_model(read, files)
        seen += read
        where = ", ".join(map(str, files))
        var = _join([past, future], where) if past is not None else future
        var = subset(var.to_dataset(), region, where)[variable]
        if not np.isfinite(var.values).any():
            raise GridFileError(f"{where}: {variable} has no value inside the region; every "
                                "cell there is missing (NaN or fill value)")
        yearly = _annual(var, variable, where, baseline, first_scenario_year)
        annual = yearly.means
        years = annual.year.values
        wanted = np.arange(baseline[0], baseline[1] + 1)
        missing = np.setdiff1d(wanted, years)
        if missing.size:
            cut = [int(y) for y in missing if int(y) in yearly.left_out]
            why = f" ({_years(np.array(cut))} incomplete)" if cut else ""
            raise BaselineError(
                f"{where}: baseline {baseline[0]}-{baseline[1]} is not covered: {missing.size} of its "
                f"years are absent{why} (the files cover {years.min()}-{years.max()}); add "
                "the historical files or choose another --baseline")
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
            climrisk_incomplete_years=yearly.note() or "none",
        )
        out[TARGETS[variable]] = change
    ds = set_coordinate_attrs(xr.Dataset(out))
    ids = _declared(seen)
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
    left_out = "; ".join(f"{name}: {v.attrs['climrisk_incomplete_years']} left out"
                         for name, v in out.items()
                         if v.attrs["climrisk_incomplete_years"] != "none")
    append_history(ds, f"imported {len(files)} CMIP6 file(s) for {scenario}; baseline "
                   f"{baseline[0]}-{baseline[1]}; region {region}"
                   + (f"; incomplete years {left_out}" if left_out else ""))
    return check_grid(ds)

