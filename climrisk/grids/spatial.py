"""Spreading point facts (a city's baseline, a tide gauge's projection) over a regular grid.

A field equals its value at each fact point, fades into a smooth background with distance,
and is exact where the fact was measured, so the grid reproduces its sources at their sites.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

EARTH_RADIUS_KM = 6371.0

Array = NDArray[np.float64]


def distance_km(lat1: Array, lon1: Array, lat2: float, lon2: float) -> Array:
    """Great-circle distance (haversine) from grid points to one point."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlmb = np.radians(lon2 - lon1)
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def anchored_anomaly(
    lat: Array, lon: Array, points: list[tuple[float, float]], anomalies: Array,
    length_km: float,
) -> Array:
    """Point anomalies spread by inverse-distance weighting, tapered by Gaussian distance.

    ``lat``/``lon`` are broadcastable grid arrays; ``anomalies`` has the points on its last
    axis (other leading axes, e.g. years, are kept). Exact at each point; ~0 far away.
    """
    dists = np.stack([distance_km(lat, lon, p[0], p[1]) for p in points], axis=-1)
    dmin = dists.min(axis=-1)
    with np.errstate(divide="ignore"):
        weights = 1.0 / dists**2
    hit = ~np.isfinite(weights)
    weights = np.where(hit.any(axis=-1, keepdims=True), hit.astype(float), weights)
    weights /= weights.sum(axis=-1, keepdims=True)
    taper = np.exp(-((dmin / length_km) ** 2))
    blended = np.tensordot(np.asarray(anomalies, dtype=float), np.moveaxis(weights, -1, 0),
                           axes=([-1], [0]))
    return np.asarray(blended * taper)


def latitude_trend(lats: Array, values: Array) -> tuple[float, float, float, float]:
    """Least-squares line of ``values`` against latitude, with the value range to clip to."""
    slope, intercept = np.polyfit(lats, values, 1)
    return float(slope), float(intercept), float(np.min(values)), float(np.max(values))
