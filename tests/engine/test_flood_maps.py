"""Imported return-period flood-depth maps in the engine: sampling, fallback, scenarios, years."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import xarray as xr
from engine_synthetic import SCENARIOS, make_register

from climrisk.engine import run
from climrisk.engine.drivers import GridContentError
from climrisk.engine.physical.flood import DepthDamage, trapezoid_weights
from climrisk.engine.results import Results
from climrisk.grids.importers import import_hazard_map

MAP_RPS = np.array([10.0, 50.0, 200.0, 1000.0])
BASE_DEPTH = np.array([0.3, 0.8, 1.4, 2.5])
BJ = {"lat": 39.9, "lon": 116.4, "value": 1e9, "revenue": 1e9 * 0.3}
SH = {"value": 5e8, "protection": 20.0}
DAYS_PER_M, THRESHOLD_M = 15.0, 0.3


def fixed(**values: float) -> dict[str, dict[str, object]]:
    """Parameters pinned to one value, so a sample's result is the hand calculation."""
    return {
        n: {"value": v, "low": v, "high": v, "unit": "u", "source": "test", "status": "estimate"}
        for n, v in values.items()
    }


def no_rain_scaling() -> dict[str, dict[str, object]]:
    return fixed(
        flood_depth_rain_elasticity=0.0,
        flood_downtime_days_per_m=DAYS_PER_M,
        flood_downtime_threshold_m=THRESHOLD_M,
    )


def plane(lat: np.ndarray | float, lon: np.ndarray | float) -> np.ndarray:
    """Depth per return period, linear in lat and lon so bilinear sampling is exact."""
    lat, lon = np.asarray(lat, float), np.asarray(lon, float)
    return BASE_DEPTH.reshape(-1, *([1] * lat.ndim), *([1] * lon.ndim)) + np.add.outer(
        0.1 * (lat - 36.0), 0.05 * (lon - 112.0)
    )


def ead(depth: np.ndarray, value: float, protection: float = 0.0) -> float:
    curve = DepthDamage.jrc_asia("commercial")
    return float((curve(depth) * value) @ trapezoid_weights(MAP_RPS, protection))


def amount(res: Results, item: str, asset: str, channel: str, scenario: str, horizon: str) -> float:
    return float(
        res.dataset["amount"].sel(
            item=item, asset=asset, channel=channel, scenario=scenario, horizon=horizon, stat="mean"
        )
    )


@pytest.fixture(scope="module")
def boxed_grid(grid: xr.Dataset, tmp_path_factory: pytest.TempPathFactory) -> xr.Dataset:
    """The synthetic grid with a present-day map imported from NetCDF over 36-44 N, 112-120 E
    (around Beijing only), merged onto the grid's lat/lon: NaN elsewhere."""
    lat, lon = np.arange(36.0, 45.0), np.arange(112.0, 121.0)
    path = Path(tmp_path_factory.mktemp("map")) / "flood.nc"
    xr.Dataset(
        {"flood_depth": (("return_period", "lat", "lon"), plane(lat, lon), {"units": "m"})},
        coords={"return_period": MAP_RPS, "lat": lat, "lon": lon},
    ).to_netcdf(path)
    hazard = import_hazard_map([path])
    return xr.merge([grid, hazard], join="outer", combine_attrs="override")


def test_map_depths_give_the_hand_calculated_ead(boxed_grid: xr.Dataset) -> None:
    res = run(make_register(parameters=no_rain_scaling()), boxed_grid, samples=50, seed=3)
    depth = plane(BJ["lat"], BJ["lon"])
    for s in SCENARIOS:
        got = amount(res, "PR-01", "dc-bj", "damage", s, "long")
        assert got == pytest.approx(ead(depth, BJ["value"]), rel=1e-6)
    days = np.minimum(DAYS_PER_M * np.maximum(depth - THRESHOLD_M, 0.0), 365.0)
    lost = float(days / 365.0 * BJ["revenue"] @ trapezoid_weights(MAP_RPS))
    assert amount(res, "PR-01", "dc-bj", "revenue", "ssp245", "short") == pytest.approx(
        lost, rel=1e-6
    )
    rp = res.dataset["flood_loss_rp"].sel(asset="dc-bj", scenario="ssp585", horizon="long")
    assert rp["return_period"].values.tolist() == [10.0, 50.0, 100.0, 200.0, 1000.0]
    assert bool(rp.sel(return_period=100).isnull().all())
    assert float(rp.sel(return_period=50, stat="mean")) == pytest.approx(
        DepthDamage.jrc_asia()(depth)[1] * BJ["value"], rel=1e-6
    )


def test_sites_outside_the_map_keep_their_profile(boxed_grid: xr.Dataset, grid: xr.Dataset) -> None:
    reg = make_register(parameters=no_rain_scaling())
    mapped = run(reg, boxed_grid, samples=50, seed=3)
    profile = run(reg, grid, samples=50, seed=3)
    for channel in ("damage", "revenue"):
        assert amount(mapped, "PR-01", "dc-sh", channel, "ssp585", "long") == pytest.approx(
            amount(profile, "PR-01", "dc-sh", channel, "ssp585", "long"), rel=1e-12
        )
    models = mapped.models
    for name in ("flood-damage", "flood-downtime"):
        used = models[name]["hazard_map"]
        assert used["site_depth_source"] == {
            "dc-bj": "hazard map",
            "dc-sh": "register profile",
            "office": "none",
        }
        assert used["return_periods"] == MAP_RPS.tolist()
        assert used["attrs"]["climrisk_source"] == "hazard map(s): flood.nc"
        assert "flood_depth" in models[name]["grid_variables"]
    assert "hazard_map" not in profile.models["flood-damage"]


def test_present_day_map_is_scaled_like_the_profile(grid: xr.Dataset) -> None:
    # A uniform map equal to dc-bj's profile leaves dc-bj's numbers unchanged under the
    # default (uncertain) rainfall elasticity.
    rps, depth = [10.0, 100.0, 1000.0], np.array([0.5, 1.0, 2.0], dtype=np.float32)
    field = np.broadcast_to(depth[:, None, None], (3, grid.sizes["lat"], grid.sizes["lon"]))
    mapped = grid.assign(
        flood_depth=xr.DataArray(
            field, dims=("return_period", "lat", "lon"), coords={"return_period": rps}
        )
    )
    reg = make_register()
    a, b = run(reg, mapped, samples=200, seed=5), run(reg, grid, samples=200, seed=5)
    bj = {"item": "PR-01", "asset": "dc-bj"}
    np.testing.assert_allclose(
        a.dataset["amount"].sel(**bj).values, b.dataset["amount"].sel(**bj).values, rtol=1e-12
    )
    assert json.loads(a.dataset.attrs["models"])["flood-damage"]["hazard_map"]["dims"] == [
        "return_period",
        "lat",
        "lon",
    ]


def scenario_map(
    grid: xr.Dataset, factor: dict[str, float], years: list[int] | None = None
) -> xr.Dataset:
    """A uniform projected map: BASE_DEPTH x factor[scenario] (x growth over ``years``)."""
    f = np.array([factor[s] for s in grid["scenario"].values])
    dims = ["scenario", "return_period", "lat", "lon"]
    coords: dict[str, object] = {"return_period": MAP_RPS}
    values = f[:, None] * BASE_DEPTH[None, :]
    if years is not None:
        growth = 1.0 + (np.asarray(years) - years[0]) / 50.0
        values = values[:, None, :] * growth[None, :, None]
        dims.insert(1, "year")
        coords["year"] = years
    field = np.broadcast_to(
        values[..., None, None], (*values.shape, grid.sizes["lat"], grid.sizes["lon"])
    )
    fd = xr.DataArray(field.astype(np.float32), dims=dims, coords=coords, attrs={"units": "m"})
    return xr.merge([grid, fd.rename("flood_depth")], join="outer", combine_attrs="override")


FACTOR = {"ssp245": 1.0, "ssp585": 2.0, "ngfs-nz2050": 0.5}


def test_map_with_a_scenario_dim_uses_per_scenario_depths(grid: xr.Dataset) -> None:
    res = run(make_register(), scenario_map(grid, FACTOR), samples=50, seed=3)
    for s, f in FACTOR.items():
        for h in ("short", "long"):
            assert amount(res, "PR-01", "dc-bj", "damage", s, h) == pytest.approx(
                ead(BASE_DEPTH * f, BJ["value"]), rel=1e-6
            )
            # dc-sh keeps its 20-year protection: the 10-year map event does no damage.
            assert amount(res, "PR-01", "dc-sh", "damage", s, h) == pytest.approx(
                ead(BASE_DEPTH * f, SH["value"], SH["protection"]), rel=1e-6
            )
    used = res.models["flood-damage"]["hazard_map"]
    assert used["dims"] == ["scenario", "return_period", "lat", "lon"]
    assert used["rainfall_scaling"].startswith("none")
    assert set(used["site_depth_source"].values()) == {"hazard map"}


def test_map_years_are_interpolated_and_clamped(grid: xr.Dataset) -> None:
    # Depths at 2035 and 2075 only (the merge leaves the other grid years empty): 2030 takes
    # the 2035 map, 2050 lies 15/40 of the way to 2075.
    res = run(make_register(), scenario_map(grid, FACTOR, [2035, 2075]), samples=50, seed=3)
    for h, growth in (("short", 1.0), ("long", 1.0 + 15 / 50)):
        assert amount(res, "PR-01", "dc-bj", "damage", "ssp585", h) == pytest.approx(
            ead(BASE_DEPTH * 2.0 * growth, BJ["value"]), rel=1e-6
        )


def test_map_missing_a_scenario_is_refused(grid: xr.Dataset) -> None:
    partial = scenario_map(grid, FACTOR)
    partial["flood_depth"].loc[{"scenario": "ssp585"}] = np.nan
    with pytest.raises(GridContentError, match="ssp585"):
        run(make_register(), partial, samples=10)
