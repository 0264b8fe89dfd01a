"""Point sampling agrees with xarray's interpolation and handles every grid layout."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from climrisk.grids import GridExtentError, open_grid, sample, write_grid
from climrisk.grids.sampling import crop_to_sites


@pytest.fixture
def grid() -> xr.Dataset:
    rng = np.random.default_rng(0)
    lat = np.arange(18.0, 54.01, 0.5)
    lon = np.arange(73.0, 135.01, 0.5)
    data = rng.random((2, 3, lat.size, lon.size), dtype=np.float32)
    return xr.Dataset(
        {"flood_depth": (("scenario", "return_period", "lat", "lon"), data, {"units": "m"}),
         "carbon_price": (("scenario",), np.array([1.0, 2.0]), {"units": "USD2010 t-1"})},
        coords={"scenario": ["a", "b"], "return_period": [10.0, 100.0, 1000.0],
                "lat": lat, "lon": lon},
    )


SITES = (np.array([39.8, 31.2, 18.0, 54.0, 30.6]), np.array([116.47, 121.45, 73.0, 135.0, 114.3]))


def reference(grid: xr.Dataset, method: str) -> xr.DataArray:
    lat = xr.DataArray(SITES[0], dims="site")
    lon = xr.DataArray(SITES[1], dims="site")
    if method == "nearest":
        return grid.flood_depth.sel(lat=lat, lon=lon, method="nearest")
    return grid.flood_depth.interp(lat=lat, lon=lon)


@pytest.mark.parametrize("method", ["bilinear", "nearest"])
def test_matches_xarray(grid: xr.Dataset, method: str) -> None:
    out = sample(grid, *SITES, method=method)
    ref = reference(grid, method)
    np.testing.assert_allclose(out.flood_depth.values, ref.values, rtol=1e-5)
    assert out.flood_depth.dims == ("scenario", "return_period", "site")
    assert out.carbon_price.dims == ("scenario",)
    np.testing.assert_array_equal(out.lat.values, SITES[0])


def test_descending_latitudes_and_0_360_longitudes(grid: xr.Dataset) -> None:
    flipped = grid.isel(lat=slice(None, None, -1)).assign_coords(lon=grid.lon % 360)
    out = sample(flipped, *SITES)
    np.testing.assert_allclose(out.flood_depth.values, reference(grid, "bilinear").values,
                               rtol=1e-5)
    west = sample(grid, [39.8], [116.47 - 360.0])
    np.testing.assert_allclose(west.flood_depth.isel(site=0).values,
                               reference(grid, "bilinear").isel(site=0).values, rtol=1e-5)


def test_dataarray_and_site_names(grid: xr.Dataset) -> None:
    out = sample(grid.flood_depth, *SITES, names=["bj", "sh", "sw", "ne", "wh"])
    assert isinstance(out, xr.DataArray)
    assert out.name == "flood_depth"
    assert list(out.site.values) == ["bj", "sh", "sw", "ne", "wh"]


def test_lazy_grid_gives_the_same_values(grid: xr.Dataset, tmp_path: Path) -> None:
    write_grid(grid[["flood_depth"]], tmp_path / "g.nc")
    lazy = open_grid(tmp_path / "g.nc", lazy=True)
    eager = open_grid(tmp_path / "g.nc", lazy=False)
    assert lazy.flood_depth.chunks is not None
    for method in ("bilinear", "nearest"):
        np.testing.assert_allclose(sample(lazy, *SITES, method=method).flood_depth.values,
                                   sample(eager, *SITES, method=method).flood_depth.values,
                                   rtol=1e-5)


def test_sites_outside_are_named_with_the_extent(grid: xr.Dataset) -> None:
    with pytest.raises(GridExtentError) as err:
        sample(grid, [39.8, 10.0, 60.0], [116.5, 100.0, 120.0], names=["bj", "bkk", "x"])
    text = str(err.value)
    assert "2 site(s) outside the grid extent lat 18 to 54, lon 73 to 135" in text
    assert "bkk (10.0000 N, 100.0000 E)" in text
    assert "x (60.0000 N" in text
    assert "bj" not in text


def test_single_row_grid() -> None:
    da = xr.DataArray(np.array([[1.0, 3.0]]), dims=("lat", "lon"),
                      coords={"lat": [30.0], "lon": [110.0, 111.0]}, name="v")
    assert float(sample(da, [30.0], [110.5]).item()) == pytest.approx(2.0)


def test_many_sites_fast_path_equals_reference(grid: xr.Dataset) -> None:
    rng = np.random.default_rng(1)
    lat, lon = rng.uniform(18, 54, 20_000), rng.uniform(73, 135, 20_000)
    out = sample(grid, lat, lon).flood_depth.isel(site=slice(0, 50))
    ref = grid.flood_depth.interp(lat=xr.DataArray(lat[:50], dims="site"),
                                  lon=xr.DataArray(lon[:50], dims="site"))
    np.testing.assert_allclose(out.values, ref.values, rtol=1e-5)


@pytest.mark.parametrize("method", ["bilinear", "nearest"])
def test_crop_to_sites_keeps_every_sampled_value(grid: xr.Dataset, method: str) -> None:
    lat = np.array([20.3, 24.9, 21.0])
    lon = np.array([101.2, 103.7, 104.95])
    cropped = crop_to_sites(grid, lat, lon)
    assert cropped.sizes["lat"] < grid.sizes["lat"] or cropped.sizes["lon"] < grid.sizes["lon"]
    xr.testing.assert_allclose(
        sample(cropped, lat, lon, method=method), sample(grid, lat, lon, method=method)
    )


def test_crop_to_sites_names_sites_outside(grid: xr.Dataset) -> None:
    with pytest.raises(GridExtentError, match="far-away"):
        crop_to_sites(grid, [80.0], [10.0], names=["far-away"])
