"""Return-period hazard maps (NetCDF or GeoTIFF) → e.g. ``flood_depth(return_period, lat, lon)``.

A NetCDF map carries the variable with a ``return_period`` dimension. GeoTIFF maps come one
file per return period, in geographic coordinates (EPSG:4326); the grid is read from the
ModelPixelScale and ModelTiepoint tags, and GDAL's NoData tag becomes NaN.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import tifffile
import xarray as xr

from climrisk.grids.errors import GridFileError, MissingVariableError, UnitsError
from climrisk.grids.importers.inputs import (
    CHINA,
    LAT_NAMES,
    LON_NAMES,
    check_declared_cells,
    input_file,
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

TO_METRES = {"m": 1.0, "meter": 1.0, "metre": 1.0, "meters": 1.0, "cm": 0.01, "mm": 0.001}
PIXEL_SCALE, TIEPOINT, GEOKEYS, NODATA = 33550, 33922, 34735, 42113
MODEL_TYPE_KEY, RASTER_TYPE_KEY, GEOGRAPHIC_TYPE_KEY = 1024, 1025, 2048
MODEL_TYPE_GEOGRAPHIC, RASTER_PIXEL_IS_POINT, WGS84 = 2, 2, 4326


def _geotiff(path: Path) -> xr.DataArray:
    """One GeoTIFF band as a DataArray on lat/lon pixel centres."""
    path = input_file(path)
    try:
        with tifffile.TiffFile(path) as tif:
            page = tif.pages[0]
            check_declared_cells(int(np.prod(page.shape)), path)
            data = page.asarray().astype(np.float64)
            tags = {t.code: t.value for t in page.tags.values()}
    except GridFileError:
        raise
    except Exception as exc:  # any reader failure means an unreadable file
        raise GridFileError(f"{path}: not a readable GeoTIFF ({type(exc).__name__}: "
                            f"{exc})") from None
    if PIXEL_SCALE not in tags or TIEPOINT not in tags:
        raise GridFileError(f"{path}: no ModelPixelScale/ModelTiepoint tags, so the map is "
                            "not georeferenced")
    keys = _geokeys(tags.get(GEOKEYS))
    if keys.get(MODEL_TYPE_KEY, MODEL_TYPE_GEOGRAPHIC) != MODEL_TYPE_GEOGRAPHIC or keys.get(
            GEOGRAPHIC_TYPE_KEY, WGS84) != WGS84:
        raise UnitsError(f"{path}: the map is not in geographic WGS84 coordinates "
                         "(EPSG:4326); reproject it first")
    if data.ndim != 2:
        raise GridFileError(f"{path}: expected one band, found shape {data.shape}")
    sx, sy = float(tags[PIXEL_SCALE][0]), float(tags[PIXEL_SCALE][1])
    i, j, _, x, y, _ = (float(v) for v in tags[TIEPOINT][:6])
    if not (0 < sx <= 360 and 0 < sy <= 180 and all(map(np.isfinite, (i, j, x, y)))):
        raise GridFileError(f"{path}: the georeferencing tags are not a usable grid (pixel "
                            f"size {sx:g} x {sy:g} degrees, tie point {x:g}, {y:g}); check "
                            "that the map is in degrees (EPSG:4326)")
    centre = 0.0 if keys.get(RASTER_TYPE_KEY) == RASTER_PIXEL_IS_POINT else 0.5
    rows, cols = data.shape
    lon = x + (np.arange(cols) + centre - i) * sx
    lat = y - (np.arange(rows) + centre - j) * sy
    if not (np.isfinite(lon).all() and np.isfinite(lat).all()) or lat.min() < -90.01 \
            or lat.max() > 90.01:
        raise GridFileError(f"{path}: the georeferencing puts the map outside the globe; "
                            "check the ModelTiepoint and ModelPixelScale tags")
    if NODATA in tags:
        text = str(tags[NODATA]).strip("\x00 ")
        try:
            nodata = float(text)
        except ValueError:
            raise GridFileError(f"{path}: the GDAL NoData tag is {text!r}, not a number; "
                                "rewrite the file with a numeric NoData value (e.g. "
                                "gdal_translate -a_nodata -9999)") from None
        if not np.isnan(nodata):
            data[data == nodata] = np.nan
    return xr.DataArray(data, dims=("lat", "lon"),
                        coords={"lat": np.round(lat, 9), "lon": np.round(lon, 9)})


def _physical(values: np.ndarray, variable: str, files: Sequence[Path]) -> None:
    """Refuse infinite and negative hazard values: a depth (or speed) is finite and >= 0."""
    where = ", ".join(map(str, files))
    infinite = int(np.isinf(values).sum())
    if infinite:
        raise GridFileError(f"{where}: {variable} has {infinite} infinite value(s); mark "
                            "missing cells with the NoData value instead")
    negative = int((values < 0).sum())
    if negative:
        raise GridFileError(f"{where}: {variable} has {negative} negative value(s) (lowest "
                            f"{np.nanmin(values):g}); a hazard map holds depths of 0 or more. "
                            "Set the NoData tag if these mark missing cells")


def _return_periods(values: Sequence[float] | np.ndarray, where: str) -> np.ndarray:
    """Return periods as floats, each finite, at least one year, and none repeated."""
    periods = np.asarray(values, dtype=float)
    bad = [f"{v:g}" for v in periods if not np.isfinite(v) or v < 1]
    if bad:
        raise GridFileError(f"{where}: return period(s) {', '.join(bad)} are not possible; a "
                            "return period is a number of years, 1 or more")
    repeated = sorted({f"{v:g}" for v in periods if (periods == v).sum() > 1})
    if repeated:
        raise GridFileError(f"{where}: return period(s) {', '.join(repeated)} given twice; give "
                            "each map its own return period")
    return periods


def _geokeys(raw: object) -> dict[int, int]:
    if raw is None:
        return {}
    values = [int(v) for v in raw]  # type: ignore[attr-defined]
    n = values[3]
    entries = values[4: 4 + 4 * n]
    return {entries[k]: entries[k + 3] for k in range(0, len(entries), 4) if entries[k + 1] == 0}


def import_hazard_map(
    paths: Sequence[Path | str],
    *,
    return_periods: Sequence[float] | None = None,
    variable: str = "flood_depth",
    units: str = "m",
    region: tuple[float, float, float, float] = CHINA,
) -> xr.Dataset:
    """A hazard grid with a ``return_period`` dimension from NetCDF or GeoTIFF maps."""
    files = [Path(p) for p in paths]
    if not files:
        raise MissingVariableError("no hazard map files given")
    if all(f.suffix.lower() in (".tif", ".tiff") for f in files):
        if return_periods is None or len(return_periods) != len(files):
            raise MissingVariableError("GeoTIFF maps need one --return-period per file "
                                       f"({len(files)} file(s) given)")
        if units not in TO_METRES:
            raise UnitsError(f"unknown units {units!r}; use one of {', '.join(TO_METRES)}")
        bands = [_geotiff(f) * TO_METRES[units] for f in files]
        try:
            da = xr.concat(bands, dim="return_period", join="exact")
        except ValueError:
            raise GridFileError("the GeoTIFF maps do not share one grid") from None
        da = da.assign_coords(return_period=_return_periods(return_periods, "--return-period"))
        unit_note = units
    elif len(files) == 1:
        ds = open_netcdf(files[0], decode_times=False)
        da = require(ds, variable, files[0])
        da, _ = squeeze_singletons(da, ("return_period", *LAT_NAMES, *LON_NAMES), files[0])
        if "return_period" not in da.dims:
            raise MissingVariableError(f"{files[0]}: {variable} has dims {da.dims}; it needs a "
                                       "return_period dimension")
        _return_periods(da["return_period"].values, f"{files[0]}: return_period")
        unit_note = str(da.attrs.get("units", ""))
        if unit_note not in TO_METRES:
            raise UnitsError(f"{files[0]}: {variable} has units {unit_note!r}; expected one of "
                             f"{', '.join(TO_METRES)}")
        da = (da * TO_METRES[unit_note]).astype(np.float64)
    else:
        raise GridFileError("give either one NetCDF map or one GeoTIFF per return period")
    ds = standard_lat_lon(da.rename(variable).to_dataset(), files[0])
    ds = subset(ds, region, ", ".join(map(str, files)))
    ds = ds.sortby("return_period")
    _physical(ds[variable].values, variable, files)
    if not bool(np.isfinite(ds[variable].values).any()):
        raise GridFileError(f"{', '.join(map(str, files))}: {variable} has no value inside the "
                            "region (all missing or NoData); check the NoData value and the "
                            "region the maps cover")
    out = ds[variable].astype(np.float32)
    out.attrs = cf_attrs(variable, "verified", "hazard map(s): " + ", ".join(
        f.name for f in files), climrisk_source_units=unit_note)
    result = set_coordinate_attrs(xr.Dataset({variable: out}))
    result.attrs = global_attrs(
        title=f"{variable} by return period", source="hazard maps: " + ", ".join(
            f.name for f in files),
        references="see the hazard map provider's documentation",
        comment="Depths by return period as supplied; no climate scaling applied.",
    )
    append_history(result, f"imported {len(files)} hazard map file(s) as {variable}")
    return check_grid(result)
