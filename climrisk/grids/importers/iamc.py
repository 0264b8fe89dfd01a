"""NGFS / IAMC scenario tables (CSV or XLSX, wide or long) → ``carbon_price``.

IAMC tables have the columns Model, Scenario, Region, Variable, Unit and either one column
per year (wide) or Year and Value (long). The importer keeps one model and region, maps
NGFS scenario names to climrisk ids, converts the unit to constant 2010 US dollars per
tonne CO2 (recording the deflator it used) and interpolates linearly to annual values.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from climrisk.budgets import TABLE_BYTES
from climrisk.grids.errors import GridFileError, MissingVariableError, NoOverlapError, UnitsError
from climrisk.grids.importers.inputs import input_file
from climrisk.grids.importers.spellings import (
    UnitSpelling,
    display_name,
    price_unit,
    scenario_id,
)
from climrisk.grids.metadata import (
    append_history,
    cf_attrs,
    check_grid,
    global_attrs,
    set_coordinate_attrs,
)

IAMC_IDX = ["model", "scenario", "region", "variable", "unit"]
CARBON_PRICE = "Price|Carbon"
EXCEL = (".xlsx", ".xlsm")
ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
"""CSV encodings tried in order: UTF-8 (the explorers' export), then what Excel on Windows
saves; Latin-1 decodes any bytes, so a table is never refused for its encoding alone."""


def _bounded(source: Path) -> None:
    """Refuse a table larger than the table budget before pandas reads any of it.

    An XLSX is a zip, so its declared unpacked size counts too: a small workbook can unpack
    to gigabytes.
    """
    size = source.stat().st_size
    if size > TABLE_BYTES.value():
        raise GridFileError(f"{source}: " + TABLE_BYTES.refusal(size, "the table")
                            + ", or export only the Price|Carbon rows you need")
    if source.suffix.lower() in EXCEL:
        try:
            with zipfile.ZipFile(source) as book:
                unpacked = sum(max(0, i.file_size) for i in book.infolist())
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise GridFileError(f"{source}: not a readable XLSX workbook ({exc})") from None
        if unpacked > TABLE_BYTES.value():
            raise GridFileError(f"{source}: " + TABLE_BYTES.refusal(
                unpacked, "the workbook unpacked") + ", or export only the rows you need")


def _sheet(source: Path, sheet: str | None) -> str:
    """The sheet to read: the one named, else "data" (the IIASA explorer's), else the only one."""
    try:
        names = [str(n) for n in pd.ExcelFile(source, engine="openpyxl").sheet_names]
    except Exception as exc:  # any reader failure means an unreadable workbook
        raise GridFileError(f"{source}: not a readable XLSX workbook ({type(exc).__name__}: "
                            f"{exc})") from None
    listed = ", ".join(repr(n) for n in names)
    if sheet is not None:
        found = [n for n in names if n == sheet] or [
            n for n in names if n.strip().lower() == sheet.strip().lower()]
        if not found:
            raise MissingVariableError(f"{source}: no sheet {sheet!r}; the workbook has "
                                       f"{listed}: give one of them with --sheet")
        return found[0]
    data = [n for n in names if n.strip().lower() == "data"]
    if data or len(names) == 1:
        return (data or names)[0]
    raise MissingVariableError(f"{source}: the workbook has several sheets ({listed}) and "
                               "none is called 'data'; name the one with the IAMC table with "
                               "--sheet")


def _csv(source: Path) -> tuple[pd.DataFrame, str]:
    raw = source.read_bytes()
    for encoding in ENCODINGS:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    return pd.read_csv(io.StringIO(text), sep=None, engine="python"), encoding


def read_iamc(path: Path | str, *, sheet: str | None = None) -> pd.DataFrame:
    """A long table (model, scenario, region, variable, unit, year, value) from any layout.

    The frame's ``attrs`` record where it came from (``sheet`` or ``encoding``).
    """
    source = input_file(path)
    _bounded(source)
    origin: dict[str, str] = {}
    try:
        if source.suffix.lower() in EXCEL:
            origin["sheet"] = _sheet(source, sheet)
            frame = pd.read_excel(source, sheet_name=origin["sheet"], engine="openpyxl")
        else:
            frame, origin["encoding"] = _csv(source)
    except (GridFileError, MissingVariableError):
        raise
    except Exception as exc:  # any reader failure means an unreadable file
        raise GridFileError(f"{source}: not a readable IAMC table ({type(exc).__name__}: "
                            f"{exc})") from None
    where = f"{source}" + (f" (sheet {origin['sheet']!r})" if "sheet" in origin else "")
    frame.columns = [str(c).strip() for c in frame.columns]
    lower = {c.lower(): c for c in frame.columns}
    missing = [c for c in IAMC_IDX if c not in lower]
    if missing:
        raise MissingVariableError(f"{where}: missing IAMC column(s) "
                                   f"{', '.join(c.title() for c in missing)} (has: "
                                   f"{', '.join(frame.columns)})")
    frame = frame.rename(columns={lower[c]: c for c in IAMC_IDX})
    if "year" in lower and "value" in lower:
        long = frame.rename(columns={lower["year"]: "year", lower["value"]: "value"})
        long = long[[*IAMC_IDX, "year", "value"]]
    else:
        years = [c for c in frame.columns if re.fullmatch(r"\d{4}(\.0)?", c)]
        if not years:
            raise MissingVariableError(f"{where}: no year columns (wide layout) and no "
                                       "Year/Value columns (long layout)")
        long = frame.melt(id_vars=IAMC_IDX, value_vars=years, var_name="year",
                          value_name="value")
    long["year"] = pd.to_numeric(long["year"], errors="coerce")
    long["value"] = pd.to_numeric(long["value"], errors="coerce")
    long = long.dropna(subset=["year", "value"])
    long = long[long["year"].between(1000, 3000) & np.isfinite(long["value"])]
    for col in IAMC_IDX:
        long[col] = long[col].astype(str).str.strip()
    if long.empty:
        raise MissingVariableError(f"{where}: the table has no numeric year values")
    long["year"] = long["year"].astype(int)
    long = long.reset_index(drop=True)
    long.attrs = origin
    return long


def _one(frame: pd.DataFrame, column: str, wanted: str | None, source: Path) -> pd.DataFrame:
    values = sorted(frame[column].unique())
    if wanted is None:
        if len(values) > 1:
            raise MissingVariableError(f"{source}: several {column}s ({', '.join(values)}); "
                                       f"choose one with --{column}")
        return frame
    picked = frame[frame[column] == wanted]
    if picked.empty:
        raise NoOverlapError(f"{source}: no {column} {wanted!r} (has: {', '.join(values)})")
    return picked


def import_iamc(
    path: Path | str,
    *,
    model: str | None = None,
    region: str | None = None,
    deflator: float | None = None,
    sheet: str | None = None,
) -> xr.Dataset:
    """A ``carbon_price`` grid from an IAMC table's ``Price|Carbon`` rows.

    ``deflator`` is the price level of the table's currency year relative to 2010 (e.g.
    1.44 for US$2024); it is required unless the unit is already US$2010/t CO2. Equivalent
    spellings of one unit (``US$2010/t CO2``, ``USD_2010/tCO2``) count as one unit.
    ``sheet`` names the workbook sheet of an XLSX (default: "data", or the only sheet).
    """
    source = Path(path)
    frame = read_iamc(source, sheet=sheet)
    origin = frame.attrs
    frame = frame[frame.variable.str.lower() == CARBON_PRICE.lower()]
    if frame.empty:
        raise MissingVariableError(f"{source}: no {CARBON_PRICE!r} rows")
    frame = _one(_one(frame, "model", model, source), "region", region, source)
    parsed: dict[str, tuple[int, float]] = {}
    for unit in sorted(frame.unit.unique()):
        try:
            parsed[unit] = price_unit(unit)
        except UnitSpelling as exc:
            raise UnitsError(f"{source}: {exc}") from None
    years_of = sorted({year for year, _ in parsed.values()})
    if len(years_of) > 1:
        raise UnitsError(f"{source}: {CARBON_PRICE} is in dollars of several years "
                         f"({', '.join(parsed)}); import one currency year at a time")
    units = sorted(parsed)
    currency_year = years_of[0]
    if currency_year != 2010 and deflator is None:
        raise UnitsError(f"{source}: unit {units[0]!r} is in {currency_year} dollars; give "
                         f"the deflator (price level {currency_year} / 2010, e.g. 1.44 for "
                         "2024) to convert to US$2010")
    factor = 1.0 if currency_year == 2010 else 1.0 / float(deflator)  # type: ignore[arg-type]
    frame = frame.assign(value=frame.value * frame.unit.map(lambda u: parsed[u][1]))
    frame = frame.assign(scenario_id=frame.scenario.map(scenario_id))
    dup = frame.duplicated(["scenario_id", "year"])
    if dup.any():
        row = frame[dup].iloc[0]
        raise GridFileError(f"{source}: scenario {row.scenario!r} has two values for "
                            f"{row.year}")
    table = frame.pivot(index="scenario_id", columns="year", values="value").sort_index()
    years = table.columns.to_numpy(int)
    annual = np.arange(years.min(), years.max() + 1)
    values = np.array([np.interp(annual, years[np.isfinite(r)], r[np.isfinite(r)])
                       for r in table.to_numpy(float)]) * factor
    names = frame.drop_duplicates("scenario_id").set_index("scenario_id").scenario
    da = xr.DataArray(values.astype(np.float32), dims=("scenario", "year"),
                      coords={"scenario": list(table.index), "year": annual.astype(np.int32)})
    da.attrs = cf_attrs(
        "carbon_price", "verified", f"IAMC table {source.name}: model "
        f"{frame.model.iloc[0]!r}, region {frame.region.iloc[0]!r}, variable {CARBON_PRICE}",
        climrisk_source_unit=", ".join(units),
        climrisk_currency_year=2010,
        climrisk_deflator=factor,
        climrisk_deflator_note=(f"values divided by {deflator} (price level "
                                f"{currency_year}/2010)") if factor != 1.0
        else "source already in US$2010",
    )
    ds = xr.Dataset({"carbon_price": da}).assign_coords(
        scenario_label=("scenario", [display_name(names[s]) for s in table.index]))
    ds = set_coordinate_attrs(ds)
    ds.attrs = global_attrs(
        title="NGFS / IAMC carbon price paths",
        source=f"IAMC table {source.name}",
        references="NGFS Climate Scenarios, https://data.ene.iiasa.ac.at/ngfs",
        comment="Years between the table's years are linear interpolations.",
    )
    read = "; ".join(f"{k} {v}" for k, v in origin.items())
    append_history(ds, f"imported {CARBON_PRICE} from {source.name} ({read}): unit "
                   f"{', '.join(units)} -> USD2010 t-1 (factor {factor:.6g}), "
                   f"{len(table)} scenario(s)")
    return check_grid(ds)
