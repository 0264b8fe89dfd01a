"""The power-generation pack's models: fuel carbon cost on each plant's own Scope 1 after
tariff pass-through, heat derating of thermal and nuclear generation, stranded coal value."""

from __future__ import annotations

import numpy as np

from climrisk.engine.catalogue import CARBON, PRESSURE, Context, Effect, ModelSpec

THERMAL = ("coal-plant", "gas-plant", "nuclear-plant")
COAL = ("coal-plant",)
_M = "climrisk.packs.power_generation.models"

FORMULA_FUEL_CARBON = (
    "cost = own_scope1 [activity.scope1_t summed over fuels; allocated Scope 1 where the plant "
    "gives none] * carbon_price(t) [USD2010/t] * usd2010_deflator * usd_rate * "
    "carbon_price_multiplier * (1 - tariff_pass_through)"
)
FORMULA_DERATING = (
    "lost_MWh = activity.generation_mwh (summed over fuels) * thermal_derating_per_degc * "
    "heat_derating_sensitivity * max(0, dT) for thermal and nuclear plants; cost = lost_MWh * "
    "generation_margin_per_mwh"
)
FORMULA_STRANDED = (
    "write-down per year = replacement_value * coal_stranding_rate * pressure(t) for coal "
    "plants; pressure = P / (P + transition_half_price)"
)


def fuel_carbon_cost(
    scope1_t: np.ndarray, price: np.ndarray, tariff_pass_through: np.ndarray
) -> np.ndarray:
    """Carbon cost on a plant's own emissions that tariffs do not pass to customers."""
    return np.asarray(scope1_t) * np.asarray(price) * (1.0 - np.asarray(tariff_pass_through))


def derating_cost(
    generation_mwh: np.ndarray, d_tas: np.ndarray, per_degc: np.ndarray, margin: np.ndarray
) -> np.ndarray:
    """Margin lost on the generation that warming takes from a thermal plant."""
    lost = np.asarray(generation_mwh) * np.asarray(per_degc) * np.maximum(np.asarray(d_tas), 0.0)
    return lost * np.asarray(margin)


def stranded_value(value: np.ndarray, rate: np.ndarray, pressure: np.ndarray) -> np.ndarray:
    """Expected yearly write-down of a coal unit as transition pressure rises."""
    return np.asarray(value) * np.asarray(rate) * np.asarray(pressure)


def _fuel_carbon(c: Context) -> Effect:
    cost = fuel_carbon_cost(c.scope1_t, c.carbon_local, c.p["tariff_pass_through"])
    return np.where(c.of_kinds(THERMAL), cost, 0.0), None


def _derating(c: Context) -> Effect:
    cost = derating_cost(
        c.a("generation_mwh"),
        c.d_tas,
        c.p["thermal_derating_per_degc"] * c.assumptions.knob("heat_derating_sensitivity"),
        c.p["generation_margin_per_mwh"] * c.per_cny,
    )
    return np.where(c.of_kinds(THERMAL), cost, 0.0), None


def _stranded(c: Context) -> Effect:
    cost = stranded_value(c.a("replacement_value"), c.p["coal_stranding_rate"], c.pressure)
    return np.where(c.of_kinds(COAL), cost, 0.0), None


MODELS = (
    ModelSpec(
        "fuel-carbon-cost",
        _fuel_carbon,
        FORMULA_FUEL_CARBON,
        ("tariff_pass_through", *CARBON),
        (),
        ("carbon_price",),
        module=_M,
    ),
    ModelSpec(
        "generation-derating",
        _derating,
        FORMULA_DERATING,
        ("thermal_derating_per_degc", "generation_margin_per_mwh", "cny_per_usd"),
        ("tas_change",),
        module=_M,
    ),
    ModelSpec(
        "stranded-coal",
        _stranded,
        FORMULA_STRANDED,
        ("coal_stranding_rate", *PRESSURE),
        (),
        ("carbon_price",),
        module=_M,
    ),
)
