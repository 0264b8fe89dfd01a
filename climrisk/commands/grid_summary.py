"""The table ``climrisk scenarios show VARIABLE`` prints: one row per scenario and year.

A gridded variable is summarised over its cells (the cells with a value; masked ones are
counted apart): the smallest, the area-weighted mean and the largest cell of the ensemble
median, and the area-weighted mean of the 5th and 95th percentiles beside it. A variable with
no map (a global or regional series) shows its percentiles as they are. Only the years a
reader scans are read (each decade, plus the first and last), scenario by scenario, so the
default grid's chunks of one scenario-year are read once each.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import xarray as xr

SPATIAL = ("lat", "lon")
MAX_YEARS = 12
"""Up to this many years a series shows every year; a longer one each decade and its ends."""


def shown_years(years: list[int]) -> list[int]:
    """The years a summary row is printed for: all of a short series, else each decade plus
    the first and the last year."""
    if len(years) <= MAX_YEARS:
        return years
    return sorted({years[0], years[-1], *(y for y in years if y % 10 == 0)})


def _fmt(value: float) -> str:
    return "–" if not np.isfinite(value) else f"{value:,.4g}" if abs(value) < 1e4 \
        else f"{value:,.0f}"


def _quantile(block: xr.DataArray, q: float) -> xr.DataArray:
    return block.sel(quantile=q) if "quantile" in block.dims else block


def _rows_of(block: xr.DataArray) -> pd.DataFrame:
    """Summary columns of one scenario's block (years and any other dimension as rows)."""
    median = 0.5 if "quantile" not in block.dims or 0.5 in block["quantile"].values \
        else float(block["quantile"].values[len(block["quantile"]) // 2])
    quantiles = [float(q) for q in block["quantile"].values] if "quantile" in block.dims else []
    cols: dict[str, xr.DataArray] = {}
    if all(d in block.dims for d in SPATIAL):
        rest = [d for d in block.dims if d not in (*SPATIAL, "quantile")]
        shape = _quantile(block, median).isel(lat=0, lon=0, drop=True).transpose(*rest)

        def per_row(values: np.ndarray) -> xr.DataArray:
            return shape.copy(data=values)

        def fields(q: float) -> np.ndarray:
            """The quantile's maps as rows × cells (numpy: one pass, not one xarray
            reduction per column)."""
            maps = _quantile(block, q).transpose(*rest, *SPATIAL).values
            return np.asarray(maps, float).reshape(*shape.shape, -1)

        weights = np.broadcast_to(np.cos(np.deg2rad(block["lat"].values)).clip(min=0)[:, None],
                                  (block.sizes["lat"], block.sizes["lon"])).ravel()

        def weighted_mean(values: np.ndarray) -> np.ndarray:
            held = np.isfinite(values)
            total = np.where(held, values, 0.0) @ weights
            with np.errstate(invalid="ignore", divide="ignore"):
                return total / (held @ weights)

        mid = fields(median)
        held = np.isfinite(mid)
        any_held = held.any(axis=-1)
        cols["cells"] = per_row(held.sum(axis=-1))
        cols["masked"] = per_row((~held).sum(axis=-1))
        with np.errstate(invalid="ignore"):
            cols["min"] = per_row(np.where(any_held, np.fmin.reduce(mid, axis=-1), np.nan))
            cols["mean"] = per_row(weighted_mean(mid))
            cols["max"] = per_row(np.where(any_held, np.fmax.reduce(mid, axis=-1), np.nan))
        for q in (0.05, 0.95):
            if q in quantiles:
                cols[f"mean p{round(q * 100)}"] = per_row(weighted_mean(fields(q)))
    elif quantiles:
        for q in quantiles:
            cols["median" if q == median else f"p{round(q * 100)}"] = block.sel(quantile=q)
    else:
        cols["value"] = block
    frame = pd.DataFrame({k: v.to_series() for k, v in cols.items()})
    if "masked" in frame and not frame["masked"].any():
        frame = frame.drop(columns="masked")
    return frame


def summary(da: xr.DataArray, advance: Callable[[float], object] = lambda n: None
            ) -> pd.DataFrame:
    """Rows per scenario, year and any other dimension; values as the table prints them."""
    if "year" in da.dims:
        da = da.sel(year=shown_years([int(y) for y in da["year"].values]))
    parts = []
    scenarios = [str(s) for s in da["scenario"].values] if "scenario" in da.dims else [None]
    for sid in scenarios:
        block = (da.sel(scenario=sid) if sid is not None else da).load()
        frame = _rows_of(block)
        if sid is not None:
            frame = pd.concat({sid: frame}, names=["scenario"])
        parts.append(frame)
        advance(1)
    table = pd.concat(parts)
    counts = [c for c in table.columns if c in ("cells", "masked")]
    return table.astype({c: "int64" for c in counts}).map(
        lambda v: f"{v:,}" if isinstance(v, (int, np.integer)) else _fmt(float(v)))


def heading(da: xr.DataArray) -> list[str]:
    """What the table shows, in words, above it."""
    units = da.attrs.get("units", "")
    lines = [f"{da.name} [{units}]: {da.attrs.get('long_name', '')}"
             + (f" ({da.attrs['climrisk_status']})" if da.attrs.get("climrisk_status") else "")]
    if all(d in da.dims for d in SPATIAL):
        lines.append(f"over the {da.sizes['lat']} x {da.sizes['lon']} grid cells: min, mean "
                     "and max of the ensemble median (cells: those with a value)")
        lines.append("means weighted by cell area; mean p5, p95: the same mean of the 5th and "
                     "95th percentiles")
        lines.append("one cell: --lat LAT --lon LON; one scenario or year: --scenario, --year")
    return lines
