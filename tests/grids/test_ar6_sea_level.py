"""AR6 sea-level importer on a small file in the AR6 projection layout."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from climrisk.grids import GridFileError, MissingVariableError, NoOverlapError, UnitsError
from climrisk.grids.importers import import_ar6_sea_level


def ar6_file(path: Path, *, units: str = "mm", lats: tuple[float, ...] = (30.0, 31.0, 39.0),
             lons: tuple[float, ...] = (120.0, 121.0, 117.0)) -> Path:
    """quantiles x years x locations, int16 mm, lat/lon per location, as AR6 ships it."""
    quantiles = np.round(np.linspace(0, 1, 21), 2)
    years = np.arange(2020, 2151, 10)
    locs = np.arange(len(lats)) + 1000
    values = (quantiles[:, None, None] * 1000 + (years[None, :, None] - 2020) * 5
              + np.arange(len(lats))[None, None, :] * 10)
    ds = xr.Dataset(
        {"sea_level_change": (("quantiles", "years", "locations"), values.astype("i2"),
                              {"units": units}),
         "lat": ("locations", np.array(lats)), "lon": ("locations", np.array(lons))},
        coords={"quantiles": quantiles, "years": years, "locations": locs},
    )
    ds.to_netcdf(path)
    return path


def test_reads_quantiles_years_and_locations(tmp_path: Path) -> None:
    ds = import_ar6_sea_level(ar6_file(tmp_path / "ssp245.nc"), "ssp245")
    assert ds.sea_level_change.dims == ("scenario", "year", "quantile", "lat", "lon")
    slc = ds.sea_level_change.sel(scenario="ssp245")
    assert list(slc["quantile"].values) == [0.05, 0.5, 0.95]
    # location 0 (30N 120E), median, 2100: 0.5*1000 + 80*5 = 900 mm
    assert float(slc.sel(year=2100, quantile=0.5, lat=30.0, lon=120.0)) == pytest.approx(0.9)
    # annual interpolation between decades
    assert float(slc.sel(year=2025, quantile=0.5, lat=30.0, lon=120.0)) == pytest.approx(0.525)
    # location 2 (39N 117E)
    assert float(slc.sel(year=2100, quantile=0.5, lat=39.0, lon=117.0)) == pytest.approx(0.92)
    assert ds.attrs["climrisk_baseline_period"] == "1995-2014"


def test_wrong_units(tmp_path: Path) -> None:
    with pytest.raises(UnitsError, match="units 'furlong'"):
        import_ar6_sea_level(ar6_file(tmp_path / "a.nc", units="furlong"), "ssp245")


def test_no_location_in_the_region(tmp_path: Path) -> None:
    path = ar6_file(tmp_path / "a.nc", lats=(-30.0,), lons=(150.0,))
    with pytest.raises(NoOverlapError, match="none of its 1 locations"):
        import_ar6_sea_level(path, "ssp245")


def test_missing_variable(tmp_path: Path) -> None:
    xr.Dataset({"zos": ("x", np.arange(3))}).to_netcdf(tmp_path / "z.nc")
    with pytest.raises(MissingVariableError, match="no variable 'sea_level_change'"):
        import_ar6_sea_level(tmp_path / "z.nc", "ssp245")


def test_missing_quantile(tmp_path: Path) -> None:
    with pytest.raises(MissingVariableError, match=r"quantiles \[0.17\] are absent"):
        import_ar6_sea_level(ar6_file(tmp_path / "a.nc"), "ssp245", quantiles=(0.17,))


def test_garbage(garbage: Callable[[str], Path]) -> None:
    with pytest.raises(GridFileError):
        import_ar6_sea_level(garbage("slr.nc"), "ssp245")
