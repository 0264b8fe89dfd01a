"""Benchmark W(N): gridded flood EAD for N assets through the engine's flood code path.

Workload (fixed so that results are comparable between machines and versions):
grid 73–135° E x 18–54° N at 0.05° (1240 x 720 cells, sampled at their centres: row 0 at
53.975° N, column 0 at 73.025° E); scenarios ssp245, ssp585 x years 2030, 2050, 2080
(k = 1…6 in that order); return periods 2…1000 yr;
depth = (0.5 + 0.5 sin(6x) cos(4y)) (1 + 0.05k) ln(1 + RP) / 3 with x, y
running 0→1 across columns and rows; N assets: five named sites then uniform points from
``numpy.random.default_rng(0)``, N − 5 longitudes in 74–134° E drawn first, then N − 5
latitudes in 19–53° N, value 100 each; bilinear sampling; piecewise-linear depth-damage curve;
EAD = Σᵢ damage(RPᵢ)(1/RPᵢ − 1/RPᵢ₊₁) with 1/RP₁₀ = 0. Then a 10,000-year Monte Carlo of
portfolio loss for ssp585-2050.

Each N runs in a fresh process so peak memory (max RSS) belongs to that N alone. At
N = 100,000 the ssp245-2030 portfolio EAD is checked against the published cross-check:
CLIMADA 1,004,630.09 (nearest cell) and the plain-numpy reference 1,004,633.6 (bilinear),
within 0.001 % (docs/benchmarks.md).
Run: ``python benchmarks/bench_engine.py`` (``--sizes 100,1000`` for fewer).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

import numpy as np

from climrisk.engine.physical.flood import DepthDamage, event_weights, gridded_ead
from climrisk.grids.sampling import Stencil

RPS = np.array([2, 5, 10, 25, 50, 100, 250, 500, 1000], dtype=float)
CASES = [
    ("ssp245", 2030),
    ("ssp245", 2050),
    ("ssp245", 2080),
    ("ssp585", 2030),
    ("ssp585", 2050),
    ("ssp585", 2080),
]
NAMED = [(116.40, 39.90), (117.20, 39.13), (121.47, 31.23), (120.58, 31.30), (118.78, 32.06)]
CURVE = DepthDamage(
    (0, 0.5, 1, 1.5, 2, 3, 4, 5, 6), (0, 0.38, 0.54, 0.66, 0.76, 0.88, 0.94, 0.98, 1)
)
VALUE = 100.0
MC_YEARS = 10_000
MC_CASE = CASES.index(("ssp585", 2050))
SEED = 0
PUBLISHED = {"nearest": 1_004_630.09, "bilinear": 1_004_633.6}  # ssp245-2030, N = 100,000
TOLERANCE = 1e-5  # 0.001 %


def build_grid() -> tuple[tuple[np.ndarray, np.ndarray], np.ndarray]:
    """Depth map ``(720, 1240, 6, 9)`` float32 and its (lat, lon) axes."""
    ny, nx = 720, 1240
    lat = 54.0 - 0.025 - 0.05 * np.arange(ny)  # cell centres
    lon = 73.0 + 0.025 + 0.05 * np.arange(nx)
    y = np.linspace(0.0, 1.0, ny, dtype=np.float32)[:, None]
    x = np.linspace(0.0, 1.0, nx, dtype=np.float32)[None, :]
    base = 0.5 + 0.5 * np.sin(6 * x) * np.cos(4 * y)
    scale = (1 + 0.05 * np.arange(1, 7))[:, None] * np.log1p(RPS)[None, :] / 3  # (6, 9)
    depth = base[:, :, None, None] * scale.astype(np.float32)[None, None]
    return (lat, lon), depth.astype(np.float32)


def assets(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Five named sites, then seeded uniform points."""
    rng = np.random.default_rng(SEED)
    k = max(0, n - len(NAMED))
    lon = np.concatenate([[p[0] for p in NAMED], rng.uniform(74, 134, k)])[:n]
    lat = np.concatenate([[p[1] for p in NAMED], rng.uniform(19, 53, k)])[:n]
    return lat, lon


def portfolio_rp_losses(sites: Stencil, depth: np.ndarray) -> np.ndarray:
    """Σ over assets of the event loss at each return period, ssp585-2050."""
    damage = sites.apply(depth[:, :, MC_CASE, :], CURVE)
    return damage.sum(axis=0, dtype=np.float64) * VALUE


def monte_carlo(sites: Stencil, depth: np.ndarray) -> dict[str, object]:
    """10,000 simulated years of portfolio loss, fully correlated and independent sites.

    Fully correlated: one uniform draw u per year is the exceedance probability of that year's
    event everywhere; the event takes the loss of the largest return period whose 1/RP ≥ u (the
    same rectangle rule as the EAD, so the MC mean converges to it). Independent: each site
    draws its own u (exact for N ≤ 10,000; above that the sum of independent sites is given by
    its normal approximation from the per-site mean and variance).
    """
    w = event_weights(RPS)
    inv = 1.0 / RPS
    rng = np.random.default_rng([SEED, 1])
    u = rng.uniform(size=MC_YEARS)
    bucket = np.searchsorted(-inv, -u, side="right") - 1  # -1: no flood (u > 1/2)
    rp_loss = portfolio_rp_losses(sites, depth)
    corr = np.where(bucket >= 0, rp_loss[np.maximum(bucket, 0)], 0.0)
    out: dict[str, object] = {
        "analytic_ead": float(rp_loss @ w),
        "correlated": _loss_stats(corr),
        "correlated_exact_1in100": float(rp_loss[RPS.tolist().index(100)]),
    }
    n = len(sites)
    if n <= 10_000:
        per = sites.apply(depth[:, :, MC_CASE, :], CURVE).astype(float) * VALUE
        years = np.zeros(MC_YEARS)
        for start in range(0, MC_YEARS, 500):
            uu = rng.uniform(size=(min(500, MC_YEARS - start), n))
            b = np.searchsorted(-inv, -uu.ravel(), side="right").reshape(uu.shape) - 1
            losses = np.where(b >= 0, per[np.arange(n)[None, :], np.maximum(b, 0)], 0.0)
            years[start : start + uu.shape[0]] = losses.sum(axis=1)
        out["independent"] = _loss_stats(years) | {"method": "exact simulation"}
    else:
        mean_i, var_i = _site_moments(sites, depth, w)
        sd = float(np.sqrt(var_i))
        out["independent"] = {
            "mean": mean_i,
            "p99": mean_i + 2.3263 * sd,
            "p995": mean_i + 2.5758 * sd,
            "method": "normal approximation (sum of independent sites)",
        }
    return out


def _site_moments(sites: Stencil, depth: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    """Σ of per-site mean and variance of annual loss under the rectangle rule."""

    def moments(v: np.ndarray) -> np.ndarray:
        d = CURVE(v).astype(np.float64) * VALUE
        m = d @ w
        return np.stack([m, (d**2) @ w - m**2], axis=1)

    tot = sites.apply(depth[:, :, MC_CASE, :], moments).sum(axis=0)
    return float(tot[0]), float(tot[1])


def _loss_stats(years: np.ndarray) -> dict[str, float]:
    return {
        "mean": float(years.mean()),
        "p99": float(np.quantile(years, 0.99)),
        "p995": float(np.quantile(years, 0.995)),
    }


def one(n: int) -> dict[str, object]:
    """W(n): build, time the EAD calculation (stencil included), then the Monte Carlo."""
    (glat, glon), depth = build_grid()
    lat, lon = assets(n)
    gridded_ead(Stencil(glat, glon, lat[:5], lon[:5]), depth, RPS, VALUE, CURVE)  # warm-up
    t0 = time.perf_counter()
    sites = Stencil(glat, glon, lat, lon)
    ead = gridded_ead(sites, depth, RPS, VALUE, CURVE)
    seconds = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    nearest = gridded_ead(Stencil(glat, glon, lat, lon, "nearest"), depth, RPS, VALUE, CURVE)
    t1 = time.perf_counter()
    mc = monte_carlo(sites, depth)
    return {
        "n": n,
        "seconds": seconds,
        "peak_mb": peak_mb,
        "ead_sums": ead.sum(axis=0).tolist(),
        "named": ead[: min(5, n)].tolist(),
        "case1": {"bilinear": float(ead[:, 0].sum()), "nearest": float(nearest[:, 0].sum())},
        "mc": mc,
        "mc_seconds": time.perf_counter() - t1,
    }


def import_seconds() -> float:
    """Wall time of ``python -c "import climrisk.engine"`` (best of three)."""
    best = np.inf
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import climrisk.engine"], check=True)
        best = min(best, time.perf_counter() - t)
    return float(best)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000,100000,1000000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one)))
        return
    runs = []
    for n in (int(s) for s in args.sizes.split(",")):
        proc = subprocess.run(
            [sys.executable, __file__, "--one", str(n)], check=True, capture_output=True, text=True
        )
        runs.append(json.loads(proc.stdout))
    labels = [f"{s}-{y}" for s, y in CASES]
    print(
        "W(N): flood EAD, bilinear sampling, 6 scenario-years x 9 return periods, value 100/asset"
    )
    print(f"{'N':>9} {'calc s':>8} {'peak MB':>8}  " + " ".join(f"{lab:>13}" for lab in labels))
    for r in runs:
        print(
            f"{r['n']:>9,} {r['seconds']:>8.3f} {r['peak_mb']:>8.0f}  "
            + " ".join(f"{v:>13.4f}" for v in r["ead_sums"])
        )
    big = runs[-1]
    print(f"\nNamed sites EAD (N={big['n']:,}), per asset of value 100:")
    for (lo, la), row in zip(NAMED, big["named"], strict=False):
        print(f"  ({lo:.2f} E, {la:.2f} N) " + " ".join(f"{v:>9.4f}" for v in row))
    print("\n10,000-year Monte Carlo, ssp585-2050 portfolio loss")
    print(
        f"{'N':>9} {'analytic EAD':>14} {'MC mean corr':>13} {'1in100 corr':>12} {'1in200 corr':>12}"
        f" {'MC mean ind':>12} {'1in100 ind':>11} {'1in200 ind':>11}  independent method"
    )
    for r in runs:
        mc = r["mc"]
        c, i = mc["correlated"], mc["independent"]
        print(
            f"{r['n']:>9,} {mc['analytic_ead']:>14.3f} {c['mean']:>13.3f} {c['p99']:>12.3f} {c['p995']:>12.3f}"
            f" {i['mean']:>12.3f} {i['p99']:>11.3f} {i['p995']:>11.3f}  {i['method']}"
        )
    print(
        "Correlation: 'corr' = one uniform draw per simulated year sets the event return period "
        "for all assets (fully correlated); 'ind' = each asset draws its own."
    )
    for r in runs:
        if r["n"] == 100_000:
            print("\nCross-check, ssp245-2030 portfolio EAD at N = 100,000:")
            for method, want in PUBLISHED.items():
                got = r["case1"][method]
                ok = abs(got - want) <= TOLERANCE * want
                print(f"  {method:<8} {got:,.2f} vs published {want:,.2f}: "
                      f"{'within' if ok else 'OUTSIDE'} 0.001 %")
    print(f"\npython -c 'import climrisk.engine': {import_seconds():.3f} s (best of 3)")


if __name__ == "__main__":
    main()
