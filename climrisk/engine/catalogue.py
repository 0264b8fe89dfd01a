"""The model table: each model id with its function, parameters, grid drivers and formula.

Adapters here only gather inputs from a ``Context`` and call the pure model functions, so the
models stay testable by hand and the engine's loop stays model-agnostic. These are the core
models every register may use; industry packs (``climrisk.packs``) add their own through the
same ``ModelSpec``, and ``catalogue(packs)`` is the table a register runs with.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from climrisk.engine import opportunity
from climrisk.engine.assumptions import Assumptions
from climrisk.engine.drivers import ScenarioDrivers
from climrisk.engine.physical import flood, heat, sea_level, wind
from climrisk.engine.physical.flood import CurveSet, DepthDamage
from climrisk.engine.portfolio import CURVES, AssetTable, Company
from climrisk.engine.transition import carbon, carbon_markets, energy, market, policy

Effect = tuple[np.ndarray, np.ndarray | None]
"""Annual amount ``(samples, assets)`` and, for event-driven models, the annual probability."""


@dataclass
class Context:
    """Inputs of one scenario x horizon x block of assets, with samples on axis 0."""

    year: int
    ref_year: int
    assets: AssetTable
    block: slice
    drivers: ScenarioDrivers
    q: np.ndarray  # (samples, 3) quantile weights
    p: dict[str, np.ndarray]  # parameter draws, (samples, 1) or (samples, assets) by place
    assumptions: Assumptions
    company: Company
    _sites: dict[tuple[str, bool], np.ndarray] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        """A parameter with values by place becomes ``(samples, assets)``: each asset's draw
        of the variant it takes (``AssetTable.parameter_variant``)."""
        which = self.assets.parameter_variant
        if which:
            self.p = {k: v[:, which[k]] if k in which else v for k, v in self.p.items()}

    def site(self, name: str, ref: bool = False) -> np.ndarray:
        """Sampled site driver ``(samples, assets)`` at the analysis or reference year.

        Computed once per context: several models read the same driver. Callers must not
        modify the array in place. The quantile mix is written out rather than left to a
        matrix product, whose rounding may depend on the BLAS threads of the process, so a
        block gives the same numbers in this process and on a cluster worker.
        """
        key = (name, ref)
        if key not in self._sites:
            vals = self.drivers.site[name][self.drivers.index(self.ref_year if ref else self.year)]
            v, q = vals[:, self.block], self.q
            mixed = q[:, :1] * v[0]
            for k in range(1, q.shape[1]):
                mixed += q[:, k : k + 1] * v[k]
            self._sites[key] = mixed
        return self._sites[key]

    def regional(self, name: str, ref: bool = False) -> np.ndarray:
        """Regional path value per asset ``(1, assets)``."""
        vals = self.drivers.regional[name][self.drivers.index(self.ref_year if ref else self.year)]
        return vals[None, self.block]

    @cached_property
    def d_tas(self) -> np.ndarray:
        return self.site("tas_change") - self.site("tas_change", ref=True)

    @cached_property
    def carbon_usd2010(self) -> np.ndarray:
        i = self.drivers.index(self.year)
        return (
            np.asarray(self.drivers.scalar["carbon_price"][i])
            * self.assumptions.carbon_price_multiplier
        )

    @cached_property
    def carbon_local(self) -> np.ndarray:
        return carbon.carbon_price_local(
            self.carbon_usd2010, self.p["usd2010_deflator"], self.company.usd_rate
        )

    @cached_property
    def carbon_usd2010_ref(self) -> np.ndarray:
        """Scenario carbon price in the reporting year (no what-if multiplier)."""
        i = self.drivers.index(self.ref_year)
        return np.asarray(self.drivers.scalar["carbon_price"][i])

    @cached_property
    def carbon_cny_rise(self) -> np.ndarray:
        """The scenario's carbon-price change since the reporting year, CNY/t (unscaled)."""
        rate = self.p["usd2010_deflator"] * self.p["cny_per_usd"]
        i = self.drivers.index(self.year)
        now = np.asarray(self.drivers.scalar["carbon_price"][i])
        return (now - self.carbon_usd2010_ref) * rate

    @cached_property
    def debt(self) -> np.ndarray:
        """Debt financing each site: replacement value x debt_to_value (a proxy)."""
        return self.a("replacement_value") * self.p["debt_to_value"]

    @cached_property
    def own_green_share(self) -> np.ndarray:
        """Share of a site's electricity it generates itself (on-site PV)."""
        kwh = self.a("electricity_mwh") * 1000.0
        return np.divide(
            self.a("onsite_pv_kw") * self.p["pv_yield"],
            kwh,
            out=np.zeros(np.broadcast_shapes(kwh.shape, self.p["pv_yield"].shape)),
            where=kwh > 0,
        )

    @cached_property
    def required_green_share(self) -> np.ndarray:
        """Green-power share required in the analysis year (0 before it applies)."""
        p = self.p
        return carbon_markets.required_share(
            self.year, p["green_power_required_share"], p["green_power_required_from"]
        )

    @cached_property
    def pass_through(self) -> np.ndarray:
        a = self.assumptions.pass_through
        return self.p["carbon_pass_through"] if a is None else np.asarray(a)

    @cached_property
    def per_cny(self) -> np.ndarray:
        """Presentation currency per CNY (1 for CNY registers)."""
        if self.company.currency == "CNY":
            return np.ones((1, 1))
        return self.company.usd_rate / self.p["cny_per_usd"]

    @cached_property
    def price(self) -> np.ndarray:
        """Electricity price at the analysis year, presentation currency per kWh."""
        m = self.assumptions.electricity_price_multiplier
        return self.regional("electricity_price") * m * self.per_cny

    @cached_property
    def pressure(self) -> np.ndarray:
        """P / (P + transition_half_price) of the scenario carbon price: a proxy index, for
        pack models that state it as such (no core model uses it)."""
        return market.transition_pressure(self.carbon_usd2010, self.p["transition_half_price"])

    @cached_property
    def scope1_t(self) -> np.ndarray:
        """Scope 1 per asset ``(1, assets)``: the asset's own where it gives it (100 % of the
        asset), else its electricity share of the Scope 1 no asset claims."""
        e = self.a("electricity_mwh")
        alloc = self.company.scope1_remainder * e / max(self.company.allocated_electricity_mwh,
                                                        1e-12)
        own = self.a("own_scope1")
        return np.where(np.isnan(own), alloc, own)

    @cached_property
    def revenue_supported(self) -> np.ndarray:
        return self.company.revenue * self.assets.revenue_dependency[None, :]

    @cached_property
    def flood_depth(self) -> np.ndarray:
        """Depth per return period ``(samples, assets, rp)``, shared by the flood models."""
        return _flood_depths(self)

    @cached_property
    def flood_loss(self) -> np.ndarray:
        """Flood loss per return period ``(samples, assets, rp)``, shared by the flood models."""
        return flood_losses(self)

    def at(self, name: str, where: np.ndarray) -> np.ndarray:
        """A parameter's draws ``(samples, k)`` at the ``k`` assets of mask ``where``, whether
        it has one value or values by place."""
        v = self.p[name]
        return np.broadcast_to(v, (v.shape[0], where.size))[:, where]

    def a(self, name: str) -> np.ndarray:
        """An asset column as ``(1, assets)``."""
        return getattr(self.assets, name)[None, :]

    def attr(self, name: str) -> np.ndarray:
        """A pack-declared asset attribute as ``(1, assets)`` (its default where not given)."""
        return self.assets.attributes[name][None, :]

    def of_kinds(self, kinds: tuple[str, ...] | list[str]) -> np.ndarray:
        """``(1, assets)`` mask of the assets whose kind is one of ``kinds``."""
        return np.isin(self.assets.kind, list(kinds))[None, :]


@dataclass(frozen=True)
class ModelSpec:
    """One vulnerability model as the engine runs it."""

    model: str
    compute: Callable[[Context], Effect]
    formula: str
    parameters: tuple[str, ...]
    site_vars: tuple[str, ...] = ()
    scalar_vars: tuple[str, ...] = ()
    regional_vars: tuple[str, ...] = ()
    module: str = ""
    current: bool = False
    """Whether the model at reporting-year conditions is a current-period effect (a recurring
    cost or benefit under today's prices and rules, not an expectation over random events)."""
    requires: str = ""
    """An asset field the model cannot run without (e.g. ``wind``): every asset it runs on
    must give it, or the run stops with the item, model and assets to fix."""
    reach: Callable[[Context], np.ndarray] | None = None
    """For hazard models: whether the hazard reaches each asset at all ``(samples, assets)``,
    before any protection. An item none of whose assets any of its models reaches, in every
    sample, scenario and horizon, is "not exposed" rather than quantified at zero."""
    basis: tuple[tuple[str, Callable[[Context], np.ndarray]], ...] = ()
    """Quantities the model works from, per asset at the reporting year ``(1, assets)``, that
    a company reports (``SCOPE2_BASIS``...): the basis back-test compares their sum with the
    register's ``reported_basis`` (``climrisk.engine.backtest``)."""


SCOPE2_BASIS = "scope2_location_t"
"""Location-based Scope 2, t CO2e: purchased electricity x the scenario data's grid factor."""


def scope2_location(c: Context) -> np.ndarray:
    """Purchased electricity times the grid's emission factor (location-based Scope 2)."""
    return c.a("electricity_mwh") * c.regional("grid_emission_factor")


SCOPE2 = ((SCOPE2_BASIS, scope2_location),)


def _flood_depths(c: Context) -> np.ndarray:
    """Depth per return period ``(samples, assets, rp)``: present-day depths scaled by the
    wettest-day rainfall change; projected hazard-map depths as mapped."""
    depth = flood.scale_depth(
        c.assets.flood_depth[None],
        c.site("rx1day_change"),
        c.site("rx1day_change", ref=True),
        c.p["flood_depth_rain_elasticity"],
    )
    projected = c.assets.flood_projected
    if projected.any():
        depth = np.where(projected[None, :, None], c.assets.flood_depth[None], depth)
    return depth


JRC_CURVES = CurveSet([DepthDamage.jrc_asia(kind) for kind in CURVES])
"""The register's depth-damage curves, indexed as ``CURVES``."""


def curve_index(names: np.ndarray) -> np.ndarray:
    """Index in ``CURVES`` (and ``JRC_CURVES``) of each asset's curve name."""
    kinds, which = np.unique(names.astype(str), return_inverse=True)
    return np.array([CURVES.index(k) for k in kinds], dtype=np.intp)[which]


def flood_losses(c: Context) -> np.ndarray:
    """Loss per return period ``(samples, assets, rp)``; zero for assets without a profile."""
    value = c.assets.replacement_value * c.assets.has_flood
    return JRC_CURVES(c.flood_depth, curve_index(c.assets.flood_curve)[:, None]) * value[
        None, :, None]


def _flood_damage(c: Context) -> Effect:
    losses = c.flood_loss
    rp, sop = c.assets.flood_rp[None], c.assets.flood_protection[None]
    w = flood.trapezoid_weights(rp, sop)
    return flood.expected_annual(losses, w), flood.damage_probability(losses, rp, sop)


def _flood_downtime(c: Context) -> Effect:
    return flood.flood_downtime(
        c.flood_depth,
        c.assets.flood_rp[None],
        c.assets.flood_protection[None],
        c.revenue_supported * c.assets.has_flood,
        c.p["flood_downtime_days_per_m"],
        c.p["flood_downtime_threshold_m"],
    )


def coast_profile(c: Context) -> tuple[np.ndarray, np.ndarray]:
    """Return periods and extreme still-water levels ``(samples, assets, rp)``: the sites'
    own profiles, else the parameter table's one level at its return period."""
    a = c.assets
    own = a.has_coast[None, :, None]
    default = np.broadcast_to(c.p["extreme_sea_level_m"][..., None], (c.q.shape[0], len(a), 1))
    rp_default = np.where(
        np.arange(a.coast_rp.shape[1]) == 0, c.p["extreme_sea_level_rp"][..., None], np.inf
    )
    rps = np.where(own, a.coast_rp[None], rp_default)
    levels = np.where(own, a.coast_level[None], default)
    return rps, levels


def coastal_depths(c: Context) -> tuple[np.ndarray, np.ndarray]:
    """Overtopping depth per return period ``(samples, assets, rp)`` and the return periods."""
    rps, levels = coast_profile(c)
    depth = sea_level.overtopping_depth(c.site("sea_level_change"), c.a("elevation_m"), levels)
    return depth, rps


def _sea_level(c: Context) -> Effect:
    depth, rps = coastal_depths(c)
    return sea_level.coastal_damage(
        depth,
        rps,
        c.assets.coast_protection[None],
        c.assets.replacement_value[None],
        JRC_CURVES,
        curve_index(c.assets.coast_curve)[None, :, None],
    )


def _sea_level_reach(c: Context) -> np.ndarray:
    return sea_level.reaches(coastal_depths(c)[0])


def _wind_damage(c: Context) -> Effect:
    a = c.assets
    return wind.wind_damage(
        a.wind_ms[None], a.wind_rp[None], a.wind_design[None], a.replacement_value[None],
        c.p["tc_v_half"],
    )


def _wind_downtime(c: Context) -> Effect:
    a = c.assets
    return wind.wind_downtime(
        a.wind_ms[None], a.wind_rp[None], a.wind_design[None], c.revenue_supported,
        c.p["tc_v_half"], c.p["tc_downtime_days_full_damage"],
    )


def _wind_reach(c: Context) -> np.ndarray:
    return wind.reaches(c.assets.wind_ms[None])


def _heat_outage(c: Context) -> Effect:
    return heat.heat_outage(
        c.site("hot_days"),
        c.site("hot_days", ref=True),
        c.revenue_supported,
        c.p["heat_outage_prob_per_hot_day"],
        c.p["heat_outage_hours"],
        c.p["heat_staff_cost_per_hot_day"] * c.per_cny,
    )


def _carbon(c: Context) -> Effect:
    e = c.a("electricity_mwh")
    grid_mwh = e * (1.0 - c.a("green_power_share"))
    emissions = carbon.site_emissions(grid_mwh, c.regional("grid_emission_factor"), c.scope1_t)
    return carbon.carbon_cost(c.carbon_local, emissions, c.pass_through), None


def _pilot_ets(c: Context) -> Effect:
    market_of = c.assets.pilot_market
    shape = (c.q.shape[0], market_of.size)
    today, threshold = np.zeros(shape), np.full(shape, np.inf)
    for m in carbon_markets.market_table().markets:
        here = market_of == m.id
        if here.any():
            today[:, here] = c.at(m.price, here)
            threshold[:, here] = c.at(m.threshold, here)
    emissions = carbon_markets.pilot_emissions(
        c.scope1_t, c.a("electricity_mwh"), c.p["ets_pilot_electricity_factor"]
    )
    price = carbon_markets.market_price_path(
        today, c.carbon_cny_rise, 0.0, c.assumptions.carbon_price_multiplier
    )
    cost = carbon_markets.pilot_ets_cost(
        emissions, threshold, c.p["ets_pilot_allocation_ratio"], price, (market_of != "")[None, :]
    )
    bearer = np.where(c.a("owned"), 1.0, c.p["ets_pilot_lease_pass_through"])
    return cost * bearer * c.per_cny, None


def _national_ets(c: Context) -> Effect:
    a = c.assets
    shape = (c.q.shape[0], len(a))
    today, threshold = np.zeros(shape), np.full(shape, np.inf)
    benchmark = np.zeros(shape)
    for m in carbon_markets.market_table().markets:
        here = a.national_market == m.id
        if not here.any():
            continue
        today[:, here] = c.at(m.price, here)
        threshold[:, here] = c.at(m.threshold, here)
        for sector, name in (m.benchmarks or {}).items():
            benchmark[:, here & (a.sector == sector)] = c.at(name, here & (a.sector == sector))
    own = c.a("own_scope1")
    direct = np.where(np.isnan(own), 0.0, own)
    price = carbon_markets.market_price_path(
        today, c.carbon_cny_rise, 0.0, c.assumptions.carbon_price_multiplier
    )
    covered = (a.national_market != "")[None, :] & (direct >= threshold) & (benchmark > 0)
    cost = carbon_markets.national_ets_cost(
        direct, c.a("generation_mwh"), benchmark, price, covered
    )
    return cost * c.per_cny, None


def _green_power(c: Context) -> Effect:
    cost = carbon_markets.green_power_cost(
        c.a("electricity_mwh"), c.required_green_share, c.own_green_share, c.p["gec_price"]
    )
    return cost * c.per_cny, None


def _shadow(c: Context) -> Effect:
    price = c.company.internal_carbon_price or 0.0
    e = c.a("electricity_mwh")
    emissions = carbon.site_emissions(e, c.regional("grid_emission_factor"), c.scope1_t)
    return carbon_markets.shadow_carbon_cost(emissions, price), None


def _electricity(c: Context) -> Effect:
    ref = c.regional("electricity_price", ref=True) * c.per_cny
    price = c.price * c.p["electricity_price_shock"]
    return energy.electricity_price_cost(c.a("electricity_mwh"), price, ref), None


def _disclosure(c: Context) -> Effect:
    share = c.a("electricity_mwh") / max(c.company.total_electricity_mwh, 1e-12)
    largecap = c.company.issuer_class == "LargeCap"
    mandatory = c.p["disclosure_mandatory_from"] if largecap else np.inf
    return policy.disclosure_compliance(
        c.p["disclosure_compliance_cost"] * c.per_cny,
        c.year,
        mandatory,
        c.p["disclosure_phase_in_share"],
        c.p["climate_assurance_cost"] * c.per_cny,
        c.p["climate_assurance_from"],
        share,
    ), None


def _demand(c: Context) -> Effect:
    p = c.p
    required = market.customer_requirement(
        c.year, c.ref_year, p["re100_share_2030"], p["re100_share_2040"], p["re100_share_2050"]
    )
    return market.customer_segment_loss(
        c.revenue_supported,
        p["green_demand_segment_share"],
        p["green_demand_churn"],
        required,
        c.regional("grid_emission_factor"),
        p["grid_factor_fossil_only"],
    ), None


def _financing(c: Context) -> Effect:
    refinanced = market.refinanced_share(c.year, c.ref_year, c.p["debt_tenor_years"])
    return market.financing_cost(
        c.debt, refinanced, c.p["transition_spread_per_100usd"], c.carbon_usd2010
    ), None


def avoided_cost(c: Context) -> np.ndarray:
    return opportunity.avoided_cost_per_kwh(
        c.price, c.carbon_local, c.regional("grid_emission_factor"), c.pass_through
    )


def _pv(c: Context) -> Effect:
    return opportunity.onsite_pv(c.a("onsite_pv_kw"), c.p["pv_yield"], avoided_cost(c)), None


def _green_revenue(c: Context) -> Effect:
    certified = np.minimum(c.own_green_share + c.required_green_share, 1.0)
    premium = c.p["green_cloud_premium"] * c.p["green_demand_segment_share"]
    return opportunity.green_revenue(c.revenue_supported, premium, certified), None


def _finance(c: Context) -> Effect:
    refinanced = market.refinanced_share(c.year, c.ref_year, c.p["debt_tenor_years"])
    return opportunity.sustainable_finance(
        c.debt, refinanced, c.p["green_eligible_share"], c.p["green_finance_discount"]
    ), None


CARBON = ("usd2010_deflator", "carbon_pass_through", "cny_per_usd")
PRESSURE = ("transition_half_price",)
"""The saturating carbon-price index packs may use as a stated proxy (``Context.pressure``)."""
_GREEN = ("green_power_required_share", "green_power_required_from", "pv_yield")
_M = "climrisk.engine."

CORE: dict[str, ModelSpec] = {
    s.model: s
    for s in (
        ModelSpec(
            "flood-damage",
            _flood_damage,
            flood.FORMULA_DAMAGE,
            ("flood_depth_rain_elasticity",),
            ("rx1day_change",),
            module=_M + "physical.flood",
        ),
        ModelSpec(
            "flood-downtime",
            _flood_downtime,
            flood.FORMULA_DOWNTIME,
            (
                "flood_depth_rain_elasticity",
                "flood_downtime_days_per_m",
                "flood_downtime_threshold_m",
            ),
            ("rx1day_change",),
            module=_M + "physical.flood",
        ),
        ModelSpec(
            "sea-level-inundation",
            _sea_level,
            sea_level.FORMULA,
            ("extreme_sea_level_m", "extreme_sea_level_rp"),
            ("sea_level_change",),
            module=_M + "physical.sea_level",
            reach=_sea_level_reach,
        ),
        ModelSpec(
            "wind-damage",
            _wind_damage,
            wind.FORMULA_DAMAGE,
            ("tc_v_half",),
            module=_M + "physical.wind",
            requires="wind",
            reach=_wind_reach,
        ),
        ModelSpec(
            "wind-downtime",
            _wind_downtime,
            wind.FORMULA_DOWNTIME,
            ("tc_v_half", "tc_downtime_days_full_damage"),
            module=_M + "physical.wind",
            requires="wind",
            reach=_wind_reach,
        ),
        ModelSpec(
            "heat-outage",
            _heat_outage,
            heat.FORMULA_OUTAGE,
            (
                "heat_outage_prob_per_hot_day",
                "heat_outage_hours",
                "heat_staff_cost_per_hot_day",
                "cny_per_usd",
            ),
            ("hot_days",),
            module=_M + "physical.heat",
        ),
        ModelSpec(
            "carbon-cost",
            _carbon,
            carbon.FORMULA,
            CARBON,
            (),
            ("carbon_price",),
            ("grid_emission_factor",),
            module=_M + "transition.carbon",
            basis=SCOPE2,
        ),
        ModelSpec(
            "pilot-ets",
            _pilot_ets,
            carbon_markets.FORMULA_PILOT,
            (
                *carbon_markets.market_table().parameters("direct+indirect"),
                "ets_pilot_allocation_ratio",
                "ets_pilot_electricity_factor",
                "ets_pilot_lease_pass_through",
                "usd2010_deflator",
                "cny_per_usd",
            ),
            (),
            ("carbon_price",),
            module=_M + "transition.carbon_markets",
            current=True,
        ),
        ModelSpec(
            "national-ets",
            _national_ets,
            carbon_markets.FORMULA_NATIONAL,
            (*carbon_markets.market_table().parameters("direct"), "usd2010_deflator",
             "cny_per_usd"),
            (),
            ("carbon_price",),
            module=_M + "transition.carbon_markets",
            current=True,
        ),
        ModelSpec(
            "green-power",
            _green_power,
            carbon_markets.FORMULA_GREEN_POWER,
            (*_GREEN, "gec_price", "cny_per_usd"),
            module=_M + "transition.carbon_markets",
            current=True,
        ),
        ModelSpec(
            "shadow-carbon-price",
            _shadow,
            carbon_markets.FORMULA_SHADOW,
            (),
            regional_vars=("grid_emission_factor",),
            module=_M + "transition.carbon_markets",
            basis=SCOPE2,
        ),
        ModelSpec(
            "electricity-price",
            _electricity,
            energy.FORMULA,
            ("cny_per_usd", "electricity_price_shock"),
            regional_vars=("electricity_price",),
            module=_M + "transition.energy",
        ),
        ModelSpec(
            "disclosure-compliance",
            _disclosure,
            policy.FORMULA_DISCLOSURE,
            (
                "disclosure_compliance_cost",
                "disclosure_mandatory_from",
                "disclosure_phase_in_share",
                "climate_assurance_cost",
                "climate_assurance_from",
                "cny_per_usd",
            ),
            module=_M + "transition.policy",
            current=True,
        ),
        ModelSpec(
            "green-demand-shift",
            _demand,
            market.FORMULA_DEMAND,
            (
                "green_demand_segment_share",
                "green_demand_churn",
                "grid_factor_fossil_only",
                "re100_share_2030",
                "re100_share_2040",
                "re100_share_2050",
            ),
            regional_vars=("grid_emission_factor",),
            module=_M + "transition.market",
        ),
        ModelSpec(
            "financing-cost",
            _financing,
            market.FORMULA_FINANCING,
            ("debt_to_value", "debt_tenor_years", "transition_spread_per_100usd"),
            (),
            ("carbon_price",),
            module=_M + "transition.market",
            current=True,
        ),
        ModelSpec(
            "onsite-pv",
            _pv,
            opportunity.FORMULA_PV,
            ("pv_yield", *CARBON),
            (),
            ("carbon_price",),
            ("electricity_price", "grid_emission_factor"),
            module=_M + "opportunity",
        ),
        ModelSpec(
            "green-revenue",
            _green_revenue,
            opportunity.FORMULA_GREEN_REVENUE,
            (*_GREEN, "green_cloud_premium", "green_demand_segment_share"),
            module=_M + "opportunity",
            current=True,
        ),
        ModelSpec(
            "sustainable-finance",
            _finance,
            opportunity.FORMULA_FINANCE,
            ("debt_to_value", "debt_tenor_years", "green_eligible_share", "green_finance_discount"),
            module=_M + "opportunity",
            current=True,
        ),
    )
}
"""The core models, available to every register whatever its packs."""


def catalogue(packs: tuple[str, ...] | list[str] = ()) -> dict[str, ModelSpec]:
    """Model id -> spec: the core models and those of the named packs."""
    from climrisk.packs import packs_of

    table = dict(CORE)
    for pack in packs_of(list(packs)):
        table.update(pack.model_specs())
    return table
