"""IPCC AR6 sea-level projection netCDF → ``sea_level_change`` on a regular grid.

The AR6 files (FACTS output, as distributed with the NASA tool) hold ``sea_level_change``
in mm over ``quantiles x years x locations`` with ``lat``/``lon`` per location, relative to
1995-2014. Locations inside the region are placed on a regular grid by nearest location
(an AR6 1-degree grid file maps one-to-one; tide-gauge files give Voronoi cells), quantiles
are picked and decadal years interpolated linearly to annual values.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import xarray as xr
from scipy.spatial import cKDTree

from climrisk.grids.errors import GridFileError, MissingVariableError, NoOverlapError, UnitsError
from climrisk.grids.importers.inputs import CHINA, open_netcdf, require
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


def import_ar6_sea_level(
    path: Path | str,
    scenario: str,
    *,
    quantiles: Sequence[float] = QUANTILES,
    resolution: float = 1.0,
    region: tuple[float, float, float, float] = CHINA,
    reach: float = 1.0,
) -> xr.Dataset:
    """A relative sea-level grid for one scenario from one AR6 projection file.

    A cell takes the nearest AR6 location within ``reach`` degrees; cells farther from every
    location (inland) stay empty, so sea level covers only the coast. Locations whose values
    are fill values (NaN after decoding) are skipped.
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
    lat = np.asarray(ds["lat"].values, dtype=float)
    lon = np.asarray(ds["lon"].values, dtype=float)
    lon = np.where(lon >= 180.0, lon - 360.0, lon)
    lat0, lat1, lon0, lon1 = region
    filled = np.isfinite(np.asarray(slc.transpose(*DIMS).values, dtype=float)).all(axis=(0, 1))
    inside = (lat >= lat0) & (lat <= lat1) & (lon >= lon0) & (lon <= lon1) & np.isfinite(lat)
    inside &= filled
    if not inside.any():
        raise NoOverlapError(f"{path}: none of its {lat.size} locations lies in lat {lat0:g} "
                             f"to {lat1:g}, lon {lon0:g} to {lon1:g}")
    picked = slc.transpose(*DIMS).isel(locations=np.flatnonzero(inside))
    picked = picked.sel(quantiles=[have_q[np.isclose(have_q, q)][0] for q in quantiles])
    values = np.asarray(picked.values, dtype=float) * TO_METRES[units]
    years = np.asarray(ds["years"].values, dtype=int)
    annual = np.arange(years.min(), years.max() + 1)
    yearly = np.apply_along_axis(lambda v: np.interp(annual, years, v), 1, values)
    glat = _axis(lat[inside], resolution)
    glon = _axis(lon[inside], resolution)
    tree = cKDTree(np.column_stack([lat[inside], lon[inside]]))
    mesh_lat, mesh_lon = np.meshgrid(glat, glon, indexing="ij")
    dist, nearest = tree.query(np.column_stack([mesh_lat.ravel(), mesh_lon.ravel()]))
    field = yearly[:, :, nearest]
    field[:, :, dist > reach] = np.nan  # inland: no AR6 location near enough
    field = field.reshape(len(quantiles), annual.size, glat.size, glon.size)
    da = xr.DataArray(field.transpose(1, 0, 2, 3)[None].astype(np.float32),
                      dims=("scenario", "year", "quantile", "lat", "lon"),
                      coords={"scenario": [scenario], "year": annual.astype(np.int32),
                              "quantile": list(quantiles), "lat": glat, "lon": glon})
    da.attrs = cf_attrs("sea_level_change", "verified", f"IPCC AR6 sea-level projections: "
                        f"{Path(path).name}", climrisk_baseline_period="1995-2014",
                        climrisk_note="nearest AR6 location per cell; years interpolated "
                        "linearly; no extra land subsidence added",
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
    append_history(out, f"imported {Path(path).name} for {scenario}: {int(inside.sum())} "
                   f"locations, {resolution:g}-degree grid")
    return check_grid(out)


def _axis(values: np.ndarray, resolution: float) -> np.ndarray:
    lo = np.floor(values.min() / resolution) * resolution
    hi = np.ceil(values.max() / resolution) * resolution
    return np.round(np.arange(lo, hi + resolution / 2, resolution), 6)
