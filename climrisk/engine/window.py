"""The part of a scenario grid one run reads: its scenarios, years, variables and cells.

A run needs the reference year and each horizon's analysis year of a few variables over the
cells around its sites, a few megabytes of a grid that is gigabytes expanded. Reading only
that, in one go, is what keeps the first stage of ``run`` cheap: the default grid is stored
one year per chunk (``climrisk.grids.storage.encoding_for``), so each year read is one
chunk per scenario and variable. Years between grid years are interpolated linearly, and
years outside the grid's range take its first or last year, as everywhere in the engine.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import xarray as xr

from climrisk.engine.drivers import GridContentError

LOAD_BYTES = 1 << 30
"""A window up to this size is read into memory; a larger one stays lazy and is read per use."""


def year_brackets(grid_years: np.ndarray, years: Iterable[int]) -> tuple[np.ndarray, np.ndarray,
                                                                         np.ndarray]:
    """Indices of the grid years below and above each year, and the upper one's weight.

    Years on a grid year get weight 0 on that year alone, so their values are read exactly.
    """
    gy = np.asarray(grid_years, float)
    at = np.clip(np.asarray(list(years), float), gy.min(), gy.max())
    hi = np.clip(np.searchsorted(gy, at, side="left"), 0, gy.size - 1)
    exact = gy[hi] == at
    lo = np.where(exact, hi, np.maximum(hi - 1, 0))
    span = gy[hi] - gy[lo]
    w = np.where(exact | (span == 0), 0.0, (at - gy[lo]) / np.where(span == 0, 1.0, span))
    return lo, hi, w


def read_window(
    grid: xr.Dataset,
    names: Iterable[str],
    scenarios: list[str],
    years: list[int],
    *,
    load_bytes: int = LOAD_BYTES,
) -> xr.Dataset:
    """``names`` of ``grid`` at ``scenarios`` and the run's ``years`` (its ``year`` coordinate).

    ``grid`` is already cropped to the sites' cells. Only the grid years that bracket the
    run's years are read; the result holds the run's years in order, interpolated.
    """
    names = list(names)
    for name in names:
        if name not in grid:
            raise GridContentError(f"the grid has no variable '{name}' needed by the engine")
    sub = grid[names].sel(scenario=scenarios)
    if "year" not in sub.dims:
        return sub.load() if sub.nbytes <= load_bytes else sub
    lo, hi, w = year_brackets(sub["year"].values, years)
    need = np.unique(np.concatenate([lo, hi]))
    picked = sub.isel(year=need)
    if picked.nbytes <= load_bytes:
        picked = picked.load()
    pos = {int(i): k for k, i in enumerate(need)}
    run_years = {"year": np.asarray(years)}
    low = picked.isel(year=[pos[int(i)] for i in lo]).assign_coords(run_years)
    if np.any(w > 0):
        high = picked.isel(year=[pos[int(i)] for i in hi]).assign_coords(run_years)
        wd = xr.DataArray(w, dims="year", coords=run_years)
        low = xr.where(wd > 0, low + (high - low) * wd, low, keep_attrs=True)
    return low.assign_attrs(grid.attrs)
