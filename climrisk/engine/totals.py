"""Per-sample totals of items, channels and the company, and their statistics.

A percentile of a sum is not the sum of percentiles, so totals are kept per Monte Carlo
sample while assets stream through, and only then reduced to mean, p5, p50 and p95. Totals
are summed block after block, partition after partition, always in asset order, so a run
cut into partitions on a cluster adds the same numbers in the same order as one process.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from climrisk.engine.ratings import exceedance_shares
from climrisk.register.models import Scales

STATS = ("mean", "p5", "p50", "p95")


def stats(x: np.ndarray) -> np.ndarray:
    """mean, p5, p50, p95 over axis 0, stacked on a new last axis."""
    pct = np.percentile(x, [5, 50, 95], axis=0)
    return np.stack([x.mean(axis=0), *pct], axis=-1)


@dataclass
class Totals:
    """Per-sample sums over assets, for every scenario x horizon.

    ``item`` and ``channel`` are money; ``probability`` is each item's largest annual event
    probability over its assets (events fully correlated across sites), per sample, and NaN
    for an item with a model that is not an event model.
    """

    item: np.ndarray  # (scenario, horizon, item, sample)
    probability: np.ndarray  # (scenario, horizon, item, sample)
    channel: np.ndarray  # (scenario, horizon, channel, kind, sample)
    assessed: np.ndarray  # (scenario, item): at least one of the item's assets has data
    current: np.ndarray  # (item, sample): current-period effect at the reporting year
    exposed: np.ndarray  # (scenario, item): a model's hazard reaches one of the item's assets

    @classmethod
    def zeros(cls, n_s: int, n_h: int, n_i: int, n_c: int, n_k: int, samples: int) -> Totals:
        return cls(
            np.zeros((n_s, n_h, n_i, samples)),
            np.zeros((n_s, n_h, n_i, samples)),
            np.zeros((n_s, n_h, n_c, n_k, samples)),
            np.zeros((n_s, n_i), dtype=bool),
            np.zeros((n_i, samples)),
            np.zeros((n_s, n_i), dtype=bool),
        )

    def add(self, other: Totals) -> None:
        """Add the totals of the next assets (in asset order)."""
        self.item += other.item
        np.maximum(self.probability, other.probability, out=self.probability)
        self.channel += other.channel
        self.assessed |= other.assessed
        self.current += other.current
        self.exposed |= other.exposed


@dataclass(frozen=True)
class TotalStats:
    """Statistics of the totals: what ``Results`` reports for items, channels, company."""

    item_total: np.ndarray  # (item, scenario, horizon, stat)
    channel_total: np.ndarray  # (channel, kind, scenario, horizon, stat)
    company_total: np.ndarray  # (kind, scenario, horizon, stat)
    probability: np.ndarray  # (item, scenario, horizon)
    exceedance: np.ndarray  # (item, scenario, horizon, magnitude level)
    current_effect: np.ndarray  # (item, stat)
    exposed: np.ndarray  # (item, scenario)


def total_stats(
    t: Totals, quantified: np.ndarray, revenue: float, scales: Scales, current: np.ndarray
) -> TotalStats:
    """Mean and percentiles of each total, and the share of samples reaching each magnitude
    threshold (the ratings' basis); items without a quantification stay NaN, and so does an item in a
    scenario where none of its assets could be assessed, an item no hazard of its models reaches
    in any scenario (``exposed``, "not exposed"), and the current-period effect of items
    without a current-period model (``current``)."""
    n_s, n_h, n_i, _ = t.item.shape
    item = np.full((n_i, n_s, n_h, len(STATS)), np.nan)
    prob = np.full((n_i, n_s, n_h), np.nan)
    item_sel = np.moveaxis(t.item[:, :, quantified], 3, 0)  # (sample, s, h, item)
    item[quantified] = np.moveaxis(stats(item_sel), (0, 1, 2), (1, 2, 0))
    prob[quantified] = np.moveaxis(t.probability[:, :, quantified].mean(axis=-1), 2, 0)
    exceed = np.full((n_i, n_s, n_h, len(scales.magnitude)), np.nan)
    shares = exceedance_shares(t.item[:, :, quantified], revenue, scales)  # (s, h, item, level)
    exceed[quantified] = np.moveaxis(shares, 2, 0)
    blank = ~t.assessed.T  # (item, scenario)
    item[blank] = np.nan
    prob[blank] = np.nan
    unexposed = ~t.exposed.any(axis=0)  # (item,): no amount at all, in any scenario
    item[unexposed] = prob[unexposed] = exceed[unexposed] = np.nan
    chan = stats(np.moveaxis(t.channel, 4, 0))  # (s, h, c, k, stat)
    company = stats(np.moveaxis(t.channel.sum(axis=2), 3, 0))  # (s, h, k, stat)
    now = np.full((n_i, len(STATS)), np.nan)
    if current.any():
        now[current] = stats(t.current[current].T)
    return TotalStats(
        item_total=item,
        channel_total=np.moveaxis(chan, (0, 1), (2, 3)),
        company_total=np.moveaxis(company, (0, 1), (1, 2)),
        probability=prob,
        exceedance=exceed,
        current_effect=now,
        exposed=t.exposed.T.copy(),
    )
