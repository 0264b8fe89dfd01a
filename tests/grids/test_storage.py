"""Opening grid files: validation, lazy chunks, the cached default, unreadable files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from climrisk.grids import GridContractError, GridFileError, open_default, open_grid, write_grid


def test_garbage_file_is_a_user_error(garbage: Callable[[str], Path]) -> None:
    with pytest.raises(GridFileError, match="cannot be read as a grid"):
        open_grid(garbage("grid.nc"))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(GridFileError, match="no such grid file"):
        open_grid(tmp_path / "nope.nc")


def test_file_that_breaks_the_contract(tmp_path: Path) -> None:
    xr.Dataset({"mystery": ("x", np.arange(3.0))}).to_netcdf(tmp_path / "m.nc")
    with pytest.raises(GridContractError, match="mystery: unknown variable"):
        open_grid(tmp_path / "m.nc")


def test_round_trip_and_lazy_open(tmp_path: Path) -> None:
    ds = xr.Dataset({"carbon_price": (("scenario", "year"), np.array([[1.234, 2.0]]),
                                      {"units": "USD2010 t-1"})},
                    coords={"scenario": ["ngfs-cp"], "year": [2030, 2050]})
    path = write_grid(ds, tmp_path / "c.nc")
    eager, lazy = open_grid(path), open_grid(path, lazy=True)
    assert eager.carbon_price.chunks is None
    assert lazy.carbon_price.chunks is not None
    np.testing.assert_allclose(eager.carbon_price.values, [[1.234, 2.0]], atol=0.01)


def test_default_is_cached_and_lazy() -> None:
    a, b = open_default(), open_default()
    assert a is not b
    assert a.hot_days.data is b.hot_days.data
    assert a.hot_days.chunks is not None
    a.attrs["title"] = "changed"
    assert open_default().attrs["title"] != "changed"
