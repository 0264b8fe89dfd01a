"""Likelihood x magnitude ratings from the modelled numbers, on the register's own scales.

Each register chooses what the two levels mean (``Scales.conventions``): event items are
rated on their annual probability and the loss given the event; chronic and transition items
on the spread of their simulated distribution against the magnitude thresholds, or on the
plausibility the register gives each scenario. Magnitude is always one occurrence's size as a
share of revenue, so no rating multiplies a probability in twice.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from climrisk.register.models import RatingConventions, Scales


def level(values: np.ndarray, thresholds: list[float]) -> np.ndarray:
    """Highest level (1-based) whose lower threshold the value reaches; NaN stays NaN."""
    v = np.asarray(values, float)
    lv = np.searchsorted(np.asarray(thresholds, float), np.nan_to_num(v, nan=-np.inf), side="right")
    return np.where(np.isnan(v), np.nan, np.maximum(lv, 1)).astype(float)


def likelihood_level(probability: np.ndarray, scales: Scales) -> np.ndarray:
    """Likelihood level of a probability."""
    return level(probability, [lv.threshold for lv in scales.likelihood])


def magnitude_level(share_of_revenue: np.ndarray, scales: Scales) -> np.ndarray:
    """Magnitude level of an absolute effect as a share of revenue."""
    return level(np.abs(share_of_revenue), [lv.threshold for lv in scales.magnitude])


def exceedance_shares(samples: np.ndarray, revenue: float, scales: Scales) -> np.ndarray:
    """Share of samples (last axis) whose effect reaches each magnitude level's threshold.

    A zero threshold counts only non-zero effects, so an effect that never occurs is not
    "certain" at the lowest level. Returns the level axis last.
    """
    share = np.abs(np.asarray(samples, float)) / revenue if revenue else np.full_like(samples, 0.0)
    out = []
    for lv in scales.magnitude:
        reached = share > 0 if lv.threshold == 0 else share >= lv.threshold
        out.append(reached.mean(axis=-1))
    return np.stack(out, axis=-1)


@dataclass(frozen=True)
class RatingInputs:
    """What the ratings are made of, over ``(item, scenario, horizon)``.

    ``exceedance`` has a last axis of magnitude levels; ``probability`` is the annual event
    probability (NaN for items that are not event items); ``horizon_years`` is per horizon.
    """

    mean_share: np.ndarray
    probability: np.ndarray
    exceedance: np.ndarray
    is_event: np.ndarray  # (item,)
    is_physical: np.ndarray  # (item,)
    horizon_years: np.ndarray  # (horizon,)
    scenarios: list[str]


def convention_of(conv: RatingConventions, is_event: bool, is_physical: bool) -> str:
    """The convention an item is rated under, as ``family:name``."""
    if is_event:
        return f"event:{conv.event}"
    if is_physical:
        return f"chronic:{conv.chronic}"
    return f"transition:{conv.transition}"


def rate(scales: Scales, x: RatingInputs) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Likelihood and magnitude levels over ``(item, scenario, horizon)`` and each item's
    convention; NaN where the item has no modelled effect."""
    conv = scales.conventions
    shape = x.mean_share.shape
    lik = np.full(shape, np.nan)
    mag = np.full(shape, np.nan)
    names = [
        convention_of(conv, bool(e), bool(p))
        for e, p in zip(x.is_event, x.is_physical, strict=True)
    ]
    for i, name in enumerate(names):
        family, kind = name.split(":", 1)
        if family == "event":
            lik[i], mag[i] = _event(scales, kind, x.mean_share[i], x.probability[i], x.horizon_years)
        elif kind == "scenario-plausibility":
            plaus = np.array([conv.scenario_plausibility.get(s, np.nan) for s in x.scenarios])
            mag[i] = magnitude_level(x.mean_share[i], scales)
            lik[i] = np.broadcast_to(plaus[:, None], shape[1:])
        elif kind == "central":
            lik[i], mag[i] = _central(scales, x.mean_share[i], x.exceedance[i])
        else:
            lik[i], mag[i] = _exceedance(scales, x.exceedance[i])
        lik[i] = np.where(np.isnan(x.mean_share[i]), np.nan, lik[i])
        mag[i] = np.where(np.isnan(x.mean_share[i]), np.nan, mag[i])
    return lik, mag, names


def _event(
    scales: Scales, kind: str, share: np.ndarray, p: np.ndarray, years: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Annual (or within-horizon) probability; loss given the event = expected loss / p."""
    p = np.nan_to_num(p, nan=0.0)
    given = np.divide(share, p, out=np.zeros_like(share), where=p > 0)
    if kind == "horizon-probability":
        p = 1.0 - (1.0 - np.clip(p, 0.0, 1.0)) ** years[None, :]
    return likelihood_level(p, scales), magnitude_level(given, scales)


def _exceedance(scales: Scales, exceed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each magnitude level the likelihood of reaching it; keep the highest score (ties:
    the larger magnitude) among the levels some sample reaches."""
    lik_m = likelihood_level(exceed, scales)  # (..., level)
    magnitudes = np.arange(1, exceed.shape[-1] + 1, dtype=float)
    # A level no sample reaches is no candidate; an effect that never occurs rates 1 x 1.
    score = np.where(np.nan_to_num(exceed) > 0, lik_m * magnitudes, 0.0)
    score[..., 0] = np.maximum(score[..., 0], 1.0)
    best = score.shape[-1] - 1 - np.argmax(score[..., ::-1], axis=-1)
    lik = np.take_along_axis(lik_m, best[..., None], axis=-1)[..., 0]
    return lik, best.astype(float) + 1


def _central(
    scales: Scales, share: np.ndarray, exceed: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Magnitude of the mean effect; likelihood = share of samples reaching that level."""
    mag = np.nan_to_num(magnitude_level(share, scales), nan=1.0)
    idx = mag.astype(int)[..., None] - 1
    reached = np.take_along_axis(exceed, idx, axis=-1)[..., 0]
    return likelihood_level(reached, scales), mag


def band(score: np.ndarray, scales: Scales) -> np.ndarray:
    """Heat-map band id for likelihood x magnitude scores ('' where unrated)."""
    bands = sorted(scales.bands, key=lambda b: b.min_score)
    s = np.asarray(score, float)
    out = np.full(s.shape, "", dtype=object)
    for b in bands:
        out[np.nan_to_num(s, nan=-1) >= b.min_score] = b.id
    return out
