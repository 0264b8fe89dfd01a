"""The data-centers pack's models: cooling energy, water stress, PUE rules, technology lag and
efficiency savings, read from the ``pue``, ``wue`` and ``lease_pue_limit`` asset attributes."""

from __future__ import annotations

import numpy as np

from climrisk.engine import water_stress
from climrisk.engine.catalogue import (
    CARBON,
    JRC_CURVES,
    SCOPE2,
    Context,
    Effect,
    ModelSpec,
    avoided_cost,
    curve_index,
)
from climrisk.engine.physical import flood
from climrisk.packs.data_centers import physics

DATA_CENTER_KINDS = ("self-built-data-center", "leased-data-center")
"""Asset kinds that house IT load (``asset_kinds`` of ``pack.yaml``)."""
_M = "climrisk.packs.data_centers.physics"


def _is_dc(c: Context) -> np.ndarray:
    return c.of_kinds(DATA_CENTER_KINDS)


def _sensitivity(c: Context) -> float:
    return c.assumptions.knob("pue_sensitivity")


def _pue_slope(c: Context) -> np.ndarray:
    """PUE rise per degC: the site's own fitted sensitivity (``pue_per_degc_site``, from
    ``climrisk pue-fit`` on its monthly record) where given, else the parameter's draw."""
    site = c.attr("pue_per_degc_site")
    return np.where(np.isfinite(site), site, c.p["pue_per_degc"])


def _pue_t(c: Context) -> np.ndarray:
    """PUE at the analysis year after warming (data centers only)."""
    d = physics.delta_pue(c.d_tas, _pue_slope(c), _sensitivity(c))
    return c.attr("pue") + np.where(_is_dc(c), d, 0.0)


def _cooling(c: Context) -> Effect:
    kwh = physics.cooling_energy_kwh(
        c.a("electricity_mwh"),
        c.attr("pue"),
        c.d_tas,
        _is_dc(c),
        _pue_slope(c),
        c.p["building_electricity_per_degc"],
        _sensitivity(c),
    )
    return physics.cooling_energy_cost(kwh, c.price), None


def _water(c: Context) -> Effect:
    return physics.water_stress(
        c.a("electricity_mwh"),
        c.attr("pue"),
        c.attr("wue"),
        c.d_tas,
        c.site("hot_days"),
        c.site("hot_days", ref=True),
        c.revenue_supported,
        c.p["wue_per_degc"],
        c.p["water_price"] * c.per_cny,
        c.p["water_curtailment_per_hot_day"],
        c.site(water_stress.VARIABLE),
    ), None


def _pue(c: Context) -> Effect:
    """A place's PUE surcharge (the rule's values are parameters by place) and lease caps."""
    dc = _is_dc(c)
    pue_t = _pue_t(c)
    surcharge = physics.pue_surcharge(
        c.a("electricity_mwh"),
        pue_t,
        c.p["pue_rule_limit"],
        c.p["pue_surcharge_low"],
        c.p["pue_surcharge_high"],
        c.p["pue_surcharge_multiple"],
    )
    in_force = c.year >= c.p["pue_surcharge_from"]
    lease = physics.lease_pue_penalty(
        c.a("electricity_mwh"), pue_t, c.attr("lease_pue_limit"), c.p["lease_pue_penalty"]
    )
    total = np.where(dc & in_force, surcharge, 0.0) + np.where(dc, lease, 0.0)
    return total * c.per_cny, None


def _technology(c: Context) -> Effect:
    lost = physics.lagging_site_loss(
        c.revenue_supported,
        _pue_t(c),
        c.p["benchmark_pue"],
        c.p["technology_lag_churn"],
        c.year,
        c.p["technology_retrofit_by"],
    )
    return np.where(_is_dc(c), lost, 0.0), None


def _me_inputs(c: Context) -> tuple[np.ndarray, ...]:
    """Building damage ratio, M&E share, plinth height and flooded value per data center."""
    a = c.assets
    ratio = JRC_CURVES(c.flood_depth, curve_index(a.flood_curve)[:, None])
    share = np.where(np.isfinite(c.attr("me_share")), c.attr("me_share"), c.p["dc_me_share"])
    plinth = np.where(np.isfinite(c.attr("me_plinth_m")), c.attr("me_plinth_m"),
                      c.p["dc_me_plinth_m"])
    value = a.replacement_value * a.has_flood * _is_dc(c)[0]
    return ratio, share, plinth, value[None]


def _flood_effect(c: Context, losses: np.ndarray) -> Effect:
    a = c.assets
    rp, sop = a.flood_rp[None], a.flood_protection[None]
    w = flood.trapezoid_weights(rp, sop)
    return flood.expected_annual(losses, w), flood.damage_probability(losses, rp, sop)


def _me_flood_hazus(c: Context) -> Effect:
    ratio, share, plinth, value = _me_inputs(c)
    return _flood_effect(c, physics.m_and_e_curve_losses(
        c.flood_depth, ratio, value, share, plinth, physics.hazus_curve()))


def _me_flood(c: Context) -> Effect:
    ratio, share, plinth, value = _me_inputs(c)
    return _flood_effect(c, physics.m_and_e_flood_losses(
        c.flood_depth, ratio, value, share, plinth))


WATER_BASIS = "water_m3"
"""Cooling water a data center draws, m3: IT energy x WUE (the water-stress model's basis)."""


def _it_water(c: Context) -> np.ndarray:
    """IT energy (electricity / PUE) x WUE, for the data centers that give a WUE."""
    m3 = c.a("electricity_mwh") * 1000.0 / c.attr("pue") * c.attr("wue") / 1000.0
    return np.where(_is_dc(c) & np.isfinite(m3), m3, 0.0)


def _efficiency(c: Context) -> Effect:
    return physics.efficiency_savings(
        c.a("electricity_mwh"),
        c.attr("pue"),
        _is_dc(c),
        c.p["efficiency_pue_gain"],
        avoided_cost(c),
    ), None


MODELS = (
    ModelSpec(
        "cooling-energy",
        _cooling,
        physics.FORMULA_COOLING,
        ("pue_per_degc", "building_electricity_per_degc", "cny_per_usd"),
        ("tas_change",),
        regional_vars=("electricity_price",),
        module=_M,
    ),
    ModelSpec(
        "water-stress",
        _water,
        physics.FORMULA_WATER,
        ("wue_per_degc", "water_price", "water_curtailment_per_hot_day", "cny_per_usd"),
        ("tas_change", "hot_days", water_stress.VARIABLE),
        module=_M,
        basis=((WATER_BASIS, _it_water),),
    ),
    ModelSpec(
        "pue-compliance",
        _pue,
        physics.FORMULA_PUE,
        (
            "pue_per_degc",
            "pue_rule_limit",
            "pue_surcharge_low",
            "pue_surcharge_high",
            "pue_surcharge_multiple",
            "pue_surcharge_from",
            "lease_pue_penalty",
            "cny_per_usd",
        ),
        ("tas_change",),
        module=_M,
        current=True,
    ),
    ModelSpec(
        "technology-lag",
        _technology,
        physics.FORMULA_TECH,
        ("pue_per_degc", "benchmark_pue", "technology_lag_churn", "technology_retrofit_by"),
        ("tas_change",),
        module=_M,
        current=True,
    ),
    ModelSpec(
        "m-and-e-flood-damage",
        _me_flood,
        physics.FORMULA_ME_FLOOD,
        ("flood_depth_rain_elasticity", "dc_me_share", "dc_me_plinth_m"),
        ("rx1day_change",),
        module=_M,
    ),
    ModelSpec(
        "m-and-e-flood-damage-hazus",
        _me_flood_hazus,
        physics.FORMULA_ME_FLOOD_HAZUS,
        ("flood_depth_rain_elasticity", "dc_me_share", "dc_me_plinth_m"),
        ("rx1day_change",),
        module=_M,
    ),
    ModelSpec(
        "efficiency-savings",
        _efficiency,
        physics.FORMULA_EFFICIENCY,
        ("efficiency_pue_gain", *CARBON),
        (),
        ("carbon_price",),
        ("electricity_price", "grid_emission_factor"),
        module=_M,
        basis=SCOPE2,
    ),
)
