"""Stages 1–3 of ``run`` for one partition of assets, and the per-asset statistics.

For each scenario: drivers at the partition's sites (stage 1); then for each horizon and
block of assets, every model's effect (stage 2) and the per-sample totals (stage 3). Per-asset
statistics are taken while a block's samples exist, so ``samples x assets`` is never held for
more than one block. A partition needs only the run's plan and window, so it runs the same in
this process or on a ``dask.distributed`` worker.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import xarray as xr

from climrisk.engine.catalogue import Context
from climrisk.engine.coverage import EXTENT_ATTR, Gaps
from climrisk.engine.drivers import ScenarioDrivers, sample_scenario, sea_level_paths
from climrisk.engine.flood_map import FloodMap, sample_flood_map
from climrisk.engine.physical.sea_level import first_inundation_year, level_at
from climrisk.engine.plan import KINDS, RunPlan
from climrisk.engine.portfolio import AssetTable
from climrisk.engine.totals import STATS, Totals, stats
from climrisk.grids.sampling import Stencil

Effects = dict[str, tuple[np.ndarray, np.ndarray | None]]
"""Each model's amount and annual probability, ``(samples, assets)`` arrays."""


@dataclass
class PerAsset:
    """Per-asset outputs of a range of assets (asset axis as in ``Results``).

    With ``detail``: full statistics per item x channel (``amount``), per kind
    (``site_total``), per flood return period and the first inundation year. Without: only
    the mean effect per kind (``site_mean``), all that the 29(b)–(d) flags need.
    """

    detail: bool
    flood_rps: np.ndarray
    amount: np.ndarray  # (item, asset, channel, scenario, horizon, stat)
    site_total: np.ndarray  # (asset, kind, scenario, horizon, stat)
    site_mean: np.ndarray  # (asset, kind, scenario, horizon)
    flood_loss: np.ndarray  # (asset, return_period, scenario, horizon, stat)
    inundation: np.ndarray  # (asset, scenario, stat)

    @classmethod
    def allocate(cls, plan: RunPlan, n_a: int, flood_rps: np.ndarray) -> PerAsset:
        n_i, _, n_c, n_s, n_h = plan.shape()
        n_k, n_st = len(KINDS), len(STATS)
        none = np.empty(0)
        if not plan.detail:
            return cls(False, none, none, none, np.zeros((n_a, n_k, n_s, n_h)), none, none)
        return cls(
            True,
            flood_rps,
            np.full((n_i, n_a, n_c, n_s, n_h, n_st), np.nan),
            np.zeros((n_a, n_k, n_s, n_h, n_st)),
            none,
            np.full((n_a, flood_rps.size, n_s, n_h, n_st), np.nan),
            np.full((n_a, n_s, n_st), np.nan),
        )

    def assign(self, sl: slice, other: PerAsset) -> None:
        """Copy ``other`` (the outputs of the assets in ``sl``) into place."""
        mine = self.rows(sl)
        for name in ("amount", "site_total", "site_mean", "flood_loss", "inundation"):
            target = getattr(mine, name)
            if target.size:
                target[...] = getattr(other, name)

    def rows(self, sl: slice) -> PerAsset:
        """A view of the assets in ``sl`` (writes go to this object's arrays)."""
        if not self.detail:
            return PerAsset(False, self.flood_rps, self.amount, self.site_total,
                            self.site_mean[sl], self.flood_loss, self.inundation)
        return PerAsset(True, self.flood_rps, self.amount[:, sl], self.site_total[sl],
                        self.site_mean, self.flood_loss[sl], self.inundation[sl])


@dataclass
class PartitionResult:
    """What a partition hands back: its per-sample totals and per-asset outputs."""

    part: slice
    totals: Totals
    per_asset: PerAsset | None  # None when written in place
    flood_map: FloodMap | None  # the partition's map coverage, depths dropped
    gaps: Gaps  # the partition's site-driver pairs without data


def flood_return_periods(plan: RunPlan, window: xr.Dataset, sites: Stencil | None) -> np.ndarray:
    """Every return period of the run's flood-loss table (profiles and mapped sites)."""
    table = plan.table
    fmap = _flood_map(plan, window, sites)
    rp_table = fmap.table(table, 0, 0) if fmap else table
    if not len(table):
        return np.empty(0)
    return np.unique(rp_table.flood_rp[np.isfinite(rp_table.flood_rp)])


def _flood_map(plan: RunPlan, window: xr.Dataset, sites: Stencil | None) -> FloodMap | None:
    if sites is None or not plan.uses_flood:
        return None
    return sample_flood_map(window, plan.scenarios, plan.years, sites)


def stencil(plan: RunPlan, grid: xr.Dataset, part: slice) -> Stencil | None:
    """Where the partition's sites fall on the grid (``None`` when no model reads a site)."""
    if not plan.site_vars:
        return None
    if "lat" not in grid.dims or "lon" not in grid.dims:
        return None  # a grid without lat/lon: every site variable is "not assessed"
    t = plan.table
    return Stencil(grid["lat"].values, grid["lon"].values, t.lat[part], t.lon[part],
                   names=list(t.ids[part]), outside="missing")


def evaluate_partition(
    plan: RunPlan,
    window: xr.Dataset,
    flood_grid: xr.Dataset,
    part: slice,
    out: PerAsset | None = None,
) -> PartitionResult:
    """Per-sample totals and per-asset outputs of the assets in ``part``.

    ``window`` holds the run's scenarios and years (``read_window``); ``flood_grid`` the
    cropped grid's flood map and sea-level paths where the run needs them. ``out``, when
    given, receives the per-asset outputs in place (a view from ``PerAsset.rows``).
    """
    n_i, _, n_c, n_s, n_h = plan.shape()
    table = plan.table.take(part)
    sites = stencil(plan, window, part)
    fmap = _flood_map(plan, flood_grid, sites)
    in_place = out is not None
    if out is None:
        rps = np.empty(0)
        if plan.detail:
            rps = flood_return_periods(plan, flood_grid, stencil(plan, window, slice(None)))
        out = PerAsset.allocate(plan, part.stop - part.start, rps)
    totals = Totals.zeros(n_s, n_h, n_i, n_c, len(KINDS), plan.samples)
    all_masks = [j.mask[part] for j in plan.jobs]
    gaps = Gaps.allocate(n_i, len(table), n_s, str(window.attrs.get(EXTENT_ATTR, "")),
                         driver_names(plan))
    reads = {m: (*sp.site_vars, *sp.scalar_vars, *sp.regional_vars)
             for m, sp in plan.specs.items()}
    notes = {n: str(window[n].attrs.get("coverage", "")) for n in gaps.drivers if n in window}
    for si, s in enumerate(plan.scenarios):
        drv = sample_scenario(window, s, sites, table.region, plan.site_vars, plan.scalar_vars,
                              plan.regional_vars, plan.flat_regions)
        plan.site_data.apply(drv, part)
        unassessed = gaps.record(
            reads, [(j.item, j.spec.model, m) for j, m in zip(plan.jobs, all_masks, strict=True)],
            drv.coverage, si, notes, table.region)
        drv.fill_missing()
        masks = [m & ~unassessed[j.spec.model] for j, m in zip(plan.jobs, all_masks, strict=True)]
        for j, m in zip(plan.jobs, masks, strict=True):
            totals.assessed[si, j.item] |= bool(m.any())
        if si == 0:
            current_totals(plan, drv, table, masks, totals)
        if plan.detail and "sea-level-inundation" in plan.specs:
            _inundation(flood_grid, s, si, plan, table, masks, out.inundation)
        for hi, h in enumerate(plan.horizons):
            assets = fmap.table(table, si, plan.years.index(h.analysis_year)) if fmap else table
            for start in range(0, len(table), plan.block):
                sl = slice(start, min(start + plan.block, len(table)))
                ctx = Context(h.analysis_year, plan.company.reporting_year, assets.take(sl), sl,
                              drv, plan.q, plan.draws, plan.assumptions, plan.company)
                block_masks = [m[sl] for m in masks]
                effects = model_effects(plan, ctx, block_masks)
                block_totals(plan, effects, block_masks, ctx, sl, si, hi, totals, out)
                block_exposure(plan, ctx, block_masks, totals.exposed[si])
    covered = replace(fmap, depth=np.empty(0)) if fmap else None
    return PartitionResult(part, totals, None if in_place else out, covered, gaps)


def driver_names(plan: RunPlan) -> list[str]:
    """The drivers a run reads, in the order coverage records them."""
    return [*sorted(plan.site_vars), *sorted(plan.scalar_vars), *sorted(plan.regional_vars)]


def current_totals(
    plan: RunPlan, drv: ScenarioDrivers, table: AssetTable, masks: list[np.ndarray], totals: Totals
) -> None:
    """Per-sample current-period effect of each item: its models marked ``current`` at the
    reporting year (the scenario's rise since then is zero, so any scenario gives the same)."""
    ref = plan.company.reporting_year
    for start in range(0, len(table), plan.block):
        sl = slice(start, min(start + plan.block, len(table)))
        ctx = Context(ref, ref, table.take(sl), sl, drv, plan.q, plan.draws, plan.assumptions,
                      plan.company)
        effects: Effects = {}
        for job, m in zip(plan.jobs, masks, strict=True):
            mm = m[sl]
            if not job.spec.current or not mm.any():
                continue
            if job.spec.model not in effects:
                amt = np.broadcast_to(job.spec.compute(ctx)[0], (plan.samples, mm.size))
                effects[job.spec.model] = (amt, None)
            totals.current[job.item] += np.where(mm, effects[job.spec.model][0], 0.0).sum(axis=1)


def model_effects(plan: RunPlan, ctx: Context, masks: list[np.ndarray]) -> Effects:
    """Stage 2: each model the block's jobs use, evaluated once for the block's assets.

    The probability is ``None`` for models without an event probability (chronic and
    transition effects); stage 3 gives them NaN, which the running maximum carries into the
    item's probability: an item is rated as an event only when every one of its models is an
    event model (``climrisk.engine.ratings``).
    """
    effects: Effects = {}
    n = ctx.block.stop - ctx.block.start
    for job, m in zip(plan.jobs, masks, strict=True):
        if m.any() and job.spec.model not in effects:
            amt, prob = job.spec.compute(ctx)
            # The group's share of each asset's effect: all of a subsidiary, the equity share
            # of a joint venture or associate, none of a deconsolidated holding.
            amt = np.broadcast_to(amt * ctx.assets.financial_share[None, :], (plan.samples, n))
            effects[job.spec.model] = (
                amt, None if prob is None else np.broadcast_to(prob, (plan.samples, n)))
    return effects


def block_exposure(
    plan: RunPlan, ctx: Context, masks: list[np.ndarray], exposed: np.ndarray
) -> None:
    """Mark the items (``exposed``, one scenario's row) that a hazard of their models reaches
    at one of the block's assets; a model without a ``reach`` test exposes every asset it runs
    on. Each reach test runs once per block."""
    reach: dict[str, np.ndarray] = {}
    for job, m in zip(plan.jobs, masks, strict=True):
        if exposed[job.item] or not m.any():
            continue
        test = job.spec.reach
        if test is None:
            exposed[job.item] = True
            continue
        if job.spec.model not in reach:
            reach[job.spec.model] = np.broadcast_to(test(ctx), (plan.samples, m.size)).any(axis=0)
        exposed[job.item] = bool((reach[job.spec.model] & m).any())


def block_totals(
    plan: RunPlan,
    effects: Effects,
    masks: list[np.ndarray],
    ctx: Context,
    sl: slice,
    si: int,
    hi: int,
    totals: Totals,
    out: PerAsset,
) -> None:
    """Stage 3: add one block's per-sample totals, and take its per-asset statistics.

    A job's sum over its assets is a product with its asset mask (``einsum``, whose rounding
    does not depend on the process's BLAS threads), so no masked copy of ``samples x assets``
    is made; without asset detail the per-asset mean is
    the sum of each model's mean over samples, so no per-kind ``samples x assets`` sum either.
    """
    samples, n = plan.samples, sl.stop - sl.start
    item_s = np.zeros((len(plan.items), samples))
    item_p = np.zeros((len(plan.items), samples))
    chan_s = np.zeros((len(plan.channels), len(KINDS), samples))
    site_mean = np.zeros((n, len(KINDS)))
    site_s = np.zeros((len(KINDS), samples, n)) if plan.detail else None
    means: dict[str, np.ndarray] = {}
    cell: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}
    for job, m in zip(plan.jobs, masks, strict=True):
        if not m.any():
            continue
        model = job.spec.model
        amt, prob = effects[model]
        full = bool(m.all())
        mf = m.astype(float)
        total = amt.sum(axis=1) if full else np.einsum("sa,a->s", amt, mf)
        k = plan.kind_of_item[job.item]
        item_s[job.item] += total
        chan_s[job.channel, k] += total
        if prob is None:  # not an event model: the item is not rated as an event
            event = np.full(samples, np.nan)
        else:
            event = prob.max(axis=1) if full else np.where(m, prob, 0.0).max(axis=1)
        item_p[job.item] = np.maximum(item_p[job.item], event)
        if site_s is None:
            if model not in means:
                means[model] = amt.mean(axis=0)
            site_mean[:, k] += np.where(m, means[model], 0.0)
            continue
        part = amt if full else np.where(m, amt, 0.0)
        key = (job.item, job.channel)
        before, seen = cell.get(key, (0.0, np.zeros_like(m)))
        cell[key] = (before + part, seen | m)
        site_s[k] += part
    totals.item[si, hi] += item_s
    np.maximum(totals.probability[si, hi], item_p, out=totals.probability[si, hi])
    totals.channel[si, hi] += chan_s
    if site_s is None:
        out.site_mean[sl, :, si, hi] = site_mean
        return
    for (i, c), (x, seen) in cell.items():
        idx = np.flatnonzero(seen)
        out.amount[i, sl.start + idx, c, si, hi] = stats(x[:, idx])
    out.site_total[sl, :, si, hi] = np.transpose(stats(np.moveaxis(site_s, 1, 0)), (1, 0, 2))
    if "flood-damage" in effects:
        _flood_rp_losses(ctx, plan, masks, out.flood_rps, out.flood_loss[sl, :, si, hi])


def _flood_rp_losses(
    ctx: Context, plan: RunPlan, masks: list[np.ndarray], flood_rps: np.ndarray, out: np.ndarray
) -> None:
    """Loss statistics per return period of each flood-damage asset in the block."""
    covered = np.zeros(ctx.block.stop - ctx.block.start, dtype=bool)
    for j, m in zip(plan.jobs, masks, strict=True):
        if j.spec.model == "flood-damage":
            covered |= m
    st = stats(ctx.flood_loss)  # (assets, rp, 4)
    for j in np.flatnonzero(covered & ctx.assets.has_flood):
        rp = ctx.assets.flood_rp[j]
        ok = np.isfinite(rp)
        out[j, np.searchsorted(flood_rps, rp[ok])] = st[j, ok]


def _inundation(
    grid: xr.Dataset,
    scenario: str,
    si: int,
    plan: RunPlan,
    table: AssetTable,
    masks: list[np.ndarray],
    out: np.ndarray,
) -> None:
    """First inundation year per site from the grid's quantile paths at central parameters.

    The first year falls as sea level rises, so the 0.95 path gives the early (p5) year and
    the 0.05 path the late (p95) one; a mean is not defined for 'never' and is left empty.
    """
    covered = np.zeros(len(table), dtype=bool)
    for j, m in zip(plan.jobs, masks, strict=True):
        if j.spec.model == "sea-level-inundation":
            covered |= m
    idx = np.flatnonzero(covered)
    if idx.size == 0:
        return
    years, paths = sea_level_paths(grid, scenario, table.lat[idx], table.lon[idx])
    level = plan.params.central("extreme_sea_level_m", table.parameter_variant, len(table))[idx]
    own = table.has_coast[idx]
    if own.any():
        level[own] = level_at(table.coast_rp[idx][own], table.coast_level[idx][own],
                              plan.params.value("extreme_sea_level_rp"))
    first = first_inundation_year(
        years, paths, table.elevation_m[idx][None, :], level[None, :]
    )  # (quantile, site)
    out[idx, si, 1] = first[2]
    out[idx, si, 2] = first[1]
    out[idx, si, 3] = first[0]


__all__ = ["PartitionResult", "PerAsset", "evaluate_partition"]
