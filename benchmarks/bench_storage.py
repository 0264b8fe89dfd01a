"""Benchmark: storage chunkings of the bundled default grid, by file size and read time.

For each chunking the default is rewritten (same values, compression and precision as
``climrisk.grids.storage.encoding_for``, only the chunk shape differs) and these reads are
timed, median of three, netCDF read directly ("nodask") and through dask ("dask"):

- ``china``: ``engine.run``'s window for 10,000 seeded sites over China (seed 0, uniform in
  74–134° E x 19–53° N): 7 driver variables, all 10 scenarios, years 2024/2030/2040/2050;
- ``bundled``: the same window for the bundled register's seven sites;
- ``site_series``: one cell's full 76-year series of ``hot_days`` (``scenarios show --lat``);
- ``year_map``: one scenario-year map of ``hot_days`` (the app's map).

Run: ``python benchmarks/bench_storage.py`` (``--variants year_map`` for fewer). Writes the
variants to a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import xarray as xr

from climrisk.engine.window import read_window
from climrisk.grids.default import default_path
from climrisk.grids.sampling import crop_to_sites
from climrisk.grids.storage import encoding_for

VARIANTS = {
    "tile76": {"scenario": 1, "lat": 18, "lon": 18},  # all years per 4.5-degree tile
    "year_map": {"scenario": 1, "year": 1},  # one year, whole map (the chosen storage)
    "year_quarter": {"scenario": 1, "year": 1, "lat": 73, "lon": 125},
    "year5_map": {"scenario": 1, "year": 5},
    "year_tile36": {"scenario": 1, "year": 1, "lat": 36, "lon": 36},
}
DRIVERS = ["hot_days", "rx1day_change", "sea_level_change", "tas_change", "carbon_price",
           "electricity_price", "grid_emission_factor"]
YEARS = [2024, 2030, 2040, 2050]
BUNDLED = (np.array([39.9, 40.1, 31.2, 30.6, 22.5, 23.1, 39.0]),
           np.array([116.4, 116.6, 121.5, 114.3, 114.1, 113.3, 117.2]))


def median_s(fn, runs: int = 3) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return round(statistics.median(times), 3)


def write_variant(src: xr.Dataset, tile: dict[str, int], path: Path) -> float:
    enc = encoding_for(src)
    for name, entry in enc.items():
        if "chunksizes" in entry:
            var = src[name]
            entry["chunksizes"] = tuple(min(var.sizes[d], tile.get(str(d), var.sizes[d]))
                                        for d in var.dims)
    t = time.perf_counter()
    src.to_netcdf(path, engine="netcdf4", format="NETCDF4", encoding=enc)
    return time.perf_counter() - t


def reads(path: Path) -> dict[str, float]:
    rng = np.random.default_rng(0)
    china = (rng.uniform(19, 53, 10_000), rng.uniform(74, 134, 10_000))
    out: dict[str, float] = {}
    for mode, chunks in (("nodask", None), ("dask", {})):
        def window(sites, chunks=chunks):  # type: ignore[no-untyped-def]
            with xr.open_dataset(path, engine="netcdf4", chunks=chunks) as ds:
                scen = [str(s) for s in ds["scenario"].values]
                read_window(crop_to_sites(ds, *sites), DRIVERS, scen, YEARS)
        out[f"china_{mode}"] = median_s(lambda w=window: w(china))
        out[f"bundled_{mode}"] = median_s(lambda w=window: w(BUNDLED))

    def series() -> None:
        with xr.open_dataset(path, engine="netcdf4") as ds:
            ds["hot_days"].sel(lat=30.0, lon=114.0, method="nearest").load()

    def one_map() -> None:
        with xr.open_dataset(path, engine="netcdf4") as ds:
            ds["hot_days"].sel(scenario="ssp245", year=2050).load()

    out["site_series"] = median_s(series)
    out["year_map"] = median_s(one_map)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", default=",".join(VARIANTS))
    args = parser.parse_args()
    src = xr.open_dataset(default_path()).load()
    with tempfile.TemporaryDirectory(prefix="climrisk-storage-") as tmp:
        for name in args.variants.split(","):
            path = Path(tmp) / f"{name}.nc"
            row = {"variant": name, "write_s": round(write_variant(src, VARIANTS[name], path), 1),
                   "mb": round(os.path.getsize(path) / 1e6, 1), **reads(path)}
            print(json.dumps(row), flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
