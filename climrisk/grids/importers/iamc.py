"""NGFS / IAMC scenario tables (CSV or XLSX, wide or long) → ``carbon_price``.

IAMC tables have the columns Model, Scenario, Region, Variable, Unit and either one column
per year (wide) or Year and Value (long). The importer keeps one model and region, maps
NGFS scenario names to climrisk ids, converts the unit to constant 2010 US dollars per
tonne CO2 (recording the deflator it used) and interpolates linearly to annual values.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from climrisk.grids.errors import GridFileError, MissingVariableError, NoOverlapError, UnitsError
from climrisk.grids.importers.inputs import input_file
from climrisk.grids.metadata import (
    append_history,
    cf_attrs,
    check_grid,
    global_attrs,
    set_coordinate_attrs,
)

IAMC_IDX = ["model", "scenario", "region", "variable", "unit"]
CARBON_PRICE = "Price|Carbon"
UNIT = re.compile(r"^\s*(?:US\$|USD)\s*_?(\d{4})\s*/\s*t\s*CO2(?:e|eq)?\s*$", re.IGNORECASE)
SCENARIO_IDS = {
    "net zero 2050": "ngfs-nz2050",
    "below 2c": "ngfs-b2c",
    "below 2°c": "ngfs-b2c",
    "delayed transition": "ngfs-dt",
    "ndcs": "ngfs-ndc",
    "nationally determined contributions (ndcs)": "ngfs-ndc",
    "current policies": "ngfs-cp",
    "fragmented world": "ngfs-fw",
}


def scenario_id(name: str) -> str:
    """The climrisk id of an NGFS scenario name (other names become ``ngfs-<slug>``)."""
    key = name.strip().lower()
    if key in SCENARIO_IDS:
        return SCENARIO_IDS[key]
    return "ngfs-" + re.sub(r"[^a-z0-9]+", "-", key).strip("-")


def read_iamc(path: Path | str) -> pd.DataFrame:
    """A long table (model, scenario, region, variable, unit, year, value) from any layout."""
    source = input_file(path)
    try:
        if source.suffix.lower() in (".xlsx", ".xlsm"):
            frame = pd.read_excel(source, sheet_name=0, engine="openpyxl")
        else:
            frame = pd.read_csv(source, sep=None, engine="python", encoding="utf-8-sig")
    except Exception as exc:  # any reader failure means an unreadable file
        raise GridFileError(f"{source}: not a readable IAMC table ({type(exc).__name__}: "
                            f"{exc})") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    lower = {c.lower(): c for c in frame.columns}
    missing = [c for c in IAMC_IDX if c not in lower]
    if missing:
        raise MissingVariableError(f"{source}: missing IAMC column(s) "
                                   f"{', '.join(c.title() for c in missing)} (has: "
                                   f"{', '.join(frame.columns)})")
    frame = frame.rename(columns={lower[c]: c for c in IAMC_IDX})
    if "year" in lower and "value" in lower:
        long = frame.rename(columns={lower["year"]: "year", lower["value"]: "value"})
        long = long[[*IAMC_IDX, "year", "value"]]
    else:
        years = [c for c in frame.columns if re.fullmatch(r"\d{4}(\.0)?", c)]
        if not years:
            raise MissingVariableError(f"{source}: no year columns (wide layout) and no "
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
        raise MissingVariableError(f"{source}: the table has no numeric year values")
    long["year"] = long["year"].astype(int)
    return long.reset_index(drop=True)


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
) -> xr.Dataset:
    """A ``carbon_price`` grid from an IAMC table's ``Price|Carbon`` rows.

    ``deflator`` is the price level of the table's currency year relative to 2010 (e.g.
    1.44 for US$2024); it is required unless the unit is already US$2010/t CO2.
    """
    source = Path(path)
    frame = read_iamc(source)
    frame = frame[frame.variable.str.lower() == CARBON_PRICE.lower()]
    if frame.empty:
        raise MissingVariableError(f"{source}: no {CARBON_PRICE!r} rows")
    frame = _one(_one(frame, "model", model, source), "region", region, source)
    units = sorted(frame.unit.unique())
    if len(units) > 1:
        raise UnitsError(f"{source}: mixed units for {CARBON_PRICE}: {', '.join(units)}")
    match = UNIT.match(units[0])
    if not match:
        raise UnitsError(f"{source}: unit {units[0]!r} is not understood; expected a price "
                         "per tonne CO2 in US dollars of a stated year, e.g. 'US$2010/t CO2'")
    currency_year = int(match.group(1))
    if currency_year != 2010 and deflator is None:
        raise UnitsError(f"{source}: unit {units[0]!r} is in {currency_year} dollars; give "
                         f"the deflator (price level {currency_year} / 2010, e.g. 1.44 for "
                         "2024) to convert to US$2010")
    factor = 1.0 if currency_year == 2010 else 1.0 / float(deflator)  # type: ignore[arg-type]
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
        climrisk_source_unit=units[0],
        climrisk_currency_year=2010,
        climrisk_deflator=factor,
        climrisk_deflator_note=(f"values divided by {deflator} (price level "
                                f"{currency_year}/2010)") if factor != 1.0
        else "source already in US$2010",
    )
    ds = xr.Dataset({"carbon_price": da}).assign_coords(
        scenario_label=("scenario", [names[s] for s in table.index]))
    ds = set_coordinate_attrs(ds)
    ds.attrs = global_attrs(
        title="NGFS / IAMC carbon price paths",
        source=f"IAMC table {source.name}",
        references="NGFS Climate Scenarios, https://data.ene.iiasa.ac.at/ngfs",
        comment="Years between the table's years are linear interpolations.",
    )
    append_history(ds, f"imported {CARBON_PRICE} from {source.name}: unit {units[0]} -> "
                   f"USD2010 t-1 (factor {factor:.6g}), {len(table)} scenario(s)")
    return check_grid(ds)
