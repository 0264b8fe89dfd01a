"""Benchmark: ``climrisk.engine.run`` on synthetic portfolios of 1e4, 1e5 and 1e6 assets.

Workload: the bundled register (kingsoft-cloud) with its assets replaced by N copies of its
first data centre, each with its own id, a seeded uniform site in 74–134° E x 19–53° N
(mainland China's box on the bundled grid) and a seeded grid region; every register item,
scenario and horizon; the bundled default grid (``climrisk.grids.open_default()``, opened
lazily; ``run`` reads only its window); 1000 Monte Carlo samples (200 at 10^6); the default
``asset_detail`` (aggregates only at these sizes). ``--workers K`` runs the same ``run`` on a
``dask.distributed`` LocalCluster of K single-threaded worker processes (``--scheduler
tcp://...`` on an existing cluster), whose result equals the single-process run. The
register is built with ``model_copy`` (no validation), since validating a million assets
measures pydantic, not the engine; only ``run`` is timed.

Each N runs in a fresh process so peak memory (max RSS) belongs to that N alone.
Run: ``python benchmarks/bench_run_scale.py`` (``--sizes 10000`` for fewer).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

import numpy as np

from climrisk.engine import run
from climrisk.grids import open_default
from climrisk.paths import bundled
from climrisk.register import load_register
from climrisk.register.models import Register
from climrisk.vocabulary import CHINA_GRID_REGIONS

SIZES = (10_000, 100_000, 1_000_000)
SAMPLES = {10_000: 1000, 100_000: 1000, 1_000_000: 200}
SEED = 20250415


def portfolio(n: int) -> Register:
    """The bundled register with ``n`` seeded data-centre copies as its assets."""
    reg = load_register(bundled("registers") / "kingsoft-cloud")
    proto = next(a for a in reg.assets if a.kind == "self-built-data-center")
    rng = np.random.default_rng(SEED)
    lat, lon = rng.uniform(19, 53, n), rng.uniform(74, 134, n)
    regions = rng.choice(np.array(CHINA_GRID_REGIONS, dtype=object), n)
    assets = [
        proto.model_copy(
            update={
                "id": f"dc{i:07d}",
                "grid_region": regions[i],
                "location": proto.location.model_copy(
                    update={"lat": float(lat[i]), "lon": float(lon[i])}
                ),
            }
        )
        for i in range(n)
    ]
    return reg.model_copy(update={"assets": assets})


def one(n: int, samples: int, workers: int, scheduler: str | None) -> dict[str, object]:
    """Time ``run`` for ``n`` assets; peak RSS of the whole process (workers not included)."""
    reg = portfolio(n)
    grid = open_default()
    cluster = None
    if workers and not scheduler:
        from distributed import LocalCluster

        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None)
        scheduler = cluster.scheduler_address
    before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    res = run(reg, grid, samples=samples, seed=SEED, scheduler=scheduler)
    seconds = time.perf_counter() - t0
    if cluster is not None:
        cluster.close()
    ds = res.dataset
    total = ds["company_total"].sel(kind="transition", scenario="ssp585", horizon="long")
    return {
        "assets": n,
        "samples": samples,
        "workers": workers or (scheduler and "cluster") or 0,
        "run_s": round(seconds, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "peak_rss_before_run_mb": round(before_mb),
        "asset_detail": "amount" in ds,
        "transition_ssp585_long_mean": float(total.sel(stat="mean")),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--samples", type=int, help="samples for every size (default: per size)")
    parser.add_argument("--workers", type=int, default=0, help="LocalCluster worker processes")
    parser.add_argument("--scheduler", help="address of an existing dask.distributed scheduler")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        samples = args.samples or SAMPLES.get(args.one, 1000)
        print(json.dumps(one(args.one, samples, args.workers, args.scheduler)))
        return
    for n in (int(s) for s in args.sizes.split(",")):
        extra = [f"--workers={args.workers}"]
        extra += [f"--samples={args.samples}"] if args.samples else []
        extra += [f"--scheduler={args.scheduler}"] if args.scheduler else []
        proc = subprocess.run(
            [sys.executable, __file__, "--one", str(n), *extra], capture_output=True, text=True
        )
        if proc.returncode:
            print(f"N={n}: failed\n{proc.stderr[-2000:]}")
            continue
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        print(
            f"N={r['assets']:>9,}  samples={r['samples']}  workers={r['workers']}  "
            f"run {r['run_s']:>7.1f} s  "
            f"peak RSS {r['peak_rss_mb']:>6,} MB (before run {r['peak_rss_before_run_mb']:,} MB)  "
            f"asset_detail={r['asset_detail']}"
        )


if __name__ == "__main__":
    main()
