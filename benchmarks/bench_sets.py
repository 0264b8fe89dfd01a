"""Benchmark: import a CMIP6 pair into a set, compose it around 10^4 worldwide sites, score.

Workload:

- **Import.** A CMIP6 pair in the real CF layout (monthly ``tas`` in K, noleap calendar,
  the CMIP6 global attributes), historical 1850–2014 and SSP2-4.5 2015–2100 on a 2.5°
  global grid (72 x 144), is imported with ``climrisk scenarios import cmip6 ... --set``
  into a set over the bundled default (``default: bundled``, i.e. the worldwide 1° layer
  under the China 0.25° layer): one command, timed as a process.
- **Register.** The bundled register with its assets replaced by N copies of its first
  data centre (own id; seeded grid region of the bundled vocabulary), each at a seeded
  uniform point on Earth's land between 56° S and 72° N, kept only where
  ``global_land_mask.is_land`` says land (so sites lie on every continent).
- **Compose.** ``open_scenarios(set)`` and the run's composition stage
  (``climrisk.engine.runner.compose_for``): the set placed on the cells around the sites at
  the register's scenarios, its analysis years and the variables its models read.
- **Score.** ``climrisk.engine.run`` on the opened set, 1000 Monte Carlo samples, the
  default ``asset_detail`` (``--asset-detail`` keeps the per-asset statistics, which read
  every sea-level year). The run composes as above itself, so score minus compose is the
  engine's own part.

Each repetition runs in a fresh process so that its peak RSS (max resident set) is its own:
the import's is the ``climrisk`` process's, compose's is the process's peak after composing,
and score's after the run. Medians over ``--repeat`` repetitions.
Run: ``python benchmarks/bench_sets.py`` (``--sites 10000 --repeat 3``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

SEED = 20250415
SAMPLES = 1000
LAT_RANGE = (-56.0, 72.0)


def write_cmip6(path: Path, experiment: str, years: tuple[int, int], trend: float) -> Path:
    """Monthly ``tas`` (K) on a 2.5° global grid with the CMIP6 global attributes."""
    import cftime
    import xarray as xr

    dates = [cftime.datetime(y, m, 15, calendar="noleap")
             for y in range(years[0], years[1] + 1) for m in range(1, 13)]
    lat, lon = np.arange(-88.75, 90.0, 2.5), np.arange(1.25, 360.0, 2.5)
    year = np.array([d.year for d in dates], dtype=np.float32)
    month = np.array([d.month for d in dates], dtype=np.float32)
    base = 288.0 - 30.0 * np.sin(np.deg2rad(lat)) ** 2
    values = (base[None, :, None]
              + (trend * (year - 1850) + 2.0 * np.cos(2 * np.pi * month / 12))[:, None, None]
              + 0.5 * np.cos(np.deg2rad(lon))[None, None, :]).astype("f4")
    ds = xr.Dataset(
        {"tas": (("time", "lat", "lon"), values,
                 {"units": "K", "standard_name": "air_temperature"})},
        coords={"time": ("time", dates),
                "lat": ("lat", lat, {"units": "degrees_north", "standard_name": "latitude"}),
                "lon": ("lon", lon, {"units": "degrees_east", "standard_name": "longitude"})},
        attrs={"source_id": "BENCH-ESM1", "experiment_id": experiment,
               "variant_label": "r1i1p1f1", "mip_era": "CMIP6", "frequency": "mon"},
    )
    ds.to_netcdf(path, encoding={"time": {"units": "days since 1850-01-01",
                                          "calendar": "noleap"}})
    return path


def land_sites(n: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` seeded uniform points on land (by area) between ``LAT_RANGE``."""
    from global_land_mask import globe

    rng = np.random.default_rng(SEED)
    lat_out: list[np.ndarray] = []
    lon_out: list[np.ndarray] = []
    got = 0
    s0, s1 = np.sin(np.deg2rad(LAT_RANGE[0])), np.sin(np.deg2rad(LAT_RANGE[1]))
    while got < n:
        lat = np.rad2deg(np.arcsin(rng.uniform(s0, s1, 4 * n)))
        lon = rng.uniform(-180.0, 180.0, 4 * n)
        land = globe.is_land(lat, lon)
        lat_out.append(np.round(lat[land], 4))
        lon_out.append(np.round(lon[land], 4))
        got += int(land.sum())
    return np.concatenate(lat_out)[:n], np.concatenate(lon_out)[:n]


def portfolio(n: int):  # noqa: ANN201 (a Register; imported lazily)
    """The bundled register with ``n`` data-centre copies at worldwide land sites."""
    from climrisk.paths import bundled
    from climrisk.register import load_register
    from climrisk.vocabulary import CHINA_GRID_REGIONS

    reg = load_register(bundled("registers") / "kingsoft-cloud")
    proto = next(a for a in reg.assets if a.kind == "self-built-data-center")
    lat, lon = land_sites(n)
    regions = np.random.default_rng(SEED + 1).choice(
        np.array(CHINA_GRID_REGIONS, dtype=object), n)
    assets = [proto.model_copy(update={
        "id": f"site{i:06d}", "grid_region": regions[i],
        "location": proto.location.model_copy(update={"lat": float(lat[i]),
                                                      "lon": float(lon[i])})})
        for i in range(n)]
    return reg.model_copy(update={"assets": assets})


def timed_process(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"failed: {shlex.join(cmd)}\n{err[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def write_inputs(folder: Path) -> list[str]:
    """The CMIP6 pair in ``folder`` and the import command that adds it to a set there."""
    hist = write_cmip6(folder / "tas_Amon_BENCH-ESM1_historical_r1i1p1f1_gn_185001-201412.nc",
                       "historical", (1850, 2014), 0.005)
    ssp = write_cmip6(folder / "tas_Amon_BENCH-ESM1_ssp245_r1i1p1f1_gn_201501-210012.nc",
                      "ssp245", (2015, 2100), 0.03)
    climrisk = str(Path(sys.executable).with_name("climrisk"))
    return [climrisk, "scenarios", "import", "cmip6", str(ssp), "--historical", str(hist),
            "--scenario", "ssp245", "--model", "BENCH-ESM1", "--member", "r1i1p1f1",
            "--out", str(folder / "cmip6-ssp245.nc"), "--set", str(folder / "set.yaml")]


def compose_and_score(set_path: Path, n: int, samples: int,
                      asset_detail: bool | None) -> dict[str, object]:
    """One repetition in this process: open the set and compose what a run of ``n`` sites
    reads (``compose_for``), then the whole ``run`` (which composes the same again)."""
    from climrisk.engine import run
    from climrisk.engine.plan import make_plan
    from climrisk.engine.runner import compose_for
    from climrisk.grids.sets import open_scenarios

    reg = portfolio(n)
    scenarios = [s.id for s in reg.main.scenario_analysis.scenarios]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    scen = open_scenarios(set_path)
    assert scen.composed is not None
    plan = make_plan(reg, None, scenarios, samples=samples, seed=SEED,
                     asset_detail=asset_detail, memory_budget=None)
    near, every_year = compose_for(plan, scen.composed)
    near.grid.load()
    compose_s = time.perf_counter() - t0
    compose_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    frame = near.grid.sizes
    del near, every_year
    t0 = time.perf_counter()
    res = run(reg, scen.grid, samples=samples, seed=SEED, sources=scen.composed,
              asset_detail=asset_detail)
    score_s = time.perf_counter() - t0
    ds = res.dataset
    return {
        "compose_s": compose_s, "score_s": score_s,
        "rss_before_mb": before, "compose_rss_mb": compose_rss,
        "score_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "frame": f"{frame.get('lat', 0)} x {frame.get('lon', 0)} cells, "
                 f"{frame.get('scenario', 0)} scenarios, {frame.get('year', 0)} years",
        "asset_detail": "amount" in ds,
        "not_assessed_pairs": int((ds["coverage"] != "").sum()) if "coverage" in ds else -1,
        "physical_ssp245_long_mean": float(ds["company_total"].sel(
            kind="physical", scenario="ssp245", horizon="long", stat="mean")),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=SAMPLES)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--asset-detail", action="store_true",
                        help="keep per-asset statistics (reads every sea-level year)")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    detail = True if args.asset_detail else None
    if args.one:
        print(json.dumps(compose_and_score(args.one, args.sites, args.samples, detail)))
        return
    print("command:", shlex.join([sys.executable, *sys.argv]))
    folder = Path(tempfile.mkdtemp(prefix="bench-sets-"))
    try:
        cmd = write_inputs(folder)
        print("import command:", shlex.join(cmd))
        imports = []
        for _ in range(args.repeat):
            for stale in (folder / "set.yaml", folder / "cmip6-ssp245.nc"):
                stale.unlink(missing_ok=True)
            (folder / "set.yaml").write_text(
                "schema_version: 1\nname: bench\nsources:\n  - default: bundled\n",
                encoding="utf-8")
            imports.append(timed_process(cmd))
        runs = []
        for _ in range(args.repeat):
            one = [sys.executable, __file__, "--one", str(folder / "set.yaml"),
                   "--sites", str(args.sites), "--samples", str(args.samples)]
            one += ["--asset-detail"] if args.asset_detail else []
            proc = subprocess.run(one, capture_output=True, text=True)
            if proc.returncode:
                raise SystemExit(f"failed: {shlex.join(one)}\n{proc.stderr[-3000:]}")
            runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    def med(key: str) -> float:
        return statistics.median(float(r[key]) for r in runs)  # type: ignore[arg-type]

    print(f"sites={args.sites:,}  samples={args.samples}  repetitions={args.repeat}  "
          f"composed frame {runs[0]['frame']}  asset_detail={runs[0]['asset_detail']}")
    print(f"import   {statistics.median(s for s, _ in imports):7.1f} s  "
          f"peak RSS {statistics.median(m for _, m in imports):6,.0f} MB")
    print(f"compose  {med('compose_s'):7.1f} s  peak RSS {med('compose_rss_mb'):6,.0f} MB "
          f"(register built: {med('rss_before_mb'):,.0f} MB)")
    print(f"score    {med('score_s'):7.1f} s (compose included)  peak RSS {med('score_rss_mb'):6,.0f} MB")
    print(f"physical ssp245 long mean {runs[0]['physical_ssp245_long_mean']:,.0f}; "
          f"not-assessed site-driver-scenario pairs {runs[0]['not_assessed_pairs']:,}")


if __name__ == "__main__":
    main()
