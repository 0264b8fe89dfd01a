"""NGFS / IAMC tables as the NGFS and IIASA explorers export them, and as they travel.

Scenario names with the degree sign mangled on the way, workbook sheets, equivalent unit
spellings, other encodings and the size budget. Every table is written by the test.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from climrisk.grids import GridFileError, MissingVariableError, UnitsError
from climrisk.grids.importers import import_iamc
from climrisk.grids.importers.spellings import display_name, price_unit, scenario_id

COLUMNS = ["Model", "Scenario", "Region", "Variable", "Unit", "2030", "2050"]


def table(rows: list[tuple[str, str, float, float]]) -> pd.DataFrame:
    """Rows of (scenario, unit, 2030, 2050) for one model and region."""
    return pd.DataFrame([["MESSAGEix-GLOBIOM 2.0", s, "China", "Price|Carbon", u, a, b]
                         for s, u, a, b in rows], columns=COLUMNS)


# Spellings met in real exports: the IIASA bulk CSV's "?", UTF-8 opened as Windows-1252
# ("Â°"), twice ("Ã‚Â°"), as Mac Roman ("∞"), as Korean EUC-KR ("째"), a lossy decoder
# ("�"), keyboard look-alikes (º, ˚), the NGFS Phase 3-5 spellings and stray spaces.
BELOW_2C = ["Below 2°C", "Below 2?C", "Below 2Â°C", "Below 2Ã‚Â°C", "Below 2 ∞C", "Below 2째C",
            "Below 2�C", "Below 2ºC", "Below 2˚C", "Below 2 °C", "Below 2C", "below 2 degrees C",
            " Below 2°C ", "NGFS Below 2°C"]


@pytest.mark.parametrize("name", BELOW_2C)
def test_every_spelling_of_below_2c_is_one_scenario(name: str) -> None:
    assert scenario_id(name) == "ngfs-b2c"
    assert display_name(name).endswith("2°C") or "degrees" in name


@pytest.mark.parametrize("name, expected", [
    ("Net Zero 2050", "ngfs-nz2050"), ("Delayed transition", "ngfs-dt"),
    ("Delayed Transition", "ngfs-dt"), ("Nationally Determined Contributions (NDCs)", "ngfs-ndc"),
    ("Nationally Determined Contributions (NDCs) ", "ngfs-ndc"), ("NDCs", "ngfs-ndc"),
    ("Current Policies ", "ngfs-cp"), ("Fragmented World", "ngfs-fw"),
    ("Low demand", "ngfs-low-demand"), ("Divergent Net Zero", "ngfs-divergent-net-zero"),
    ("Immediate 1.5°C with limited CDR", "ngfs-immediate-1p5c-with-limited-cdr"),
    ("Immediate 1.5C with limited CDR", "ngfs-immediate-1p5c-with-limited-cdr"),
    ("Immediate 1.5 ∞C with limited CDR", "ngfs-immediate-1p5c-with-limited-cdr"),
    ("NGFS1_Immediate 2C with CDR (Orderly, Rep)", "ngfs-immediate-2c-with-cdr-orderly-rep"),
])
def test_ngfs_phase_names(name: str, expected: str) -> None:
    assert scenario_id(name) == expected


def test_mangled_names_in_a_csv_map_and_are_labelled_as_published(tmp_path: Path) -> None:
    rows = [("Below 2?C", "US$2010/t CO2", 50, 115), ("Net Zero 2050", "US$2010/t CO2", 230, 450),
            ("Current Policies ", "US$2010/t CO2", 12, 12)]
    table(rows).to_csv(tmp_path / "snapshot.csv", index=False)
    ds = import_iamc(tmp_path / "snapshot.csv")
    assert sorted(ds.scenario.values) == ["ngfs-b2c", "ngfs-cp", "ngfs-nz2050"]
    assert ds.carbon_price.sel(scenario="ngfs-b2c", year=2050).item() == 115
    assert ds.scenario_label.sel(scenario="ngfs-b2c").item() == "Below 2°C"
    assert ds.scenario_label.sel(scenario="ngfs-cp").item() == "Current Policies"


def test_windows_1252_csv_is_read(tmp_path: Path) -> None:
    """Excel on Windows saves CSV in Windows-1252: the degree sign is the byte 0xB0."""
    path = tmp_path / "excel.csv"
    table([("Below 2°C", "US$2010/t CO2", 50, 115)]).to_csv(path, index=False,
                                                           encoding="cp1252")
    assert b"2\xb0C" in path.read_bytes()
    ds = import_iamc(path)
    assert ds.scenario_label.sel(scenario="ngfs-b2c").item() == "Below 2°C"
    assert "encoding cp1252" in ds.attrs["history"]


def test_utf8_saved_as_mojibake_is_repaired(tmp_path: Path) -> None:
    path = tmp_path / "twice.csv"
    table([("Below 2Â°C", "US$2010/t CO2", 50, 115)]).to_csv(path, index=False)
    ds = import_iamc(path)
    assert ds.scenario_label.sel(scenario="ngfs-b2c").item() == "Below 2°C"


def test_two_spellings_of_one_scenario_are_refused(tmp_path: Path) -> None:
    rows = [("Below 2°C", "US$2010/t CO2", 50, 115), ("Below 2?C", "US$2010/t CO2", 51, 116)]
    table(rows).to_csv(tmp_path / "both.csv", index=False)
    with pytest.raises(GridFileError, match=r"both\.csv: scenario 'Below 2\?C' has two values"):
        import_iamc(tmp_path / "both.csv")


# --- workbook sheets ------------------------------------------------------------------

def workbook(path: Path, sheets: dict[str, pd.DataFrame]) -> Path:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
    return path


PRICES = table([("Net Zero 2050", "US$2010/t CO2", 230, 450)])
META = pd.DataFrame({"model": ["MESSAGEix-GLOBIOM 2.0"], "scenario": ["Net Zero 2050"]})


def test_iiasa_workbook_reads_its_data_sheet(tmp_path: Path) -> None:
    """The IIASA explorer's XLSX holds "data" after other sheets."""
    path = workbook(tmp_path / "iiasa.xlsx", {"meta": META, "data": PRICES})
    ds = import_iamc(path)
    assert ds.carbon_price.sel(scenario="ngfs-nz2050", year=2050).item() == 450
    assert "sheet data" in ds.attrs["history"]


def test_sheet_named_by_the_user(tmp_path: Path) -> None:
    path = workbook(tmp_path / "own.xlsx", {"Notes": META, "Prices": PRICES})
    with pytest.raises(MissingVariableError, match=r"own\.xlsx: the workbook has several sheets "
                       r"\('Notes', 'Prices'\) and none is called 'data'; .* --sheet"):
        import_iamc(path)
    assert import_iamc(path, sheet="Prices").carbon_price.sel(year=2030).item() == 230
    assert import_iamc(path, sheet="prices").carbon_price.sel(year=2030).item() == 230
    with pytest.raises(MissingVariableError, match=r"no sheet 'Data'; the workbook has 'Notes', "
                       r"'Prices': give one of them with --sheet"):
        import_iamc(path, sheet="Data")


def test_wrong_sheet_says_which_sheet_lacks_the_columns(tmp_path: Path) -> None:
    path = workbook(tmp_path / "own.xlsx", {"Notes": META, "Prices": PRICES})
    with pytest.raises(MissingVariableError, match=r"own\.xlsx \(sheet 'Notes'\): missing IAMC"):
        import_iamc(path, sheet="Notes")


# --- units ---------------------------------------------------------------------------

@pytest.mark.parametrize("unit", ["US$2010/t CO2", "US$2010/tCO2", "USD_2010/t CO2",
                                  "USD2010/tCO2", "US$_2010/t CO2e", "USD 2010 per t CO2-eq",
                                  "2010 US$/t CO₂", "US$2010 / tonne CO2", "usd2010/tco2"])
def test_equivalent_unit_spellings(unit: str) -> None:
    assert price_unit(unit) == (2010, 1.0)


def test_mixed_spellings_of_one_unit_import_as_one(tmp_path: Path) -> None:
    rows = [("Net Zero 2050", "US$2010/t CO2", 230, 450), ("Below 2°C", "USD_2010/tCO2", 50, 115),
            ("Current Policies", "US$2010/kt CO2", 12_000, 12_000)]
    table(rows).to_csv(tmp_path / "units.csv", index=False)
    ds = import_iamc(tmp_path / "units.csv")
    assert ds.carbon_price.sel(scenario="ngfs-b2c", year=2030).item() == 50
    assert ds.carbon_price.sel(scenario="ngfs-cp", year=2030).item() == pytest.approx(12.0)
    assert "USD_2010/tCO2" in ds.carbon_price.attrs["climrisk_source_unit"]


@pytest.mark.parametrize("unit, message", [
    ("US$2010/ton CO2", "'ton' may be a short ton"),
    ("US$2010/mt CO2", "the mass 'mt' is ambiguous"),
    ("EUR2010/t CO2", "is not understood; expected a price per tonne CO2 in US dollars"),
])
def test_units_that_are_not_understood(tmp_path: Path, unit: str, message: str) -> None:
    table([("Net Zero 2050", unit, 230, 450)]).to_csv(tmp_path / "u.csv", index=False)
    with pytest.raises(UnitsError, match=rf"u\.csv: unit .*{message}"):
        import_iamc(tmp_path / "u.csv")


def test_two_currency_years_are_refused(tmp_path: Path) -> None:
    rows = [("Net Zero 2050", "US$2010/t CO2", 230, 450), ("Below 2°C", "US$2024/t CO2", 70, 160)]
    table(rows).to_csv(tmp_path / "y.csv", index=False)
    with pytest.raises(UnitsError, match="in dollars of several years"):
        import_iamc(tmp_path / "y.csv")


# --- size budget ---------------------------------------------------------------------

def test_csv_over_the_table_budget_is_refused_before_reading(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.csv"
    PRICES.to_csv(path, index=False)
    monkeypatch.setenv("CLIMRISK_MAX_TABLE_BYTES", str(path.stat().st_size - 1))
    with pytest.raises(GridFileError, match=rf"big\.csv: the table is {path.stat().st_size:,} "
                       "bytes, over the limit .* CLIMRISK_MAX_TABLE_BYTES"):
        import_iamc(path)
    monkeypatch.setenv("CLIMRISK_MAX_TABLE_BYTES", str(path.stat().st_size))
    assert import_iamc(path).carbon_price.sel(year=2050).item() == 450


def test_workbook_unpacking_over_the_budget_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = workbook(tmp_path / "bomb.xlsx", {"data": PRICES})
    packed = path.stat().st_size
    with zipfile.ZipFile(path) as book:
        unpacked = sum(i.file_size for i in book.infolist())
    assert unpacked > packed
    monkeypatch.setenv("CLIMRISK_MAX_TABLE_BYTES", str(packed))
    with pytest.raises(GridFileError, match=rf"the workbook unpacked is {unpacked:,} bytes"):
        import_iamc(path)


@settings(max_examples=60, deadline=None)
@given(sign=st.sampled_from(["°", "º", "˚", "∞", "째", "�", "?", "Â°", "Ã‚Â°", " deg", ""]),
       gaps=st.tuples(*[st.sampled_from(["", " ", "  "])] * 3),
       upper=st.booleans(), prefix=st.sampled_from(["", "NGFS ", "ngfs_"]))
def test_generated_spellings_of_below_2c(sign: str, gaps: tuple[str, str, str], upper: bool,
                                         prefix: str) -> None:
    name = f"{gaps[0]}{prefix}Below 2{gaps[1]}{sign}{gaps[2]}C{gaps[0]}"
    assert scenario_id(name.upper() if upper else name) == "ngfs-b2c"
