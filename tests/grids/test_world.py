"""The worldwide layer reproduces the published regional and coastal figures, and is fresh."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from climrisk.grids import sample, sea_level, warming, world
from climrisk.grids.default import build_world
from climrisk.grids.metadata import variables
from climrisk.grids.storage import open_grid, world_path
from climrisk.grids.sets import open_scenarios
from climrisk.grids.sampling import Stencil

EXTERNAL = world.external("cmip6-indices-regional")
# site: (lat, lon, AR6 region)
SITES = {"Sydney": (-33.87, 151.21, "EAU"), "Mumbai": (19.08, 72.88, "SAS"),
         "Kuala Lumpur": (3.14, 101.69, "SEA"), "London": (51.5, -0.12, "NEU"),
         "Denver": (39.74, -104.99, "WNA"), "Addis Ababa": (9.03, 38.74, "NEAF")}


@pytest.fixture(scope="module")
def committed() -> xr.Dataset:
    return open_grid(world_path())


def _median(index: str, region: str) -> list[float]:
    """The published multi-model median at +1.5/+2/+3/+4 °C, read straight from the CSV."""
    path = EXTERNAL / f"cmip_indices_multi_model_median_regional_{index}.csv"
    table = pd.read_csv(path, comment="#").set_index("abbrevs")
    return [float(table.loc[region, c]) for c in ("1.5", "2.0", "3.0", "4.0")]


def test_the_file_is_fresh_for_one_scenario(committed: xr.Dataset) -> None:
    """A rebuild of SSP2-4.5 equals the committed file within each variable's precision."""
    fresh = build_world(["ssp245"])
    old = committed.sel(scenario=["ssp245"])
    assert fresh.attrs == committed.attrs
    table = variables()
    for name in fresh.data_vars:
        assert fresh[name].attrs == old[name].attrs, name
        atol = 10.0 ** -table.get(str(name), {}).get("least_significant_digit", 6)
        xr.testing.assert_allclose(fresh[name], old[name].load(), rtol=0, atol=atol)


def test_every_land_region_is_on_the_map() -> None:
    index, regions = world.land_regions()
    assert len(regions) == 46
    held = set(np.unique(index.values)) - {-1}
    assert len(held) >= 44  # a few small regions may share cells with larger neighbours
    for _, (lat, lon, region) in SITES.items():
        near = index.sel(lat=round(lat), lon=round(lon))
        assert regions[int(near)] == region


@pytest.mark.parametrize("site", list(SITES))
def test_rx1day_is_the_regions_published_median_at_the_years_warming(
        committed: xr.Dataset, site: str) -> None:
    lat, lon, region = SITES[site]
    gsat = float(committed.gsat.sel(scenario="ssp245", year=2060, quantile=0.5))
    want = np.interp(gsat, [0, 1.5, 2, 3, 4], [0, *_median("Rx1day", region)]) / 100
    cell = committed.rx1day_change.sel(scenario="ssp245", year=2060, quantile=0.5)
    got = float(cell.sel(lat=round(lat), lon=round(lon)))
    assert got == pytest.approx(want, abs=0.002)


def test_txx_beyond_four_degrees_follows_the_last_slope() -> None:
    per_level = world.regional_index("TXx", ["EAS"])
    at = world.at_warming(per_level, xr.DataArray([5.0], dims="x"))
    v3, v4 = _median("TXx", "EAS")[2:]
    assert float(at.sel(region="EAS")[0]) == pytest.approx(v4 + (v4 - v3), abs=1e-9)


def test_sea_level_only_at_the_coast(committed: xr.Dataset) -> None:
    slr = committed.sea_level_change.sel(scenario="ssp585", year=2100, quantile=0.5)
    stencil = Stencil(committed.lat.values, committed.lon.values,
                      np.array([-33.87, 19.08, 51.5, 39.74, -1.29, 6.45]),
                      np.array([151.21, 72.88, -0.12, -104.99, 36.82, 3.39]),
                      outside="missing")
    sydney, mumbai, london, denver, nairobi, lagos = stencil.apply_partial(
        np.asarray(slr.transpose("lat", "lon").values, float))
    assert np.isnan(denver) and np.isnan(nairobi)
    for value in (sydney, mumbai, london, lagos):
        assert 0.3 < value < 1.5


def test_sea_level_is_gmsl_times_the_nearest_gauges_ratio(committed: xr.Dataset) -> None:
    gauges = pd.read_csv(world.external("sea-level-d25a/rsl_gauges_2100_d25a.csv"))
    sydney = gauges[gauges.gauge_name.str.contains("SYDNEY")].iloc[0]
    gm, _ = sea_level.gmsl()
    ratio = sydney.central / float(gm.sel(scenario="ssp245", quantile=0.5, year=2100))
    cell = committed.sea_level_change.sel(lat=round(sydney.lat), lon=round(sydney.lon),
                                          scenario="ssp245", quantile=0.5, year=2100)
    # The cell takes its nearest location, which may be a coastal box beside the gauge.
    assert float(cell) == pytest.approx(0.556 * ratio, abs=0.1)


def test_the_bundled_set_serves_every_scenario_worldwide() -> None:
    """NGFS scenarios borrow the SSP layer; the regional layer wins inside its box."""
    bundled = open_scenarios()
    grid = bundled.grid
    assert bundled.composed is not None and len(bundled.composed.layers) == 2
    cp = grid.tas_change.sel(scenario="ngfs-cp", year=2050, quantile=0.5)
    ssp = grid.tas_change.sel(scenario="ssp370", year=2050, quantile=0.5)
    pts = ([-33.87, 39.79], [151.21, 116.51])
    np.testing.assert_allclose(sample(cp, *pts, method="nearest").values,
                               sample(ssp, *pts, method="nearest").values)
    gsat, _ = warming.gsat()
    # Warming is never borrowed: the NGFS scenario holds none of its own here.
    assert np.isnan(float(grid.gsat.sel(scenario="ngfs-cp", year=2050, quantile=0.5)))
    assert float(grid.gsat.sel(scenario="ssp370", year=2050, quantile=0.5)) == \
        pytest.approx(float(gsat.sel(scenario="ssp370", year=2050, quantile=0.5)), abs=0.01)
