"""IPCC AR6 sea-level projection netCDF → ``sea_level_change`` on a regular grid.

The AR6 files (FACTS output, as distributed with the NASA tool) hold ``sea_level_change``
in mm over ``quantiles x years x locations`` with ``lat``/``lon`` per location, relative to
1995-2014. Locations inside the region are placed on a regular grid by nearest location
(an AR6 1-degree grid file maps one-to-one; tide-gauge files give Voronoi cells), quantiles
are picked and decadal years interpolated linearly to annual values. The regional files mix
tide gauges (PSMSL ids) and 1-degree grid boxes; a cell near a gauge takes the gauge.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import xarray as xr
from scipy.spatial import cKDTree

from climrisk.errors import Problem, warn_input
from climrisk.grids.errors import GridFileError, MissingVariableError, NoOverlapError, UnitsError
from climrisk.grids.importers.inputs import CHINA, check_values, open_netcdf, require
from climrisk.grids.metadata import (
    append_history,
    cf_attrs,
    check_grid,
    global_attrs,
    set_coordinate_attrs,
)
from climrisk.grids.scenarios import QUANTILES, SCENARIO_IDS

TO_METRES = {"mm": 1e-3, "millimeter": 1e-3, "millimetre": 1e-3, "cm": 1e-2, "m": 1.0,
             "meter": 1.0, "metre": 1.0}
DIMS = ("quantiles", "years", "locations")
GAUGE_IDS_BELOW = 1_000_000
"""AR6 location ids: tide gauges keep their PSMSL station id (1 to 2358 in the AR6 files);
1-degree grid boxes are numbered from 1,000,000,000 (lat and lon coded in the id)."""
SENTINELS = (-32768.0, -32767.0, 32767.0, -9999.0, -99999.0)
"""Fill values that files without a ``_FillValue`` attribute use (int16 limits, -9999)."""
PHYSICAL_M = (-30.0, 30.0)
"""Relative sea-level change in metres no projection reaches, even for 2300 with land motion."""


def import_ar6_sea_level(
    path: Path | str,
    scenario: str,
    *,
    quantiles: Sequence[float] = QUANTILES,
    resolution: float = 1.0,
    region: tuple[float, float, float, float] = CHINA,
    reach: float = 1.0,
    gauge_reach: float = 0.5,
) -> xr.Dataset:
    """A relative sea-level grid for one scenario from one AR6 projection file.

    AR6 regional files mix tide gauges and 1-degree grid boxes. A cell takes the nearest
    tide gauge within ``gauge_reach`` degrees, since a gauge includes the local land motion
    a grid box averages away; otherwise the nearest location of either kind within
    ``reach`` degrees. Cells farther from every location (inland) stay empty, so sea level
    covers only the coast. Locations holding fill values are skipped and counted.
    """
    if scenario not in SCENARIO_IDS:
        raise UnitsError(f"unknown scenario {scenario!r}; use one of {', '.join(SCENARIO_IDS)}")
    ds = open_netcdf(path, decode_times=False)
    slc = require(ds, "sea_level_change", path)
    if tuple(slc.dims) != DIMS and set(slc.dims) != set(DIMS):
        raise GridFileError(f"{path}: sea_level_change has dims {slc.dims}; expected "
                            f"{DIMS} as in the AR6 projection files")
    for name in ("lat", "lon"):
        if name not in ds.variables or ds[name].dims != ("locations",):
            raise MissingVariableError(f"{path}: no {name}(locations) variable")
    units = str(slc.attrs.get("units", ""))
    if units not in TO_METRES:
        raise UnitsError(f"{path}: sea_level_change has units {units!r}; expected mm or m")
    have_q = np.asarray(ds["quantiles"].values, dtype=float)
    missing = [q for q in quantiles if not np.isclose(have_q, q).any()]
    if missing:
        raise MissingVariableError(f"{path}: quantiles {missing} are absent (the file has "
                                   f"{have_q.min():g} to {have_q.max():g}, {have_q.size} values)")
    years = np.asarray(ds["years"].values, dtype=float)
    if np.unique(years).size != years.size or not np.isfinite(years).all():
        raise GridFileError(f"{path}: the years axis repeats a year or holds a missing one "
                            f"({', '.join(f'{y:g}' for y in years[:12])}); check the file")
    order = np.argsort(years)  # newest-first files are sorted: each value keeps its year
    qpick = [int(np.flatnonzero(np.isclose(have_q, q))[0]) for q in quantiles]
    values = np.asarray(slc.transpose(*DIMS).values, dtype=float)[qpick][:, order]
    values[np.isin(values, SENTINELS) | (np.abs(values) >= 9.9e36)] = np.nan
    values *= TO_METRES[units]
    years = years[order].astype(int)
    check_values(values, path, "sea_level_change", PHYSICAL_M, "m")
    lat = np.asarray(ds["lat"].values, dtype=float)
    lon = np.asarray(ds["lon"].values, dtype=float)
    lon = np.where(lon >= 180.0, lon - 360.0, lon)
    ids = _ids(ds, lat.size)
    lat0, lat1, lon0, lon1 = region
    inside = (lat >= lat0) & (lat <= lat1) & (lon >= lon0) & (lon <= lon1) & np.isfinite(lat)
    if not inside.any():
        raise NoOverlapError(f"{path}: none of its {lat.size} locations lies in lat {lat0:g} "
                             f"to {lat1:g}, lon {lon0:g} to {lon1:g}")
    values, years, inside, skipped = _filled(values, years, inside, path)
    yearly = np.apply_along_axis(lambda v: np.interp(np.arange(years.min(), years.max() + 1),
                                                     years, v), 1, values[:, :, inside])
    annual = np.arange(years.min(), years.max() + 1)
    gauge = ids[inside] < GAUGE_IDS_BELOW
    glat = _axis(lat[inside], resolution)
    glon = _axis(lon[inside], resolution)
    mesh = np.column_stack([m.ravel() for m in np.meshgrid(glat, glon, indexing="ij")])
    points = np.column_stack([lat[inside], lon[inside]])
    dist, nearest = cKDTree(points).query(mesh)
    from_gauge = np.zeros(dist.size, dtype=bool)
    if gauge.any():
        gdist, gnear = cKDTree(points[gauge]).query(mesh)
        from_gauge = gdist <= gauge_reach
        nearest = np.where(from_gauge, np.flatnonzero(gauge)[gnear], nearest)
    field = yearly[:, :, nearest]
    field[:, :, (dist > reach) & ~from_gauge] = np.nan  # inland: no AR6 location near enough
    field = field.reshape(len(quantiles), annual.size, glat.size, glon.size)
    da = xr.DataArray(field.transpose(1, 0, 2, 3)[None].astype(np.float32),
                      dims=("scenario", "year", "quantile", "lat", "lon"),
                      coords={"scenario": [scenario], "year": annual.astype(np.int32),
                              "quantile": list(quantiles), "lat": glat, "lon": glon})
    used = f"{int(gauge.sum())} tide gauges and {int((~gauge).sum())} grid boxes"
    da.attrs = cf_attrs("sea_level_change", "verified", f"IPCC AR6 sea-level projections: "
                        f"{Path(path).name}", climrisk_baseline_period="1995-2014",
                        climrisk_note="nearest tide gauge within "
                        f"{gauge_reach:g} degree(s), else nearest AR6 location; years "
                        "interpolated linearly; no extra land subsidence added",
                        climrisk_locations=used + (f"; {skipped}" if skipped else ""),
                        coverage=f"cells within {reach:g} degree(s) of an AR6 location (tide "
                        "gauge or coastal grid box); inland cells hold no value")
    out = set_coordinate_attrs(xr.Dataset({"sea_level_change": da}))
    out.attrs = global_attrs(
        title=f"IPCC AR6 relative sea-level change, {scenario}",
        source=f"IPCC AR6 sea-level projections (FACTS), file {Path(path).name}",
        references="Fox-Kemper et al. 2021, IPCC AR6 WG1 Ch. 9; Garner et al. 2021, "
        "IPCC AR6 Sea Level Projections, doi:10.5281/zenodo.5914709",
        comment="Relative to 1995-2014.",
    )
    out.attrs["climrisk_baseline_period"] = "1995-2014"
    append_history(out, f"imported {Path(path).name} for {scenario}: {used}, "
                   f"{int(from_gauge.sum())} of {from_gauge.size} cells from a gauge"
                   + (f"; {skipped}" if skipped else "") + f"; {resolution:g}-degree grid")
    return check_grid(out)


def _filled(values: np.ndarray, years: np.ndarray, inside: np.ndarray,
            path: Path | str) -> tuple[np.ndarray, np.ndarray, np.ndarray, str]:
    """Drop end years no location in the region holds, then skip incomplete locations.

    AR6 files end some projections earlier than others (fill values after 2100 or 2150);
    such years are cut at the ends. A year missing between held years, or a location with
    a fill value in a kept year, is not interpolated over: the location is skipped.
    """
    held = np.isfinite(values[:, :, inside]).any(axis=(0, 2))
    if not held.any():
        raise NoOverlapError(f"{path}: every location in the region holds only fill values")
    first, last = np.flatnonzero(held)[[0, -1]]
    notes = []
    if first > 0 or last < years.size - 1:
        cut = [int(y) for y in np.r_[years[:first], years[last + 1:]]]
        notes.append(f"years {', '.join(map(str, cut))} left out (fill values everywhere)")
    values, years = values[:, first:last + 1], years[first:last + 1]
    complete = np.isfinite(values).all(axis=(0, 1))
    skipped = inside & ~complete
    if skipped.any():
        notes.append(f"{int(skipped.sum())} location(s) skipped for fill values")
    inside = inside & complete
    if not inside.any():
        raise NoOverlapError(f"{path}: no location in the region holds values for every year "
                             f"{years.min()}-{years.max()} and quantile asked for; pick other "
                             "quantiles or another file")
    note = "; ".join(notes)
    if note:
        warn_input(Problem(str(path), None, None, "sea_level_change", note))
    return values, years, inside, note


def _ids(ds: xr.Dataset, size: int) -> np.ndarray:
    """Location ids as numbers; NaN (no gauge known) where a file has none or not numeric."""
    try:
        return np.asarray(ds["locations"].values, dtype=float)
    except (KeyError, TypeError, ValueError):
        return np.full(size, np.nan)


def _axis(values: np.ndarray, resolution: float) -> np.ndarray:
    lo = np.floor(values.min() / resolution) * resolution
    hi = np.ceil(values.max() / resolution) * resolution
    return np.round(np.arange(lo, hi + resolution / 2, resolution), 6)
