"""Shared checks for input files: opening safely, finding coordinates, the target region."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import xarray as xr

from climrisk.budgets import GRID_CELLS
from climrisk.grids.errors import (
    CalendarError,
    GridFileError,
    MissingVariableError,
    NoOverlapError,
)

# Mainland China and Hong Kong, the default grid's extent: (lat_min, lat_max, lon_min, lon_max).
CHINA = (18.0, 54.0, 73.0, 135.0)
LAT_NAMES = ("lat", "latitude", "y")
LON_NAMES = ("lon", "longitude", "x")


def input_file(path: Path | str) -> Path:
    """``path`` when it is a regular file; a link or a special file is refused by name.

    The target of a link is never opened, so an import in CI cannot be made to read (and
    print parts of) a file outside the inputs it was given.
    """
    source = Path(path)
    if source.is_symlink():
        raise GridFileError(f"{source}: is a symbolic link; climrisk imports only regular "
                            "files and does not follow links. Give the file itself")
    if not source.exists():
        raise GridFileError(f"{source}: no such file")
    if not source.is_file():
        raise GridFileError(f"{source}: is not a regular file (a folder, device or pipe); "
                            "give the data file itself")
    return source


def check_declared_cells(cells: int, path: Path | str) -> None:
    """Refuse an input that declares more values than an import may read into memory.

    Declared sizes cost nothing to read, so a tiny file claiming 10^9 cells is refused in
    milliseconds instead of allocating gigabytes.
    """
    if cells > GRID_CELLS.value():
        raise GridFileError(f"{path}: " + GRID_CELLS.refusal(cells, "the data it declares")
                            + ", or crop the file to the region first")


def open_netcdf(path: Path | str, *, decode_times: bool = True) -> xr.Dataset:
    """Open a netCDF file, turning every read failure into ``GridFileError``.

    Declared sizes are checked against the import budget before any value is read.
    """
    source = input_file(path)
    coder = xr.coders.CFDatetimeCoder(use_cftime=True) if decode_times else False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ds = xr.open_dataset(source, decode_times=coder)
            check_declared_cells(sum(int(v.size) for v in ds.variables.values()), source)
            return ds.load()
    except GridFileError:
        raise
    except ValueError as exc:
        if "decode time" in str(exc):
            raise CalendarError(f"{source}: the time axis could not be decoded: {exc}") from None
        raise GridFileError(f"{source}: not a readable netCDF file ({exc})") from None
    except Exception as exc:  # any reader failure means an unreadable file
        raise GridFileError(f"{source}: not a readable netCDF file ({type(exc).__name__}: "
                            f"{exc})") from None


def require(ds: xr.Dataset, name: str, path: Path | str) -> xr.DataArray:
    """The variable ``name`` or a ``MissingVariableError`` listing what the file has."""
    if name not in ds.data_vars:
        have = ", ".join(sorted(map(str, ds.data_vars))) or "none"
        raise MissingVariableError(f"{path}: no variable {name!r} (the file has: {have})")
    return ds[name]


def standard_lat_lon(obj: xr.Dataset, path: Path | str) -> xr.Dataset:
    """Rename lat/lon, put longitudes in -180..180 and sort both axes ascending."""
    renames = {}
    for want, names in (("lat", LAT_NAMES), ("lon", LON_NAMES)):
        found = next((n for n in names if n in obj.coords or n in obj.dims), None)
        if found is None:
            raise MissingVariableError(f"{path}: no {want} coordinate (looked for "
                                       f"{', '.join(names)})")
        if obj[found].ndim == 0:  # a one-point extraction: a grid of one cell
            obj = obj.expand_dims(found)
        if obj[found].ndim != 1:
            raise GridFileError(f"{path}: {found} is {obj[found].ndim}-D; only regular "
                                "lat/lon grids are supported, regrid the file first")
        if found != want:
            renames[found] = want
    out = obj.rename(renames)
    lon = np.asarray(out["lon"].values, dtype=float)
    out = out.assign_coords(lon=np.where(lon >= 180.0, lon - 360.0, lon))
    return out.sortby("lat").sortby("lon")


def subset(obj: xr.Dataset, region: tuple[float, float, float, float],
           path: Path | str) -> xr.Dataset:
    """The part of ``obj`` inside ``region``; ``NoOverlapError`` when nothing is."""
    lat0, lat1, lon0, lon1 = region
    out = obj.sel(lat=slice(lat0, lat1), lon=slice(lon0, lon1))
    if out.sizes["lat"] == 0 or out.sizes["lon"] == 0:
        raise NoOverlapError(
            f"{path}: no overlap with the region lat {lat0:g} to {lat1:g}, lon {lon0:g} to "
            f"{lon1:g}; the file covers lat {float(obj.lat.min()):g} to "
            f"{float(obj.lat.max()):g}, lon {float(obj.lon.min()):g} to "
            f"{float(obj.lon.max()):g}")
    return out


def squeeze_singletons(var: xr.DataArray, keep: tuple[str, ...],
                       path: Path | str) -> tuple[xr.DataArray, dict[str, str]]:
    """``var`` without its length-1 dimensions besides ``keep``, and their coordinate values.

    Downloads often carry a length-1 ``height``, ``member`` or ``realization`` dimension;
    dropping it loses nothing. A longer extra dimension would be averaged or mixed by
    accident, so it is refused.
    """
    dropped: dict[str, str] = {}
    for dim in [d for d in var.dims if d not in keep]:
        size = var.sizes[dim]
        if size != 1:
            raise GridFileError(
                f"{path}: {var.name} has a dimension {dim!r} of length {size} besides "
                f"{', '.join(d for d in var.dims if d in keep)}; select one {dim} first (for "
                f"example xarray's .isel({dim}=0)) or import each {dim} separately")
        if dim in var.coords:
            dropped[str(dim)] = str(np.asarray(var[dim].values).ravel()[0])
        var = var.isel({dim: 0}, drop=True)
    return var, dropped


def check_values(values: np.ndarray, path: Path | str, name: str,
                 valid: tuple[float, float], unit: str) -> None:
    """Refuse a field with no value at all, or with values no physical field can hold.

    An all-missing field would import as a grid of NaN that silently scores nothing; an
    out-of-range value is almost always an undeclared fill value (1e20, -9999).
    """
    finite = np.isfinite(values)
    if not finite.any():
        raise GridFileError(f"{path}: every value of {name} is missing (NaN or a declared "
                            "fill value); the file holds no data: download it again or pick "
                            "another file")
    lo, hi = float(np.min(values, where=finite, initial=np.inf)), float(
        np.max(values, where=finite, initial=-np.inf))
    if lo < valid[0] or hi > valid[1]:
        bad = lo if lo < valid[0] else hi
        raise GridFileError(
            f"{path}: {name} holds {bad:g} {unit}, outside the physical range {valid[0]:g} to "
            f"{valid[1]:g} {unit}; if it marks missing data, declare it as the variable's "
            "_FillValue (or missing_value) attribute, otherwise check the file")
