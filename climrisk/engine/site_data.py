"""The register's own site values of scenario variables, at a run's scenarios and years.

A site study (an engineering flood study, a weather service's projection for the city, a
water-stress assessment) is better evidence at the site than a coarse grid cell, so its
values win there over every gridded source, and the run records them as site data with
their citation and date.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from climrisk.engine.drivers import ScenarioDrivers
from climrisk.register.models import Asset, SiteValues

SITE_DATA = "site data"


def citation(given: SiteValues) -> str:
    """How a value's source reads in the results and the disclosure."""
    return f"{SITE_DATA}: {given.source} ({given.date.isoformat()})"


def _path(given: SiteValues, scenario: str, years: np.ndarray) -> np.ndarray | None:
    """The values at ``years`` for ``scenario``: linear between the years given, held beyond."""
    if given.value is not None:
        return np.full(years.size, given.value, dtype=float)
    by_year = (given.by_scenario or {}).get(scenario)
    if not by_year:
        return None
    at = np.array(sorted(by_year), dtype=float)
    return np.interp(years.astype(float), at, [by_year[int(y)] for y in at])


@dataclass(frozen=True)
class SiteData:
    """Per variable and scenario, ``(year, asset)`` site values (NaN where a site gives none),
    and per variable each asset's citation (``""`` where none)."""

    values: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    cite: dict[str, np.ndarray] = field(default_factory=dict)

    @classmethod
    def from_assets(cls, assets: list[Asset], variables: set[str], scenarios: list[str],
                    years: list[int]) -> SiteData:
        """The assets' ``hazards`` for the variables a run reads, at its scenarios and years."""
        at = np.asarray(years)
        values: dict[str, dict[str, np.ndarray]] = {}
        cite: dict[str, np.ndarray] = {}
        for k, asset in enumerate(assets):
            for name, given in asset.hazards.items():
                if name not in variables:
                    continue
                cite.setdefault(name, np.full(len(assets), "", dtype=object))[k] = citation(given)
                for s in scenarios:
                    path = _path(given, s, at)
                    if path is not None:
                        per = values.setdefault(name, {})
                        per.setdefault(s, np.full((at.size, len(assets)), np.nan))[:, k] = path
        return cls(values, cite)

    def apply(self, drv: ScenarioDrivers, part: slice) -> None:
        """Put the site values of ``part``'s assets into the sampled drivers, for every
        quantile, and clear the pairs' "not assessed" reasons (the site covers them)."""
        for name, held in self.values.items():
            block = held.get(drv.scenario)
            if block is None or name not in drv.site:
                continue
            block = block[:, part]
            have = np.isfinite(block).all(axis=0)
            if not have.any():
                continue
            site = np.array(drv.site[name], dtype=float, copy=True)
            site[:, :, have] = block[:, None, have]
            drv.site[name] = site
            drv.coverage.reason[have, drv.coverage.drivers.index(name)] = ""

    def sources(self, name: str, scenario: str) -> np.ndarray | None:
        """Per asset, the citation where the site gives ``name`` for ``scenario``, else ``""``."""
        block = self.values.get(name, {}).get(scenario)
        if block is None:
            return None
        return np.where(np.isfinite(block).all(axis=0), self.cite[name], "")
