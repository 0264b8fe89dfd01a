"""Fuel prices from NGFS/IAMC tables: Price|Primary Energy|Coal/Gas/Oil rows become
``coal_price``/``gas_price``/``oil_price`` in US$2010/GJ, whatever energy unit and dollar year
the table uses; a unit that is not a price per energy is refused with what to write."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from climrisk.grids.errors import UnitsError
from climrisk.grids.importers import import_iamc
from climrisk.grids.importers.spellings import UnitSpelling, energy_price_unit


@pytest.mark.parametrize(("unit", "year", "factor"), [
    ("US$2010/GJ", 2010, 1.0), ("USD_2010/GJ", 2010, 1.0), ("2010 US$ per GJ", 2010, 1.0),
    ("US$2010/MWh", 2010, 1 / 3.6), ("US$2015/MMBtu", 2015, 1 / 1.055056),
    ("US$2010/EJ", 2010, 1e-9),
])
def test_energy_price_units(unit: str, year: int, factor: float) -> None:
    got = energy_price_unit(unit)
    assert got[0] == year and got[1] == pytest.approx(factor)


@pytest.mark.parametrize("unit", ["US$2010/t CO2", "EUR2010/GJ", "US$2010/mj", "US$/GJ"])
def test_other_units_are_refused(unit: str) -> None:
    with pytest.raises(UnitSpelling, match="e.g. 'US\\$2010/GJ'"):
        energy_price_unit(unit)


def test_a_long_table_in_mwh_and_2020_dollars_is_converted(tmp_path: Path) -> None:
    rows = [("Price|Primary Energy|Gas", "US$2020/MWh", 2030, 36.0),
            ("Price|Primary Energy|Gas", "US$2020/MWh", 2040, 45.0),
            ("Price|Carbon", "US$2020/t CO2", 2030, 100.0),
            ("Price|Carbon", "US$2020/t CO2", 2040, 150.0)]
    pd.DataFrame([{"Model": "M", "Scenario": "Current Policies", "Region": "World",
                   "Variable": v, "Unit": u, "Year": y, "Value": x} for v, u, y, x in rows]
                 ).to_csv(tmp_path / "long.csv", index=False)
    with pytest.raises(UnitsError, match="deflator"):
        import_iamc(tmp_path / "long.csv")
    ds = import_iamc(tmp_path / "long.csv", deflator=1.2)
    assert set(ds.data_vars) == {"gas_price", "carbon_price"}
    # 36 US$2020/MWh = 10 US$2020/GJ = 10 / 1.2 US$2010/GJ
    assert float(ds.gas_price.sel(scenario="ngfs-cp", year=2030)) == pytest.approx(10 / 1.2,
                                                                                   rel=1e-6)
    assert float(ds.gas_price.sel(scenario="ngfs-cp", year=2035)) == pytest.approx(
        11.25 / 1.2, rel=1e-6)
    assert ds.gas_price.attrs["units"] == "USD2010 GJ-1"
    assert "US$2020/MWh" in ds.gas_price.attrs["climrisk_source_unit"]


def test_a_fuel_price_in_tonnes_is_refused_naming_the_variable(tmp_path: Path) -> None:
    pd.DataFrame([{"Model": "M", "Scenario": "Net Zero 2050", "Region": "World",
                   "Variable": "Price|Primary Energy|Coal", "Unit": "US$2010/t",
                   "2030": 60.0}]).to_csv(tmp_path / "t.csv", index=False)
    with pytest.raises(UnitsError, match=re.escape("(Price|Primary Energy|Coal)")):
        import_iamc(tmp_path / "t.csv")
