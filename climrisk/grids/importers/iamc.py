"""NGFS / IAMC scenario tables (CSV or XLSX, wide or long) → ``carbon_price`` and fuel prices.

IAMC tables have the columns Model, Scenario, Region, Variable, Unit and either one column
per year (wide) or Year and Value (long). The importer keeps one model and region, maps
NGFS scenario names to climrisk ids, converts the units to constant 2010 US dollars per
tonne CO2 or per GJ (recording the deflator it used) and interpolates linearly to annual
values.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
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
    energy_price_unit,
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
                            + ", or export only the Price rows you need")
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


PRICES: dict[str, tuple[str, Callable[[str], tuple[int, float]], str]] = {
    "carbon_price": (CARBON_PRICE, price_unit, "t-1"),
    "coal_price": ("Price|Primary Energy|Coal", energy_price_unit, "GJ-1"),
    "gas_price": ("Price|Primary Energy|Gas", energy_price_unit, "GJ-1"),
    "oil_price": ("Price|Primary Energy|Oil", energy_price_unit, "GJ-1"),
}
"""Grid variable -> (IAMC variable, unit parser to US$ per t or GJ, per-unit in the grid's
units). NGFS tables give the primary-energy prices in US$2010/GJ."""


def import_iamc(
    path: Path | str,
    *,
    model: str | None = None,
    region: str | None = None,
    deflator: float | None = None,
    sheet: str | None = None,
) -> xr.Dataset:
    """A grid of the price paths an IAMC table holds: ``carbon_price`` from ``Price|Carbon``
    and the fuel prices ``coal_price``/``gas_price``/``oil_price`` from ``Price|Primary
    Energy|Coal``/``Gas``/``Oil``, each in constant 2010 US dollars (per t CO2, per GJ).

    ``deflator`` is the price level of the table's currency year relative to 2010 (e.g.
    1.44 for US$2024); it is required unless the units are already US$2010. Equivalent
    spellings of one unit (``US$2010/t CO2``, ``USD_2010/tCO2``; ``US$2010/GJ``,
    ``US$2010/MWh`` converted) count as one unit.
    ``sheet`` names the workbook sheet of an XLSX (default: "data", or the only sheet).
    """
    source = Path(path)
    frame = read_iamc(source, sheet=sheet)
    origin = frame.attrs
    wanted = {iamc.lower(): name for name, (iamc, _, _) in PRICES.items()}
    frame = frame[frame.variable.str.lower().isin(wanted)]
    if frame.empty:
        others = ", ".join(repr(v) for v, _, _ in list(PRICES.values())[1:])
        raise MissingVariableError(f"{source}: no {CARBON_PRICE!r} rows (nor {others})")
    frame = _one(_one(frame, "model", model, source), "region", region, source)
    frame = frame.assign(grid=frame.variable.str.lower().map(wanted))
    parsed: dict[tuple[str, str], tuple[int, float]] = {}
    for name, unit in sorted(set(zip(frame.grid, frame.unit, strict=True))):
        try:
            parsed[name, unit] = PRICES[name][1](unit)
        except UnitSpelling as exc:
            raise UnitsError(f"{source}: {exc} ({PRICES[name][0]})") from None
    years_of = sorted({year for year, _ in parsed.values()})
    if len(years_of) > 1:
        raise UnitsError(f"{source}: the prices are in dollars of several years "
                         f"({', '.join(sorted({u for _, u in parsed}))}); import one currency "
                         "year at a time")
    currency_year = years_of[0]
    if currency_year != 2010 and deflator is None:
        raise UnitsError(f"{source}: unit {sorted(parsed)[0][1]!r} is in {currency_year} "
                         f"dollars; give the deflator (price level {currency_year} / 2010, "
                         "e.g. 1.44 for 2024) to convert to US$2010")
    factor = 1.0 if currency_year == 2010 else 1.0 / float(deflator)  # type: ignore[arg-type]
    frame = frame.assign(value=frame.value * [parsed[k][1] for k in zip(
        frame.grid, frame.unit, strict=True)])
    frame = frame.assign(scenario_id=frame.scenario.map(scenario_id))
    data: dict[str, xr.DataArray] = {}
    names: dict[str, str] = {}
    for name in (n for n in PRICES if n in set(frame.grid)):
        data[name] = _annual(frame[frame.grid == name], name, factor, source, deflator,
                             currency_year, sorted(u for g, u in parsed if g == name))
        names.update(frame[frame.grid == name].drop_duplicates("scenario_id").set_index(
            "scenario_id").scenario.to_dict())
    ds = xr.Dataset(data)
    ds = ds.assign_coords(scenario_label=("scenario", [
        display_name(names[str(s)]) for s in ds["scenario"].values]))
    ds = set_coordinate_attrs(ds)
    ds.attrs = global_attrs(
        title="NGFS / IAMC price paths",
        source=f"IAMC table {source.name}",
        references="NGFS Climate Scenarios, https://data.ene.iiasa.ac.at/ngfs",
        comment="Years between the table's years are linear interpolations.",
    )
    read = "; ".join(f"{k} {v}" for k, v in origin.items())
    what = ", ".join(f"{PRICES[n][0]} ({', '.join(sorted(u for g, u in parsed if g == n))} -> "
                     f"USD2010 {PRICES[n][2]})" for n in data)
    append_history(ds, f"imported {what} from {source.name} ({read}), factor {factor:.6g}, "
                   f"{ds.sizes['scenario']} scenario(s)")
    return check_grid(ds)


def _annual(frame: pd.DataFrame, name: str, factor: float, source: Path,
            deflator: float | None, currency_year: int, units: list[str]) -> xr.DataArray:
    """One price variable's rows as an annual (scenario, year) path with its attributes."""
    dup = frame.duplicated(["scenario_id", "year"])
    if dup.any():
        row = frame[dup].iloc[0]
        raise GridFileError(f"{source}: scenario {row.scenario!r} has two values for "
                            f"{row.year} ({PRICES[name][0]})")
    table = frame.pivot(index="scenario_id", columns="year", values="value").sort_index()
    years = table.columns.to_numpy(int)
    annual = np.arange(years.min(), years.max() + 1)
    values = np.array([np.interp(annual, years[np.isfinite(r)], r[np.isfinite(r)])
                       for r in table.to_numpy(float)]) * factor
    da = xr.DataArray(values.astype(np.float32), dims=("scenario", "year"),
                      coords={"scenario": list(table.index), "year": annual.astype(np.int32)})
    da.attrs = cf_attrs(
        name, "verified", f"IAMC table {source.name}: model {frame.model.iloc[0]!r}, region "
        f"{frame.region.iloc[0]!r}, variable {PRICES[name][0]}",
        climrisk_source_unit=", ".join(units),
        climrisk_currency_year=2010,
        climrisk_deflator=factor,
        climrisk_deflator_note=(f"values divided by {deflator} (price level "
                                f"{currency_year}/2010)") if factor != 1.0
        else "source already in US$2010",
    )
    return da
