"""Calendar years of a CF time axis: which years are complete, and their means.

A model year is complete when it holds every time step its calendar and sampling imply:
12 months, or each day of the year in the file's own calendar (365 in ``noleap``, 366 in
``all_leap``, 360 in ``360_day``, 365 or 366 in ``standard``/``julian``/
``proleptic_gregorian``). The days come from ``cftime``, which implements every CF calendar,
so no calendar is special-cased here. A mean over an incomplete year would mix seasons (a
year missing its summer is cooler), so an incomplete year is never averaged: at either end
of the record it is left out and reported; inside the record it is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cftime
import numpy as np
import xarray as xr

from climrisk.grids.errors import CalendarError, GridFileError

ALL_MONTHS = tuple(range(1, 13))


@dataclass(frozen=True)
class Sampling:
    """How often a file samples time: ``per_day`` steps a day, or one per month or year."""

    kind: str  # "sub-daily", "daily", "monthly" or "yearly"
    per_day: int = 1

    def expected(self, year: int, months: Sequence[int], calendar: str) -> int:
        """Time steps a complete ``year`` holds in ``months`` under ``calendar``."""
        if self.kind == "monthly":
            return len(months)
        if self.kind == "yearly":
            return 1
        days = sum(cftime.datetime(year, m, 1, calendar=calendar).daysinmonth for m in months)
        return days * self.per_day


def sampling(time: xr.DataArray, where: str) -> Sampling:
    """The sampling of a decoded (cftime) time axis, from its median step."""
    values = time.values
    if values.size < 2:
        raise CalendarError(f"{where}: the time axis has {values.size} step(s); a year of "
                            "monthly or daily values is needed to form annual means")
    calendar = values[0].calendar
    days = np.diff(cftime.date2num(list(values), "days since 1850-01-01", calendar=calendar))
    step = float(np.median(days))
    if 0 < step < 0.9:
        return Sampling("sub-daily", round(1.0 / step))
    if 0.9 <= step <= 1.1:
        return Sampling("daily")
    if 27.0 <= step <= 32.0:
        return Sampling("monthly")
    if 359.0 <= step <= 367.0:
        return Sampling("yearly")
    raise CalendarError(f"{where}: the time step is {step:g} days, which is not sub-daily, "
                        "daily, monthly or yearly; resample the file to one of these first")


@dataclass(frozen=True)
class Years:
    """Annual means of the complete years, and the incomplete years that were left out."""

    means: xr.DataArray
    left_out: dict[int, tuple[int, int]]  # year -> (time steps found, time steps expected)

    def note(self) -> str:
        """The left-out years in words, for warnings and the grid's history."""
        return ", ".join(f"{y} ({n} of {e} time steps)" for y, (n, e) in self.left_out.items())


def annual_means(var: xr.DataArray, where: str, *, months: Sequence[int] = ALL_MONTHS,
                 used: Sequence[int] | None = None) -> Years:
    """Means over each complete calendar year of ``var`` (only ``months`` of it).

    ``used`` lists the years the caller will use (default: all); an incomplete year outside
    it is irrelevant. Among them, an incomplete year at either end of the record is left out
    and reported, and one between complete years is refused: it means a missing or cut file.
    """
    var = var.sortby("time")
    how = sampling(var.time, where)
    if how.kind == "yearly" and tuple(months) != ALL_MONTHS:
        raise CalendarError(f"{where}: the file holds one value a year, so the months "
                            f"{', '.join(map(str, months))} cannot be picked; give monthly or "
                            "daily data")
    calendar = var.time.values[0].calendar
    var = var.where(var.time.dt.month.isin(list(months)), drop=True)
    years, counts = np.unique(var.time.dt.year.values, return_counts=True)
    expected = np.array([how.expected(int(y), months, calendar) for y in years])
    over = counts > expected
    if over.any():
        y = int(years[over][0])
        raise GridFileError(f"{where}: {y} holds {int(counts[over][0])} time steps where a "
                            f"{how.kind} {calendar!r} year holds {int(expected[over][0])}; the "
                            "files seem to mix frequencies or repeat a period: give files of "
                            "one frequency")
    relevant = np.isin(years, list(used)) if used is not None else np.ones(years.size, bool)
    short = relevant & (counts < expected)
    complete_years = years[relevant & ~short]
    left_out: dict[int, tuple[int, int]] = {}
    for y, n, e in zip(years[short], counts[short], expected[short], strict=True):
        inside = complete_years.size and complete_years.min() < y < complete_years.max()
        if inside:
            raise GridFileError(
                f"{where}: {int(y)} is incomplete ({int(n)} of {int(e)} {how.kind} time steps "
                f"in the {calendar!r} calendar) between complete years; a file of the series "
                "is missing or cut: add it, or import the years on either side separately")
        left_out[int(y)] = (int(n), int(e))
    keep = var.time.dt.year.isin(complete_years)
    # float64 sums: 366 float32 days near 288 K lose half a millikelvin otherwise
    means = var.where(keep, drop=True).astype(np.float64).groupby("time.year").mean(
        "time", skipna=False)
    return Years(means, left_out)
