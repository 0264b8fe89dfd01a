"""``climrisk scenarios import`` on downloaded files that fail in the ways real files do.

Each failure is one ``error:`` line naming the file and the fix, exit code 2, no traceback,
and no grid written; files that are merely odd import with a ``warning:`` line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from tests.grids.test_ar6_downloads import BOXES, GAUGE, regional
from tests.grids.test_cmip6_downloads import dataset, save
from tests.grids.test_iamc_downloads import META, PRICES, table, workbook
from tests.hostile.conftest import run, user_error


def _nan(tmp: Path) -> Path:
    ds = dataset(range(2015, 2018))
    ds["tas"][:] = np.nan
    return save(ds, tmp / "tas_nan.nc")


def _raw_fill(tmp: Path) -> Path:
    ds = dataset(range(2015, 2018))
    ds["tas"][3, 1, 1] = 1e20
    return save(ds, tmp / "tas_raw.nc", tas={"_FillValue": None})


def _gap(tmp: Path) -> Path:
    ds = dataset(range(2015, 2021))
    return save(ds.isel(time=np.delete(np.arange(ds.sizes["time"]), 30)), tmp / "tas_gap.nc")


def _two_members(tmp: Path) -> Path:
    ds = dataset(range(2015, 2017))
    ds["tas"] = ds.tas.expand_dims(member=["r1i1p1f1", "r2i1p1f1"], axis=1)
    return save(ds, tmp / "tas_members.nc")


def _ssp585(tmp: Path) -> Path:
    return save(dataset(range(2015, 2018), experiment="ssp585"), tmp / "tas_585.nc")


def _ok(tmp: Path) -> Path:
    return save(dataset(range(2015, 2018)), tmp / "tas_ok.nc")


CMIP6 = [
    (_nan, [], "tas_nan.nc: every value of tas is missing"),
    (_raw_fill, [], "tas_raw.nc: tas holds 1e+20 K, outside the physical range"),
    (_gap, [], "tas_gap.nc: 2017 is incomplete (11 of 12 monthly time steps"),
    (_two_members, [], "tas has a dimension 'member' of length 2"),
    (_ssp585, [], "tas_585.nc: the file says experiment_id 'ssp585' but 'ssp245'"),
    (_ok, ["--model", "CanESM5"], "give --model TEST-ESM if the file is right"),
    (_ok, ["--member", "r9i1p1f1"], "give --member r1i1p1f1 if the file is right"),
]


@pytest.mark.parametrize("write, extra, message", CMIP6,
                         ids=[m.split(":")[0][:30] + str(i) for i, (_, _, m) in
                              enumerate(CMIP6)])
def test_cmip6_download_failures(tmp_path: Path, write: Callable[[Path], Path],
                                 extra: list[str], message: str) -> None:
    out = tmp_path / "g.nc"
    outcome = run("scenarios", "import", "cmip6", str(write(tmp_path)), "--scenario", "ssp245",
                  "--baseline", "2015-2015", "--out", str(out), *extra)
    user_error(outcome, message)
    assert not out.exists()


def test_cmip6_cli_says_what_the_files_declare_and_warns_of_left_out_years(
        tmp_path: Path) -> None:
    path = save(dataset(range(2015, 2021)).isel(time=slice(0, -2)), tmp_path / "tas_cut.nc")
    outcome = run("scenarios", "import", "cmip6", str(path), "--scenario", "ssp245",
                  "--baseline", "2015-2016", "--out", str(tmp_path / "g.nc"))
    assert outcome.code == 0, outcome.text
    assert "read source_id TEST-ESM, experiment_id ssp245, member_id r1i1p1f1" in outcome.out
    assert "warning: " in outcome.err and "2020 (10 of 12 time steps)" in outcome.err


AR6 = [
    (lambda t: regional(t / "slr_fill.nc", [GAUGE, *BOXES],
                        fill=dict.fromkeys(range(5), slice(None))), [],
     "slr_fill.nc: every value of sea_level_change is missing"),
    (lambda t: regional(t / "slr_rep.nc", BOXES, years=np.array([2020, 2030, 2030])), [],
     "slr_rep.nc: the years axis repeats a year"),
    (lambda t: regional(t / "slr.nc", BOXES), ["--gauge-reach", "-1"],
     "--gauge-reach -1: give a number above 0"),
]


@pytest.mark.parametrize("write, extra, message", AR6, ids=["all-fill", "repeated", "reach"])
def test_ar6_download_failures(tmp_path: Path, write: Callable[[Path], Path],
                               extra: list[str], message: str) -> None:
    out = tmp_path / "g.nc"
    outcome = run("scenarios", "import", "ar6-sea-level", str(write(tmp_path)), "--scenario",
                  "ssp245", "--out", str(out), *extra)
    user_error(outcome, message)
    assert not out.exists()


def test_ar6_mixed_file_imports_with_its_skipped_locations_said(tmp_path: Path) -> None:
    path = regional(tmp_path / "mixed.nc", [GAUGE, *BOXES], fill={1: slice(None)})
    outcome = run("scenarios", "import", "ar6-sea-level", str(path), "--scenario", "ssp245",
                  "--out", str(tmp_path / "g.nc"))
    assert outcome.code == 0, outcome.text
    assert "warning: " in outcome.err and "1 location(s) skipped for fill values" in outcome.err


def _sheets(tmp: Path) -> Path:
    return workbook(tmp / "ngfs.xlsx", {"Notes": META, "Prices": PRICES})


NGFS = [
    (_sheets, [], "ngfs.xlsx: the workbook has several sheets ('Notes', 'Prices')"),
    (_sheets, ["--sheet", "data"], "ngfs.xlsx: no sheet 'data'; the workbook has 'Notes', "
     "'Prices': give one of them with --sheet"),
    (lambda t: _csv(t, "US$2010/ton CO2"), [], "ngfs.csv: unit 'US$2010/ton CO2': 'ton' may"),
]


def _csv(tmp: Path, unit: str) -> Path:
    table([("Below 2?C", unit, 50, 115)]).to_csv(tmp / "ngfs.csv", index=False)
    return tmp / "ngfs.csv"


@pytest.mark.parametrize("write, extra, message", NGFS, ids=["sheets", "no-sheet", "ton"])
def test_ngfs_download_failures(tmp_path: Path, write: Callable[[Path], Path],
                                extra: list[str], message: str) -> None:
    out = tmp_path / "g.nc"
    outcome = run("scenarios", "import", "ngfs", str(write(tmp_path)), "--out", str(out),
                  *extra)
    user_error(outcome, message)
    assert not out.exists()


def test_ngfs_table_over_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _csv(tmp_path, "US$2010/t CO2")
    monkeypatch.setenv("CLIMRISK_MAX_TABLE_BYTES", "100")
    outcome = run("scenarios", "import", "ngfs", str(path), "--out", str(tmp_path / "g.nc"))
    user_error(outcome, "ngfs.csv: the table is", "over the limit of 100 bytes",
               "CLIMRISK_MAX_TABLE_BYTES")


def test_ngfs_sheet_option_imports_the_named_sheet(tmp_path: Path) -> None:
    outcome = run("scenarios", "import", "ngfs", str(_sheets(tmp_path)), "--sheet", "Prices",
                  "--out", str(tmp_path / "g.nc"))
    assert outcome.code == 0, outcome.text
    assert "carbon_price" in outcome.out


@pytest.mark.parametrize("bands, message", [(1, ""), (2, "has a dimension 'band' of length 2")])
def test_hazard_netcdf_with_a_band_dimension(tmp_path: Path, bands: int, message: str) -> None:
    """GDAL and rioxarray write a converted GeoTIFF with a ``band`` dimension."""
    import xarray as xr

    depth = np.linspace(0, 2, bands * 2 * 3 * 4).reshape(bands, 2, 3, 4)
    xr.Dataset({"flood_depth": (("band", "return_period", "lat", "lon"), depth,
                                {"units": "m"})},
               coords={"band": np.arange(1, bands + 1), "return_period": [10.0, 100.0],
                       "lat": [30.0, 31.0, 32.0], "lon": [110.0, 111.0, 112.0, 113.0]},
               ).to_netcdf(tmp_path / "map.nc")
    out = tmp_path / "g.nc"
    outcome = run("scenarios", "import", "hazard-map", str(tmp_path / "map.nc"), "--out",
                  str(out))
    if message:
        user_error(outcome, "map.nc: flood_depth " + message)
    else:
        assert outcome.code == 0, outcome.text
