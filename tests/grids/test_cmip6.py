"""CMIP6 importer on small files in the real CF layout (no downloads)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from climrisk.grids import (
    BaselineError,
    CalendarError,
    GridFileError,
    MissingVariableError,
    NoOverlapError,
    UnitsError,
    check_grid,
)
from climrisk.grids.importers import import_cmip6

TREND = 0.02  # K per year in the test files


def test_monthly_noleap_with_0_360_longitudes(cmip6_file: Callable[..., Path]) -> None:
    hist = cmip6_file("historical", (1850, 1905), calendar="noleap", lon0360=True)
    ssp = cmip6_file("ssp245", (2015, 2030), calendar="noleap", lon0360=True)
    ds = import_cmip6([hist], [ssp], "ssp245")
    check_grid(ds)
    tas = ds.tas_change
    assert tas.dims == ("scenario", "year", "quantile", "lat", "lon")
    assert int(tas.year[0]) == 2015 and int(tas.year[-1]) == 2030
    expected = TREND * (2030 - 1875)  # baseline 1850-1900 has mean year 1875
    np.testing.assert_allclose(tas.sel(year=2030).values, expected, atol=1e-4)
    assert float(ds.lat.min()) >= 18.0 and float(ds.lon.max()) <= 135.0
    assert tas.attrs["units_metadata"] == "temperature: difference"
    assert "1850-1900" in ds.attrs["climrisk_baseline_period"]
    assert "imported 2 CMIP6 file(s)" in ds.attrs["history"]


def test_daily_360_day_descending_latitudes_tasmax(cmip6_file: Callable[..., Path]) -> None:
    kw = {"freq": "daily", "calendar": "360_day", "variable": "tasmax", "lat_descending": True,
          "lat": (30.0, 40.0), "lon": (110.0, 120.0)}
    hist = cmip6_file("historical", (1995, 2014), **kw)
    ssp = cmip6_file("ssp585", (2015, 2020), **kw)
    ds = import_cmip6([hist], [ssp], "ssp585", variables=["tasmax"], baseline=(1995, 2014))
    change = ds.tasmax_change
    assert bool((np.diff(ds.lat.values) > 0).all())
    np.testing.assert_allclose(change.sel(year=2020).values, TREND * (2020 - 2004.5), atol=1e-3)
    assert change.attrs["climrisk_baseline_period"] == "1995-2014"
    assert "June-August" in change.attrs["climrisk_aggregation"]


def test_proleptic_gregorian_scenario_only_with_baseline_inside(
        cmip6_file: Callable[..., Path]) -> None:
    ssp = cmip6_file("ssp126", (2015, 2040), calendar="proleptic_gregorian", lon0360=False)
    ds = import_cmip6([], [ssp], "ssp126", baseline=(2015, 2024))
    np.testing.assert_allclose(ds.tas_change.sel(year=2040).values, TREND * (2040 - 2019.5),
                               atol=1e-4)


def test_missing_variable(cmip6_file: Callable[..., Path]) -> None:
    ssp = cmip6_file("ssp245", (2015, 2020), variable="pr")
    with pytest.raises(MissingVariableError, match=r"no variable 'tas' \(the file has: pr\)"):
        import_cmip6([], [ssp], "ssp245", baseline=(2015, 2016))


def test_wrong_units(cmip6_file: Callable[..., Path]) -> None:
    ssp = cmip6_file("ssp245", (2015, 2020), units="kg m-2 s-1")
    with pytest.raises(UnitsError, match="units 'kg m-2 s-1'; expected K"):
        import_cmip6([], [ssp], "ssp245", baseline=(2015, 2016))


def test_no_overlap_with_the_region(cmip6_file: Callable[..., Path]) -> None:
    ssp = cmip6_file("ssp245", (2015, 2020), lat=(-40.0, -20.0), lon=(10.0, 30.0))
    with pytest.raises(NoOverlapError, match="no overlap with the region lat 18 to 54"):
        import_cmip6([], [ssp], "ssp245", baseline=(2015, 2016))


def test_baseline_absent(cmip6_file: Callable[..., Path]) -> None:
    ssp = cmip6_file("ssp245", (2015, 2020))
    with pytest.raises(BaselineError, match="baseline 1850-1900 is not covered: 51 of its"):
        import_cmip6([], [ssp], "ssp245")


def test_calendar_not_understood(tmp_path: Path) -> None:
    ds = xr.Dataset({"tas": (("time", "lat", "lon"), np.full((3, 2, 2), 290.0),
                             {"units": "K"})},
                    coords={"time": ("time", [0, 31, 59], {"units": "days since 2015-01-01",
                                                           "calendar": "martian"}),
                            "lat": [30.0, 31.0], "lon": [110.0, 111.0]})
    path = tmp_path / "odd.nc"
    ds.to_netcdf(path)
    with pytest.raises(CalendarError, match="calendar 'martian'"):
        import_cmip6([], [path], "ssp245", baseline=(2015, 2015))


def test_garbage_bytes(garbage: Callable[[str], Path]) -> None:
    with pytest.raises(GridFileError, match="not a readable netCDF file"):
        import_cmip6([], [garbage("tas.nc")], "ssp245")


def test_unknown_scenario(cmip6_file: Callable[..., Path]) -> None:
    with pytest.raises(UnitsError, match="unknown scenario 'rcp85'"):
        import_cmip6([], [cmip6_file("x", (2015, 2016))], "rcp85")
