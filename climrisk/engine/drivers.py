"""Scenario drivers at the register's sites, from the scenario grid.

Drivers are sampled from the run's window (``climrisk.engine.window``), which holds only the
years the engine needs (the reference year and each horizon's analysis year). Site values keep
the grid's three quantiles; the Monte Carlo turns them into samples with one uniform draw.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import xarray as xr

from climrisk.errors import UserError
from climrisk.grids.sampling import Stencil

QUANTILES = (0.05, 0.5, 0.95)


class GridContentError(UserError):
    """The grid lacks a scenario, variable or region the register needs."""


def quantile_weights(u: np.ndarray) -> np.ndarray:
    """Weights ``(samples, 3)`` that interpolate the 0.05/0.5/0.95 quantiles at uniform draws.

    Piecewise linear between the quantiles and flat beyond them, so the samples' 5th and 95th
    percentiles reproduce the grid's.
    """
    u = np.asarray(u, float)
    lo = np.clip((u - 0.05) / 0.45, 0.0, 1.0)
    hi = np.clip((u - 0.5) / 0.45, 0.0, 1.0)
    below = u <= 0.5
    w = np.zeros((u.size, 3))
    w[:, 0] = np.where(below, 1 - lo, 0.0)
    w[:, 1] = np.where(below, lo, 1 - hi)
    w[:, 2] = np.where(below, 0.0, hi)
    return w


@dataclass
class ScenarioDrivers:
    """Drivers of one scenario at the sites: ``site[var]`` is ``(year, quantile, site)``."""

    scenario: str
    years: np.ndarray
    site: dict[str, np.ndarray] = field(default_factory=dict)
    scalar: dict[str, np.ndarray] = field(default_factory=dict)
    regional: dict[str, np.ndarray] = field(default_factory=dict)

    def index(self, year: int) -> int:
        """Position of ``year`` among the sampled years."""
        return int(np.flatnonzero(self.years == year)[0])


def check_scenarios(grid: xr.Dataset, scenarios: list[str]) -> None:
    """Raise a ``UserError`` naming any scenario the grid lacks."""
    have = [str(s) for s in grid["scenario"].values]
    missing = [s for s in scenarios if s not in have]
    if missing:
        raise GridContentError(
            f"scenario(s) {', '.join(missing)} not in the grid; it has {', '.join(have)}"
        )


def _require(grid: xr.Dataset, name: str) -> xr.DataArray:
    if name not in grid:
        raise GridContentError(f"the grid has no variable '{name}' needed by the engine")
    return grid[name]


def site_stencil(grid: xr.Dataset, ids: list[str], lat: np.ndarray, lon: np.ndarray) -> Stencil:
    """Where the sites fall on the grid, computed once for every variable and scenario.

    Raises ``GridExtentError`` naming every site outside the grid and the grid's extent.
    """
    return Stencil(grid["lat"].values, grid["lon"].values, lat, lon, names=ids)


def sample_scenario(
    window: xr.Dataset,
    scenario: str,
    sites: Stencil | None,
    regions: np.ndarray,
    site_vars: set[str],
    scalar_vars: set[str],
    regional_vars: set[str],
) -> ScenarioDrivers:
    """Bilinear site values and regional/scalar paths of one scenario at the window's years.

    ``window`` holds the run's years (``climrisk.engine.window.read_window``); ``sites`` may
    be ``None`` only when ``site_vars`` is empty.
    """
    out = ScenarioDrivers(scenario, np.asarray(window["year"].values))
    if site_vars and sites is None:
        raise ValueError("site variables need the sites' stencil")
    for name in sorted(site_vars) if sites is not None else ():
        da = _require(window, name).sel(scenario=scenario)
        field_ = np.asarray(da.transpose("lat", "lon", "year", "quantile").values, np.float64)
        out.site[name] = np.moveaxis(sites.apply(field_), 0, -1)  # (year, quantile, site)
    for name in sorted(scalar_vars):
        out.scalar[name] = np.asarray(_require(window, name).sel(scenario=scenario).values, float)
    for name in sorted(regional_vars):
        da = _require(window, name).sel(scenario=scenario)
        have = [str(r) for r in da["region"].values]
        missing = sorted(set(regions) - set(have))
        if missing:
            raise GridContentError(f"'{name}' has no region(s) {', '.join(missing)}")
        pos = np.array([have.index(r) for r in regions], dtype=int)
        out.regional[name] = np.asarray(da.transpose("year", "region").values, float)[:, pos]
    return out


def sea_level_paths(
    grid: xr.Dataset, scenario: str, lat: np.ndarray, lon: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Grid years and ``sea_level_change`` per (quantile, site, year) over all years."""
    da = _require(grid, "sea_level_change").sel(scenario=scenario)
    field_ = da.transpose("lat", "lon", "quantile", "year").values.astype(np.float64)
    sites = Stencil(grid["lat"].values, grid["lon"].values, lat, lon)
    vals = sites.apply(field_)  # (site, quantile, year)
    return da["year"].values, np.moveaxis(vals, 0, 1)
