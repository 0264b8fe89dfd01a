"""Fast bilinear look-up of many points on a regular lat/lon grid.

The engine samples gridded hazard maps at up to millions of assets. Points are processed in
blocks sorted by grid row, so the four corner gathers stay in cache, and blocks run on a
thread pool (numpy releases the GIL in the gathers and arithmetic).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

BLOCK = 16384


@dataclass(frozen=True)
class RegularGrid:
    """Cell-centre axes of a regular grid; either axis may run in either direction."""

    lat: np.ndarray
    lon: np.ndarray

    def __post_init__(self) -> None:
        for name in ("lat", "lon"):
            axis = np.asarray(getattr(self, name), dtype=float)
            steps = np.diff(axis)
            if axis.size < 2 or not np.allclose(steps, steps[0], rtol=1e-6, atol=1e-9):
                raise ValueError(f"{name} axis must be regular with at least two cells")
            object.__setattr__(self, name, axis)

    def outside(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """Mask of points beyond the outermost cell centres (bilinear needs four neighbours)."""
        la0, la1 = sorted((self.lat[0], self.lat[-1]))
        lo0, lo1 = sorted((self.lon[0], self.lon[-1]))
        return (lat < la0) | (lat > la1) | (lon < lo0) | (lon > lo1)

    def weights(self, lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, ...]:
        """Row, column of the upper-left corner and the fractional offsets (ty, tx)."""
        fy = (np.asarray(lat, float) - self.lat[0]) / (self.lat[1] - self.lat[0])
        fx = (np.asarray(lon, float) - self.lon[0]) / (self.lon[1] - self.lon[0])
        i0 = np.clip(np.floor(fy).astype(np.intp), 0, self.lat.size - 2)
        j0 = np.clip(np.floor(fx).astype(np.intp), 0, self.lon.size - 2)
        return i0, j0, fy - i0, fx - j0


def bilinear_blocks(
    grid: RegularGrid,
    fields: np.ndarray,
    lat: np.ndarray,
    lon: np.ndarray,
    reduce: Callable[[np.ndarray], np.ndarray],
    *,
    threads: int | None = None,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield ``(point indices, reduce(values))`` per block of points.

    ``fields`` has shape ``(nlat, nlon, *F)``; each block's sampled values have shape
    ``(block, *F)`` and ``reduce`` maps them to per-point results, so the full
    ``points x F`` array never exists at once.
    """
    nlat, nlon = fields.shape[:2]
    flat = fields.reshape(nlat * nlon, -1)
    i0, j0, ty, tx = grid.weights(lat, lon)
    order = np.argsort(i0.astype(np.int16 if nlat < 32768 else np.int32), kind="stable")
    dtype = flat.dtype

    def block(start: int) -> tuple[np.ndarray, np.ndarray]:
        o = order[start : start + BLOCK]
        k = i0[o] * nlon + j0[o]
        wx = tx[o].astype(dtype)[:, None]
        wy = ty[o].astype(dtype)[:, None]
        a, b = flat.take(k, 0), flat.take(k + 1, 0)
        c, d = flat.take(k + nlon, 0), flat.take(k + nlon + 1, 0)
        b -= a
        b *= wx
        a += b
        d -= c
        d *= wx
        c += d
        c -= a
        c *= wy
        a += c
        return o, reduce(a.reshape(o.size, *fields.shape[2:]))

    workers = threads or min(4, os.cpu_count() or 1)
    starts = range(0, order.size, BLOCK)
    if workers == 1:
        yield from map(block, starts)
        return
    with ThreadPoolExecutor(workers) as pool:
        yield from pool.map(block, starts)


def bilinear(grid: RegularGrid, fields: np.ndarray, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Values of ``fields`` (``nlat x nlon x *F``) at each point: ``(points, *F)``."""
    out = np.empty((np.size(lat), *fields.shape[2:]), dtype=fields.dtype)
    for idx, values in bilinear_blocks(grid, fields, lat, lon, lambda v: v):
        out[idx] = values
    return out
