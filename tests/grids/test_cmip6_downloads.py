"""CMIP6 files as they arrive from the archive and from processing tools.

Every CF calendar, newest-first time axes, length-1 dimensions, one-cell extractions,
incomplete years, fill values and files whose identifiers disagree with what the user said.
Each file is written by the test; the field is ``288 K + TREND * (year - 2015)`` plus a
constant per month or day, so every annual mean and change is known exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import cftime
import numpy as np
import pytest
import xarray as xr

from climrisk.errors import InputWarning
from climrisk.grids import BaselineError, CalendarError, GridFileError
from climrisk.grids.importers import import_cmip6

TREND = 0.1
LAT, LON = [30.0, 32.5], [110.0, 112.5]


def times(years: range, freq: str, calendar: str) -> list[cftime.datetime]:
    if freq == "monthly":
        return [cftime.datetime(y, m, 15, calendar=calendar) for y in years for m in range(1, 13)]
    out: list[cftime.datetime] = []
    for y in years:
        start = cftime.date2num(cftime.datetime(y, 1, 1, calendar=calendar), "days since 1-1-1",
                                calendar=calendar)
        end = cftime.date2num(cftime.datetime(y + 1, 1, 1, calendar=calendar),
                              "days since 1-1-1", calendar=calendar)
        out += list(cftime.num2date(np.arange(start, end) + 0.5, "days since 1-1-1",
                                    calendar=calendar))
    return out


def dataset(years: range, *, freq: str = "monthly", calendar: str = "noleap",
            variable: str = "tas", experiment: str = "ssp245", **attrs: str) -> xr.Dataset:
    dates = times(years, freq, calendar)
    year = np.array([d.year for d in dates], dtype=float)
    month = np.array([d.month for d in dates], dtype=float)
    # A seasonal cycle that sums to zero over a year keeps annual means exact only for the
    # monthly files; daily files get none, so every day of a year has the same value.
    season = np.cos((month - 1) * np.pi / 6) if freq == "monthly" else 0.0
    values = 288.0 + TREND * (year - 2015) + season
    field = np.broadcast_to(values[:, None, None], (len(dates), len(LAT), len(LON)))
    return xr.Dataset(
        {variable: (("time", "lat", "lon"), field.astype("f4"), {"units": "K"})},
        coords={"time": ("time", dates), "lat": ("lat", LAT, {"units": "degrees_north"}),
                "lon": ("lon", LON, {"units": "degrees_east"})},
        attrs={"source_id": "TEST-ESM", "experiment_id": experiment,
               "variant_label": "r1i1p1f1", **attrs},
    )


def save(ds: xr.Dataset, path: Path, **encoding: dict[str, object]) -> Path:
    calendar = ds.time.values[0].calendar if "time" in ds.coords else "noleap"
    enc = {"time": {"units": "days since 2000-01-01", "calendar": calendar}, **encoding}
    ds.to_netcdf(path, encoding={k: v for k, v in enc.items() if k in ds.variables})
    return path


def change_at(ds: xr.Dataset, year: int, variable: str = "tas_change") -> np.ndarray:
    return ds[variable].sel(year=year, scenario=ds.scenario.values[0]).values


@pytest.mark.parametrize("calendar", ["standard", "gregorian", "proleptic_gregorian", "julian",
                                      "noleap", "365_day", "all_leap", "366_day", "360_day"])
@pytest.mark.parametrize("freq", ["monthly", "daily"])
def test_every_cf_calendar(tmp_path: Path, calendar: str, freq: str) -> None:
    path = save(dataset(range(2015, 2021), freq=freq, calendar=calendar), tmp_path / "t.nc")
    ds = import_cmip6([], [path], "ssp245", baseline=(2015, 2016), region=(0, 90, 0, 180))
    np.testing.assert_allclose(change_at(ds, 2020), TREND * (2020 - 2015.5), atol=1e-4)
    assert ds.tas_change.attrs["climrisk_incomplete_years"] == "none"


@pytest.mark.parametrize("calendar", ["standard", "360_day", "noleap"])
def test_daily_tasmax_summer_in_each_calendar(tmp_path: Path, calendar: str) -> None:
    ds = dataset(range(2015, 2019), freq="daily", calendar=calendar, variable="tasmax")
    out = import_cmip6([], [save(ds, tmp_path / "t.nc")], "ssp245", variables=["tasmax"],
                       baseline=(2015, 2015), region=(0, 90, 0, 180))
    np.testing.assert_allclose(change_at(out, 2018, "tasmax_change"), TREND * 3, atol=1e-4)


def test_newest_first_time_axis_gives_the_same_values(tmp_path: Path) -> None:
    ds = dataset(range(2015, 2031))
    ahead = save(ds, tmp_path / "ahead.nc")
    behind = save(ds.isel(time=slice(None, None, -1), lat=slice(None, None, -1)),
                  tmp_path / "behind.nc")
    kw = {"baseline": (2015, 2019), "region": (0.0, 90.0, 0.0, 180.0)}
    a = import_cmip6([], [ahead], "ssp245", **kw)
    b = import_cmip6([], [behind], "ssp245", **kw)
    xr.testing.assert_equal(a.tas_change, b.tas_change)
    np.testing.assert_allclose(change_at(b, 2030), TREND * (2030 - 2017), atol=1e-4)


def test_historical_and_scenario_files_given_in_any_order(tmp_path: Path) -> None:
    hist = save(dataset(range(2005, 2015), experiment="historical").isel(
        time=slice(None, None, -1)), tmp_path / "h.nc")
    ssp = save(dataset(range(2015, 2021)), tmp_path / "s.nc")
    ds = import_cmip6([hist], [ssp], "ssp245", baseline=(2005, 2014), region=(0, 90, 0, 180))
    np.testing.assert_allclose(change_at(ds, 2020), TREND * (2020 - 2009.5), atol=1e-4)


def test_all_nan_field_is_refused(tmp_path: Path) -> None:
    ds = dataset(range(2015, 2018))
    ds["tas"][:] = np.nan
    path = save(ds, tmp_path / "empty.nc")
    with pytest.raises(GridFileError, match=r"empty\.nc: every value of tas is missing"):
        import_cmip6([], [path], "ssp245", baseline=(2015, 2015))


def test_all_declared_fill_values_are_refused(tmp_path: Path) -> None:
    ds = dataset(range(2015, 2018))
    ds["tas"][:] = 1e20
    path = save(ds, tmp_path / "fill.nc", tas={"_FillValue": np.float32(1e20)})
    with pytest.raises(GridFileError, match=r"fill\.nc: every value of tas is missing"):
        import_cmip6([], [path], "ssp245", baseline=(2015, 2015))


def test_undeclared_fill_value_is_refused_as_unphysical(tmp_path: Path) -> None:
    ds = dataset(range(2015, 2018))
    ds["tas"][5, 0, 0] = 1e20
    path = save(ds, tmp_path / "raw.nc", tas={"_FillValue": None})
    with pytest.raises(GridFileError, match=r"raw\.nc: tas holds 1e\+20 K, outside the "
                       r"physical range 150 to 350 K; .*_FillValue"):
        import_cmip6([], [path], "ssp245", baseline=(2015, 2015))


def test_values_missing_only_outside_the_region_are_fine(tmp_path: Path) -> None:
    ds = dataset(range(2015, 2018))
    ds["tas"][:, 0, :] = np.nan
    path = save(ds, tmp_path / "half.nc")
    with pytest.raises(GridFileError, match="no value inside the region"):
        import_cmip6([], [path], "ssp245", baseline=(2015, 2015), region=(29, 31, 100, 120))
    out = import_cmip6([], [path], "ssp245", baseline=(2015, 2015), region=(32, 33, 100, 120))
    np.testing.assert_allclose(change_at(out, 2017), 0.2, atol=1e-4)


@pytest.mark.parametrize("dim, value", [("height", 2.0), ("member", "r1i1p1f1"),
                                        ("realization", 1), ("bnds", None)])
def test_length_one_dimension_is_dropped(tmp_path: Path, dim: str, value: object) -> None:
    ds = dataset(range(2015, 2020))
    ds["tas"] = ds.tas.expand_dims({dim: [value] if value is not None else 1}, axis=1)
    if value is None:
        ds = ds.drop_vars(dim, errors="ignore")
    out = import_cmip6([], [save(ds, tmp_path / "t.nc")], "ssp245", baseline=(2015, 2015),
                       region=(0, 90, 0, 180))
    assert out.tas_change.dims == ("scenario", "year", "quantile", "lat", "lon")
    np.testing.assert_allclose(change_at(out, 2019), TREND * 4, atol=1e-4)


def test_longer_extra_dimension_is_refused(tmp_path: Path) -> None:
    ds = dataset(range(2015, 2017))
    ds["tas"] = ds.tas.expand_dims(member=["r1i1p1f1", "r2i1p1f1"], axis=1)
    path = save(ds, tmp_path / "two.nc")
    with pytest.raises(GridFileError, match=r"two\.nc: tas has a dimension 'member' of length "
                       r"2 .*select one member first"):
        import_cmip6([], [path], "ssp245", baseline=(2015, 2015))


def test_member_dimension_is_checked_against_the_member_asked_for(tmp_path: Path) -> None:
    ds = dataset(range(2015, 2017)).drop_attrs()
    ds["tas"] = ds.tas.expand_dims(member=["r3i1p1f1"], axis=1)
    ds.tas.attrs["units"] = "K"
    path = save(ds, tmp_path / "m.nc")
    with pytest.raises(GridFileError, match="says member_id 'r3i1p1f1' but 'r1i1p1f1'"):
        import_cmip6([], [path], "ssp245", baseline=(2015, 2015), member="r1i1p1f1")


@pytest.mark.parametrize("shape", ["scalar", "length-1"])
def test_one_cell_extraction(tmp_path: Path, shape: str) -> None:
    ds = dataset(range(2015, 2020)).isel(lat=[1], lon=[0])
    if shape == "scalar":
        ds = ds.squeeze(["lat", "lon"])
    out = import_cmip6([], [save(ds, tmp_path / "point.nc")], "ssp245", baseline=(2015, 2015),
                       region=(0, 90, 0, 180))
    assert out.sizes["lat"] == 1 and out.sizes["lon"] == 1
    assert float(out.lat[0]) == 32.5 and float(out.lon[0]) == 110.0
    np.testing.assert_allclose(change_at(out, 2019), TREND * 4, atol=1e-4)


def test_incomplete_last_year_is_left_out_and_said(tmp_path: Path) -> None:
    ds = dataset(range(2015, 2031)).isel(time=slice(0, -1))  # ends in November 2030
    with pytest.warns(InputWarning, match=r"incomplete years left out, not averaged: 2030 "
                      r"\(11 of 12 time steps\)"):
        out = import_cmip6([], [save(ds, tmp_path / "t.nc")], "ssp245", baseline=(2015, 2016),
                           region=(0, 90, 0, 180))
    assert int(out.year.max()) == 2029
    assert out.tas_change.attrs["climrisk_incomplete_years"] == "2030 (11 of 12 time steps)"
    assert "incomplete years tas_change: 2030 (11 of 12 time steps) left out" in \
        out.attrs["history"]


def test_month_missing_inside_the_record_is_refused(tmp_path: Path) -> None:
    ds = dataset(range(2015, 2031))
    ds = ds.isel(time=np.delete(np.arange(ds.sizes["time"]), 12 * 5 + 6))  # July 2020
    path = save(ds, tmp_path / "gap.nc")
    with pytest.raises(GridFileError, match=r"gap\.nc: 2020 is incomplete \(11 of 12 monthly "
                       r"time steps in the 'noleap' calendar\)"):
        import_cmip6([], [path], "ssp245", baseline=(2015, 2016))


def test_one_missing_day_is_not_averaged(tmp_path: Path) -> None:
    """A day short of 365 is 99.7 % of a year: still incomplete."""
    ds = dataset(range(2015, 2019), freq="daily", variable="tasmax")
    ds = ds.isel(time=np.delete(np.arange(ds.sizes["time"]), 365 * 2 + 190))  # July 2017
    path = save(ds, tmp_path / "day.nc")
    with pytest.raises(GridFileError, match=r"2017 is incomplete \(91 of 92 daily"):
        import_cmip6([], [path], "ssp245", variables=["tasmax"], baseline=(2015, 2015))


def test_missing_year_inside_the_scenario_is_refused(tmp_path: Path) -> None:
    first = save(dataset(range(2015, 2020)), tmp_path / "a.nc")
    second = save(dataset(range(2021, 2026)), tmp_path / "b.nc")
    with pytest.raises(GridFileError, match="the scenario years 2015-2025 lack 2020"):
        import_cmip6([], [first, second], "ssp245", baseline=(2015, 2016))


def test_incomplete_baseline_year_is_named(tmp_path: Path) -> None:
    ds = dataset(range(2015, 2021)).isel(time=slice(2, None))  # starts in March 2015
    path = save(ds, tmp_path / "late.nc")
    with pytest.raises(BaselineError, match=r"1 of its years are absent \(2015 incomplete\)"):
        import_cmip6([], [path], "ssp245", baseline=(2015, 2016))


def test_single_time_step_is_refused(tmp_path: Path) -> None:
    path = save(dataset(range(2015, 2016)).isel(time=[0]), tmp_path / "one.nc")
    with pytest.raises(CalendarError, match=r"one\.nc: the time axis has 1 step"):
        import_cmip6([], [path], "ssp245", baseline=(2015, 2015))


# --- experiment, model and member against what the user says --------------------------

def _ssp(tmp_path: Path, name: str = "t.nc", **attrs: str) -> Path:
    return save(dataset(range(2015, 2018), **attrs), tmp_path / name)


def test_experiment_that_differs_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = _ssp(tmp_path, experiment="ssp585")
    with pytest.raises(GridFileError, match=r"t\.nc: the file says experiment_id 'ssp585' but "
                       "'ssp245' was asked for"):
        import_cmip6([], [path], "ssp245", baseline=(2015, 2015))


def test_historical_file_must_be_historical(tmp_path: Path) -> None:
    hist = save(dataset(range(2010, 2015), experiment="ssp245"), tmp_path / "h.nc")
    with pytest.raises(GridFileError, match=r"h\.nc: the file says experiment_id 'ssp245' but "
                       "'historical'"):
        import_cmip6([hist], [_ssp(tmp_path)], "ssp245", baseline=(2010, 2014))


def test_model_that_differs_is_refused_with_the_fix(tmp_path: Path) -> None:
    with pytest.raises(GridFileError, match=r"says source_id 'TEST-ESM' but 'MPI-ESM1-2-LR' .*"
                       r"give --model TEST-ESM if the file is right"):
        import_cmip6([], [_ssp(tmp_path)], "ssp245", baseline=(2015, 2015),
                     model="MPI-ESM1-2-LR")


def test_member_that_differs_is_refused(tmp_path: Path) -> None:
    with pytest.raises(GridFileError, match=r"says member_id 'r1i1p1f1' but 'r2i1p1f1'.*"
                       r"--member r1i1p1f1"):
        import_cmip6([], [_ssp(tmp_path)], "ssp245", baseline=(2015, 2015), member="r2i1p1f1")


def test_identifiers_match_case_insensitively_and_are_recorded(tmp_path: Path) -> None:
    out = import_cmip6([], [_ssp(tmp_path)], "ssp245", baseline=(2015, 2015),
                       model="test-esm", member="R1I1P1F1", region=(0, 90, 0, 180))
    assert out.attrs["climrisk_experiment_id"] == "ssp245"
    out = import_cmip6([], [_ssp(tmp_path)], "ssp245", baseline=(2015, 2015),
                       region=(0, 90, 0, 180))
    assert (out.attrs["climrisk_source_id"], out.attrs["climrisk_member_id"]) == (
        "TEST-ESM", "r1i1p1f1")


def test_file_name_supplies_identifiers_the_attributes_lost(tmp_path: Path) -> None:
    ds = dataset(range(2015, 2018)).drop_attrs()
    ds.tas.attrs["units"] = "K"
    name = "tas_Amon_CanESM5_ssp585_r1i1p2f1_gn_201501-201712.nc"
    path = save(ds, tmp_path / name)
    with pytest.raises(GridFileError, match="says experiment_id 'ssp585' but 'ssp245'"):
        import_cmip6([], [path], "ssp245", baseline=(2015, 2015))
    out = import_cmip6([], [path], "ssp585", baseline=(2015, 2015), region=(0, 90, 0, 180))
    assert (out.attrs["climrisk_source_id"], out.attrs["climrisk_member_id"]) == (
        "CanESM5", "r1i1p2f1")


def test_file_declaring_no_experiment_is_taken_with_a_warning(tmp_path: Path) -> None:
    ds = dataset(range(2015, 2018)).drop_attrs()
    ds.tas.attrs["units"] = "K"
    path = save(ds, tmp_path / "bare.nc")
    with pytest.warns(InputWarning, match=r"bare\.nc: experiment_id: the file declares no "
                      "experiment_id; taken to be 'ssp245' as given"):
        import_cmip6([], [path], "ssp245", baseline=(2015, 2015), region=(0, 90, 0, 180))


@pytest.mark.parametrize("second, message", [
    (lambda: dataset(range(2017, 2019), freq="daily"), "the files mix frequencies"),
    (lambda: dataset(range(2017, 2019), source_id="OTHER-ESM"),
     "the files mix source_id OTHER-ESM, TEST-ESM"),
    (lambda: dataset(range(2017, 2019)).assign_coords(lat=[31.0, 33.5]),
     r"a\.nc, .*b\.nc: the files do not share one lat/lon grid"),
], ids=["frequency", "model", "grid"])
def test_files_that_do_not_go_together_are_refused(
        tmp_path: Path, second: Callable[[], xr.Dataset], message: str) -> None:
    a = save(dataset(range(2015, 2017)), tmp_path / "a.nc")
    b = save(second(), tmp_path / "b.nc")
    with pytest.raises(GridFileError, match=message):
        import_cmip6([], [a, b], "ssp245", baseline=(2015, 2015))
