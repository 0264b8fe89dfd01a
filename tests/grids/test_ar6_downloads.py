"""AR6 regional sea-level files as the IPCC AR6 projection tool ships them.

The regional files hold tide gauges (PSMSL station ids, 1 to 2358) and 1-degree grid boxes
(ids from 1,000,000,000 that code lat and lon, as in ``locations_info_d25a.csv`` of the
published d25a dataset) in one ``locations`` axis, int16 millimetres with a -32768 fill.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from climrisk.errors import InputWarning
from climrisk.grids import GridFileError, NoOverlapError
from climrisk.grids.importers import import_ar6_sea_level

QUANTILES = np.round(np.linspace(0, 1, 21), 2)
YEARS = np.arange(2020, 2151, 10)
FILL = -32768


def grid_id(lat: float, lon: float) -> int:
    """The AR6 id of a 1-degree grid box (1e9 + (90 - lat) * 1e5 + lon east * 10)."""
    return int(1_000_000_000 + (90 - lat) * 100_000 + (lon % 360) * 10)


def regional(path: Path, locations: list[tuple[int, float, float, float]], *,
             years: np.ndarray = YEARS, fill: dict[int, slice] | None = None,
             declare_fill: bool = True) -> Path:
    """``locations`` as (id, lat, lon, mm per decade); median = rate * decades since 2020."""
    rate = np.array([r for *_, r in locations], dtype=float)
    decades = (years - 2020) / 10
    values = (rate[None, None, :] * decades[None, :, None]
              + (QUANTILES[:, None, None] - 0.5) * 100)
    values = np.round(values).astype("i2")
    for index, when in (fill or {}).items():
        values[:, when, index] = FILL
    attrs = {"units": "mm"}
    ds = xr.Dataset(
        {"sea_level_change": (("quantiles", "years", "locations"), values, attrs),
         "lat": ("locations", np.array([la for _, la, _, _ in locations])),
         "lon": ("locations", np.array([lo for _, _, lo, _ in locations]))},
        coords={"quantiles": QUANTILES, "years": years,
                "locations": np.array([i for i, *_ in locations], dtype="i4")},
    )
    enc = {"sea_level_change": {"_FillValue": np.int16(FILL)} if declare_fill
           else {"_FillValue": None}}
    ds.to_netcdf(path, encoding=enc)
    return path


# Hong Kong: Quarry Bay gauge (22.29N 114.21E) and the grid boxes around it
GAUGE = (1366, 22.29, 114.21, 70.0)
BOXES = [(grid_id(22, 114), 22.0, 114.0, 40.0), (grid_id(22, 115), 22.0, 115.0, 41.0),
         (grid_id(23, 114), 23.0, 114.0, 42.0), (grid_id(21, 114), 21.0, 114.0, 43.0)]


def median_2100(ds: xr.Dataset, lat: float, lon: float) -> float:
    return float(ds.sea_level_change.sel(scenario="ssp245", quantile=0.5, year=2100, lat=lat,
                                         lon=lon))


def test_mixed_file_prefers_the_gauge_near_a_cell(tmp_path: Path) -> None:
    path = regional(tmp_path / "total_ssp245_medium_confidence_values.nc", [GAUGE, *BOXES])
    ds = import_ar6_sea_level(path, "ssp245", resolution=0.25)
    # the cell at 22.25N 114.25E is 0.05 degrees from the gauge: the gauge's 8 decades x 70 mm
    assert median_2100(ds, 22.25, 114.25) == pytest.approx(0.56)
    # 21N 114E is a grid box 1.3 degrees from the gauge: the box's own value
    assert median_2100(ds, 21.0, 114.0) == pytest.approx(8 * 0.043)
    # the box at 22N 114E is 0.37 degrees from the gauge: within 0.5, so the gauge wins
    assert median_2100(ds, 22.0, 114.0) == pytest.approx(0.56)
    assert "1 tide gauges and 4 grid boxes" in ds.sea_level_change.attrs["climrisk_locations"]
    without = import_ar6_sea_level(path, "ssp245", resolution=0.25, gauge_reach=0.01)
    assert median_2100(without, 22.0, 114.0) == pytest.approx(8 * 0.040)


def test_grid_boxes_alone_and_gauges_alone(tmp_path: Path) -> None:
    boxes = import_ar6_sea_level(regional(tmp_path / "g.nc", BOXES), "ssp245")
    assert median_2100(boxes, 23.0, 114.0) == pytest.approx(8 * 0.042)
    gauges = import_ar6_sea_level(regional(tmp_path / "t.nc", [GAUGE]), "ssp245")
    values = gauges.sea_level_change.sel(quantile=0.5, year=2100).values
    assert np.allclose(values[np.isfinite(values)], 0.56)  # one location serves every cell


def test_fill_values_are_skipped_and_counted(tmp_path: Path) -> None:
    path = regional(tmp_path / "f.nc", [GAUGE, *BOXES], fill={0: slice(None)})
    with pytest.warns(InputWarning, match=r"f\.nc: sea_level_change: 1 location\(s\) skipped "
                      "for fill values"):
        ds = import_ar6_sea_level(path, "ssp245", resolution=0.25)
    # the gauge holds only fill values, so the nearest grid box serves its cells
    assert median_2100(ds, 22.0, 114.0) == pytest.approx(8 * 0.040)
    assert "1 location(s) skipped" in ds.attrs["history"]


def test_undeclared_int16_fill_is_still_a_fill(tmp_path: Path) -> None:
    path = regional(tmp_path / "raw.nc", [GAUGE, *BOXES], fill={0: slice(3, 5)},
                    declare_fill=False)
    with pytest.warns(InputWarning, match="1 location"):
        ds = import_ar6_sea_level(path, "ssp245", resolution=0.25)
    assert np.nanmax(ds.sea_level_change.values) < 2.0


def test_years_that_only_fill_values_hold_are_cut_at_the_end(tmp_path: Path) -> None:
    path = regional(tmp_path / "short.nc", [GAUGE, *BOXES],
                    fill=dict.fromkeys(range(5), slice(-2, None)))
    with pytest.warns(InputWarning, match="years 2140, 2150 left out"):
        ds = import_ar6_sea_level(path, "ssp245")
    assert int(ds.year.max()) == 2130


def test_all_fill_file_is_refused(tmp_path: Path) -> None:
    path = regional(tmp_path / "empty.nc", [GAUGE, *BOXES],
                    fill=dict.fromkeys(range(5), slice(None)))
    with pytest.raises(GridFileError, match=r"empty\.nc: every value of sea_level_change is "
                       "missing"):
        import_ar6_sea_level(path, "ssp245")


def test_region_holding_only_fill_values_is_refused(tmp_path: Path) -> None:
    far = (grid_id(40, 10), 40.0, 10.0, 30.0)
    path = regional(tmp_path / "r.nc", [GAUGE, far], fill={0: slice(None)})
    with pytest.raises(NoOverlapError, match="every location in the region holds only fill"):
        import_ar6_sea_level(path, "ssp245")


def test_newest_first_years_give_the_same_values(tmp_path: Path) -> None:
    ahead = import_ar6_sea_level(regional(tmp_path / "a.nc", BOXES), "ssp245")
    path = tmp_path / "b.nc"
    xr.open_dataset(regional(tmp_path / "src.nc", BOXES)).isel(
        years=slice(None, None, -1)).to_netcdf(path)
    behind = import_ar6_sea_level(path, "ssp245")
    xr.testing.assert_allclose(ahead.sea_level_change, behind.sea_level_change)
    assert median_2100(behind, 22.0, 115.0) == pytest.approx(8 * 0.041)


def test_repeated_year_is_refused(tmp_path: Path) -> None:
    years = np.array([2020, 2030, 2030, 2050])
    path = regional(tmp_path / "rep.nc", BOXES, years=years)
    with pytest.raises(GridFileError, match=r"rep\.nc: the years axis repeats a year"):
        import_ar6_sea_level(path, "ssp245")


def test_one_year_file(tmp_path: Path) -> None:
    path = regional(tmp_path / "y.nc", BOXES, years=np.array([2100]))
    ds = import_ar6_sea_level(path, "ssp245")
    assert list(ds.year.values) == [2100]
    assert median_2100(ds, 22.0, 114.0) == pytest.approx(8 * 0.040)


def test_unphysical_value_is_refused(tmp_path: Path) -> None:
    path = regional(tmp_path / "odd.nc", [(1, 22.0, 114.0, 2_400.0)])
    with pytest.raises(GridFileError, match=r"odd\.nc: sea_level_change holds 31\.2\d* m, outside "
                       "the physical range -30 to 30 m"):
        import_ar6_sea_level(path, "ssp245")

