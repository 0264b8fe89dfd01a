"""Fixtures for the grid tests: the default grid (built once) and writers of small files
in the real layouts of CMIP6, AR6 sea-level, IAMC and hazard-map inputs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import cftime
import numpy as np
import pytest
import xarray as xr

from climrisk.grids import open_default
from climrisk.grids.default import build_default


@pytest.fixture(scope="session")
def fresh_default() -> xr.Dataset:
    """The default grid rebuilt from scenarios/sources (about 10 s, once per session)."""
    return build_default()


@pytest.fixture(scope="session")
def committed_default() -> xr.Dataset:
    """The committed scenarios/default.nc as opened by the library."""
    return open_default()


CmipWriter = Callable[..., Path]


@pytest.fixture
def cmip6_file(tmp_path: Path) -> CmipWriter:
    """Write a CMIP6-like CF netCDF of ``tas``/``tasmax`` and return its path.

    The field is ``base + trend·(year - 1850) + lat/100`` so changes are known exactly.
    """

    def write(
        name: str, years: tuple[int, int], *, freq: str = "monthly",
        calendar: str = "noleap", variable: str = "tas", units: str = "K",
        lon0360: bool = True, lat_descending: bool = False, trend: float = 0.02,
        lat: tuple[float, float] = (15.0, 55.0), lon: tuple[float, float] = (70.0, 140.0),
    ) -> Path:
        per_year = 12 if freq == "monthly" else (360 if calendar == "360_day" else 365)
        dates = []
        for y in range(years[0], years[1] + 1):
            if freq == "monthly":
                dates += [cftime.datetime(y, m, 15, calendar=calendar) for m in range(1, 13)]
            else:
                dates += list(cftime.num2date(np.arange(per_year) + 0.5,
                                              f"days since {y}-01-01", calendar=calendar))
        lats = np.arange(lat[0], lat[1] + 0.1, 2.5)
        if lat_descending:
            lats = lats[::-1]
        lons = np.arange(lon[0], lon[1] + 0.1, 2.5)
        if not lon0360:
            lons = np.where(lons > 180, lons - 360, lons)
        year_of = np.array([d.year for d in dates], dtype=float)
        values = (288.0 + trend * (year_of - 1850))[:, None, None] + (lats / 100.0)[None, :,
                                                                                   None]
        values = np.broadcast_to(values, (len(dates), lats.size, lons.size)).astype("f4")
        ds = xr.Dataset(
            {variable: (("time", "lat", "lon"), values,
                        {"units": units, "standard_name": "air_temperature"})},
            coords={"time": ("time", dates), "lat": ("lat", lats, {"units": "degrees_north"}),
                    "lon": ("lon", lons, {"units": "degrees_east"})},
            attrs={"source_id": "TEST-MODEL", "experiment_id": name},
        )
        path = tmp_path / f"{variable}_{name}_{years[0]}-{years[1]}.nc"
        ds.to_netcdf(path, encoding={"time": {"units": "days since 1850-01-01",
                                              "calendar": calendar}})
        return path

    return write


@pytest.fixture
def garbage(tmp_path: Path) -> Callable[[str], Path]:
    """Write random bytes under a given file name."""

    def write(name: str) -> Path:
        path = tmp_path / name
        path.write_bytes(np.random.default_rng(0).bytes(2048))
        return path

    return write
