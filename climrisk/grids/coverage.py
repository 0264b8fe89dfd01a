"""Which gridded variables cover which sites: the check ``climrisk validate`` prints.

A variable covers a site when the site is inside the grid and the variable holds a value
there in every scenario; sea level, for example, is held only near the coast. The engine
makes the same judgement per scenario and year and leaves uncovered pairs "not assessed".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import xarray as xr
from numpy.typing import ArrayLike

from climrisk.grids.sampling import Stencil, crop_to_sites, extent_text


@dataclass(frozen=True)
class Gap:
    """One variable that does not cover one site."""

    site: str
    variable: str
    reason: str  # "outside" or "masked"
    detail: str


def coverage_gaps(grid: xr.Dataset, ids: Sequence[str], lat: ArrayLike,
                  lon: ArrayLike) -> list[Gap]:
    """Every (site, variable) pair the grid's lat/lon variables leave without a value.

    One year (the first) of each scenario at the median is read per variable: coverage
    masks are fixed in time, so one layer says where a variable has data.
    """
    if "lat" not in grid.dims or "lon" not in grid.dims:
        return []
    names = [str(v) for v, da in grid.data_vars.items() if {"lat", "lon"} <= set(da.dims)]
    sites = Stencil(grid["lat"].values, grid["lon"].values, lat, lon, names=list(ids),
                    outside="missing")
    extent = extent_text(grid["lat"].values, grid["lon"].values)
    gaps: list[Gap] = []
    for i in np.flatnonzero(~sites.inside):
        gaps.extend(Gap(str(ids[i]), v, "outside", f"outside the grid ({extent})") for v in names)
    layers = {}
    for name in names:
        da = grid[name]
        pick = {d: 0 for d in da.dims if d not in ("lat", "lon", "scenario", "quantile")}
        if "quantile" in da.dims:
            pick["quantile"] = int(np.argmin(np.abs(da["quantile"].values - 0.5)))
        layers[name] = da.isel(pick)
    # One read of the cells around the sites (a lazily opened grid decompresses only
    # those chunks), then the engine's reading: bilinear over the neighbours with values.
    window = crop_to_sites(xr.Dataset(layers), lat, lon, outside="missing").load()
    near = Stencil(window["lat"].values, window["lon"].values, lat, lon, outside="missing")
    for name in names:
        da = grid[name]
        field = window[name].transpose("lat", "lon", ...)
        values = near.apply_partial(np.asarray(field.values, float))
        flat = values.reshape(values.shape[0], -1)
        empty = sites.inside & ~np.isfinite(flat).all(axis=1)
        note = str(da.attrs.get("coverage", "")) or "no value at the site"
        gaps.extend(Gap(str(ids[i]), name, "masked", note) for i in np.flatnonzero(empty))
    return gaps
