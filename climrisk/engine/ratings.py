"""Likelihood x magnitude ratings from the modelled numbers, on the register's own scales."""

from __future__ import annotations

import numpy as np

from climrisk.register.models import Scales


def level(values: np.ndarray, thresholds: list[float]) -> np.ndarray:
    """Highest level (1-based) whose lower threshold the value reaches; NaN stays NaN."""
    v = np.asarray(values, float)
    lv = np.searchsorted(np.asarray(thresholds, float), np.nan_to_num(v, nan=-np.inf), side="right")
    return np.where(np.isnan(v), np.nan, np.maximum(lv, 1)).astype(float)


def likelihood_level(probability: np.ndarray, scales: Scales) -> np.ndarray:
    """Likelihood level of an annual probability."""
    return level(probability, [lv.threshold for lv in scales.likelihood])


def magnitude_level(share_of_revenue: np.ndarray, scales: Scales) -> np.ndarray:
    """Magnitude level of an absolute annual effect as a share of revenue."""
    return level(np.abs(share_of_revenue), [lv.threshold for lv in scales.magnitude])


def band(score: np.ndarray, scales: Scales) -> np.ndarray:
    """Heat-map band id for likelihood x magnitude scores ('' where unrated)."""
    bands = sorted(scales.bands, key=lambda b: b.min_score)
    s = np.asarray(score, float)
    out = np.full(s.shape, "", dtype=object)
    for b in bands:
        out[np.nan_to_num(s, nan=-1) >= b.min_score] = b.id
    return out
