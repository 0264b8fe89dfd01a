"""Which uncertain input drives a number: variance-based (Sobol) or screening (Morris) analysis.

The factors are the engine parameters behind the chosen output that have a range, plus the
climate quantile (the one uniform draw that places every grid variable between its 5 % and
95 % quantiles). SALib designs the samples on the unit hypercube; each parameter is mapped
through the inverse CDF of the same triangular distribution the Monte Carlo draws from, so
the indices decompose the variance of the very distribution the disclosure reports. The
engine runs once on the whole design (one scenario, every horizon), and SALib estimates
first-order and total Sobol indices with bootstrap confidence intervals (or Morris μ*, σ).
SALib's designs and bootstraps take the seed, so a repeated run gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr
from scipy import stats

from climrisk.errors import UserError
from climrisk.register.models import Register

QUANTILE = "climate_quantile"
METHODS = ("sobol", "morris")
MORRIS_LEVELS = 4
RESAMPLES = 200
CONFIDENCE = 0.95


@dataclass(frozen=True)
class Output:
    """What is analysed: ``item:<id>``, ``channel:<id>`` or ``total:<kind>`` (``risk`` is
    physical plus transition)."""

    kind: str
    id: str

    @classmethod
    def parse(cls, text: str, register: Register) -> Output:
        kind, sep, ident = text.partition(":")
        items = [i.id for i in register.items if i.quantification]
        channels = [c.id for c in register.main.channels]
        totals = ["physical", "transition", "opportunity", "risk"]
        choices = {"item": items, "channel": channels, "total": totals}
        if not sep or kind not in choices:
            raise UserError(
                f"output '{text}': give item:<id>, channel:<id> or total:<kind>"
                + (f", for example item:{items[0]}" if items else "")
            )
        if ident not in choices[kind]:
            raise UserError(
                f"output '{text}': no quantified {kind} '{ident}'; "
                f"use one of {', '.join(choices[kind])}"
            )
        return cls(kind, ident)

    def __str__(self) -> str:
        return f"{self.kind}:{self.id}"

    def models(self, register: Register) -> set[str]:
        """Engine models that feed the output."""
        def feeds(kind: str, channel: str, item_id: str) -> bool:
            if self.kind == "item":
                return item_id == self.id
            if self.kind == "channel":
                return channel == self.id
            if self.id == "risk":
                return kind != "opportunity"
            return kind == self.id

        qs = [q for i in register.items for q in i.quantification
              if feeds(i.category.kind, q.channel, i.id)]
        return {str(q.model) for q in qs}

    def values(self, ds: xr.Dataset) -> np.ndarray:
        """Per-sample values ``(horizon, sample)`` of the one scenario in ``ds``."""
        if self.kind == "item":
            return ds["item_sample"].sel(item=self.id).isel(scenario=0).values
        if self.kind == "channel":
            return ds["channel_sample"].sel(channel=self.id).sum("kind").isel(scenario=0).values
        kinds = ["physical", "transition"] if self.id == "risk" else [self.id]
        chan = ds["channel_sample"].sel(kind=kinds).sum(("kind", "channel"))
        return chan.isel(scenario=0).values


def factors(register: Register, output: Output) -> list[tuple[str, float, float, float]]:
    """``(name, low, mode, high)`` of each uncertain parameter behind the output, by name."""
    from climrisk.engine.catalogue import catalogue
    from climrisk.engine.parameters import ParameterSet

    params = ParameterSet.resolve(register.parameters, register.main.packs)
    table = catalogue(register.main.packs)
    models = [table[m] for m in output.models(register)]
    names = sorted({p for spec in models for p in spec.parameters})
    out = []
    for n in names:
        p = params[n]
        low = p.value if p.low is None else p.low
        high = p.value if p.high is None else p.high
        if high > low:
            out.append((n, low, p.value, high))
    return out


def _salib() -> tuple[object, object, object, object]:
    try:
        from SALib.analyze import morris as morris_analyze
        from SALib.analyze import sobol as sobol_analyze
        from SALib.sample import morris as morris_sample
        from SALib.sample import sobol as sobol_sample
    except ImportError as exc:  # pragma: no cover - SALib is a core dependency
        raise UserError("the sensitivity analysis needs SALib: pip install SALib") from exc
    return sobol_sample, sobol_analyze, morris_sample, morris_analyze


def analyse(
    register: Register,
    grid: xr.Dataset,
    output: str,
    scenario: str,
    *,
    method: str = "sobol",
    samples: int = 1024,
    seed: int = 20250415,
) -> xr.Dataset:
    """Sensitivity indices of ``output`` under ``scenario`` at every horizon.

    ``samples`` is SALib's base sample size N: Sobol evaluates N x (D + 2) points and Morris
    N x (D + 1) (N trajectories), D being the number of factors.
    """
    from climrisk.engine.runner import SampleInputs, run

    if method not in METHODS:
        raise UserError(f"method '{method}': use sobol or morris")
    if samples < 2:
        raise UserError("samples must be at least 2")
    target = Output.parse(output, register)
    scen = [s.id for s in register.main.scenario_analysis.scenarios]
    if scenario not in scen:
        raise UserError(f"scenario '{scenario}' is not among the register's; "
                        f"use one of {', '.join(scen)}")
    spec = factors(register, target)
    names = [n for n, *_ in spec] + [QUANTILE]
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    sobol_sample, sobol_analyze, morris_sample, morris_analyze = _salib()
    if method == "sobol":
        x = sobol_sample.sample(problem, samples, calc_second_order=False, seed=seed)
    else:
        x = morris_sample.sample(problem, samples, num_levels=MORRIS_LEVELS, seed=seed)
    values = {
        n: stats.triang.ppf(x[:, j], (mode - low) / (high - low), loc=low, scale=high - low)
        for j, (n, low, mode, high) in enumerate(spec)
    }
    inputs = SampleInputs(quantile=x[:, -1].copy(), parameters=values)
    ds = run(register, grid, scenarios=[scenario], seed=seed, keep_samples=True,
             inputs=inputs).dataset
    y = target.values(ds)  # horizon, sample
    horizons = [str(h) for h in ds["horizon"].values]
    cols = ("S1", "S1_conf", "ST", "ST_conf") if method == "sobol" else (
        "mu_star", "mu_star_conf", "sigma", "mu")
    table = np.full((len(horizons), len(names), len(cols)), np.nan)
    for h in range(len(horizons)):
        yh = np.ascontiguousarray(y[h], dtype=float)
        if not np.all(np.isfinite(yh)) or np.ptp(yh) == 0:
            continue  # a constant output has no variance to share out
        if method == "sobol":
            res = sobol_analyze.analyze(problem, yh, calc_second_order=False,
                                        num_resamples=RESAMPLES, conf_level=CONFIDENCE,
                                        seed=seed)
        else:
            res = morris_analyze.analyze(problem, x, yh, num_resamples=RESAMPLES,
                                         conf_level=CONFIDENCE, seed=seed)
        for c, col in enumerate(cols):
            table[h, :, c] = np.asarray(res[col], float)
    lows = [s[1] for s in spec] + [0.05]
    modes = [s[2] for s in spec] + [0.5]
    highs = [s[3] for s in spec] + [0.95]
    out = xr.Dataset(
        {col: (("horizon", "factor"), table[..., c]) for c, col in enumerate(cols)},
        coords={
            "horizon": horizons,
            "factor": names,
            "factor_kind": ("factor", ["parameter"] * len(spec) + ["grid-quantile"]),
            "factor_low": ("factor", lows),
            "factor_mode": ("factor", modes),
            "factor_high": ("factor", highs),
            "output_mean": ("horizon", y.mean(axis=1)),
            "output_std": ("horizon", y.std(axis=1)),
        },
        attrs={
            "output": str(target),
            "scenario": scenario,
            "method": method,
            "samples": samples,
            "evaluations": int(x.shape[0]),
            "seed": seed,
            "confidence": CONFIDENCE,
            "resamples": RESAMPLES,
            "currency": str(ds.attrs["currency"]),
            "design": (
                "SALib Sobol (Saltelli) design without second order"
                if method == "sobol"
                else f"SALib Morris design, {MORRIS_LEVELS} levels"
            ),
            "mapping": "parameter = triangular(low, value, high) inverse CDF of the design "
            "coordinate; climate quantile = the coordinate as the engine's uniform draw",
        },
    )
    return out


def ranking(result: xr.Dataset, horizon: str) -> list[str]:
    """Factors from most to least influential: total index (Sobol) or μ* (Morris).

    Ties keep the factor order, so the ranking is reproducible.
    """
    key = "ST" if result.attrs["method"] == "sobol" else "mu_star"
    v = np.nan_to_num(result[key].sel(horizon=horizon).values, nan=-np.inf)
    order = np.argsort(-v, kind="stable")
    return [str(result["factor"].values[i]) for i in order]


def to_csv(result: xr.Dataset) -> str:
    """The indices as CSV with fixed formatting (identical runs give identical bytes)."""
    cols = [str(v) for v in result.data_vars]
    lines = ["output,scenario,method,samples,seed,horizon,rank,factor,kind," + ",".join(cols)]
    a = result.attrs
    for h in result["horizon"].values:
        for rank, f in enumerate(ranking(result, str(h)), start=1):
            row = result.sel(horizon=h, factor=f)
            nums = ",".join(_fmt(float(row[c])) for c in cols)
            kind = str(row["factor_kind"].values)
            lines.append(f"{a['output']},{a['scenario']},{a['method']},{a['samples']},"
                         f"{a['seed']},{h},{rank},{f},{kind},{nums}")
    return "\n".join(lines) + "\n"


def _fmt(v: float) -> str:
    return "" if not np.isfinite(v) else f"{v:.6g}"
