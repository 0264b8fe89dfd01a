"""Flood damage and downtime from depth per return period (JRC Asia depth-damage curves).

Expected annual damage (EAD) integrates the loss over annual exceedance probability with the
trapezoidal rule (``trapezoid_weights``): linear between return periods, flat beyond the
rarest, and cut at the site's standard of protection. ``event_weights`` keeps the rectangle
rule, a lower bound, for comparison and for Monte Carlo checks that draw one event a year.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from climrisk.grids.sampling import Stencil

# Huizinga et al. 2017 (JRC105688), Asia, as coded in CLIMADA petals test_fl.py (scenario facts 7.2).
JRC_ASIA_DEPTH_M = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0)
JRC_ASIA = {
    "commercial": (0.0, 0.377, 0.538, 0.659, 0.763, 0.883, 0.942, 0.981, 1.0),
    "industrial": (0.0, 0.283, 0.482, 0.629, 0.717, 0.857, 0.909, 0.955, 1.0),
    "residential": (0.0, 0.327, 0.494, 0.617, 0.721, 0.870, 0.931, 0.984, 1.0),
}
JRC_SOURCE = "Huizinga et al. 2017, JRC105688, Asia curves (CLIMADA petals test_fl.py)"

FORMULA_DAMAGE = (
    "depth_i = depth0_i * ((1 + rx1day(t)) / (1 + rx1day(t0)))^flood_depth_rain_elasticity; "
    "loss_i = curve(depth_i) * replacement_value; EAD = trapezoidal integral of loss over "
    "p = 1/RP, flat beyond the rarest RP, cut at p = 1/protection_rp (loss interpolated there)"
)
FORMULA_DOWNTIME = (
    "days_i = min(365, flood_downtime_days_per_m * max(0, depth_i - flood_downtime_threshold_m)); "
    "lost_i = revenue * revenue_dependency * days_i / 365; expected = trapezoidal integral over "
    "p = 1/RP as for the damage"
)


@dataclass(frozen=True)
class DepthDamage:
    """A piecewise-linear depth-damage curve, flat beyond its last depth.

    When the knots lie on a common step (the JRC curves use 0.5 m), evaluation works on
    q = depth / step: the integer part picks a segment and the curve is one multiply-add
    with that segment's slope and intercept, which is exact and several times faster than
    ``np.interp``.
    """

    depth: Sequence[float]
    damage: Sequence[float]
    _step: float = field(init=False, repr=False)
    _slope: np.ndarray = field(init=False, repr=False)
    _intercept: np.ndarray = field(init=False, repr=False)
    _cache: dict[str, tuple[np.ndarray, np.ndarray]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        d = np.asarray(self.depth, float)
        f = np.asarray(self.damage, float)
        if d.size != f.size or d.size < 2 or np.any(np.diff(d) <= 0) or d[0] != 0:
            raise ValueError("depths must start at 0 and rise, one damage value each")
        millis = np.rint(d * 1000).astype(int)
        step_mm = int(np.gcd.reduce(millis[1:])) if np.allclose(millis, d * 1000) else 0
        step = step_mm / 1000 if step_mm and d[-1] / (step_mm / 1000) <= 4096 else 0.0
        if step:
            knots = np.arange(round(d[-1] / step) + 1)
            values = np.interp(knots * step, d, f)
            slope = np.append(np.diff(values), 0.0)  # per step, flat after the last knot
            intercept = values - slope * knots
        else:
            slope = intercept = np.empty(0)
        object.__setattr__(self, "_step", step)
        object.__setattr__(self, "_slope", slope)
        object.__setattr__(self, "_intercept", intercept)

    def _tables(self, dtype: np.dtype) -> tuple[np.ndarray, np.ndarray]:
        """Slope and intercept tables in ``dtype`` (cached: the call is on the hot path)."""
        key = np.dtype(dtype).str
        if key not in self._cache:
            self._cache[key] = (self._slope.astype(dtype), self._intercept.astype(dtype))
        return self._cache[key]

    @classmethod
    def jrc_asia(cls, kind: str = "commercial") -> DepthDamage:
        """The JRC Asia curve for ``commercial``, ``industrial`` or ``residential`` assets."""
        return cls(JRC_ASIA_DEPTH_M, JRC_ASIA[kind])

    def __call__(self, depth: np.ndarray) -> np.ndarray:
        """Damage ratio (0–1) at each depth in metres; negative depths count as dry."""
        depth = np.asarray(depth)
        dtype = depth.dtype if depth.dtype in (np.float32, np.float64) else np.dtype(np.float64)
        if not self._step:
            x = np.maximum(depth, 0.0, dtype=dtype)
            return np.interp(x, self.depth, self.damage).astype(dtype, copy=False)
        slope, intercept = self._tables(dtype)
        q = np.multiply(depth, dtype.type(1 / self._step), dtype=dtype)
        np.clip(q, dtype.type(0), dtype.type(slope.size - 1), out=q)
        idx = q.astype(np.int32)
        # Indices are in range by construction; mode="clip" skips numpy's bounds check.
        out = slope.take(idx, mode="clip")
        out *= q
        out += intercept.take(idx, mode="clip")
        return out


class CurveSet:
    """Several depth-damage curves on one depth step, evaluated in one pass.

    Each element picks its curve by index; the slope and intercept tables of all curves
    are laid end to end, so a portfolio with mixed curves needs no per-curve masks or
    copies, and each value is the same multiply-add its own curve would give.
    """

    def __init__(self, curves: Sequence[DepthDamage]) -> None:
        steps = {c._step for c in curves}
        if len(steps) != 1 or not next(iter(steps)):
            raise ValueError("curves of a set must share one regular depth step")
        self.curves = list(curves)
        self._step = steps.pop()
        self._slope = np.concatenate([c._slope for c in curves])
        self._intercept = np.concatenate([c._intercept for c in curves])
        sizes = np.array([c._slope.size for c in curves])
        self._offset = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int32)
        self._top = (sizes - 1).astype(float)

    def __call__(self, depth: np.ndarray, which: np.ndarray) -> np.ndarray:
        """Damage ratio at each depth with curve ``which`` (broadcast against ``depth``)."""
        depth = np.asarray(depth, float)
        which = np.asarray(which)
        q = np.multiply(depth, 1 / self._step)
        np.clip(q, 0.0, self._top[which], out=q)
        idx = q.astype(np.int32)
        idx += self._offset[which]
        out = self._slope.take(idx, mode="clip")
        out *= q
        out += self._intercept.take(idx, mode="clip")
        return out


def event_weights(
    return_periods: np.ndarray, protection_rp: np.ndarray | float = 0.0
) -> np.ndarray:
    """Weights wᵢ = 1/RPᵢ − 1/RPᵢ₊₁ (last 1/RP₍ₙ₊₁₎ = 0); zero for RPᵢ ≤ protection.

    ``return_periods`` is ``(..., n)`` ascending; pad shorter lists with ``inf`` (weight 0).
    """
    rp = np.asarray(return_periods, float)
    inv = 1.0 / rp
    nxt = np.concatenate([inv[..., 1:], np.zeros_like(inv[..., :1])], axis=-1)
    w = inv - nxt
    return np.where(rp <= np.asarray(protection_rp, float)[..., None], 0.0, w)


def trapezoid_weights(
    return_periods: np.ndarray, protection_rp: np.ndarray | float = 0.0
) -> np.ndarray:
    """Weights wᵢ with EAD = Σᵢ wᵢ·Lᵢ for the trapezoidal rule over exceedance probability.

    Losses are linear in p = 1/RP between the given return periods, flat beyond the rarest
    (tail p ∈ [0, 1/RPₙ]) and zero for events more frequent than the first. A standard of
    protection cuts the curve at p = 1/SoP: events up to it cause no loss, the loss just
    beyond it is interpolated between its neighbours (the convention of Ward et al. 2013 and
    Aqueduct Floods). Pad shorter lists with ``inf`` (p = 0: they only extend the flat tail).
    """
    rp = np.asarray(return_periods, float)
    p = 1.0 / rp
    sop = np.asarray(protection_rp, float)[..., None]
    cut = np.where(sop > 0, 1.0 / np.where(sop > 0, sop, 1.0), np.inf)
    hi, lo = p[..., :-1], p[..., 1:]  # segment i runs from p_i down to p_(i+1)
    b = np.minimum(hi, cut)
    width = np.maximum(b - lo, 0.0)
    span = hi - lo
    t = np.divide(width, span, out=np.zeros_like(width), where=span > 0)
    w = np.zeros(np.broadcast_shapes(p.shape, cut.shape))
    w[..., :-1] += width / 2 * t
    w[..., 1:] += width / 2 * (2 - t)
    w[..., -1] += np.minimum(p[..., -1:], cut)[..., 0]
    return w


def damage_probability(
    losses: np.ndarray, return_periods: np.ndarray, protection_rp: np.ndarray | float = 0.0
) -> np.ndarray:
    """Annual probability of a damaging event: 1/RP of the most frequent damaging return
    period, no more than 1/SoP."""
    p = 1.0 / np.asarray(return_periods, float)
    sop = np.asarray(protection_rp, float)
    cut = np.where(sop > 0, 1.0 / np.where(sop > 0, sop, 1.0), np.inf)
    first = np.max(np.where(np.asarray(losses) > 0, p, 0.0), axis=-1)
    return np.minimum(first, cut)


def expected_annual(losses: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Σᵢ lossᵢ·wᵢ over the last axis."""
    return np.sum(losses * weights, axis=-1)


def loss_probability(losses: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Annual probability of any loss: the exceedance probability of the first damaging event."""
    return np.sum(np.where(losses > 0, weights, 0.0), axis=-1)


def scale_depth(
    depth0: np.ndarray, rx1day: np.ndarray, rx1day_ref: np.ndarray, elasticity: np.ndarray
) -> np.ndarray:
    """Depth at each return period under changed wettest-day rainfall.

    Assumption: depth scales as the rainfall ratio to the power ``elasticity`` (a parameter);
    the present-day profile belongs to the reference year ``rx1day_ref``.
    """
    ratio = (1.0 + np.asarray(rx1day)) / (1.0 + np.asarray(rx1day_ref))
    return np.asarray(depth0) * np.power(ratio, elasticity)[..., None]


def flood_damage(
    depth: np.ndarray,
    return_periods: np.ndarray,
    protection_rp: np.ndarray,
    value: np.ndarray,
    curve: DepthDamage,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Expected annual damage, loss per return period and annual loss probability.

    ``depth`` is ``(..., n)`` over return periods; ``value`` the replacement value.
    """
    losses = curve(depth) * np.asarray(value)[..., None]
    w = trapezoid_weights(return_periods, protection_rp)
    p = damage_probability(losses, return_periods, protection_rp)
    return expected_annual(losses, w), losses, p


def downtime_days(depth: np.ndarray, days_per_m: np.ndarray, threshold_m: np.ndarray) -> np.ndarray:
    """Outage days for a flood depth: linear above the threshold, capped at a year."""
    over = np.maximum(np.asarray(depth) - np.asarray(threshold_m)[..., None], 0.0)
    return np.minimum(over * np.asarray(days_per_m)[..., None], 365.0)


def flood_downtime(
    depth: np.ndarray,
    return_periods: np.ndarray,
    protection_rp: np.ndarray,
    revenue_supported: np.ndarray,
    days_per_m: np.ndarray,
    threshold_m: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Expected annual lost revenue from flood outages and the annual outage probability."""
    lost = (
        downtime_days(depth, days_per_m, threshold_m)
        / 365.0
        * np.asarray(revenue_supported)[..., None]
    )
    w = trapezoid_weights(return_periods, protection_rp)
    return expected_annual(lost, w), damage_probability(lost, return_periods, protection_rp)


def gridded_ead(
    sites: Stencil,
    depth: np.ndarray,
    return_periods: Sequence[float],
    value: np.ndarray | float,
    curve: DepthDamage,
) -> np.ndarray:
    """EAD at each site of a gridded depth map, bilinearly sampled.

    ``depth`` is ``(nlat, nlon, *C, n)`` with the return periods last (``C`` e.g. scenario x
    year); the result is ``(sites, *C)``. The curve and the sum over return periods run on
    each block of sampled depths while it is in cache, so memory stays at the map plus a few
    megabytes.
    """
    cases = depth.shape[2:-1]
    dtype = depth.dtype if depth.dtype in (np.float32, np.float64) else np.dtype(np.float64)
    w = trapezoid_weights(np.asarray(return_periods, float)).astype(dtype)
    # Block-diagonal (C*n, C): the sum over return periods of every case as one matrix product.
    sum_rp = np.kron(np.eye(int(np.prod(cases)), dtype=dtype), w[:, None])

    def reduce(values: np.ndarray) -> np.ndarray:
        return curve(values.reshape(values.shape[0], -1)) @ sum_rp

    ead = sites.apply(depth, reduce).reshape(len(sites), *cases)
    shape = (-1,) + (1,) * len(cases)
    return ead * np.broadcast_to(np.asarray(value, float), (len(sites),)).reshape(shape)


__all__ = [
    "JRC_ASIA",
    "CurveSet",
    "DepthDamage",
    "damage_probability",
    "event_weights",
    "expected_annual",
    "flood_damage",
    "flood_downtime",
    "gridded_ead",
    "scale_depth",
    "trapezoid_weights",
]
