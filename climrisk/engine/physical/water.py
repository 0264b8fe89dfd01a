"""Water stress: dearer cooling water as WUE rises with warmth, and hot-day supply curtailment."""

from __future__ import annotations

import numpy as np

FORMULA = (
    "IT_kWh = electricity_mwh * 1000 / PUE; extra_m3 = IT_kWh * WUE / 1000 * wue_per_degc * "
    "max(0, dT); cost = extra_m3 * water_price + max(0, hot_days(t) - hot_days(t0)) * "
    "water_curtailment_per_hot_day * revenue * revenue_dependency / 365"
)


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
) -> np.ndarray:
    """Extra annual water cost plus revenue lost to water-supply curtailment on extra hot days."""
    it_kwh = np.asarray(electricity_mwh) * 1000.0 / np.asarray(pue)
    extra_m3 = it_kwh * np.asarray(wue_l_per_kwh) / 1000.0 * wue_per_degc * np.maximum(d_tas, 0.0)
    extra_days = np.maximum(np.asarray(hot_days) - np.asarray(hot_days_ref), 0.0)
    curtailed = extra_days * curtailment_per_hot_day * np.asarray(revenue_supported) / 365.0
    return extra_m3 * water_price + curtailed
