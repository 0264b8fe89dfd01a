"""``check_grid`` holds datasets to the variable table with clear messages."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from climrisk.grids import GridContractError, check_grid, variables
from climrisk.grids.metadata import append_history, cf_attrs


def tiny(name: str = "carbon_price", units: str = "USD2010 t-1") -> xr.Dataset:
    da = xr.DataArray(np.ones((2, 3), dtype=np.float32), dims=("scenario", "year"),
                      coords={"scenario": ["ngfs-cp", "ngfs-nz2050"], "year": [2025, 2026, 2027]},
                      attrs={"units": units})
    return xr.Dataset({name: da})


def test_every_contract_variable_is_documented() -> None:
    table = variables()
    for name in ("gsat", "tas_change", "tasmax_change", "hot_days", "cdd", "sea_level_change",
                 "rx1day_change", "carbon_price", "grid_emission_factor", "electricity_price",
                 "flood_depth"):
        entry = table[name]
        assert {"dims", "units", "long_name", "meaning", "source"} <= set(entry), name
    assert table["tas_change"]["units_metadata"] == "temperature: difference"


def test_valid_dataset_passes() -> None:
    check_grid(tiny())


def test_unknown_variable_is_named() -> None:
    with pytest.raises(GridContractError, match="carbon_prize: unknown variable"):
        check_grid(tiny("carbon_prize"))


def test_wrong_units_are_named() -> None:
    with pytest.raises(GridContractError, match=r"carbon_price: units 'EUR/t'.*USD2010 t-1"):
        check_grid(tiny(units="EUR/t"))


def test_wrong_dims_are_named() -> None:
    ds = tiny().transpose("year", "scenario")
    with pytest.raises(GridContractError, match="carbon_price: dims"):
        check_grid(ds)


def test_descending_latitude_is_rejected() -> None:
    da = xr.DataArray(np.zeros((1, 2, 2)), dims=("return_period", "lat", "lon"),
                      coords={"return_period": [100.0], "lat": [30.0, 29.0],
                              "lon": [110.0, 111.0]}, attrs={"units": "m"})
    with pytest.raises(GridContractError, match="lat must be strictly ascending"):
        check_grid(xr.Dataset({"flood_depth": da}))


def test_extra_leading_dims_are_allowed_for_hazard_maps() -> None:
    da = xr.DataArray(np.zeros((2, 1, 2, 2)), dims=("scenario", "return_period", "lat", "lon"),
                      coords={"scenario": ["a", "b"], "return_period": [100.0],
                              "lat": [29.0, 30.0], "lon": [110.0, 111.0]}, attrs={"units": "m"})
    check_grid(xr.Dataset({"flood_depth": da}))


def test_cf_attrs_and_history() -> None:
    attrs = cf_attrs("tas_change", "estimate", "somewhere")
    assert attrs["standard_name"] == "air_temperature_anomaly"
    assert attrs["units_metadata"] == "temperature: difference"
    ds = xr.Dataset(attrs={"history": "first"})
    append_history(ds, "second", timestamp=False)
    assert ds.attrs["history"].splitlines() == ["first", "climrisk 0.1.0: second"]
