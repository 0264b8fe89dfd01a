"""Hazard-map importer: GeoTIFF (georeferenced by tags) and NetCDF return-period maps."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import tifffile
import xarray as xr

from climrisk.grids import GridFileError, MissingVariableError, NoOverlapError, UnitsError
from climrisk.grids.importers import import_hazard_map

# GeoKeyDirectory: version 1.1.0, 3 keys: model type geographic, pixel is area, WGS84.
GEOKEYS_WGS84 = (1, 1, 0, 3, 1024, 0, 1, 2, 1025, 0, 1, 1, 2048, 0, 1, 4326)
GEOKEYS_UTM = (1, 1, 0, 2, 1024, 0, 1, 1, 3072, 0, 1, 32650)


def geotiff(path: Path, data: np.ndarray, *, west: float = 116.0, north: float = 40.5,
            step: float = 0.1, geokeys: tuple[int, ...] | None = GEOKEYS_WGS84,
            nodata: str | None = "-9999") -> Path:
    tags = [(33550, "d", 3, (step, step, 0.0)),
            (33922, "d", 6, (0.0, 0.0, 0.0, west, north, 0.0))]
    if geokeys is not None:
        tags.append((34735, "H", len(geokeys), geokeys))
    if nodata is not None:
        tags.append((42113, "s", 0, nodata))
    tifffile.imwrite(path, data.astype(np.float32), extratags=tags)
    return path


def depths(rp: float) -> np.ndarray:
    """5 rows (north to south) x 4 columns; depth grows with the return period."""
    grid = np.add.outer(np.arange(5), np.arange(4)) * 0.1 + np.log10(rp)
    grid[0, 0] = -9999
    return grid


def test_geotiffs_one_per_return_period(tmp_path: Path) -> None:
    paths = [geotiff(tmp_path / f"rp{rp}.tif", depths(rp)) for rp in (100, 10)]
    ds = import_hazard_map(paths, return_periods=[100, 10])
    fd = ds.flood_depth
    assert fd.dims == ("return_period", "lat", "lon")
    assert list(fd.return_period.values) == [10.0, 100.0]
    np.testing.assert_allclose(fd.lat.values, [40.05, 40.15, 40.25, 40.35, 40.45])
    np.testing.assert_allclose(fd.lon.values, [116.05, 116.15, 116.25, 116.35])
    # top-left pixel (row 0, col 0) is NoData; row 0 is the northernmost latitude.
    assert np.isnan(fd.sel(return_period=10, lat=40.45, lon=116.05))
    assert float(fd.sel(return_period=100, lat=40.05, lon=116.35)) == pytest.approx(2.7)
    assert fd.attrs["units"] == "m"


def test_geotiff_centimetres_are_converted(tmp_path: Path) -> None:
    path = geotiff(tmp_path / "cm.tif", np.full((2, 2), 150.0))
    ds = import_hazard_map([path], return_periods=[50], units="cm")
    np.testing.assert_allclose(ds.flood_depth.values, 1.5)


def test_geotiff_needs_one_return_period_per_file(tmp_path: Path) -> None:
    path = geotiff(tmp_path / "a.tif", depths(10))
    with pytest.raises(MissingVariableError, match="one --return-period per file"):
        import_hazard_map([path])


def test_projected_geotiff_is_refused(tmp_path: Path) -> None:
    path = geotiff(tmp_path / "utm.tif", depths(10), geokeys=GEOKEYS_UTM)
    with pytest.raises(UnitsError, match="not in geographic WGS84"):
        import_hazard_map([path], return_periods=[10])


def test_geotiff_without_georeferencing(tmp_path: Path) -> None:
    tifffile.imwrite(tmp_path / "plain.tif", np.zeros((3, 3), np.float32))
    with pytest.raises(GridFileError, match="not georeferenced"):
        import_hazard_map([tmp_path / "plain.tif"], return_periods=[10])


def test_geotiff_outside_the_region(tmp_path: Path) -> None:
    path = geotiff(tmp_path / "eu.tif", depths(10), west=5.0, north=50.0)
    with pytest.raises(NoOverlapError, match="no overlap with the region"):
        import_hazard_map([path], return_periods=[10])


def test_netcdf_map(tmp_path: Path) -> None:
    da = xr.DataArray(np.arange(2 * 3 * 4, dtype=float).reshape(2, 3, 4) * 10,
                      dims=("return_period", "latitude", "longitude"),
                      coords={"return_period": [100, 10], "latitude": [31.0, 30.5, 30.0],
                              "longitude": [240.0, 240.5, 241.0, 241.5][::-1]},
                      attrs={"units": "cm"}, name="flood_depth")
    da = da.assign_coords(longitude=[114.0, 114.5, 115.0, 115.5])
    da.to_netcdf(tmp_path / "fd.nc")
    ds = import_hazard_map([tmp_path / "fd.nc"])
    assert list(ds.flood_depth.return_period.values) == [10, 100]
    assert bool((np.diff(ds.lat.values) > 0).all())
    # return period 10 was the second map; its first row (31 N) starts at 120 cm.
    assert float(ds.flood_depth.sel(return_period=10, lat=31.0, lon=114.0)) == pytest.approx(1.2)


def test_netcdf_without_return_period(tmp_path: Path) -> None:
    xr.DataArray(np.zeros((2, 2)), dims=("lat", "lon"), coords={"lat": [30, 31], "lon": [
        110, 111]}, attrs={"units": "m"}, name="flood_depth").to_netcdf(tmp_path / "x.nc")
    with pytest.raises(MissingVariableError, match="needs a return_period dimension"):
        import_hazard_map([tmp_path / "x.nc"])


@pytest.mark.parametrize("name", ["map.tif", "map.nc"])
def test_garbage(garbage: Callable[[str], Path], name: str) -> None:
    with pytest.raises(GridFileError):
        import_hazard_map([garbage(name)], return_periods=[10])
