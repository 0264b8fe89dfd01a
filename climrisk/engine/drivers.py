"""Scenario drivers at the register's sites, from the scenario grid.

Drivers are sampled from the run's window (``climrisk.engine.window``), which holds only the
years the engine needs (the reference year and each horizon's analysis year). Site values keep
the grid's three quantiles; the Monte Carlo turns them into samples with one uniform draw.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import xarray as xr

from climrisk.engine.coverage import MASKED, NO_REGION, NO_VARIABLE, Coverage
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
    """Drivers of one scenario at the sites: ``site[var]`` is ``(year, quantile, site)``.

    ``coverage`` says which site-driver pairs have no data (NaN in the arrays) and why.
    """

    scenario: str
    years: np.ndarray
    site: dict[str, np.ndarray] = field(default_factory=dict)
    scalar: dict[str, np.ndarray] = field(default_factory=dict)
    regional: dict[str, np.ndarray] = field(default_factory=dict)
    coverage: Coverage = field(default_factory=lambda: Coverage.empty(0, []))

    def fill_missing(self) -> None:
        """Replace the NaN of pairs without data by 1, once ``coverage`` has recorded them.

        The models then run warning-free on every site (1 keeps ratios of a driver to its
        reference-year value defined); the engine leaves the pairs that ``coverage`` names
        out of every amount and total.
        """
        for table in (self.site, self.scalar, self.regional):
            for name, values in table.items():
                table[name] = np.nan_to_num(np.asarray(values, float), nan=1.0)

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

    Sites outside the grid get NaN drivers (``Stencil.inside`` says which), so that they are
    "not assessed" rather than an error for the whole register.
    """
    return Stencil(grid["lat"].values, grid["lon"].values, lat, lon, names=ids,
                   outside="missing")


def sample_scenario(
    window: xr.Dataset,
    scenario: str,
    sites: Stencil | None,
    regions: np.ndarray,
    site_vars: set[str],
    scalar_vars: set[str],
    regional_vars: set[str],
    flat_regions: dict[str, dict[str, float]] | None = None,
) -> ScenarioDrivers:
    """Bilinear site values and regional/scalar paths of one scenario at the window's years.

    ``window`` holds the run's years (``climrisk.engine.window.read_window``); ``sites`` is
    ``None`` for a grid without lat/lon. A variable the window lacks, a site outside the
    grid or on a cell without data, and a region a table lacks give NaN and a reason in
    ``coverage`` instead of an error. ``flat_regions`` gives, per variable, the flat value of
    each region the register declares with its own figures; they stand in where the grid
    has no such region.
    """
    years = np.asarray(window["year"].values)
    n = len(regions)
    drivers = [*sorted(site_vars), *sorted(scalar_vars), *sorted(regional_vars)]
    out = ScenarioDrivers(scenario, years, coverage=Coverage.empty(n, drivers))
    cov = out.coverage
    shape = (years.size, len(QUANTILES))
    for name in sorted(site_vars):
        if name not in window or sites is None:
            out.site[name] = np.full((*shape, n), np.nan)
            cov.mark(name, np.ones(n, bool), NO_VARIABLE)
            continue
        da = window[name].sel(scenario=scenario)
        field_ = np.asarray(da.transpose("lat", "lon", "year", "quantile").values, np.float64)
        out.site[name] = np.moveaxis(sites.apply_partial(field_), 0, -1)  # (year, q, site)
        cov.mark_values(name, out.site[name], sites.inside)
    for name in sorted(scalar_vars):
        if name not in window:
            out.scalar[name] = np.full(years.size, np.nan)
            cov.mark(name, np.ones(n, bool), NO_VARIABLE)
            continue
        out.scalar[name] = np.asarray(window[name].sel(scenario=scenario).values, float)
        if not np.isfinite(out.scalar[name]).all():
            cov.mark(name, np.ones(n, bool), MASKED)
    for name in sorted(regional_vars):
        if name not in window:
            out.regional[name] = np.full((years.size, n), np.nan)
            cov.mark(name, np.ones(n, bool), NO_VARIABLE)
            continue
        da = window[name].sel(scenario=scenario)
        have = [str(r) for r in da["region"].values]
        flat = (flat_regions or {}).get(name, {})
        table = np.asarray(da.transpose("year", "region").values, float)
        extra = [r for r in dict.fromkeys(str(r) for r in regions) if r not in have and r in flat]
        declared = np.tile(np.array([flat[r] for r in extra], float), (table.shape[0], 1))
        padded = np.concatenate([table, declared, np.full((table.shape[0], 1), np.nan)], axis=1)
        cols = [*have, *extra]
        pos = np.array([cols.index(r) if r in cols else len(cols) for r in regions], dtype=int)
        out.regional[name] = padded[:, pos]
        cov.mark(name, pos == len(cols), NO_REGION)
        cov.mark_values(name, out.regional[name], None)
    return out


def sea_level_paths(
    grid: xr.Dataset, scenario: str, lat: np.ndarray, lon: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Grid years and ``sea_level_change`` per (quantile, site, year) over all years."""
    da = _require(grid, "sea_level_change").sel(scenario=scenario)
    field_ = da.transpose("lat", "lon", "quantile", "year").values.astype(np.float64)
    sites = Stencil(grid["lat"].values, grid["lon"].values, lat, lon, outside="missing")
    vals = sites.apply(field_)  # (site, quantile, year)
    return da["year"].values, np.moveaxis(vals, 0, 1)
