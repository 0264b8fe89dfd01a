"""``run``: every register item x asset x scenario x horizon through its models, in stages.

Stages (each a function with plain inputs and outputs, so it can be tested, timed or
replaced on its own):

0. ``make_plan``: jobs (item x quantification -> channel, model, assets), Monte Carlo
   draws, blocks and partitions of assets (``climrisk.engine.plan``).
1. ``read_window``: the grid values the run needs, only its scenarios, years, variables
   and cells (``climrisk.engine.window``); then, per partition and scenario, the drivers at
   the sites (``climrisk.engine.drivers.sample_scenario``).
2. ``model_effects``: each model once per block of assets, ``(samples, assets)``.
3. ``block_totals``: per-sample item, channel and company totals, summed in asset order,
   and per-asset statistics while the block's samples exist (``climrisk.engine.partition``).
   In the first scenario, the models marked ``current`` also run at the reporting year with
   today's prices and rules: the items' current-period effects (``current_totals``).
4. ``total_stats``: mean and percentiles of the per-sample totals (``climrisk.engine.totals``).
5. ``assemble``: ratings, present values, 29(b)–(d) metrics, provenance
   (``climrisk.engine.assemble``).

Monte Carlo: each parameter is drawn per sample from a triangular distribution on
[low, value, high]; one uniform draw per sample picks the grid quantile (interpolated across
0.05/0.5/0.95) for every site, variable, scenario and year alike, i.e. climate uncertainty is
fully correlated across sites and the same draws are reused in every scenario (common random
numbers), so scenario differences are not noise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import xarray as xr

from climrisk.engine.assemble import assemble
from climrisk.engine.assumptions import Assumptions
from climrisk.engine.backtest import basis_totals
from climrisk.engine.coverage import EXTENT_ATTR, Gaps
from climrisk.engine.drivers import check_scenarios
from climrisk.engine.flood_map import VARIABLE as FLOOD_VARIABLE
from climrisk.engine.flood_map import FloodMap
from climrisk.engine.partition import (
    PartitionResult,
    PerAsset,
    driver_names,
    evaluate_partition,
    flood_return_periods,
    stencil,
)
from climrisk.engine.plan import KINDS, RunPlan, SampleInputs, make_plan
from climrisk.engine.results import Results
from climrisk.engine.totals import Totals, total_stats
from climrisk.engine.window import read_window
from climrisk.grids.sampling import crop_to_sites, extent_text
from climrisk.register.models import Register

SEA_LEVEL = "sea_level_change"

if TYPE_CHECKING:
    from distributed import Client

    from climrisk.grids.sets import Composed


def run(
    register: Register,
    grid: xr.Dataset,
    assumptions: Assumptions | None = None,
    *,
    samples: int = 1000,
    seed: int = 20250415,
    scenarios: list[str] | None = None,
    asset_detail: bool | None = None,
    memory_budget: int | None = None,
    scheduler: str | Client | None = None,
    progress: Callable[[int], object] | None = None,
    sources: Composed | None = None,
    keep_samples: bool = False,
    inputs: SampleInputs | None = None,
) -> Results:
    """Financial effects of every quantified item, with Monte Carlo uncertainty and ratings.

    Assets go through in blocks sized by ``memory_budget`` (bytes of working memory, default
    ``climrisk.engine.plan.MEMORY_BUDGET``), and per-sample item, channel and company totals
    are summed across blocks before their percentiles are taken (a percentile of a sum is
    not the sum of percentiles), so memory per block is bounded and the totals do not
    depend on the block size.

    ``asset_detail`` keeps the per-asset statistics (``amount``, ``site_total``,
    ``flood_loss_rp``, ``inundation_year``); ``None`` keeps them when ``amount`` would hold at
    most ``DETAIL_CELLS`` values. Without them the dataset holds the aggregates, ratings and
    cross-industry metrics, plus ``site_mean`` (the per-asset mean that the 29(b)–(d)
    vulnerability flags need), so a million-asset portfolio fits in memory.

    ``scheduler`` (a ``dask.distributed`` address such as ``tcp://host:8786``, or a
    ``Client``) runs the partitions of assets on that cluster, with the same numbers as in
    one process. ``progress`` is called with the number of assets each finished partition
    held.

    A site-driver pair without data (outside the grid, a masked cell, a missing region or
    variable) is "not assessed": left out of the amounts and totals, named with its reason
    in ``not_assessed_*`` and ``coverage``. ``sources`` (a composed scenario set) lets
    ``data_source`` name, per asset, driver and scenario, the set's source the value came
    from; without it, the grid's title.

    ``keep_samples`` adds ``item_sample`` (item x scenario x horizon x sample) and
    ``channel_sample`` (channel x kind x scenario x horizon x sample), the per-sample totals,
    so that differences between two runs with the same seed (a measure's avoided loss) keep
    their common random numbers. ``inputs`` replaces the random draws (its length sets
    ``samples``).
    """
    scen = list(scenarios or [s.id for s in register.main.scenario_analysis.scenarios])
    check_scenarios(grid, scen)
    plan = make_plan(register, assumptions, scen, samples=samples, seed=seed,
                     asset_detail=asset_detail, memory_budget=memory_budget, inputs=inputs)
    read_from, every_year = grid, None
    if sources is not None:
        sources, every_year = compose_for(plan, sources)
        read_from = sources.grid
    window, flood_grid = read_inputs(plan, read_from, every_year)
    out = PerAsset.allocate(plan, len(plan.table), _rps(plan, window, flood_grid))
    totals = Totals.zeros(len(scen), len(plan.horizons), len(plan.items), len(plan.channels),
                          len(KINDS), plan.samples)
    gaps = Gaps.allocate(len(plan.items), len(plan.table), len(scen), "", driver_names(plan))
    if scheduler is not None:
        from climrisk.engine.cluster import evaluate_on_cluster

        maps = evaluate_on_cluster(plan, window, flood_grid, scheduler, out, totals, progress,
                                   gaps)
    else:
        maps = []
        for part in plan.partitions():
            res = evaluate_partition(plan, window, flood_grid, part, out.rows(part))
            totals.add(res.totals)
            maps.append(res.flood_map)
            gaps.put(part, res.gaps)
            if progress is not None:
                progress(part.stop - part.start)
    record_sources(gaps, plan, sources, str(grid.attrs.get("title", "grid")))
    st = total_stats(
        totals, plan.quantified, plan.company.revenue, plan.register.main.scales, plan.has_current
    )
    results = assemble(plan, grid, out, st, joined_map(maps), gaps)
    results = Results(results.dataset.assign(basis_modelled=basis_totals(plan, window)))
    return with_samples(results, totals) if keep_samples else results


def compose_for(plan: RunPlan, sources: Composed) -> tuple[Composed, xr.Dataset | None]:
    """Stage 1's composition: the set placed again on the cells around the sites alone, at
    the run's scenarios, years and variables; and, composed apart at every year (so that
    the other variables stay at the run's years), what reads every year: the flood map and
    sea level for the first-inundation year.
    """
    t = plan.table
    whole = [n for n in _every_year(plan) if n in sources.grid]
    every_year = sources.around(t.lat, t.lon, scenarios=plan.scenarios,
                                variables=whole).grid if whole else None
    near = sources.around(t.lat, t.lon, scenarios=plan.scenarios, years=plan.years,
                          variables=sorted(plan.site_vars | plan.scalar_vars
                                           | plan.regional_vars))
    return near, every_year


def record_sources(gaps: Gaps, plan: RunPlan, sources: Composed | None, title: str) -> None:
    """Which source gave each covered (asset, driver, scenario) its value."""
    t = plan.table
    for si, s in enumerate(plan.scenarios):
        for j, name in enumerate(gaps.drivers):
            covered = gaps.coverage[:, j, si] == ""
            label: np.ndarray | str = title
            if sources is not None:
                held = sources.stack.get(name, {}).get(s, [])
                if len(held) == 1:
                    label = sources.label(held[0][0])
                elif held:
                    won = sources.winners_at(name, s, t.lat, t.lon)
                    label = np.array([sources.label(int(w)) for w in won], dtype=object)
            cited = plan.site_data.sources(name, s)
            if cited is not None:
                label = np.where(cited != "", cited, label)
            gaps.source[:, j, si] = np.where(covered, label, "")


def with_samples(results: Results, totals: Totals) -> Results:
    """The results with the per-sample item and channel totals (see ``run``)."""
    ds = results.dataset
    cur = f"{ds.attrs['currency']} yr-1"
    item = np.moveaxis(totals.item, 2, 0)  # item, scenario, horizon, sample
    channel = np.moveaxis(totals.channel, (2, 3), (0, 1))  # channel, kind, s, h, sample
    return Results(ds.assign(
        item_sample=(("item", "scenario", "horizon", "sample"), item,
                     {"units": cur, "long_name": "annual effect per item in each sample"}),
        channel_sample=(("channel", "kind", "scenario", "horizon", "sample"), channel,
                        {"units": cur,
                         "long_name": "annual effect per channel and kind in each sample"}),
    ))


def _every_year(plan: RunPlan) -> list[str]:
    """The variables a run reads over every grid year: the flood map (its years with
    depths) and sea level for the first-inundation year."""
    return [name for name, used in ((FLOOD_VARIABLE, plan.uses_flood and bool(plan.site_vars)),
                                    (SEA_LEVEL, plan.detail and "sea-level-inundation"
                                     in plan.specs)) if used]


def read_inputs(plan: RunPlan, grid: xr.Dataset,
                every_year: xr.Dataset | None = None) -> tuple[xr.Dataset, xr.Dataset]:
    """Stage 1's reads: the drivers' window, and the flood map and sea-level paths if used.

    The flood map and sea-level paths come from ``every_year`` when given (a grid holding
    all their years), else from ``grid``. Sites outside the grid are kept: their drivers
    are NaN and they are "not assessed".
    """
    t = plan.table
    extent = str(grid.attrs.get(EXTENT_ATTR, "")) or (
        extent_text(grid["lat"].values, grid["lon"].values) if "lat" in grid.dims else "")
    cropped = crop_to_sites(grid, t.lat, t.lon, list(t.ids), outside="missing")
    cropped = cropped.sel(scenario=plan.scenarios)
    names = sorted(n for n in plan.site_vars | plan.scalar_vars | plan.regional_vars
                   if n in cropped)  # the others are "not assessed" (no_variable)
    window = read_window(cropped, names, plan.scenarios, plan.years)
    window.attrs[EXTENT_ATTR] = extent
    if "lat" in cropped.coords and "lat" not in window.coords:
        window = window.assign_coords(lat=cropped["lat"], lon=cropped["lon"])
    if every_year is not None:
        cropped = crop_to_sites(every_year, t.lat, t.lon, list(t.ids), outside="missing")
        cropped = cropped.sel(scenario=plan.scenarios)
    return window, cropped[[n for n in _every_year(plan) if n in cropped]].load()


def _rps(plan: RunPlan, window: xr.Dataset, flood_grid: xr.Dataset) -> np.ndarray:
    if not plan.detail:
        return np.empty(0)
    return flood_return_periods(plan, flood_grid, stencil(plan, window, slice(None)))


def joined_map(maps: list[FloodMap | None]) -> FloodMap | None:
    """The partitions' flood-map coverage as one map over all sites (for provenance)."""
    if not maps or maps[0] is None:
        return None
    covered = np.concatenate([m.covered for m in maps if m is not None])
    return replace(maps[0], covered=covered)


__all__ = ["PartitionResult", "SampleInputs", "run"]
