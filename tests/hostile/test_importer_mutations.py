"""Hypothesis mutates importer inputs: every mutant is imported or refused as a user error.

Byte-level mutants (flipped, cut, spliced bytes) of a valid GeoTIFF and a valid netCDF
hazard map, and value-level mutants (NaN, infinities, huge, negative, all-NoData) of the
map's data and return periods. No mutant may raise anything but a ``UserError``, and an
accepted mutant must be a grid that passes the grid contract with finite or missing depths.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest
import xarray as xr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from climrisk.errors import UserError
from climrisk.grids.importers import import_hazard_map
from tests.hostile.test_operator_mistakes import geotiff

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def _valid_tif() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = geotiff(Path(tmp) / "m.tif", np.arange(16.0).reshape(4, 4) / 10)
        return path.read_bytes()


def _valid_nc() -> bytes:
    ds = xr.Dataset(
        {"flood_depth": (("return_period", "lat", "lon"),
                         np.linspace(0, 2, 2 * 3 * 4).reshape(2, 3, 4), {"units": "m"})},
        coords={"return_period": [10.0, 100.0], "lat": [30.0, 31.0, 32.0],
                "lon": [110.0, 111.0, 112.0, 113.0]},
    )
    with tempfile.TemporaryDirectory() as tmp:
        ds.to_netcdf(Path(tmp) / "m.nc", engine="netcdf4")
        return (Path(tmp) / "m.nc").read_bytes()


TIF, NC = _valid_tif(), _valid_nc()


@st.composite
def mutants(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "cut", "splice", "zero"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "cut":
            del data[at:at + draw(st.integers(1, 64))]
        elif kind == "splice":
            data[at:at] = draw(st.binary(min_size=1, max_size=32))
        elif data:
            data[at:at + 8] = b"\0" * len(data[at:at + 8])
    return bytes(data)


def _import(path: Path, **kwargs: object) -> None:
    try:
        ds = import_hazard_map([path], **kwargs)  # type: ignore[arg-type]
    except UserError as exc:
        assert str(exc) and "Traceback" not in str(exc)
        return
    depth = ds["flood_depth"].values
    assert not np.isinf(depth).any()
    assert np.isfinite(depth).any()


@SETTINGS
@given(data=mutants(TIF))
def test_mutated_geotiff(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "m.tif"
    path.write_bytes(data)
    _import(path, return_periods=[100.0])


@SETTINGS
@given(data=mutants(NC))
def test_mutated_netcdf(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "m.nc"
    path.write_bytes(data)
    _import(path)


@SETTINGS
@given(
    values=st.lists(st.one_of(st.floats(allow_nan=True, allow_infinity=True, width=32),
                              st.just(-9999.0)), min_size=16, max_size=16),
    periods=st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=1, max_size=3),
)
def test_mutated_values_and_return_periods(tmp_path: Path, values: list[float],
                                           periods: list[float]) -> None:
    paths = [geotiff(tmp_path / f"m{i}.tif", np.asarray(values).reshape(4, 4))
             for i in range(len(periods))]
    try:
        ds = import_hazard_map(paths, return_periods=periods)
    except UserError:
        return
    depth = ds["flood_depth"].values
    assert np.isfinite(depth).any() and not np.isinf(depth).any()
    assert (ds["return_period"].values >= 1).all()
    assert len(set(ds["return_period"].values)) == len(periods)


@pytest.mark.parametrize("value", [np.inf, -np.inf])
def test_infinite_depth_is_refused(tmp_path: Path, value: float) -> None:
    data = np.ones((4, 4))
    data[1, 1] = value
    with pytest.raises(UserError, match="infinite"):
        import_hazard_map([geotiff(tmp_path / "m.tif", data)], return_periods=[100.0])


def test_negative_depth_is_refused(tmp_path: Path) -> None:
    data = np.ones((4, 4))
    data[0, 0] = -3.0
    with pytest.raises(UserError, match="negative"):
        import_hazard_map([geotiff(tmp_path / "m.tif", data)], return_periods=[100.0])


def _valid_cmip6() -> bytes:
    from tests.grids.test_cmip6_downloads import dataset, save

    with tempfile.TemporaryDirectory() as tmp:
        return save(dataset(range(2015, 2018)), Path(tmp) / "tas.nc").read_bytes()


CMIP6 = _valid_cmip6()


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=mutants(CMIP6))
def test_mutated_cmip6_file(tmp_path: Path, data: bytes) -> None:
    from climrisk.grids.importers import import_cmip6

    path = tmp_path / "tas.nc"
    path.write_bytes(data)
    try:
        ds = import_cmip6([], [path], "ssp245", baseline=(2015, 2015), region=(0, 90, 0, 180))
    except UserError as exc:
        assert str(exc) and "Traceback" not in str(exc)
        return
    change = ds["tas_change"].values
    assert np.isfinite(change).any() and not np.isinf(change).any()


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.one_of(st.integers(-32768, 32767).map(float),
                                 st.sampled_from([-32768.0, -9999.0, np.nan, 1e37])),
                       min_size=5, max_size=5))
def test_mutated_ar6_locations(tmp_path: Path, values: list[float]) -> None:
    """Every location's 2100 median replaced: fill values, sentinels, extremes."""
    from climrisk.grids.importers import import_ar6_sea_level
    from tests.grids.test_ar6_downloads import BOXES, GAUGE

    locs = [GAUGE, *BOXES]
    ds = xr.Dataset(
        {"sea_level_change": (("quantiles", "years", "locations"),
                              np.tile(np.array(values, dtype=float), (3, 2, 1)), {"units": "mm"}),
         "lat": ("locations", [la for _, la, _, _ in locs]),
         "lon": ("locations", [lo for _, _, lo, _ in locs])},
        coords={"quantiles": [0.05, 0.5, 0.95], "years": [2050, 2100],
                "locations": [i for i, *_ in locs]})
    path = tmp_path / "slr.nc"
    ds.to_netcdf(path)
    try:
        out = import_ar6_sea_level(path, "ssp245")
    except UserError:
        return
    slc = out["sea_level_change"].values
    assert np.isfinite(slc).any() and np.nanmax(np.abs(slc)) <= 30.0
