"""Read the engine's ``Results`` for the tables: every name of the results contract is here.

Amounts are annual, in the presentation currency, positive; an item's category says whether
they are a cost (risk) or a benefit (opportunity). A low–high range is the lowest 5th
percentile to the highest 95th percentile across the scenarios the engine ran.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import xarray as xr

from climrisk.register.models import Register

LOW, CENTRAL, HIGH = "p5", "mean", "p95"


class ResultsLike(Protocol):
    """What the disclosure needs of ``climrisk.engine.Results``."""

    @property
    def dataset(self) -> xr.Dataset: ...


@dataclass(frozen=True)
class Rating:
    """Likelihood and magnitude levels and the band their product falls in."""

    likelihood: int
    magnitude: int
    band: str
    overridden: bool = False

    @property
    def score(self) -> int:
        """Likelihood × magnitude."""
        return self.likelihood * self.magnitude


class Effects:
    """Item-level views of the results, for the scenarios the engine ran."""

    def __init__(self, register: Register, results: ResultsLike) -> None:
        self.register = register
        self.dataset = results.dataset
        self.scenarios: list[str] = [str(s) for s in self.dataset["scenario"].values]

    def has(self, item_id: str) -> bool:
        """Whether the engine put any amount on the item."""
        totals = self.dataset["item_total"]
        return item_id in totals["item"].values and bool(totals.sel(item=item_id).notnull().any())

    def amount(
        self, item_id: str, scenario: str, horizon: str, stat: str = CENTRAL
    ) -> float | None:
        """The item's total annual amount in one scenario and horizon."""
        if not self.has(item_id):
            return None
        where = {"item": item_id, "scenario": scenario, "horizon": horizon, "stat": stat}
        return _value(self.dataset["item_total"].sel(where))

    def span(
        self, item_id: str, horizons: list[str], channel: str | None = None
    ) -> tuple[float, float] | None:
        """Lowest p5 to highest p95 across scenarios and ``horizons``, optionally of one channel.

        An item that lands in several channels gives each channel the sum of its assets'
        percentiles, the closest the per-asset statistics allow.
        """
        if not self.has(item_id):
            return None
        data = self.dataset["item_total"].sel(item=item_id)
        if channel is not None and self.channels(item_id) != [channel]:
            if channel not in self.channels(item_id):
                return None
            data = (
                self.dataset["amount"]
                .sel(item=item_id, channel=channel)
                .sum("asset", skipna=True, min_count=1)
            )
        data = data.sel(horizon=horizons)
        low, high = _value(data.sel(stat=LOW).min()), _value(data.sel(stat=HIGH).max())
        return None if low is None or high is None else (low, high)

    def channels(self, item_id: str) -> list[str]:
        """Channels the engine's models put the item's amounts in."""
        models = self.dataset["model"].sel(item=item_id)
        return [str(c) for c, m in zip(models["channel"].values, models.values, strict=True) if m]

    def total(self, risk: bool, scenario: str, horizon: str) -> float:
        """Whole-company mean annual amount of all risks (or all opportunities)."""
        kinds = ["physical", "transition"] if risk else ["opportunity"]
        totals = self.dataset["company_total"].sel(
            kind=kinds, scenario=scenario, horizon=horizon, stat=CENTRAL
        )
        return float(totals.sum())

    def rating(self, item_id: str, scenario: str, horizon: str) -> Rating | None:
        """The engine's rating of the item (the analyst's override where there is one)."""
        if item_id not in self.dataset["item"].values:
            return None
        where: dict[str, Any] = {"item": item_id, "scenario": scenario, "horizon": horizon}
        likelihood = _value(self.dataset["likelihood"].sel(where))
        magnitude = _value(self.dataset["magnitude"].sel(where))
        if likelihood is None or magnitude is None:
            return None
        overridden = bool(str(self.dataset["override_reason"].sel(item=item_id).item()))
        band = str(self.dataset["band"].sel(where).item())
        return Rating(int(likelihood), int(magnitude), band, overridden)

    def worst_rating(self, item_id: str, horizons: list[str]) -> Rating | None:
        """The highest-scoring rating across the scenarios and ``horizons``."""
        found = [
            r
            for s in self.scenarios
            for h in horizons
            if (r := self.rating(item_id, s, h)) is not None
        ]
        return max(found, key=lambda r: (r.score, r.magnitude), default=None)

    def cross_industry(
        self, category: str, basis: str, measure: str, horizon: str
    ) -> tuple[float, float] | None:
        """IFRS S2 29(b)–(d) figure: lowest and highest across scenarios."""
        if "cross_industry" not in self.dataset:
            return None
        data = self.dataset["cross_industry"].sel(
            category=category, basis=basis, measure=measure, horizon=horizon
        )
        low, high = _value(data.min()), _value(data.max())
        return None if low is None or high is None else (low, high)

    def cross_industry_basis(self) -> str:
        """The engine's statement of the 29(b)–(d) denominators and thresholds."""
        if "cross_industry" not in self.dataset:
            return ""
        return str(self.dataset["cross_industry"].attrs.get("basis", ""))


def _value(data: xr.DataArray) -> float | None:
    value = float(np.asarray(data.values))
    return None if np.isnan(value) else value
