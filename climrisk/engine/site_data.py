"""The register's own site values of scenario variables, at a run's scenarios and years.

A site study (an engineering flood study, a weather service's projection for the city, a
water-stress assessment) is better evidence at the site than a coarse grid cell, so its
values win there over every gridded source, and the run records them as site data with
their citation and date.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from climrisk.engine import water_stress
from climrisk.engine.coverage import NO_ENTRY, NO_VARIABLE
from climrisk.engine.drivers import ScenarioDrivers
from climrisk.register.models import Asset, SiteValues

SITE_DATA = "site data"
REFERENCE = {water_stress.VARIABLE}
"""Site variables no grid carries: a published reference table gives them where the register
does not, and a site neither covers is "not assessed" (``no_entry``)."""


def citation(given: SiteValues) -> str:
    """How a value's source reads in the results and the disclosure."""
    return f"{SITE_DATA}: {given.source} ({given.date.isoformat()})"


def _path(given: SiteValues, scenario: str, years: np.ndarray) -> np.ndarray | None:
    """The values at ``years`` for ``scenario``: linear between the years given, held beyond."""
    if given.value is not None:
        return np.full(years.size, given.value, dtype=float)
    return _interp((given.by_scenario or {}).get(scenario), years)


def _interp(by_year: dict[int, float] | None, years: np.ndarray) -> np.ndarray | None:
    if not by_year:
        return None
    at = np.array(sorted(by_year), dtype=float)
    return np.interp(years.astype(float), at, [by_year[int(y)] for y in at])


def reference_citation(asset: Asset, scenario: str,
                       table: water_stress.AqueductTable) -> tuple[dict[int, float] | None, str]:
    """A site's water-stress path for ``scenario`` from the Aqueduct table, and its citation
    ("" and ``None`` where the table has no entry for the site's province or country)."""
    loc = asset.location
    place, level = table.place(loc.country, loc.province)
    if place is None:
        return None, ""
    path, how = place.path(scenario)
    if path is None:
        return None, ""
    return path, f"{table.label}: {level} {place.name} ({place.code}), {how}"


@dataclass(frozen=True)
class SiteData:
    """Per variable and scenario, ``(year, asset)`` site values (NaN where a site gives none),
    and per variable each asset's citation (``""`` where none)."""

    values: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    cite: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)

    @classmethod
    def from_assets(cls, assets: list[Asset], variables: set[str], scenarios: list[str],
                    years: list[int], table: water_stress.AqueductTable | None = None
                    ) -> SiteData:
        """The assets' ``hazards`` for the variables a run reads, at its scenarios and years,
        and the reference table's values (``table``, default the bundled Aqueduct extract)
        for the assets whose register gives none."""
        at = np.asarray(years)
        values: dict[str, dict[str, np.ndarray]] = {}
        cite: dict[str, dict[str, np.ndarray]] = {}

        def put(name: str, s: str, k: int, path: np.ndarray, text: str) -> None:
            block = values.setdefault(name, {}).setdefault(
                s, np.full((at.size, len(assets)), np.nan))
            block[:, k] = path
            cited = cite.setdefault(name, {})
            cited.setdefault(s, np.full(len(assets), "", dtype=object))[k] = text

        for k, asset in enumerate(assets):
            for name, given in asset.hazards.items():
                if name not in variables:
                    continue
                for s in scenarios:
                    path = _path(given, s, at)
                    if path is not None:
                        put(name, s, k, path, citation(given))
        if water_stress.VARIABLE in variables:
            table = table or water_stress.AqueductTable.bundled()
            for k, asset in enumerate(assets):
                for s in scenarios:
                    if np.isfinite(values.get(water_stress.VARIABLE, {}).get(
                            s, np.full((1, len(assets)), np.nan))[:, k]).all():
                        continue  # the register's own value wins
                    by_year, text = reference_citation(asset, s, table)
                    path = _interp(by_year, at)
                    if path is not None:
                        put(water_stress.VARIABLE, s, k, path, text)
        return cls(values, cite)

    def apply(self, drv: ScenarioDrivers, part: slice) -> None:
        """Put the site values of ``part``'s assets into the sampled drivers, for every
        quantile, and clear the pairs' "not assessed" reasons (the site covers them).

        A reference variable no site value or table entry covers is "not assessed" with
        ``no_entry``, not the grid's "no such variable"."""
        for name in REFERENCE & set(drv.site):
            col = drv.coverage.reason[:, drv.coverage.drivers.index(name)]
            col[col == NO_VARIABLE] = NO_ENTRY
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
        return np.where(np.isfinite(block).all(axis=0), self.cite[name][scenario], "")
