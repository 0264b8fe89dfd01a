"""Imported return-period flood-depth maps at the register's sites.

The hazard-map importer writes ``flood_depth`` over ``(return_period, lat, lon)``; a map may
also carry leading ``scenario`` and/or ``year`` dims. A map without them is a present-day map,
like a register flood profile, and gets the same wettest-day rainfall scaling. A map with them
already holds the projected climate, so its depths are used as mapped: years are interpolated
linearly and clamped to the map's range, as the grid's are, and a map without a ``year`` dim
holds at every horizon.

A site takes its depths from the map when bilinear sampling finds a depth at every return
period, scenario and year the run needs, i.e. all four surrounding cells hold data; NaN marks
cells the map does not cover (NoData, or padding where the map was merged into a larger
grid). Other sites keep their register profile.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import xarray as xr

from climrisk.engine.drivers import GridContentError
from climrisk.engine.portfolio import AssetTable
from climrisk.grids.sampling import Stencil

VARIABLE = "flood_depth"
OPTIONAL_DIMS = ("scenario", "year")
MAP, PROFILE, NONE = "hazard map", "register profile", "none"


@dataclass(frozen=True)
class FloodMap:
    """A flood-depth map sampled at the sites for every scenario and year of a run."""

    return_periods: np.ndarray  # (n,) ascending
    depth: np.ndarray  # (scenario, year, site, n), the run's scenarios and years
    covered: np.ndarray  # (site,) the site's depths come from the map
    dims: tuple[str, ...]
    attrs: dict[str, str]

    @property
    def projected(self) -> bool:
        """Depths already include climate change, so no rainfall scaling applies."""
        return any(d in self.dims for d in OPTIONAL_DIMS)

    def table(self, base: AssetTable, scenario: int, year: int) -> AssetTable:
        """``base`` with the covered sites' return periods and depths taken from the map.

        Rows are padded to a common width with ``inf`` return periods (weight 0) and the last
        depth, as the register's profiles are. Protection and curve stay the profile's
        (none and commercial for a site without a profile).
        """
        n = max(base.flood_rp.shape[1], self.return_periods.size)
        rp = _pad(base.flood_rp, n, np.inf)
        depth = _pad(base.flood_depth, n, None)
        k, c = self.return_periods.size, self.covered
        rp[c] = np.inf
        rp[c, :k] = self.return_periods
        mapped = self.depth[scenario, year, c]
        depth[c, :k] = mapped
        depth[c, k:] = mapped[:, -1:]
        return replace(
            base,
            flood_rp=rp,
            flood_depth=depth,
            has_flood=base.has_flood | c,
            flood_projected=c & self.projected,
        )

    def provenance(self, ids: np.ndarray, has_profile: np.ndarray) -> dict[str, object]:
        """What the flood models took from the map, and each site's depth source."""
        source = np.where(self.covered, MAP, np.where(has_profile, PROFILE, NONE))
        scaling = (
            "none: the map's scenario/year depths already include climate change"
            if self.projected
            else "as the register profile: present-day depths x rainfall ratio^elasticity"
        )
        return {
            "variable": VARIABLE,
            "dims": list(self.dims),
            "return_periods": [float(r) for r in self.return_periods],
            "attrs": self.attrs,
            "sampling": "bilinear; a site whose surrounding cells lack a depth keeps its "
            "register profile",
            "rainfall_scaling": scaling,
            "site_depth_source": {str(i): str(s) for i, s in zip(ids, source, strict=True)},
        }


def _pad(a: np.ndarray, n: int, fill: float | None) -> np.ndarray:
    """Columns added up to ``n``, holding ``fill`` or (``None``) each row's last value."""
    if fill is None:
        extra = np.repeat(a[:, -1:], n - a.shape[1], axis=1)
    else:
        extra = np.full((a.shape[0], n - a.shape[1]), fill)
    return np.concatenate([a, extra], axis=1)


def sample_flood_map(
    grid: xr.Dataset, scenarios: list[str], years: list[int], sites: Stencil
) -> FloodMap | None:
    """The grid's ``flood_depth`` map at the sites, or ``None`` when the grid has none.

    ``grid`` is already cut to ``scenarios``; ``sites`` is the run's stencil on its lat/lon.
    """
    if VARIABLE not in grid:
        return None
    da = grid[VARIABLE]
    allowed = {*OPTIONAL_DIMS, "return_period", "lat", "lon"}
    if "return_period" not in da.dims or not {"lat", "lon"} <= set(da.dims):
        raise GridContentError(f"{VARIABLE} has dims {da.dims}; it needs return_period, lat, lon")
    unknown = [str(d) for d in da.dims if d not in allowed]
    if unknown:
        raise GridContentError(
            f"{VARIABLE} has dim(s) {', '.join(unknown)}; the engine reads only "
            "scenario, year, return_period, lat, lon"
        )
    da = da.sortby("return_period")
    if "scenario" in da.dims:
        empty = [s for s in scenarios if not bool(da.sel(scenario=s).notnull().any())]
        if empty:
            raise GridContentError(f"{VARIABLE} has no depths for scenario(s) {', '.join(empty)}")
        da = da.sel(scenario=scenarios)
    if "year" in da.dims:
        da = da.dropna("year", how="all")
        have = da["year"].values
        if have.size == 0:
            raise GridContentError(f"{VARIABLE} holds no depths")
        at = np.clip(np.asarray(years), have.min(), have.max())
        da = da.interp(year=at) if have.size > 1 else da.sel(year=at)
    lead = [d for d in OPTIONAL_DIMS if d in da.dims]
    field = da.transpose("lat", "lon", *lead, "return_period").values.astype(np.float64)
    n_rp = da.sizes["return_period"]
    n_s = len(scenarios) if "scenario" in lead else 1
    n_y = len(years) if "year" in lead else 1
    values = sites.apply(field).reshape(len(sites), n_s, n_y, n_rp)
    depth = np.broadcast_to(
        np.moveaxis(values, 0, 2), (len(scenarios), len(years), len(sites), n_rp)
    )
    return FloodMap(
        return_periods=da["return_period"].values.astype(float),
        depth=depth,
        covered=np.isfinite(depth).all(axis=(0, 1, 3)),
        dims=tuple(str(d) for d in grid[VARIABLE].dims),
        attrs={str(k): str(v) for k, v in grid[VARIABLE].attrs.items()},
    )
