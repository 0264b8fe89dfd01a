"""Read the engine's ``Results`` for the tables: every name of the results contract is here.

Amounts are annual, in the presentation currency, positive; an item's category says whether
they are a cost (risk) or a benefit (opportunity). Scenario spread (the lowest to highest mean
across scenarios) and the uncertainty within one scenario (its 5th to 95th percentile) are
kept apart, and every range says which it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Protocol

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


@dataclass(frozen=True)
class NotAssessed:
    """An item at an asset that the engine could not assess, and why."""

    item: str
    asset: str
    driver: str
    reason: str  # a code of climrisk.engine.coverage.REASONS
    scenarios: tuple[str, ...]


class Effects:
    """Item-level views of the results, for the scenarios the engine ran."""

    def __init__(self, register: Register, results: ResultsLike) -> None:
        self.register = register
        self.dataset = results.dataset
        self.scenarios: list[str] = [str(s) for s in self.dataset["scenario"].values]

    def has(self, item_id: str) -> bool:
        """Whether the engine put any amount on the item."""
        return item_id in self._quantified

    @cached_property
    def _quantified(self) -> set[str]:
        totals = self.dataset["item_total"]
        present = totals.notnull().any([d for d in totals.dims if d != "item"]).values
        return {str(i) for i, p in zip(totals["item"].values, present, strict=True) if p}

    @cached_property
    def _totals(self) -> dict[tuple[str, str, str, str], float]:
        """Every item total read once (see ``_ratings``)."""
        da = self.dataset["item_total"].transpose("item", "scenario", "horizon", "stat")
        keys = [[str(v) for v in da[d].values] for d in da.dims]
        values = da.values
        return {
            (i, s, h, st): float(values[a, b, c, d])
            for a, i in enumerate(keys[0])
            for b, s in enumerate(keys[1])
            for c, h in enumerate(keys[2])
            for d, st in enumerate(keys[3])
        }

    def amount(
        self, item_id: str, scenario: str, horizon: str, stat: str = CENTRAL
    ) -> float | None:
        """The item's total annual amount in one scenario and horizon."""
        if not self.has(item_id):
            return None
        value = self._totals.get((item_id, scenario, horizon, stat), float("nan"))
        return None if np.isnan(value) else value

    def span(
        self,
        item_id: str,
        horizons: list[str],
        channel: str | None = None,
        *,
        scenarios: list[str] | None = None,
        low: str = CENTRAL,
        high: str = CENTRAL,
    ) -> tuple[float, float] | None:
        """Lowest ``low`` to highest ``high`` statistic across ``scenarios`` (default: all)
        and ``horizons``, optionally of one channel.

        The default, lowest to highest mean, is the spread between scenarios; ``low="p5",
        high="p95"`` within one scenario is the uncertainty of the estimates. An item that
        lands in several channels gives each channel the sum of its assets' statistics (exact
        for the mean, the closest the per-asset statistics allow for percentiles).
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
        data = data.sel(horizon=horizons, scenario=scenarios or self.scenarios)
        lo, hi = _value(data.sel(stat=low).min()), _value(data.sel(stat=high).max())
        return None if lo is None or hi is None else (lo, hi)

    def not_exposed(self, item_id: str) -> bool:
        """Whether no hazard of the item's models reaches any of its assets in any scenario:
        a finding about the hazard, shown as "not exposed", never as a quantified zero."""
        ds = self.dataset
        if "exposed" not in ds or item_id not in ds["item"].values:
            return False
        return not bool(ds["exposed"].sel(item=item_id).any())

    def current_span(self, item_id: str, channel: str) -> tuple[float, float] | None:
        """p5–p95 of the item's current-period effect when all its current-period models land
        in ``channel``; ``None`` where no recurring-cost model applies (or results predate it)."""
        ds = self.dataset
        if "current_effect" not in ds or item_id not in ds["item"].values:
            return None
        flags = ds["current_channel"].sel(item=item_id)
        chans = {str(c) for c, f in zip(flags["channel"].values, flags.values, strict=True) if f}
        if chans != {channel}:
            return None
        data = ds["current_effect"].sel(item=item_id)
        low, high = _value(data.sel(stat=LOW)), _value(data.sel(stat=HIGH))
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
        return self._ratings.get((item_id, scenario, horizon))

    @cached_property
    def _ratings(self) -> dict[tuple[str, str, str], Rating]:
        """Every rating read once: tables ask for hundreds, and one xarray lookup is slow."""
        ds = self.dataset
        dims = ("item", "scenario", "horizon")
        likelihood = ds["likelihood"].transpose(*dims).values
        magnitude = ds["magnitude"].transpose(*dims).values
        bands = ds["band"].transpose(*dims).values
        reasons = ds["override_reason"].values
        items = [str(i) for i in ds["item"].values]
        horizons = [str(h) for h in ds["horizon"].values]
        out: dict[tuple[str, str, str], Rating] = {}
        for a, item in enumerate(items):
            for b, scenario in enumerate(self.scenarios):
                for c, horizon in enumerate(horizons):
                    lk, mg = _value(likelihood[a, b, c]), _value(magnitude[a, b, c])
                    if lk is None or mg is None:
                        continue
                    out[(item, scenario, horizon)] = Rating(
                        int(lk), int(mg), str(bands[a, b, c]), bool(str(reasons[a]))
                    )
        return out

    def worst_rating(self, item_id: str, horizons: list[str]) -> Rating | None:
        """The highest-scoring rating across the scenarios and ``horizons``."""
        found = self.worst(item_id, horizons)
        return found[0] if found else None

    def worst(self, item_id: str, horizons: list[str]) -> tuple[Rating, str, str] | None:
        """The highest-scoring rating with the scenario and horizon it occurs in (the first
        in register order on ties)."""
        found = [
            (r, s, h)
            for s in self.scenarios
            for h in horizons
            if (r := self.rating(item_id, s, h)) is not None
        ]
        best = max(found, key=lambda f: (f[0].score, f[0].magnitude), default=None)
        return best

    def convention(self, item_id: str) -> str | None:
        """The rating convention the engine rated the item under (``family:name``)."""
        if "rating_convention" not in self.dataset:
            return None
        value = str(self.dataset["rating_convention"].sel(item=item_id).item())
        return value or None

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

    def not_assessed(self) -> list[NotAssessed]:
        """Item x asset pairs left out for want of scenario data, one per driver and reason."""
        ds = self.dataset
        if "not_assessed_reason" not in ds:
            return []
        dims = ("item", "asset", "scenario")
        reason = ds["not_assessed_reason"].transpose(*dims).values
        driver = ds["not_assessed_driver"].transpose(*dims).values
        found: dict[tuple[str, str, str, str], list[str]] = {}
        for i, a, s in zip(*np.nonzero(reason != ""), strict=True):
            key = (
                str(ds["item"].values[i]),
                str(ds["asset"].values[a]),
                str(driver[i, a, s]),
                str(reason[i, a, s]),
            )
            found.setdefault(key, []).append(self.scenarios[s])
        return [NotAssessed(*k, tuple(v)) for k, v in found.items()]

    def cross_industry_basis(self) -> str:
        """The engine's statement of the 29(b)–(d) denominators and thresholds."""
        if "cross_industry" not in self.dataset:
            return ""
        return str(self.dataset["cross_industry"].attrs.get("basis", ""))


def _value(data: xr.DataArray | np.generic) -> float | None:
    value = float(np.asarray(getattr(data, "values", data)))
    return None if np.isnan(value) else value
