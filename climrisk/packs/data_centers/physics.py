"""Data-center physics: PUE and WUE responses to warming, PUE rules and efficiency.

A data center's IT energy is its electricity divided by its PUE; cooling, water and efficiency
effects scale with IT energy, which is what sets these models apart from other buildings'.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import numpy as np

from climrisk.engine.physical.flood import DepthDamage

FORMULA_COOLING = (
    "dT = tas_change(t) - tas_change(t0); data centres: dPUE = pue_per_degc * pue_sensitivity * dT, "
    "extra_kWh = electricity_mwh * 1000 * dPUE / PUE; other sites: extra_kWh = electricity_mwh * "
    "1000 * building_electricity_per_degc * dT; cost = extra_kWh * electricity_price(t) * multiplier"
)
FORMULA_PUE = (
    "PUE(t) = PUE0 + pue_per_degc * pue_sensitivity * dT; from pue_surcharge_from (each by place): "
    "over_kWh = electricity_mwh * 1000 * (PUE(t) - pue_rule_limit) / PUE(t), rate = "
    "pue_surcharge_low if (PUE(t) - limit) / limit <= pue_surcharge_multiple else "
    "pue_surcharge_high (zero where no place rule applies); "
    "leases: over_kWh above lease.pue_limit * lease_pue_penalty; cost = sum over_kWh * rate"
)
FORMULA_TECH = (
    "from technology_retrofit_by: gap = max(0, PUE(t) - benchmark_pue), PUE(t) after warming; "
    "lost = revenue * revenue_dependency * technology_lag_churn * gap / 0.1"
)
FORMULA_EFFICIENCY = (
    "saved_kWh = electricity_mwh * 1000 * efficiency_pue_gain / PUE (data centres); "
    "benefit = saved_kWh * (electricity_price(t) * multiplier + carbon cost per kWh)"
)
FORMULA_WATER = (
    "IT_kWh = electricity_mwh * 1000 / PUE; extra_m3 = IT_kWh * WUE / 1000 * wue_per_degc * "
    "max(0, dT); stress(t) = water_stress(t), the site's Aqueduct 4.0 category 0-4 (its own "
    "site value, else its province's projection for the scenario's Aqueduct future, else its "
    "country's baseline; not assessed without one); cost = extra_m3 * water_price + "
    "max(0, hot_days(t) - hot_days(t0)) * water_curtailment_per_hot_day * stress(t) / 3 * "
    "revenue * revenue_dependency / 365"
)
FORMULA_ME_FLOOD = (
    "loss_RP = replacement_value * ((1 - me_share) * curve(depth_RP) + me_share * [depth_RP > "
    "me_plinth_m]): the building and fit-out on the site's JRC curve, the ground-level M&E "
    "plant (switchgear, UPS, chillers, generators) lost once water reaches it (component "
    "method, floodam-building); EAD = trapezoidal integral over p = 1/RP with the protection "
    "cut, as flood-damage"
)
FORMULA_ME_FLOOD_HAZUS = (
    "loss_RP = replacement_value * ((1 - me_share) * curve(depth_RP) + me_share * "
    "hazus_ESSM(max(0, depth_RP - me_plinth_m))): the M&E plant on FEMA Hazus-MH's flood "
    "damage function for a medium-voltage substation (flUtilFltyDmgFn ID 65, 0-15 % at 0-10 "
    "ft above its plinth), the rest on the site's JRC curve; EAD as flood-damage"
)
HAZUS_FILE = Path(__file__).parent / "data" / "hazus_electric_flood.csv"
FT = 0.3048
"""Metres per foot (Hazus tabulates depth in feet)."""


@cache
def hazus_curve(function_id: int = 65) -> DepthDamage:
    """A Hazus-MH utility-facility flood damage function (percent by foot) in metres."""
    with HAZUS_FILE.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if int(row["UtilFltyDmgFnID"]) == function_id:
                pct = [float(row[f"ft{k:02d}"]) for k in range(11)]
                return DepthDamage([k * FT for k in range(11)], [v / 100 for v in pct])
    raise KeyError(f"no Hazus utility damage function {function_id} in {HAZUS_FILE.name}")


def m_and_e_curve_losses(
    depth: np.ndarray,
    building_ratio: np.ndarray,
    value: np.ndarray,
    me_share: np.ndarray,
    plinth_m: np.ndarray,
    me_curve: DepthDamage,
) -> np.ndarray:
    """Loss per return period ``(..., rp)``: the M&E share of the value on ``me_curve`` of
    the water above its plinth, the rest on the building's depth-damage ratio."""
    share = np.asarray(me_share)[..., None]
    above = np.maximum(np.asarray(depth) - np.asarray(plinth_m)[..., None], 0.0)
    ratio = (1.0 - share) * np.asarray(building_ratio) + share * me_curve(above)
    return ratio * np.asarray(value)[..., None]


STRESS_CALIBRATION = 3.0
"""The Aqueduct category ('high') at which ``water_curtailment_per_hot_day`` is set."""


def delta_pue(d_tas: np.ndarray, pue_per_degc: np.ndarray, sensitivity: float = 1.0) -> np.ndarray:
    """PUE rise for a warming of ``d_tas`` °C since the reporting year (never negative)."""
    return np.maximum(np.asarray(d_tas), 0.0) * np.asarray(pue_per_degc) * sensitivity


def cooling_energy_kwh(
    electricity_mwh: np.ndarray,
    pue: np.ndarray,
    d_tas: np.ndarray,
    is_data_center: np.ndarray,
    pue_per_degc: np.ndarray,
    building_per_degc: np.ndarray,
    sensitivity: float = 1.0,
) -> np.ndarray:
    """Extra electricity (kWh/yr) for cooling after warming ``d_tas``.

    A data centre's IT energy is electricity / PUE, so a PUE rise adds IT energy x ΔPUE; other
    sites add a share of their electricity per °C.
    """
    kwh = np.asarray(electricity_mwh) * 1000.0
    dc = kwh / np.where(is_data_center, pue, 1.0) * delta_pue(d_tas, pue_per_degc, sensitivity)
    other = kwh * np.maximum(np.asarray(d_tas), 0.0) * np.asarray(building_per_degc) * sensitivity
    return np.where(is_data_center, dc, other)


def cooling_energy_cost(extra_kwh: np.ndarray, price_per_kwh: np.ndarray) -> np.ndarray:
    """Cost of the extra cooling electricity."""
    return np.asarray(extra_kwh) * np.asarray(price_per_kwh)


def over_limit_kwh(electricity_mwh: np.ndarray, pue: np.ndarray, limit: np.ndarray) -> np.ndarray:
    """Electricity above what the site would use at the PUE limit (same IT load)."""
    pue = np.asarray(pue)
    return np.asarray(electricity_mwh) * 1000.0 * np.maximum(pue - np.asarray(limit), 0.0) / pue


def pue_surcharge(
    electricity_mwh: np.ndarray,
    pue: np.ndarray,
    limit: np.ndarray,
    low_rate: np.ndarray,
    high_rate: np.ndarray,
    multiple: np.ndarray,
) -> np.ndarray:
    """A place's PUE rule: surcharge on the over-limit share of electricity, per year.

    +low_rate per kWh when PUE exceeds the limit by at most ``multiple`` x the limit, else
    +high_rate (Beijing's 2024–2027 plan is of this form, scenario facts §6.2).
    """
    excess = (np.asarray(pue) - np.asarray(limit)) / np.asarray(limit)
    rate = np.where(excess > np.asarray(multiple), high_rate, low_rate)
    return over_limit_kwh(electricity_mwh, pue, limit) * rate


def lease_pue_penalty(
    electricity_mwh: np.ndarray, pue: np.ndarray, limit: np.ndarray, rate: np.ndarray
) -> np.ndarray:
    """Re-billed electricity above a lease's PUE ceiling; NaN limits (no clause) cost nothing."""
    limit = np.asarray(limit, float)
    has = ~np.isnan(limit)
    kwh = over_limit_kwh(electricity_mwh, pue, np.where(has, limit, np.inf))
    return np.where(has, kwh * rate, 0.0)


def lagging_site_loss(
    revenue_supported: np.ndarray,
    pue: np.ndarray,
    benchmark_pue: np.ndarray,
    churn_per_tenth: np.ndarray,
    year: int,
    benchmark_from: np.ndarray,
) -> np.ndarray:
    """Revenue lost by a site whose PUE lags the benchmark once the benchmark is the norm."""
    gap = np.maximum(np.asarray(pue) - np.asarray(benchmark_pue), 0.0) / 0.1
    lost = np.asarray(revenue_supported) * np.asarray(churn_per_tenth) * gap
    return np.where(year >= np.asarray(benchmark_from), lost, 0.0)


def efficiency_savings(
    electricity_mwh: np.ndarray,
    pue: np.ndarray,
    is_data_center: np.ndarray,
    pue_gain: np.ndarray,
    avoided_per_kwh: np.ndarray,
) -> np.ndarray:
    """Savings from cutting a data centre's PUE by ``pue_gain`` (IT load unchanged)."""
    kwh = (
        np.asarray(electricity_mwh)
        * 1000.0
        * np.asarray(pue_gain)
        / np.where(is_data_center, pue, 1.0)
    )
    return np.where(is_data_center, kwh * avoided_per_kwh, 0.0)


def m_and_e_flood_losses(
    depth: np.ndarray,
    building_ratio: np.ndarray,
    value: np.ndarray,
    me_share: np.ndarray,
    plinth_m: np.ndarray,
) -> np.ndarray:
    """Loss per return period ``(..., rp)`` of a data center whose ground-level M&E plant
    (share ``me_share`` of its value, standing ``plinth_m`` above the ground) is lost once the
    water reaches it, the rest following the building's depth-damage ratio."""
    share = np.asarray(me_share)[..., None]
    reached = np.asarray(depth) > np.asarray(plinth_m)[..., None]
    ratio = (1.0 - share) * np.asarray(building_ratio) + share * reached
    return ratio * np.asarray(value)[..., None]



def water_stress(
    electricity_mwh: np.ndarray,
    pue: np.ndarray,
    wue_l_per_kwh: np.ndarray,
    d_tas: np.ndarray,
    hot_days: np.ndarray,
    hot_days_ref: np.ndarray,
    revenue_supported: np.ndarray,
    wue_per_degc: np.ndarray,
    water_price: np.ndarray,
    curtailment_per_hot_day: np.ndarray,
    stress: np.ndarray | float = STRESS_CALIBRATION,
) -> np.ndarray:
    """Extra annual water cost plus revenue lost to water-supply curtailment on extra hot days,
    the curtailment scaled by the basin's water-stress category against its calibration."""
    it_kwh = np.asarray(electricity_mwh) * 1000.0 / np.asarray(pue)
    extra_m3 = it_kwh * np.asarray(wue_l_per_kwh) / 1000.0 * wue_per_degc * np.maximum(d_tas, 0.0)
    extra_days = np.maximum(np.asarray(hot_days) - np.asarray(hot_days_ref), 0.0)
    weight = np.asarray(stress) / STRESS_CALIBRATION
    curtailed = (
        extra_days * curtailment_per_hot_day * weight * np.asarray(revenue_supported) / 365.0
    )
    return extra_m3 * water_price + curtailed
