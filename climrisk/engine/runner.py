"""``run``: every register item x asset x scenario x horizon through its models.

Monte Carlo: each parameter is drawn per sample from a triangular distribution on
[low, value, high]; one uniform draw per sample picks the grid quantile (interpolated across
0.05/0.5/0.95) for every site, variable, scenario and year alike, i.e. climate uncertainty is
fully correlated across sites and the same draws are reused in every scenario (common random
numbers), so scenario differences are not noise.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np
import xarray as xr

from climrisk.engine.assumptions import Assumptions
from climrisk.engine.catalogue import CATALOGUE, Context, ModelSpec, flood_losses
from climrisk.engine.drivers import (
    check_scenarios,
    quantile_weights,
    sample_scenario,
    sea_level_paths,
    site_stencil,
)
from climrisk.engine.flood_map import VARIABLE as FLOOD_VARIABLE
from climrisk.engine.flood_map import FloodMap, sample_flood_map
from climrisk.engine.parameters import ParameterSet
from climrisk.engine.physical.sea_level import first_inundation_year
from climrisk.engine.portfolio import AssetTable, Company
from climrisk.engine.ratings import band, likelihood_level, magnitude_level
from climrisk.engine.results import STATS, Results
from climrisk.grids.sampling import crop_to_sites
from climrisk.register.models import Item, Register
from climrisk.vocabulary import EffectModel

KINDS = ("physical", "transition", "opportunity")
CORRELATION = (
    "one uniform draw per sample sets the grid quantile for all sites, variables, scenarios and "
    "years (fully correlated climate uncertainty); parameters are drawn once per sample and "
    "shared by all sites, scenarios and horizons; the item probability is the largest over its "
    "sites (events fully correlated across sites)"
)
SAMPLE_BUDGET = 2_000_000
DETAIL_CELLS = 50_000_000
PRELOAD_BYTES = 512 * 2**20
"""A grid window up to this size is read in one go; larger ones one scenario at a time."""
FLOOD_MODELS = (EffectModel.flood_damage, EffectModel.flood_downtime)


def stats(x: np.ndarray) -> np.ndarray:
    """mean, p5, p50, p95 over axis 0, stacked on a new last axis."""
    pct = np.percentile(x, [5, 50, 95], axis=0)
    return np.stack([x.mean(axis=0), *pct], axis=-1)


@dataclass
class _Job:
    """One item x quantification: where its amount lands."""

    item: int
    channel: int
    spec: ModelSpec
    mask: np.ndarray  # over all assets


@dataclass
class _Plan:
    items: list[Item]
    channels: list[str]
    jobs: list[_Job]
    kind_of_item: np.ndarray
    specs: dict[EffectModel, ModelSpec] = field(default_factory=dict)


def _plan(reg: Register, table: AssetTable) -> _Plan:
    channels = [c.id for c in reg.main.channels]
    ids = list(table.ids)
    jobs = []
    for i, item in enumerate(reg.items):
        for q in item.quantification:
            chosen = {a.id for a in reg.resolve_assets(q.assets or item.assets)}
            mask = np.array([a in chosen for a in ids], dtype=bool)
            jobs.append(_Job(i, channels.index(q.channel), CATALOGUE[q.model], mask))
    kinds = np.array([KINDS.index(it.category.kind) for it in reg.items], dtype=int)
    plan = _Plan(list(reg.items), channels, jobs, kinds)
    plan.specs = {j.spec.model: j.spec for j in jobs}
    return plan


def _annuity(
    h_start: float, h_end: float | None, ref_year: int, last_year: int, rate: float
) -> float:
    """Σ (1+r)^-n over the horizon's years n = start+1 … end (open end: the grid's last year)."""
    end = round(h_end) if h_end is not None else max(last_year - ref_year, int(h_start) + 1)
    n = np.arange(round(h_start) + 1, end + 1)
    return float(np.sum((1.0 + rate) ** -n.astype(float)))


def run(
    register: Register,
    grid: xr.Dataset,
    assumptions: Assumptions | None = None,
    *,
    samples: int = 1000,
    seed: int = 20250415,
    scenarios: list[str] | None = None,
    asset_detail: bool | None = None,
) -> Results:
    """Financial effects of every quantified item, with Monte Carlo uncertainty and ratings.

    Assets go through in blocks of about ``SAMPLE_BUDGET`` sample values, and per-sample item,
    channel and company totals are summed across blocks before their percentiles are taken
    (a percentile of a sum is not the sum of percentiles), so memory per block is bounded and
    the totals do not depend on the block size. The grid is read one scenario at a time.

    ``asset_detail`` keeps the per-asset statistics (``amount``, ``site_total``,
    ``flood_loss_rp``, ``inundation_year``); ``None`` keeps them when ``amount`` would hold at
    most ``DETAIL_CELLS`` values. Without them the dataset holds the aggregates, ratings and
    cross-industry metrics, plus ``site_mean`` (the per-asset mean that the 29(b)–(d)
    vulnerability flags need), so a million-asset portfolio fits in memory.
    """
    if samples < 1:
        raise ValueError("samples must be at least 1")
    a = assumptions or Assumptions()
    params = ParameterSet.resolve(register.parameters)
    table = AssetTable.from_register(register)
    company = Company.from_register(register)
    scen = list(scenarios or [s.id for s in register.main.scenario_analysis.scenarios])
    check_scenarios(grid, scen)
    grid = crop_to_sites(grid, table.lat, table.lon, list(table.ids)).sel(scenario=scen)
    horizons = register.horizons
    ref = company.reporting_year
    years = sorted({ref, *(h.analysis_year for h in horizons)})
    plan = _plan(register, table)
    specs = list(plan.specs.values())
    site_vars = {v for s in specs for v in s.site_vars}
    sites = site_stencil(grid, list(table.ids), table.lat, table.lon) if site_vars else None
    uses_flood = sites is not None and any(m in plan.specs for m in FLOOD_MODELS)
    flood_map = sample_flood_map(grid, scen, years, sites) if uses_flood else None

    draws = {
        k: v[:, None]
        for k, v in params.draw({p for s in specs for p in s.parameters}, samples, seed).items()
    }
    qw = quantile_weights(np.random.default_rng([seed, 0]).uniform(size=samples))

    n_i, n_a, n_c, n_s, n_h = (
        len(plan.items),
        len(table),
        len(plan.channels),
        len(scen),
        len(horizons),
    )
    shape = (n_i, n_a, n_c, n_s, n_h, len(STATS))
    detail = int(np.prod(shape)) <= DETAIL_CELLS if asset_detail is None else asset_detail
    out = _PerAsset.allocate(shape, flood_map, table, detail)
    item_total = np.full((n_i, n_s, n_h, 4), np.nan)
    channel_total = np.zeros((n_c, 3, n_s, n_h, 4))
    company_total = np.zeros((3, n_s, n_h, 4))
    probability = np.full((n_i, n_s, n_h), np.nan)
    block = max(1, SAMPLE_BUDGET // samples)
    scalar_vars = {v for sp in specs for v in sp.scalar_vars}
    regional_vars = {v for sp in specs for v in sp.regional_vars}
    # Only what the models read is loaded: one scenario of a lat/lon variable of the default
    # grid is 33 MB, and a portfolio spread over China needs the whole window.
    needed = [v for v in grid.data_vars if v in site_vars | scalar_vars | regional_vars]
    window = grid[needed]
    if window.nbytes <= PRELOAD_BYTES:  # a few provinces: one read beats one per scenario
        window = window.load()

    for si, s in enumerate(scen):
        grid_s = window.sel(scenario=[s]).load()
        drv = sample_scenario(
            grid_s,
            s,
            years,
            sites,
            table.region,
            site_vars,
            scalar_vars,
            regional_vars,
        )
        if detail and EffectModel.sea_level_inundation in plan.specs:
            _inundation(grid_s, s, si, table, plan, params, out.inundation)
        del grid_s
        for hi, h in enumerate(horizons):
            assets = (
                flood_map.table(table, si, years.index(h.analysis_year)) if flood_map else table
            )
            item_s = np.zeros((n_i, samples))
            item_p = np.zeros((n_i, samples))
            chan_s = np.zeros((n_c, 3, samples))
            for start in range(0, n_a, block):
                sl = slice(start, min(start + block, n_a))
                ctx = Context(h.analysis_year, ref, assets.take(sl), sl, drv, qw, draws, a, company)
                cache: dict[EffectModel, tuple[np.ndarray, np.ndarray]] = {}
                cell: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}
                site_s = np.zeros((3, samples, sl.stop - sl.start))
                for job in plan.jobs:
                    m = job.mask[sl]
                    if not m.any():
                        continue
                    if job.spec.model not in cache:
                        cache[job.spec.model] = _evaluate(job.spec, ctx, samples, m.size)
                    amt, prob = cache[job.spec.model]
                    part = np.where(m, amt, 0.0)
                    if detail:
                        key = (job.item, job.channel)
                        before, seen = cell.get(key, (0.0, np.zeros_like(m)))
                        cell[key] = (before + part, seen | m)
                    k = plan.kind_of_item[job.item]
                    total = part.sum(axis=1)
                    item_s[job.item] += total
                    chan_s[job.channel, k] += total
                    site_s[k] += part
                    item_p[job.item] = np.maximum(
                        item_p[job.item], np.where(m, prob, 0.0).max(axis=1)
                    )
                if not detail:
                    out.site_mean[sl, :, si, hi] = site_s.mean(axis=1).T
                    continue
                for (i, c), (x, seen) in cell.items():
                    m = np.flatnonzero(seen)
                    out.amount[i, sl.start + m, c, si, hi] = stats(x[:, m])
                out.site_total[sl, :, si, hi] = np.transpose(
                    stats(np.moveaxis(site_s, 1, 0)), (1, 0, 2)
                )
                if EffectModel.flood_damage in cache:
                    _flood_rp_losses(ctx, plan, sl, out.flood_rps, out.flood_loss[:, :, si, hi])
            quantified = np.array([bool(it.quantification) for it in plan.items])
            item_total[quantified, si, hi] = stats(item_s[quantified].T)
            probability[quantified, si, hi] = item_p[quantified].mean(axis=1)
            channel_total[:, :, si, hi] = stats(np.moveaxis(chan_s, 2, 0))
            company_total[:, si, hi] = stats(chan_s.sum(axis=0).T)

    return _assemble(
        register,
        grid,
        plan,
        table,
        company,
        params,
        a,
        scen,
        samples,
        seed,
        out,
        item_total,
        channel_total,
        company_total,
        probability,
        flood_map,
    )


@dataclass
class _PerAsset:
    """Per-asset outputs: full statistics with ``detail``, otherwise only the mean site total.

    The detailed arrays grow with assets x items x channels x scenarios x horizons x stats,
    about 65 GB for ``amount`` alone with a million assets on the bundled register.
    """

    detail: bool
    flood_rps: np.ndarray
    amount: np.ndarray
    site_total: np.ndarray
    site_mean: np.ndarray
    flood_loss: np.ndarray
    inundation: np.ndarray

    @classmethod
    def allocate(
        cls,
        shape: tuple[int, ...],
        flood_map: FloodMap | None,
        table: AssetTable,
        detail: bool,
    ) -> _PerAsset:
        _, n_a, _, n_s, n_h, n_st = shape
        none = np.empty(0)
        if not detail:
            return cls(False, none, none, none, np.zeros((n_a, 3, n_s, n_h)), none, none)
        rp_table = flood_map.table(table, 0, 0) if flood_map else table
        rps = np.unique(rp_table.flood_rp[np.isfinite(rp_table.flood_rp)]) if n_a else none
        return cls(
            True,
            rps,
            np.full(shape, np.nan),
            np.zeros((n_a, 3, n_s, n_h, n_st)),
            none,
            np.full((n_a, rps.size, n_s, n_h, n_st), np.nan),
            np.full((n_a, n_s, n_st), np.nan),
        )


def _evaluate(spec: ModelSpec, ctx: Context, samples: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """A model's amount and annual probability as ``(samples, assets)`` arrays.

    Models without an event probability (chronic and transition effects) occur with
    certainty wherever their amount is non-zero.
    """
    amt, prob = spec.compute(ctx)
    amt = np.broadcast_to(amt, (samples, n))
    prob = (amt != 0).astype(float) if prob is None else np.broadcast_to(prob, (samples, n))
    return amt, prob


def _flood_rp_losses(
    ctx: Context, plan: _Plan, sl: slice, flood_rps: np.ndarray, out: np.ndarray
) -> None:
    """Loss statistics per return period of each flood-damage asset in the block."""
    covered = np.zeros(sl.stop - sl.start, dtype=bool)
    for j in plan.jobs:
        if j.spec.model is EffectModel.flood_damage:
            covered |= j.mask[sl]
    st = stats(flood_losses(ctx))  # (assets, rp, 4)
    for j in np.flatnonzero(covered & ctx.assets.has_flood):
        rp = ctx.assets.flood_rp[j]
        ok = np.isfinite(rp)
        out[sl.start + j, np.searchsorted(flood_rps, rp[ok])] = st[j, ok]


def _inundation(
    grid: xr.Dataset,
    scenario: str,
    si: int,
    table: AssetTable,
    plan: _Plan,
    params: ParameterSet,
    out: np.ndarray,
) -> None:
    """First inundation year per site from the grid's quantile paths at central parameters.

    The first year falls as sea level rises, so the 0.95 path gives the early (p5) year and
    the 0.05 path the late (p95) one; a mean is not defined for 'never' and is left empty.
    """
    covered = np.zeros(len(table), dtype=bool)
    for j in plan.jobs:
        if j.spec.model is EffectModel.sea_level_inundation:
            covered |= j.mask
    idx = np.flatnonzero(covered)
    years, paths = sea_level_paths(grid, scenario, table.lat[idx], table.lon[idx])
    first = first_inundation_year(
        years, paths, table.elevation_m[idx][None, :], params.value("extreme_sea_level_m")
    )  # (quantile, site)
    out[idx, si, 1] = first[2]
    out[idx, si, 2] = first[1]
    out[idx, si, 3] = first[0]


def _assemble(
    reg: Register,
    grid: xr.Dataset,
    plan: _Plan,
    table: AssetTable,
    company: Company,
    params: ParameterSet,
    a: Assumptions,
    scen: list[str],
    samples: int,
    seed: int,
    out: _PerAsset,
    item_total: np.ndarray,
    channel_total: np.ndarray,
    company_total: np.ndarray,
    probability: np.ndarray,
    flood_map: FloodMap | None,
) -> Results:
    """The tidy dataset: amounts, aggregates, present values, ratings, 29(b)–(d), provenance."""
    horizons = reg.horizons
    scales = reg.main.scales
    items = [it.id for it in plan.items]
    coords = {
        "item": items,
        "asset": list(table.ids),
        "channel": plan.channels,
        "scenario": scen,
        "horizon": [h.id for h in horizons],
        "stat": list(STATS),
        "kind": list(KINDS),
    }
    ih = ("item", "scenario", "horizon")
    last_year = int(grid["year"].values.max())
    factor = np.array(
        [
            _annuity(h.start_years, h.end_years, company.reporting_year, last_year, a.discount_rate)
            for h in horizons
        ]
    )
    share = item_total[..., 0] / company.revenue if company.revenue else item_total[..., 0] * np.nan
    lik_m = likelihood_level(probability, scales)
    mag_m = magnitude_level(share, scales)
    lik, mag = lik_m.copy(), mag_m.copy()
    reasons = []
    for i, it in enumerate(plan.items):
        o = it.rating_override
        if o is not None:
            lik[i], mag[i] = o.likelihood, o.magnitude
        reasons.append(f"{o.reason} ({o.by}, {o.on.isoformat()})" if o else "")
    score = lik * mag
    in_h = np.array([[h.id in it.horizons for h in horizons] for it in plan.items], dtype=np.int8)
    models = np.full((len(items), len(plan.channels)), "", dtype=object)
    for j in plan.jobs:
        prev = models[j.item, j.channel]
        models[j.item, j.channel] = ",".join(filter(None, [prev, j.spec.model.value]))

    d = out.detail
    amount = {"amount": (("item", "asset", "channel", "scenario", "horizon", "stat"), out.amount)}
    site = (
        {"site_total": (("asset", "kind", "scenario", "horizon", "stat"), out.site_total)}
        if d
        else {"site_mean": (("asset", "kind", "scenario", "horizon"), out.site_mean)}
    )
    hazard = {
        "flood_loss_rp": (
            ("asset", "return_period", "scenario", "horizon", "stat"),
            out.flood_loss,
        ),
        "inundation_year": (("asset", "scenario", "stat"), out.inundation),
    }
    ds = xr.Dataset(
        {
            **(amount if d else {}),
            "item_total": (("item", "scenario", "horizon", "stat"), item_total),
            "present_value": (
                ("item", "scenario", "horizon", "stat"),
                item_total * factor[None, None, :, None],
            ),
            "channel_total": (("channel", "kind", "scenario", "horizon", "stat"), channel_total),
            **site,
            "company_total": (("kind", "scenario", "horizon", "stat"), company_total),
            "revenue_share": (ih, share),
            "probability": (ih, probability),
            "likelihood_modelled": (ih, lik_m),
            "magnitude_modelled": (ih, mag_m),
            "likelihood": (ih, lik),
            "magnitude": (ih, mag),
            "score": (ih, score),
            "band": (ih, band(score, scales).astype(str)),
            "override_reason": (("item",), np.array(reasons, dtype=str)),
            "not_quantified": (
                ("item",),
                np.array(
                    [it.not_quantified.value if it.not_quantified else "" for it in plan.items],
                    dtype=str,
                ),
            ),
            "in_horizon": (("item", "horizon"), in_h),
            "model": (("item", "channel"), models.astype(str)),
            **(hazard if d else {}),
        },
        coords={
            **coords,
            **({"return_period": out.flood_rps} if d else {}),
            "category": ("item", [it.category.value for it in plan.items]),
            "item_kind": ("item", [it.category.kind for it in plan.items]),
            "analysis_year": ("horizon", [h.analysis_year for h in horizons]),
            "annuity_factor": ("horizon", factor),
        },
    )
    from climrisk.engine.crossindustry import cross_industry

    mean = ds["site_total"].sel(stat="mean", drop=True) if d else ds["site_mean"]
    ds = ds.merge(cross_industry(mean, reg, table, company))
    _describe(ds, company)
    ds.attrs.update(
        _provenance(reg, grid, plan, params, a, samples, seed, company, table, flood_map)
    )
    return Results(ds)


def _describe(ds: xr.Dataset, company: Company) -> None:
    """Units and meanings of the variables."""
    money = f"{company.currency} yr-1"
    text = {
        "amount": (
            money,
            "annual financial effect per item, asset and channel (positive; the "
            "item's category says cost or benefit)",
        ),
        "item_total": (money, "annual effect per item, summed over its assets and channels"),
        "present_value": (
            company.currency,
            "present value of the annual effect held over the "
            "horizon's years at the assumed discount rate",
        ),
        "channel_total": (money, "annual effect per channel and item kind"),
        "site_total": (money, "annual effect per asset and item kind"),
        "site_mean": (money, "mean annual effect per asset and item kind"),
        "company_total": (money, "annual effect per item kind, whole company"),
        "revenue_share": ("1", "mean item total as a share of revenue (magnitude basis)"),
        "probability": ("yr-1", "annual probability the item's effect occurs (likelihood basis)"),
        "likelihood_modelled": ("1", "likelihood level from the model"),
        "magnitude_modelled": ("1", "magnitude level from the model"),
        "likelihood": ("1", "final likelihood level (analyst override if any)"),
        "magnitude": ("1", "final magnitude level (analyst override if any)"),
        "flood_loss_rp": (company.currency, "flood damage of one event at each return period"),
        "inundation_year": ("year", "first year the 1-in-RP extreme sea level reaches the site"),
    }
    for name, (units, meaning) in text.items():
        if name not in ds:
            continue
        ds[name].attrs.update(units=units, long_name=meaning)


def _provenance(
    reg: Register,
    grid: xr.Dataset,
    plan: _Plan,
    params: ParameterSet,
    a: Assumptions,
    samples: int,
    seed: int,
    company: Company,
    table: AssetTable,
    flood_map: FloodMap | None,
) -> dict[str, object]:
    """Attributes naming every model, formula, parameter, grid and input behind the numbers."""
    hazard = flood_map.provenance(table.ids, table.has_flood) if flood_map else None
    models: dict[str, dict[str, object]] = {}
    for spec in plan.specs.values():
        mapped = hazard is not None and spec.model in FLOOD_MODELS
        models[spec.model.value] = {
            "module": spec.module,
            "formula": spec.formula,
            "grid_variables": [
                *spec.site_vars,
                *spec.scalar_vars,
                *spec.regional_vars,
                *([FLOOD_VARIABLE] if mapped else []),
            ],
            "parameters": params.provenance(spec.parameters),
        }
        if mapped:
            models[spec.model.value]["hazard_map"] = hazard
    return {
        "title": "climrisk financial effects",
        "register_root": reg.root,
        "currency": company.currency,
        "reporting_year": company.reporting_year,
        "revenue": company.revenue,
        "revenue_basis": f"metrics year {company.metrics_year}: revenue_million x 1e6",
        "grid_source": str(grid.attrs.get("source", "")),
        "grid_title": str(grid.attrs.get("title", "")),
        "grid_version": str(grid.attrs.get("climrisk_grid_version", "")),
        "grid_history": str(grid.attrs.get("history", "")),
        "samples": samples,
        "seed": seed,
        "uncertainty": "triangular(low, value, high) per parameter; " + CORRELATION,
        "assumptions": json.dumps(a.as_dict()),
        "models": json.dumps(models, ensure_ascii=False),
    }
