"""What one run computes: items x models x assets, scenarios, years, draws and the asset layout.

A ``RunPlan`` is everything the stages of ``run`` share, fixed before any grid value is read:
the jobs (item x quantification -> channel, model, assets), the Monte Carlo draws, and how
assets are cut into blocks (one evaluation of every model, bounded by the memory budget) and
partitions (whole blocks; the unit a worker evaluates). Partitions depend only on the plan,
never on how many workers there are, so a run gives identical numbers on any cluster.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from climrisk.engine.assumptions import Assumptions
from climrisk.engine.catalogue import ModelSpec, catalogue
from climrisk.engine.drivers import quantile_weights
from climrisk.engine.parameters import ParameterSet
from climrisk.engine.portfolio import AssetTable, Company
from climrisk.engine.site_data import SiteData
from climrisk.errors import Problem, RegisterError
from climrisk.register.locate import file_of, problem
from climrisk.register.models import Horizon, Item, Register
from climrisk.register.terms import kind_groups

KINDS = ("physical", "transition", "opportunity")
FLOOD_MODELS = ("flood-damage", "flood-downtime")
MEMORY_BUDGET = 512 * 2**20
"""Default working memory of one block of model evaluations, in bytes (``run(memory_budget=)``)."""
BLOCK_ARRAYS = 32
"""About this many ``samples x assets`` float64 arrays are alive while one block is evaluated."""
DETAIL_CELLS = 50_000_000
"""``asset_detail=None`` keeps per-asset statistics while ``amount`` holds at most this many."""
PARTITION_BLOCKS = 8
"""Blocks per partition: the unit of work handed to one worker."""


@dataclass(frozen=True)
class SampleInputs:
    """Explicit uncertain inputs per sample, in place of the engine's own random draws.

    ``quantile`` is the uniform draw that picks the grid quantile (0 → 5 %, 0.5 → median,
    1 → 95 %); ``parameters`` gives a value per sample for any parameter, the others keep
    the engine's triangular draws. A sensitivity analysis sets both from its design.
    """

    quantile: np.ndarray
    parameters: dict[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n = np.shape(self.quantile)[0] if np.ndim(self.quantile) == 1 else -1
        if n < 1 or any(np.shape(v) != (n,) for v in self.parameters.values()):
            raise ValueError("one quantile and one value per parameter for every sample")
        if np.any((self.quantile < 0) | (self.quantile > 1)):
            raise ValueError("quantile draws must lie in [0, 1]")


@dataclass(frozen=True)
class Job:
    """One item x quantification: where its amount lands."""

    item: int
    channel: int
    spec: ModelSpec
    mask: np.ndarray  # over all assets


@dataclass(frozen=True)
class RunPlan:
    """The fixed inputs of every stage of one run."""

    register: Register
    items: list[Item]
    channels: list[str]
    jobs: list[Job]
    kind_of_item: np.ndarray
    specs: dict[str, ModelSpec]
    table: AssetTable
    company: Company
    params: ParameterSet
    assumptions: Assumptions
    scenarios: list[str]
    horizons: list[Horizon]
    years: list[int]
    samples: int
    seed: int
    draws: dict[str, np.ndarray]  # (samples, 1) per parameter; (samples, variants) with places
    q: np.ndarray  # (samples, 3) quantile weights
    detail: bool
    block: int  # assets per block
    partition: int  # assets per partition, a multiple of ``block``
    site_data: SiteData = field(default_factory=SiteData)
    """The register's own site values of the variables the run reads (they win at the site)."""

    @property
    def flat_regions(self) -> dict[str, dict[str, float]]:
        """Flat regional paths of the regions the register declares with its own figures.

        A declared price is in the presentation currency; the engine's regional prices are
        CNY (converted per sample by ``cny_per_usd``), so it is stored in CNY at the central
        ``cny_per_usd`` and comes back in the presentation currency at that rate.
        """
        to_cny = 1.0
        if self.company.currency != "CNY":
            to_cny = self.params.value("cny_per_usd") / self.company.usd_rate
        out: dict[str, dict[str, float]] = {"grid_emission_factor": {}, "electricity_price": {}}
        for region, term in self.register.main.vocabulary.regions.items():
            if term.grid_emission_factor is not None:
                out["grid_emission_factor"][region] = term.grid_emission_factor
            if term.electricity_price is not None:
                out["electricity_price"][region] = term.electricity_price * to_cny
        return out

    @property
    def site_vars(self) -> set[str]:
        return {v for s in self.specs.values() for v in s.site_vars}

    @property
    def scalar_vars(self) -> set[str]:
        return {v for s in self.specs.values() for v in s.scalar_vars}

    @property
    def regional_vars(self) -> set[str]:
        return {v for s in self.specs.values() for v in s.regional_vars}

    @property
    def uses_flood(self) -> bool:
        return any(m in self.specs for m in FLOOD_MODELS)

    @property
    def quantified(self) -> np.ndarray:
        return np.array([bool(it.quantification) for it in self.items])

    def partitions(self) -> list[slice]:
        """Consecutive asset ranges of whole blocks, in asset order."""
        n = len(self.table)
        return [slice(s, min(s + self.partition, n)) for s in range(0, n, self.partition)] or [
            slice(0, 0)
        ]

    @property
    def has_current(self) -> np.ndarray:
        """Items with a model whose reporting-year value is a current-period effect."""
        out = np.zeros(len(self.items), dtype=bool)
        for j in self.jobs:
            out[j.item] |= j.spec.current
        return out

    def shape(self) -> tuple[int, int, int, int, int]:
        """items, assets, channels, scenarios, horizons."""
        return (
            len(self.items),
            len(self.table),
            len(self.channels),
            len(self.scenarios),
            len(self.horizons),
        )


def make_plan(
    register: Register,
    assumptions: Assumptions | None,
    scenarios: list[str],
    *,
    samples: int,
    seed: int,
    asset_detail: bool | None,
    memory_budget: int | None,
    inputs: SampleInputs | None = None,
) -> RunPlan:
    """The run's jobs, draws and asset layout (no grid is read).

    ``inputs`` replaces the random draws; its length sets ``samples``.
    """
    if inputs is not None:
        samples = int(np.shape(inputs.quantile)[0])
    if samples < 1:
        raise ValueError("samples must be at least 1")
    budget = MEMORY_BUDGET if memory_budget is None else int(memory_budget)
    if budget < 1:
        raise ValueError("memory_budget must be a positive number of bytes")
    table = AssetTable.from_register(register)
    channels = [c.id for c in register.main.channels]
    models = catalogue(register.main.packs)
    ids = list(table.ids)
    jobs = []
    missing: list[Problem] = []
    for i, item in enumerate(register.items):
        for n, q in enumerate(item.quantification):
            chosen = register.resolve_assets(q.assets or item.assets)
            spec = models[q.model]
            lacking = [a.id for a in chosen if spec.requires and getattr(a, spec.requires) is None]
            if lacking:
                missing.append(problem(
                    register, file_of(register, f"item:{item.id}"), ("quantification", n),
                    f"model {q.model} needs the '{spec.requires}' section on asset(s) "
                    f"{', '.join(lacking)}",
                    f"give {spec.requires}: in each asset file (see schema/asset.schema.json), "
                    "or list only the assets that have it under this quantification's assets",
                ))
            ids_chosen = {a.id for a in chosen}
            mask = np.array([a in ids_chosen for a in ids], dtype=bool)
            jobs.append(Job(i, channels.index(q.channel), spec, mask))
    if missing:
        raise RegisterError(missing)
    specs = {j.spec.model: j.spec for j in jobs}
    params = ParameterSet.resolve(register.parameters, register.main.packs)
    used = {p for s in specs.values() for p in s.parameters}
    table = replace(table, parameter_variant=params.assignment(
        used, ids, lambda where: (a.id for a in register.resolve_assets([where])),
        kind_groups(register.main.packs)))
    drawn = params.draw(used, samples, seed, with_places=True)
    if inputs is not None:
        drawn.update({k: params.at_quantile_of(k, v) for k, v in inputs.parameters.items()})
        u = np.asarray(inputs.quantile, float)
    else:
        u = np.random.default_rng([seed, 0]).uniform(size=samples)
    draws = {
        k: v if k in table.parameter_variant else v.reshape(samples, -1)[:, :1]
        for k, v in drawn.items()
    }
    qw = quantile_weights(u)
    horizons = list(register.horizons)
    company = Company.from_register(register)
    cells = len(register.items) * len(table) * len(channels) * len(scenarios) * len(horizons) * 4
    detail = cells <= DETAIL_CELLS if asset_detail is None else bool(asset_detail)
    block = max(1, budget // (BLOCK_ARRAYS * 8 * samples))
    years = sorted({company.reporting_year, *(h.analysis_year for h in horizons)})
    return RunPlan(
        register=register,
        items=list(register.items),
        channels=channels,
        jobs=jobs,
        kind_of_item=np.array([KINDS.index(it.category.kind) for it in register.items], int),
        specs=specs,
        table=table,
        company=company,
        params=params,
        assumptions=assumptions or Assumptions(),
        scenarios=scenarios,
        horizons=horizons,
        years=years,
        samples=samples,
        seed=seed,
        draws=draws,
        q=qw,
        detail=detail,
        block=block,
        partition=block * PARTITION_BLOCKS,
        site_data=SiteData.from_assets(
            list(register.assets), {v for sp in specs.values() for v in sp.site_vars},
            scenarios, years),
    )
