"""The real-estate pack's models: cooling energy and carbon cost of buildings from floor area
and energy intensity, for the share of the building's energy the landlord pays."""

from __future__ import annotations

import numpy as np

from climrisk.engine.catalogue import CARBON, Context, Effect, ModelSpec

_M = "climrisk.packs.real_estate.models"

FORMULA_COOLING = (
    "kWh = floor_area_m2 * energy_intensity_kwh_m2 * landlord_energy_share; extra_kWh = kWh * "
    "building_cooling_per_degc * building_cooling_sensitivity * max(0, dT); cost = extra_kWh * "
    "electricity_price(t) * multiplier"
)
FORMULA_CARBON = (
    "emissions = floor_area_m2 * energy_intensity_kwh_m2 / 1000 * landlord_energy_share * "
    "grid_emission_factor(region, t); cost = carbon price (presentation currency) * emissions * "
    "carbon_pass_through"
)


def landlord_kwh(area_m2: np.ndarray, intensity: np.ndarray, share: np.ndarray) -> np.ndarray:
    """Electricity a landlord pays for, kWh per year."""
    return np.nan_to_num(np.asarray(area_m2) * np.asarray(intensity)) * np.asarray(share)


def _kwh(c: Context) -> np.ndarray:
    return landlord_kwh(
        c.attr("floor_area_m2"), c.attr("energy_intensity_kwh_m2"), c.p["landlord_energy_share"]
    )


def _cooling(c: Context) -> Effect:
    per_degc = c.p["building_cooling_per_degc"] * c.assumptions.knob("building_cooling_sensitivity")
    extra = _kwh(c) * per_degc * np.maximum(c.d_tas, 0.0)
    return extra * c.price, None


def _carbon(c: Context) -> Effect:
    emissions = _kwh(c) / 1000.0 * c.regional("grid_emission_factor")
    return c.carbon_local * emissions * c.pass_through, None


MODELS = (
    ModelSpec(
        "building-cooling-energy",
        _cooling,
        FORMULA_COOLING,
        ("building_cooling_per_degc", "landlord_energy_share", "cny_per_usd"),
        ("tas_change",),
        regional_vars=("electricity_price",),
        module=_M,
    ),
    ModelSpec(
        "building-carbon-cost",
        _carbon,
        FORMULA_CARBON,
        ("landlord_energy_share", *CARBON),
        (),
        ("carbon_price",),
        ("grid_emission_factor",),
        module=_M,
    ),
)
