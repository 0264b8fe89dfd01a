"""Cost-benefit of each measure and measure set, per scenario and horizon.

The engine runs once without measures and once per option (a measure alone, or a set with
its measures applied in order), every time with the same seed, so each sample sees the same
parameter and climate draws with and without the option (common random numbers) and the
avoided loss is the option's effect, not sampling noise. Benefits are signed per item kind:
a risk's cost that falls, or an opportunity's benefit that grows, counts as a gain.

A set's benefit in a year counts only its members in effect that year: the set's combined
benefit (which counts interactions once) is shared among the members in proportion to their
stand-alone benefits, and the shares of members not yet started or already retired are left
out. With every member in effect this is exactly the combined benefit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from climrisk.engine.results import STATS, Results
from climrisk.measures.apply import apply_measures
from climrisk.measures.finance import (
    FORMULA,
    appraisal_years,
    benefit_cost_ratio,
    benefit_weights,
    cost_flows,
    interpolation_weights,
    payback_year,
    present_value,
)
from climrisk.register.measures import Measure
from climrisk.register.models import Register

RISK_KINDS = ("physical", "transition")
METHOD = (
    "engine re-run per option on the same seed (common random numbers); benefit = fall in "
    "risk cost plus rise in opportunity benefit; a set's benefit is shared among its members "
    "by stand-alone benefit and counted only in years each member is in effect"
)


@dataclass(frozen=True)
class _Option:
    id: str
    kind: str  # "measure" or "set"
    members: list[Measure]


def _options(register: Register) -> list[_Option]:
    book = register.measures
    if book is None:
        return []
    out = [_Option(m.id, "measure", [m]) for m in book.measures]
    out += [_Option(s.id, "set", book.members(s)) for s in book.sets]
    return out


def _stats(x: np.ndarray) -> np.ndarray:
    """mean, p5, p50, p95 over the last axis."""
    pct = np.percentile(x, [5, 50, 95], axis=-1)
    return np.stack([x.mean(axis=-1), *pct], axis=-1)


def _signed(ds: xr.Dataset) -> tuple[np.ndarray, np.ndarray]:
    """Per-sample (gain-signed total, risk total) over scenario x horizon x sample.

    Risk amounts count negative and opportunity amounts positive, so the difference of two
    runs is the gain; the risk total is what residual risk reports.
    """
    x = np.nan_to_num(ds["item_sample"].values)  # item, scenario, horizon, sample
    risk = np.isin(ds["item_kind"].values, RISK_KINDS)
    sign = np.where(risk, -1.0, 1.0)[:, None, None, None]
    return (x * sign).sum(axis=0), x[risk].sum(axis=0)


def appraise(
    register: Register,
    grid: xr.Dataset,
    *,
    samples: int = 1000,
    seed: int = 20250415,
    scenarios: list[str] | None = None,
    baseline: Results | None = None,
) -> xr.Dataset:
    """Avoided loss, residual risk, NPV, BCR and payback of every measure and set.

    ``baseline`` (a run of the same register with ``keep_samples=True``, same samples and
    seed) saves one engine run. The result has an ``option`` dimension (measures, then sets)
    next to the engine's ``scenario``, ``horizon`` and ``stat``, so it merges into the
    results dataset.
    """
    from climrisk.engine import run

    options = _options(register)
    book = register.measures
    if not options or book is None:
        return xr.Dataset()

    window = _window(register, grid, scenarios)

    def engine(reg: Register) -> xr.Dataset:
        return run(
            reg, window, samples=samples, seed=seed, scenarios=scenarios, keep_samples=True
        ).dataset

    base = baseline.dataset if baseline is not None else engine(register)
    if "item_sample" not in base:
        raise ValueError("the baseline run needs keep_samples=True")
    base_gain, base_risk = _signed(base)
    ref = int(base.attrs["reporting_year"])
    knots = [int(y) for y in base["analysis_year"].values]
    rate = register.main.valuation.rate

    gain: dict[str, np.ndarray] = {}  # option -> scenario x horizon x sample
    cut: dict[str, np.ndarray] = {}  # risk cost avoided, same shape
    for opt in options:
        g, r = _signed(engine(apply_measures(register, opt.members)))
        gain[opt.id], cut[opt.id] = g - base_gain, base_risk - r

    n_o, (n_s, n_h, n_n) = len(options), base_gain.shape
    out = {
        "avoided": np.zeros((n_o, n_s, n_h, 4)),
        "residual_risk": np.zeros((n_o, n_s, n_h, 4)),
        "pv_benefit": np.zeros((n_o, n_s, 4)),
        "npv": np.zeros((n_o, n_s, 4)),
        "pv_cost": np.zeros(n_o),
        "bcr": np.zeros((n_o, n_s)),
        "payback_year": np.full((n_o, n_s), np.nan),
    }
    for o, opt in enumerate(options):
        shares = _shares(opt, gain)  # member, scenario, horizon
        years = appraisal_years(opt.members, ref)
        cost = sum(cost_flows(m, years) for m in opt.members)
        out["pv_cost"][o] = present_value(cost, years, ref, rate)
        interp = interpolation_weights(years, knots)  # year, horizon
        pv = np.zeros((n_s, n_n))
        yearly = np.zeros((n_s, years.size))
        at_knots = np.zeros((n_s, n_h, n_n))
        risk_at_knots = np.zeros((n_s, n_h, n_n))
        for k, m in enumerate(opt.members):
            part = shares[k][..., None] * gain[opt.id]
            active = (years >= m.start_year) & (years <= m.end_year)
            pv += np.einsum("h,shn->sn", benefit_weights(years, active, knots, ref, rate), part)
            yearly += (part.mean(axis=-1) @ interp.T) * active
            on = np.array([m.active(y) for y in knots], dtype=float)[None, :, None]
            at_knots += on * part
            risk_at_knots += on * shares[k][..., None] * cut[opt.id]
        out["avoided"][o] = _stats(at_knots)
        out["residual_risk"][o] = _stats(base_risk - risk_at_knots)
        out["pv_benefit"][o] = _stats(pv)
        out["npv"][o] = _stats(pv - out["pv_cost"][o])
        for s in range(n_s):
            out["bcr"][o, s] = benefit_cost_ratio(float(pv[s].mean()), out["pv_cost"][o])
            year = payback_year(yearly[s], cost, years, ref, rate)
            out["payback_year"][o, s] = np.nan if year is None else year
    return _dataset(register, base, options, out, _stats(base_risk), samples, seed)


def _window(register: Register, grid: xr.Dataset, scenarios: list[str] | None) -> xr.Dataset:
    """The grid around the sites, read once: measures never move a site, and every option's
    run would otherwise read the same window again."""
    from climrisk.engine.portfolio import AssetTable
    from climrisk.grids.sampling import crop_to_sites

    table = AssetTable.from_register(register)
    chosen = scenarios or [s.id for s in register.main.scenario_analysis.scenarios]
    # Sites outside the grid stay in the run, "not assessed", as in the engine.
    window = crop_to_sites(grid, table.lat, table.lon, list(table.ids), outside="missing")
    if "scenario" in window.dims and set(chosen) <= set(window["scenario"].values.tolist()):
        window = window.sel(scenario=chosen)
    return window.load()


def _shares(opt: _Option, gain: dict[str, np.ndarray]) -> np.ndarray:
    """Each member's share of the option's benefit, by its stand-alone mean benefit.

    ``(member, scenario, horizon)``; equal shares where no member gains on its own.
    """
    if len(opt.members) == 1:
        return np.ones((1, *gain[opt.id].shape[:-1]))
    alone = np.abs(np.stack([gain[m.id].mean(axis=-1) for m in opt.members]))
    total = alone.sum(axis=0)
    equal = np.full_like(alone, 1.0 / len(opt.members))
    return np.where(total > 0, alone / np.where(total > 0, total, 1.0), equal)


def _dataset(
    register: Register,
    base: xr.Dataset,
    options: list[_Option],
    out: dict[str, np.ndarray],
    base_risk: np.ndarray,
    samples: int,
    seed: int,
) -> xr.Dataset:
    book = register.measures
    assert book is not None
    osh = ("option", "scenario", "horizon", "stat")
    os_ = ("option", "scenario", "stat")
    ds = xr.Dataset(
        {
            "avoided": (osh, out["avoided"]),
            "residual_risk": (osh, out["residual_risk"]),
            "baseline_risk": (("scenario", "horizon", "stat"), base_risk),
            "pv_benefit": (os_, out["pv_benefit"]),
            "npv": (os_, out["npv"]),
            "pv_cost": (("option",), out["pv_cost"]),
            "bcr": (("option", "scenario"), out["bcr"]),
            "payback_year": (("option", "scenario"), out["payback_year"]),
        },
        coords={
            "option": [o.id for o in options],
            "scenario": base["scenario"].values,
            "horizon": base["horizon"].values,
            "stat": list(STATS),
            "option_kind": ("option", [o.kind for o in options]),
            "option_members": ("option", [",".join(m.id for m in o.members) for o in options]),
            "cost_is_estimate": (
                "option", np.array([any(m.cost.estimate for m in o.members) for o in options])
            ),
        },
    )
    cur = str(base.attrs["currency"])
    units = {
        "avoided": (f"{cur} yr-1", "annual avoided loss or gained benefit at the analysis year"),
        "residual_risk": (f"{cur} yr-1", "annual physical and transition risk cost left"),
        "baseline_risk": (f"{cur} yr-1", "annual physical and transition risk cost, no measure"),
        "pv_benefit": (cur, "present value of the benefit over the option's life"),
        "npv": (cur, "net present value: PV(benefit) - PV(cost)"),
        "pv_cost": (cur, "present value of capex and opex after the reporting year"),
        "bcr": ("1", "benefit-cost ratio of the mean PV(benefit) to PV(cost)"),
        "payback_year": ("year", "first year the discounted cumulative net benefit is >= 0"),
    }
    for name, (unit, meaning) in units.items():
        ds[name].attrs.update(units=unit, long_name=meaning)
    ds.attrs.update(
        {
            "appraisal_formula": FORMULA,
            "appraisal_discount_rate": register.main.valuation.rate,
            "appraisal_samples": samples,
            "appraisal_seed": seed,
            "appraisal_method": METHOD,
        }
    )
    return ds
