"""Benchmark point sampling: speed and memory on a fine grid, and a lazily opened big grid.

Run ``python benchmarks/bench_sampling.py``. Part 1 samples 1e6 random sites bilinearly
from a 0.05-degree grid (1240 x 720 cells, 2 scenarios x 3 years x 9 return periods,
float32, ~193 MB) and must take under 0.5 s and under 1 GB of extra peak memory. Part 2
writes a chunked netCDF grid larger than the memory budget given to it, opens it lazily
and samples sites from it, reading only the chunks that hold them.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import xarray as xr

from climrisk.grids.sampling import sample
from climrisk.grids.storage import open_grid, write_grid

SPEED_LIMIT_S = 0.5
MEMORY_LIMIT_MB = 1024.0


def fine_grid() -> xr.Dataset:
    """A 0.05-degree flood-depth grid over 73-135 E, 18-54 N."""
    lon = np.round(73.025 + 0.05 * np.arange(1240), 3)
    lat = np.round(18.025 + 0.05 * np.arange(720), 3)
    rng = np.random.default_rng(1)
    data = rng.random((2, 3, 9, lat.size, lon.size), dtype=np.float32)
    return xr.Dataset(
        {"flood_depth": (("scenario", "year", "return_period", "lat", "lon"), data,
                         {"units": "m", "long_name": "flood water depth for a return period"})},
        coords={"scenario": ["ssp245", "ssp585"], "year": [2030, 2050, 2100],
                "return_period": [2, 5, 10, 25, 50, 100, 250, 500, 1000],
                "lat": ("lat", lat, {"units": "degrees_north"}),
                "lon": ("lon", lon, {"units": "degrees_east"})},
    )


def maxrss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def speed() -> bool:
    """Part 1: 1e6 bilinear samples; report time, tracemalloc peak and maxrss growth."""
    grid = fine_grid()
    rng = np.random.default_rng(2)
    n = 1_000_000
    lat = rng.uniform(18.03, 53.97, n)
    lon = rng.uniform(73.03, 134.97, n)
    sample(grid, lat[:1000], lon[:1000])  # warm-up: thread pool, imports
    rss_before = maxrss_mb()
    tracemalloc.start()
    t0 = time.perf_counter()
    out = sample(grid, lat, lon)
    elapsed = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_growth = maxrss_mb() - rss_before
    peak_mb = peak / 2**20
    check = out.flood_depth.isel(site=slice(0, 5))
    ref = grid.flood_depth.interp(lat=xr.DataArray(lat[:5], dims="site"),
                                  lon=xr.DataArray(lon[:5], dims="site"))
    np.testing.assert_allclose(check.values, ref.transpose(*check.dims).values, rtol=1e-5)
    print(f"grid: {grid.flood_depth.nbytes / 2**20:.0f} MiB float32, "
          f"{dict(grid.flood_depth.sizes)}")
    print(f"bilinear sampling of {n:,} sites: {elapsed:.3f} s (limit {SPEED_LIMIT_S} s)")
    print(f"peak extra memory: tracemalloc {peak_mb:.0f} MiB, maxrss growth "
          f"{rss_growth:.0f} MiB (limit {MEMORY_LIMIT_MB:.0f} MiB); result "
          f"{out.flood_depth.nbytes / 2**20:.0f} MiB")
    return elapsed < SPEED_LIMIT_S and max(peak_mb, rss_growth) < MEMORY_LIMIT_MB


def lazy(budget_mb: float = 256.0) -> bool:
    """Part 2: a grid several times ``budget_mb`` on disk, opened lazily and sampled."""
    lon = np.round(73.025 + 0.05 * np.arange(1240), 3)
    lat = np.round(18.025 + 0.05 * np.arange(720), 3)
    years = np.arange(2025, 2101)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.nc"
        template = xr.Dataset(
            {"tas_change": (("scenario", "year", "quantile", "lat", "lon"),
                            np.zeros((2, 1, 3, lat.size, lon.size), dtype=np.float32),
                            {"units": "K", "units_metadata": "temperature: difference"})},
            coords={"scenario": ["ssp245", "ssp585"], "year": years[:1],
                    "quantile": [0.05, 0.5, 0.95],
                    "lat": ("lat", lat, {"units": "degrees_north"}),
                    "lon": ("lon", lon, {"units": "degrees_east"})},
        )
        # Write year by year so that writing, too, stays within the budget.
        parts = []
        for k, year in enumerate(years):
            part = template.assign_coords(year=[year])
            part["tas_change"] = part.tas_change + np.float32(0.01 * k) + np.float32(
                lat[:, None] / 100.0)
            parts.append(part)
        big = xr.concat(parts, dim="year")
        nbytes = big.tas_change.nbytes
        write_grid(big.chunk({"year": 1}), path)
        del big, parts
        t0 = time.perf_counter()
        grid = open_grid(path, lazy=True)
        sites = np.random.default_rng(3)
        n = 1000
        out = sample(grid, sites.uniform(18.1, 53.9, n), sites.uniform(73.1, 134.9, n))
        rss_before = maxrss_mb()
        values = out.tas_change.sel(quantile=0.5).compute()
        elapsed = time.perf_counter() - t0
        rss_growth = maxrss_mb() - rss_before
        print(f"lazy grid: {nbytes / 2**20:.0f} MiB of data in memory terms, "
              f"{path.stat().st_size / 2**20:.0f} MiB on disk, chunks {grid.tas_change.chunks and tuple(c[0] for c in grid.tas_change.chunks)}")
        print(f"opened lazily and sampled {n} sites x {values.sizes['year']} years: "
              f"{elapsed:.2f} s, maxrss growth {rss_growth:.0f} MiB "
              f"(data {nbytes / 2**20:.0f} MiB, budget {budget_mb:.0f} MiB)")
        return bool(np.isfinite(values).all()) and rss_growth < budget_mb


if __name__ == "__main__":
    ok = speed()
    ok = lazy() and ok
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)
