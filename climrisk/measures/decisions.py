"""The results dataset with what a decision needs: cost-benefit and sensitivity analyses.

``with_decisions`` adds the appraisal of the register's measures (``option`` dimension) and
the register's declared sensitivity analyses (``analysis`` x ``horizon`` x ``factor``) to the
engine's results, so one dataset carries every number the disclosure and the app show.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from climrisk.engine.results import Results
from climrisk.register.models import Register


def with_decisions(
    register: Register, grid: xr.Dataset, results: Results, *, samples: int, seed: int
) -> Results:
    """``results`` plus cost-benefit (needs a ``keep_samples`` run) and sensitivity."""
    ds = results.dataset
    parts = []
    if register.measures is not None and register.measures.measures:
        from climrisk.measures.appraisal import appraise

        baseline = results if "item_sample" in ds else None  # else appraise runs its own
        parts.append(appraise(register, grid, samples=samples, seed=seed, baseline=baseline,
                              scenarios=[str(s) for s in ds["scenario"].values]))
    if register.sensitivity is not None:
        parts.append(sensitivity_dataset(register, grid))
    if not parts:
        return results
    merged = ds.drop_vars([v for v in ("item_sample", "channel_sample") if v in ds])
    for p in parts:
        merged = merged.merge(p, combine_attrs="no_conflicts")
    return Results(merged)


def sensitivity_dataset(register: Register, grid: xr.Dataset) -> xr.Dataset:
    """Every declared analysis on one ``analysis`` x ``horizon`` x ``factor`` grid."""
    from climrisk.sensitivity import analyse

    assert register.sensitivity is not None
    runs = [
        analyse(register, grid, a.output, a.scenario, method=a.method, samples=a.samples,
                seed=a.seed)
        for a in register.sensitivity.analyses
    ]
    factors: list[str] = []
    for r in runs:
        factors += [str(f) for f in r["factor"].values if str(f) not in factors]
    horizons = [h.id for h in register.horizons]
    shape = (len(runs), len(horizons), len(factors))
    arrays = {k: np.full(shape, np.nan) for k in ("index", "index_conf", "first", "first_conf")}
    for a, r in enumerate(runs):
        sobol = r.attrs["method"] == "sobol"
        names = ("ST", "ST_conf", "S1", "S1_conf") if sobol else (
            "mu_star", "mu_star_conf", None, None)
        cols = [factors.index(str(f)) for f in r["factor"].values]
        for key, name in zip(arrays, names, strict=True):
            if name is not None:
                arrays[key][a][:, cols] = r[name].sel(horizon=horizons).values
    coords = {
        "analysis": [f"{r.attrs['output']}@{r.attrs['scenario']}" for r in runs],
        "horizon": horizons,
        "factor": factors,
        **{f"sens_{k}": ("analysis", [r.attrs[k] for r in runs])
           for k in ("output", "scenario", "method", "samples", "evaluations", "seed")},
    }
    return xr.Dataset(
        {f"sens_{k}": (("analysis", "horizon", "factor"), v) for k, v in arrays.items()},
        coords=coords,
    )
