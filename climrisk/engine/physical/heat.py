"""Heat: heat-related outages and staff time."""

from __future__ import annotations

import numpy as np

FORMULA_OUTAGE = (
    "P_outage = 1 - (1 - heat_outage_prob_per_hot_day)^hot_days(t); cost = P_outage * "
    "heat_outage_hours / 8760 * revenue * revenue_dependency + max(0, hot_days(t) - hot_days(t0)) "
    "* heat_staff_cost_per_hot_day"
)


def outage_probability(hot_days: np.ndarray, prob_per_day: np.ndarray) -> np.ndarray:
    """Probability of at least one heat outage in a year of ``hot_days`` independent hot days."""
    return 1.0 - np.power(1.0 - np.asarray(prob_per_day), np.maximum(np.asarray(hot_days), 0.0))


def heat_outage(
    hot_days: np.ndarray,
    hot_days_ref: np.ndarray,
    revenue_supported: np.ndarray,
    prob_per_day: np.ndarray,
    outage_hours: np.ndarray,
    staff_cost_per_day: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Expected annual cost of heat outages plus staff time for extra hot days; and P(outage)."""
    p = outage_probability(hot_days, prob_per_day)
    lost = p * np.asarray(outage_hours) / 8760.0 * np.asarray(revenue_supported)
    staff = np.maximum(np.asarray(hot_days) - np.asarray(hot_days_ref), 0.0) * staff_cost_per_day
    return lost + staff, p
