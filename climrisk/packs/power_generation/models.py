"""The power-generation pack's models: fuel price and fuel carbon cost by plant after tariff
pass-through, heat and drought derating of generation, stranded coal value."""

from __future__ import annotations

import numpy as np

from climrisk.engine.catalogue import CARBON, PRESSURE, Context, Effect, ModelSpec

THERMAL = ("coal-plant", "gas-plant", "nuclear-plant")
COAL = ("coal-plant",)
HYDRO = ("hydro-plant",)
FUELS = ("coal", "gas", "oil")
"""Fuels with a scenario price (``<fuel>_price`` in the scenario set, from an NGFS/IAMC
import's ``Price|Primary Energy|<Fuel>``)."""
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
FORMULA_DROUGHT = (
    "drying = max(0, -(soil_moisture_change(t) - soil_moisture_change(reporting year))) [standard "
    "deviations]; lost_MWh = activity.generation_mwh (summed over fuels) * exposed * drying * "
    "(drought_derating_thermal_per_sd for thermal and nuclear plants, "
    "drought_derating_hydro_per_sd for hydro plants); exposed = attributes."
    "freshwater_cooling_share for thermal plants (1 where not given), 1 for hydro; cost = "
    "lost_MWh * generation_margin_per_mwh; not exposed where exposed = 0"
)
FORMULA_FUEL_PRICE = (
    "cost = sum over fuels f in coal, gas, oil of activity.generation_mwh[f] * heat_rate_f "
    "[GJ/MWh] * fuel_price_f [US$/GJ, the reporting year's] * (f_price(t) / f_price(reporting "
    "year) - 1) [the scenario set's path, US$2010/GJ] * (1 - tariff_pass_through) * usd_rate; "
    "negative when the scenario's price falls; not assessed where the set holds no fuel price"
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


def fuel_price_cost(
    generation_mwh: np.ndarray, heat_rate: np.ndarray, price_now: np.ndarray,
    path: np.ndarray, path_ref: np.ndarray, tariff_pass_through: np.ndarray
) -> np.ndarray:
    """Change of one fuel's bill since the reporting year that tariffs do not pass on: the
    plant's own price moved by the scenario's relative price change."""
    bill = np.asarray(generation_mwh) * np.asarray(heat_rate) * np.asarray(price_now)
    change = np.asarray(path) / np.asarray(path_ref) - 1.0
    return bill * change * (1.0 - np.asarray(tariff_pass_through))


def drought_lost_mwh(
    generation_mwh: np.ndarray, exposed: np.ndarray, sm_change: np.ndarray,
    sm_change_ref: np.ndarray, per_sd: np.ndarray
) -> np.ndarray:
    """Generation lost to drying since the reporting year: river flow and reservoir inflow,
    which freshwater cooling and hydro turbines need, fall with soil moisture; wetting gives
    nothing back (plants are not rated above their capacity)."""
    drying = np.maximum(-(np.asarray(sm_change) - np.asarray(sm_change_ref)), 0.0)
    return np.asarray(generation_mwh) * np.asarray(exposed) * drying * np.asarray(per_sd)


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


def _fuel_price(c: Context) -> Effect:
    now, ref = c.drivers.index(c.year), c.drivers.index(c.ref_year)
    total = np.zeros((c.q.shape[0], len(c.assets)))
    for fuel in FUELS:
        burnt = c.assets.generation_by_fuel.get(fuel)
        if burnt is None:
            continue
        path = np.asarray(c.drivers.scalar[f"{fuel}_price"])
        total = total + fuel_price_cost(
            burnt[None, :], c.p[f"heat_rate_{fuel}"], c.p[f"fuel_price_{fuel}"], path[now],
            path[ref], c.p["tariff_pass_through"])
    return total * c.company.usd_rate, None


def _drought_exposed(c: Context) -> np.ndarray:
    """Share of each plant's output that depends on fresh water ``(1, assets)``."""
    share = c.attr("freshwater_cooling_share")
    return np.where(c.of_kinds(HYDRO), 1.0, np.where(c.of_kinds(THERMAL), share, 0.0))


def _drought(c: Context) -> Effect:
    per_sd = np.where(c.of_kinds(HYDRO), c.p["drought_derating_hydro_per_sd"],
                      c.p["drought_derating_thermal_per_sd"])
    lost = drought_lost_mwh(c.a("generation_mwh"), _drought_exposed(c),
                            c.site("soil_moisture_change"),
                            c.site("soil_moisture_change", ref=True), per_sd)
    return lost * c.p["generation_margin_per_mwh"] * c.per_cny, None


def _drought_reach(c: Context) -> np.ndarray:
    return _drought_exposed(c) > 0


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
        "fuel-price-cost",
        _fuel_price,
        FORMULA_FUEL_PRICE,
        ("tariff_pass_through", *(f"heat_rate_{f}" for f in FUELS),
         *(f"fuel_price_{f}" for f in FUELS)),
        (),
        tuple(f"{f}_price" for f in FUELS),
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
        "drought-derating",
        _drought,
        FORMULA_DROUGHT,
        ("drought_derating_thermal_per_sd", "drought_derating_hydro_per_sd",
         "generation_margin_per_mwh", "cny_per_usd"),
        ("soil_moisture_change",),
        module=_M,
        reach=_drought_reach,
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
