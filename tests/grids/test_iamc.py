"""NGFS / IAMC importer: wide and long CSV, XLSX, units, and property tests."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from climrisk.errors import UserError
from climrisk.grids import GridFileError, MissingVariableError, NoOverlapError, UnitsError
from climrisk.grids.importers import import_iamc, read_iamc

WIDE = pd.DataFrame({
    "Model": ["MESSAGEix-GLOBIOM 2.0", "MESSAGEix-GLOBIOM 2.0", "MESSAGEix-GLOBIOM 2.0"],
    "Scenario": ["Net Zero 2050", "Current Policies", "Net Zero 2050"],
    "Region": ["China", "China", "China"],
    "Variable": ["Price|Carbon", "Price|Carbon", "Emissions|CO2"],
    "Unit": ["US$2010/t CO2", "US$2010/t CO2", "Mt CO2/yr"],
    "2025": [10.0, 10.0, 11000.0], "2030": [230.0, 12.0, 9000.0], "2050": [450.0, 12.0, 500.0],
})


def long_form(wide: pd.DataFrame) -> pd.DataFrame:
    return wide.melt(id_vars=["Model", "Scenario", "Region", "Variable", "Unit"],
                     var_name="Year", value_name="Value")


def check_values(ds) -> None:  # type: ignore[no-untyped-def]
    price = ds.carbon_price
    assert price.sel(scenario="ngfs-nz2050", year=2030).item() == 230.0
    assert price.sel(scenario="ngfs-nz2050", year=2040).item() == pytest.approx(340.0)
    assert price.sel(scenario="ngfs-cp", year=2050).item() == 12.0
    assert ds.scenario_label.sel(scenario="ngfs-nz2050").item() == "Net Zero 2050"


def test_wide_csv(tmp_path: Path) -> None:
    WIDE.to_csv(tmp_path / "ngfs.csv", index=False)
    ds = import_iamc(tmp_path / "ngfs.csv")
    check_values(ds)
    assert ds.carbon_price.attrs["climrisk_deflator"] == 1.0
    assert ds.carbon_price.attrs["units"] == "USD2010 t-1"


def test_long_csv(tmp_path: Path) -> None:
    long_form(WIDE).to_csv(tmp_path / "ngfs_long.csv", index=False)
    check_values(import_iamc(tmp_path / "ngfs_long.csv"))


def test_xlsx(tmp_path: Path) -> None:
    WIDE.to_excel(tmp_path / "ngfs.xlsx", index=False, sheet_name="data")
    check_values(import_iamc(tmp_path / "ngfs.xlsx"))


def test_currency_year_conversion_is_recorded(tmp_path: Path) -> None:
    table = WIDE.assign(Unit=WIDE.Unit.str.replace("2010", "2024"))
    table.to_csv(tmp_path / "ngfs.csv", index=False)
    with pytest.raises(UnitsError, match="in 2024 dollars; give the deflator"):
        import_iamc(tmp_path / "ngfs.csv")
    ds = import_iamc(tmp_path / "ngfs.csv", deflator=1.44)
    assert ds.carbon_price.sel(scenario="ngfs-nz2050", year=2030).item() == pytest.approx(
        230 / 1.44, rel=1e-6)
    assert ds.carbon_price.attrs["climrisk_source_unit"] == "US$2024/t CO2"
    assert "divided by 1.44" in ds.carbon_price.attrs["climrisk_deflator_note"]
    assert "US$2024/t CO2 -> USD2010 t-1" in ds.attrs["history"]


def test_unknown_unit(tmp_path: Path) -> None:
    WIDE.assign(Unit="EUR/t CO2").to_csv(tmp_path / "ngfs.csv", index=False)
    with pytest.raises(UnitsError, match="unit 'EUR/t CO2' is not understood"):
        import_iamc(tmp_path / "ngfs.csv")


def test_missing_column(tmp_path: Path) -> None:
    WIDE.drop(columns="Unit").to_csv(tmp_path / "ngfs.csv", index=False)
    with pytest.raises(MissingVariableError, match="missing IAMC column"):
        import_iamc(tmp_path / "ngfs.csv")


def test_model_and_region_choice(tmp_path: Path) -> None:
    two = pd.concat([WIDE, WIDE.assign(Region="World")])
    two.to_csv(tmp_path / "ngfs.csv", index=False)
    with pytest.raises(MissingVariableError, match="several regions"):
        import_iamc(tmp_path / "ngfs.csv")
    with pytest.raises(NoOverlapError, match="no region 'Mars'"):
        import_iamc(tmp_path / "ngfs.csv", region="Mars")
    check_values(import_iamc(tmp_path / "ngfs.csv", region="China"))


def test_no_carbon_price_rows(tmp_path: Path) -> None:
    WIDE[WIDE.Variable != "Price|Carbon"].to_csv(tmp_path / "ngfs.csv", index=False)
    with pytest.raises(MissingVariableError, match=re.escape("no 'Price|Carbon' rows")):
        import_iamc(tmp_path / "ngfs.csv")


@pytest.mark.parametrize("name", ["ngfs.csv", "ngfs.xlsx"])
def test_garbage(garbage: Callable[[str], Path], name: str) -> None:
    with pytest.raises(UserError):
        import_iamc(garbage(name))


SCENARIOS = ["Net Zero 2050", "Below 2C", "Delayed Transition", "NDCs", "Current Policies",
             "Fragmented World"]


@st.composite
def iamc_tables(draw: st.DrawFn) -> pd.DataFrame:
    scenarios = draw(st.lists(st.sampled_from(SCENARIOS), min_size=1, max_size=4, unique=True))
    years = sorted(draw(st.lists(st.integers(2020, 2100), min_size=1, max_size=6, unique=True)))
    values = draw(st.lists(st.lists(st.floats(0, 5000, allow_nan=False, width=32),
                                    min_size=len(years), max_size=len(years)),
                           min_size=len(scenarios), max_size=len(scenarios)))
    frame = pd.DataFrame(values, columns=[str(y) for y in years])
    for col, val in (("Unit", "US$2010/t CO2"), ("Variable", "Price|Carbon"),
                     ("Region", "China"), ("Scenario", scenarios), ("Model", "M")):
        frame.insert(0, col, val)
    return frame


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=iamc_tables(), layout=st.sampled_from(["wide", "long"]))
def test_random_valid_tables_round_trip(tmp_path: Path, table: pd.DataFrame,
                                        layout: str) -> None:
    path = tmp_path / f"t_{layout}.csv"
    (table if layout == "wide" else long_form(table)).to_csv(path, index=False)
    ds = import_iamc(path)
    years = [int(c) for c in table.columns[5:]]
    for row in table.itertuples(index=False):
        got = ds.carbon_price.sel(scenario=_id(row.Scenario), year=years).values
        np.testing.assert_allclose(got, np.array(row[5:], dtype=np.float32), rtol=1e-6,
                                   atol=1e-3)


def _id(name: str) -> str:
    from climrisk.grids.importers.iamc import scenario_id

    return scenario_id(name)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(st.binary(max_size=400),
                         st.text(max_size=400),
                         st.lists(st.lists(st.text(max_size=8), max_size=8), max_size=8).map(
                             lambda rows: "\n".join(",".join(r) for r in rows))),
       suffix=st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_random_junk_raises_user_errors_only(tmp_path: Path, content: bytes | str,
                                             suffix: str) -> None:
    path = tmp_path / f"junk{suffix}"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    try:
        read_iamc(path)
        import_iamc(path)
    except UserError:
        pass
    except Exception as exc:  # pragma: no cover - the property under test
        pytest.fail(f"{type(exc).__name__} instead of a UserError: {exc}")


def test_garbage_is_a_file_error(garbage: Callable[[str], Path]) -> None:
    with pytest.raises(GridFileError):
        read_iamc(garbage("x.xlsx"))
