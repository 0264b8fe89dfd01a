"""Point sampling: the grid's values at asset sites, over every other dimension at once.

``sample`` replaces ``lat``/``lon`` by a ``site`` dimension. In-memory grids are sampled by
gathering the four neighbouring cells of every site with all other dimensions contiguous
(one memory row per cell), in blocks on two threads; lazily opened (dask) grids go through
xarray's vectorised indexing so only the chunks holding sites are read.
"""

from __future__ import annotations

from collections.abc import Sequence
import weakref
from concurrent.futures import ThreadPoolExecutor
from typing import Literal, TypeVar

import numpy as np
import xarray as xr
from numpy.typing import ArrayLike, NDArray

from climrisk.grids.errors import GridExtentError

Obj = TypeVar("Obj", xr.Dataset, xr.DataArray)
Method = Literal["bilinear", "nearest"]

BLOCK = 8_192
THREADS = 2
MAX_LISTED = 20
TOLERANCE = 1e-9


class _Axis:
    """Neighbour indices and weights of points along one (ascending or descending) axis."""

    def __init__(self, coord: NDArray[np.float64], x: NDArray[np.float64]) -> None:
        n = coord.size
        descending = n > 1 and coord[0] > coord[-1]
        c = coord[::-1] if descending else coord
        if n == 1:
            lo = np.zeros(x.size, dtype=np.intp)
            self.lo, self.hi, self.w = lo, lo, np.zeros(x.size, dtype=np.float32)
            return
        step = np.diff(c)
        if np.allclose(step, step[0], rtol=1e-6, atol=0.0):
            # Regular axis (the usual case): index arithmetic instead of a binary search.
            pos = (x - c[0]) / step[0]
            lo = np.clip(np.floor(pos).astype(np.intp), 0, n - 2)
            w = np.clip(pos - lo, 0.0, 1.0)
        else:
            lo = np.clip(np.searchsorted(c, x, side="right") - 1, 0, n - 2)
            w = np.clip((x - c[lo]) / (c[lo + 1] - c[lo]), 0.0, 1.0)
        hi = lo + 1
        if descending:
            lo, hi = n - 1 - lo, n - 1 - hi
        self.lo, self.hi, self.w = lo.astype(np.intp), hi.astype(np.intp), w.astype(np.float32)

    def nearest(self) -> NDArray[np.intp]:
        return np.where(self.w < 0.5, self.lo, self.hi)

    def left(self) -> tuple[NDArray[np.intp], NDArray[np.float32]]:
        """The lower-index neighbour of each point and the weight of the higher one."""
        swap = self.hi < self.lo
        return np.where(swap, self.hi, self.lo), np.where(swap, 1 - self.w, self.w)


def _normalise_lon(grid_lon: NDArray[np.float64], lon: NDArray[np.float64]) -> NDArray[np.float64]:
    """Express site longitudes in the grid's convention (0-360 or -180-180)."""
    if grid_lon.max() > 180.0:
        return np.mod(lon, 360.0)
    return np.mod(lon + 180.0, 360.0) - 180.0


def _check_extent(grid_lat: NDArray[np.float64], grid_lon: NDArray[np.float64],
                  lat: NDArray[np.float64], lon: NDArray[np.float64],
                  names: Sequence[object]) -> None:
    lat_min, lat_max = float(grid_lat.min()), float(grid_lat.max())
    lon_min, lon_max = float(grid_lon.min()), float(grid_lon.max())
    bad = ~((lat >= lat_min - TOLERANCE) & (lat <= lat_max + TOLERANCE)
            & (lon >= lon_min - TOLERANCE) & (lon <= lon_max + TOLERANCE))
    bad |= ~(np.isfinite(lat) & np.isfinite(lon))
    if not bad.any():
        return
    where = np.flatnonzero(bad)
    listed = [f"{names[i]} ({lat[i]:.4f} N, {lon[i]:.4f} E)" for i in where[:MAX_LISTED]]
    more = f" and {where.size - MAX_LISTED} more" if where.size > MAX_LISTED else ""
    raise GridExtentError(
        f"{where.size} site(s) outside the grid extent lat {lat_min:g} to {lat_max:g}, "
        f"lon {lon_min:g} to {lon_max:g}: " + "; ".join(listed) + more)


def _cell_table(var: xr.DataArray, other: list[str]) -> NDArray[np.float32]:
    """The variable as (cell, layer) rows, cached while the variable's data is alive.

    Sites are random in space, so each neighbour is one random memory access of a whole
    row of layers; building the table costs one copy, which repeated sampling reuses.
    """
    data = var.data
    key = (id(data), tuple(var.dims))
    hit = _TABLES.get(key)
    if hit is not None:
        return hit
    arr = np.asarray(var.transpose("lat", "lon", *other).values, dtype=np.float32)
    ny, nx = arr.shape[:2]
    table = np.ascontiguousarray(arr.reshape(ny * nx, -1))
    _TABLES[key] = table
    weakref.finalize(data, _TABLES.pop, key, None)
    return table


_TABLES: dict[tuple[int, tuple[object, ...]], NDArray[np.float32]] = {}


def _gather(table: NDArray[np.float32], nx: int, lat: _Axis, lon: _Axis,
            method: Method) -> NDArray[np.float32]:
    """Interpolated rows for every site, block by block on threads.

    Bilinear sampling reads the two longitude neighbours of a site as one contiguous pair
    of rows, so each site costs two random memory accesses instead of four.
    """
    n, layers = lat.lo.size, table.shape[1]
    row = 4 * layers
    out = np.empty((n, layers), dtype=np.float32)
    cells = table.view(np.dtype((np.void, row))).reshape(-1)
    paired = nx > 1 and method == "bilinear"
    pairs = np.ndarray(shape=(max(cells.size - 1, 0),), dtype=np.dtype((np.void, 2 * row)),
                       buffer=table, strides=(row,)) if paired else cells
    left, wx = lon.left()

    def block(start: int) -> None:
        stop = min(start + BLOCK, n)
        acc = out[start:stop]
        if method == "nearest":
            idx = lat.nearest()[start:stop] * nx + lon.nearest()[start:stop]
            acc[:] = cells[idx].view(np.float32).reshape(stop - start, layers)
            return
        ax = wx[start:stop, None]
        m = stop - start
        for k, (iy, wy) in enumerate(((lat.lo, 1 - lat.w), (lat.hi, lat.w))):
            base = iy[start:stop] * nx + left[start:stop]
            if paired:
                two = pairs[base].view(np.float32).reshape(m, 2 * layers)
                a, b = two[:, :layers], two[:, layers:]
                np.subtract(b, a, out=b)
                b *= ax
                b += a
            else:
                b = cells[base].view(np.float32).reshape(m, layers)
            b *= wy[start:stop, None]
            if k == 0:
                acc[:] = b
            else:
                acc += b

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(block, range(0, n, BLOCK)))
    return out


def _sample_numpy(var: xr.DataArray, lat: _Axis, lon: _Axis, method: Method) -> xr.DataArray:
    other = [str(d) for d in var.dims if d not in ("lat", "lon")]
    table = _cell_table(var, other)
    out = _gather(table, var.sizes["lon"], lat, lon, method)
    shape = (out.shape[0], *(var.sizes[d] for d in other))
    da = xr.DataArray(out.reshape(shape), dims=("site", *other),
                      coords={d: var.coords[d] for d in other if d in var.coords},
                      attrs=var.attrs)
    return da.transpose(*other, "site")


def _sample_lazy(var: xr.DataArray, lat: _Axis, lon: _Axis, method: Method) -> xr.DataArray:
    """Read only the 2 x 2 cell window around each distinct site cell, then interpolate."""
    import dask.array as dsa

    other = [str(d) for d in var.dims if d not in ("lat", "lon")]
    arr = var.transpose(*other, "lat", "lon").data
    if method == "nearest":
        y0, x0, wy, wx, height, width = lat.nearest(), lon.nearest(), None, None, 1, 1
    else:
        (y0, wy), (x0, wx) = lat.left(), lon.left()
        height, width = min(2, var.sizes["lat"]), min(2, var.sizes["lon"])
    cells, which = np.unique(np.column_stack([y0, x0]), axis=0, return_inverse=True)
    windows = dsa.stack([arr[..., y:y + height, x:x + width] for y, x in cells])
    block = np.asarray(windows.compute(), dtype=np.float32)[which.ravel()]
    if method == "nearest":
        values = block[..., 0, 0]
    else:
        shape = (-1,) + (1,) * len(other)
        fy = np.asarray(wy, dtype=np.float32).reshape(*shape, 1)
        fx = np.asarray(wx, dtype=np.float32).reshape(shape)
        top, bottom = block[..., 0, :], block[..., height - 1, :]
        row = top + (bottom - top) * fy
        values = row[..., 0] + (row[..., width - 1] - row[..., 0]) * fx
    da = xr.DataArray(values, dims=("site", *other),
                      coords={d: var.coords[d] for d in other if d in var.coords},
                      attrs=var.attrs)
    return da.transpose(*other, "site")


def sample(obj: Obj, lat: ArrayLike, lon: ArrayLike, method: Method = "bilinear",
           names: Sequence[object] | None = None) -> Obj:
    """Values of ``obj`` at the sites ``(lat, lon)``; ``lat``/``lon`` become ``site``.

    Raises ``GridExtentError`` naming every site outside the grid. Longitudes may be given
    in either convention; descending grid latitudes are handled.
    """
    if method not in ("bilinear", "nearest"):
        raise ValueError(f"method must be 'bilinear' or 'nearest', not {method!r}")
    plat = np.atleast_1d(np.asarray(lat, dtype=float))
    plon = np.atleast_1d(np.asarray(lon, dtype=float))
    if plat.shape != plon.shape or plat.ndim != 1:
        raise ValueError("lat and lon must be 1-D and of equal length")
    site = list(names) if names is not None else np.arange(plat.size)
    if len(site) != plat.size:
        raise ValueError("names must have one entry per site")
    ds = obj.to_dataset(name=obj.name or "value") if isinstance(obj, xr.DataArray) else obj
    grid_lat = np.asarray(ds["lat"].values, dtype=float)
    grid_lon = np.asarray(ds["lon"].values, dtype=float)
    plon = _normalise_lon(grid_lon, plon)
    _check_extent(grid_lat, grid_lon, plat, plon, site)
    ax_lat, ax_lon = _Axis(grid_lat, plat), _Axis(grid_lon, plon)
    out_vars: dict[str, xr.DataArray] = {}
    for name, var in ds.data_vars.items():
        if "lat" in var.dims and "lon" in var.dims:
            lazy = var.chunks is not None
            fn = _sample_lazy if lazy else _sample_numpy
            out_vars[str(name)] = fn(var, ax_lat, ax_lon, method)
        else:
            out_vars[str(name)] = var
    keep = {k: v for k, v in ds.coords.items()
            if k not in ("lat", "lon") and not {"lat", "lon"} & set(v.dims)}
    result = xr.Dataset(out_vars, coords=keep, attrs=ds.attrs).assign_coords(
        site=("site", site), lat=("site", plat), lon=("site", plon))
    result["lat"].attrs.update(ds["lat"].attrs)
    result["lon"].attrs.update(ds["lon"].attrs)
    if isinstance(obj, xr.DataArray):
        da = result[obj.name or "value"]
        return da.rename(obj.name)
    return result
