"""Which site-driver pairs the scenario data covers, and why the others are not assessed.

A site beyond a grid's extent, a cell a variable's coverage mask leaves empty (sea level
inland), a power-grid region a table lacks, or a variable a grid does not carry at all: each
makes the pair "not assessed" with a reason, never an error for the whole register. The
engine then scores what each site has data for and leaves the rest out of the totals, and
the tables, the app and ``climrisk validate`` say which pairs and why.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

OUTSIDE = "outside"
"""The site lies beyond the grid's extent."""
MASKED = "masked"
"""The site is inside the grid but the variable holds no value there (its coverage mask)."""
NO_REGION = "no_region"
"""A regional table has no row for the site's region."""
NO_VARIABLE = "no_variable"
"""The grid does not carry the variable at all."""
NO_ENTRY = "no_entry"
"""A reference table (Aqueduct water stress) has no entry for the site's province or country,
and the register gives no site value."""
REASONS = (OUTSIDE, MASKED, NO_REGION, NO_VARIABLE, NO_ENTRY)
EXTENT_ATTR = "climrisk_extent"
"""Attribute of the run's window: the whole grid's extent in words, for "outside" reasons."""

_TEXT = {
    OUTSIDE: "the site lies outside the scenario data's extent ({extent})",
    MASKED: "'{driver}' has no value at the site ({coverage})",
    NO_REGION: "'{driver}' has no row for the site's region {region}",
    NO_VARIABLE: "the scenario data has no variable '{driver}'",
    NO_ENTRY: "'{driver}' has no entry for the site's province or country in its reference "
              "table, and the register gives no site value (hazards.{driver})",
}


def reason_text(code: str, driver: str, *, extent: str = "", coverage: str = "",
                region: str = "") -> str:
    """The English sentence for a reason code (tables translate the code themselves); a
    variable the data lacks names how to add it where the variable table says."""
    text = _TEXT[code].format(driver=driver, extent=extent, region=region,
                              coverage=coverage or "outside the variable's coverage")
    if code == NO_VARIABLE:
        from climrisk.grids.metadata import variables

        hint = variables().get(driver, {}).get("how_to_add")
        text += f"; {hint}" if hint else ""
    return text


@dataclass
class Coverage:
    """Reason codes per (site, driver) for one scenario; ``""`` where the data covers it."""

    drivers: list[str]
    reason: np.ndarray  # (site, driver), object strings

    @classmethod
    def empty(cls, sites: int, drivers: list[str]) -> Coverage:
        return cls(list(drivers), np.full((sites, len(drivers)), "", dtype=object))

    def mark(self, driver: str, missing: np.ndarray, code: str) -> None:
        """Record ``code`` for the sites in ``missing`` that have no reason yet."""
        j = self.drivers.index(driver)
        col = self.reason[:, j]
        col[np.asarray(missing, bool) & (col == "")] = code

    def mark_values(self, driver: str, values: np.ndarray, inside: np.ndarray | None) -> None:
        """Sites outside the grid, then sites whose sampled values are not all finite.

        ``values`` has sites on its last axis.
        """
        if inside is not None:
            self.mark(driver, ~inside, OUTSIDE)
        flat = np.asarray(values, float).reshape(-1, values.shape[-1])
        self.mark(driver, ~np.isfinite(flat).all(axis=0), MASKED)

    def missing(self, drivers: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For a model reading ``drivers``: per site, not assessed?, which driver, which code.

        The first driver (in the model's order) without data gives the reason.
        """
        n = self.reason.shape[0]
        bad = np.zeros(n, dtype=bool)
        which = np.full(n, "", dtype=object)
        code = np.full(n, "", dtype=object)
        for d in drivers:
            if d not in self.drivers:
                continue
            col = self.reason[:, self.drivers.index(d)]
            new = (col != "") & ~bad
            which[new], code[new] = d, col[new]
            bad |= new
        return bad, which, code


@dataclass
class Gaps:
    """The item x asset cells a run could not assess, per scenario, and each pair's source.

    ``driver``/``reason``/``text`` are ``(item, asset, scenario)`` (``""`` where assessed);
    ``coverage`` and ``source`` are ``(asset, driver, scenario)``.
    """

    extent: str
    drivers: list[str]
    driver: np.ndarray
    reason: np.ndarray
    text: np.ndarray
    coverage: np.ndarray
    source: np.ndarray

    @classmethod
    def allocate(cls, n_i: int, n_a: int, n_s: int, extent: str, drivers: list[str]) -> Gaps:
        def blank(*shape: int) -> np.ndarray:
            return np.full(shape, "", dtype=object)

        return cls(extent, list(drivers), blank(n_i, n_a, n_s), blank(n_i, n_a, n_s),
                   blank(n_i, n_a, n_s), blank(n_a, len(drivers), n_s),
                   blank(n_a, len(drivers), n_s))

    def record(self, specs: dict[object, tuple[str, ...]], masks: list[
               tuple[int, object, np.ndarray]], cov: Coverage, si: int, attrs: dict[str, str],
               regions: np.ndarray) -> dict[object, np.ndarray]:
        """Per model, the assets it cannot assess in scenario ``si``; fills the item cells.

        ``specs`` maps each model to the drivers it reads; ``masks`` lists each job's
        (item, model, asset mask); ``attrs`` the variables' ``coverage`` notes.
        """
        for j, d in enumerate(cov.drivers):
            if d in self.drivers:
                self.coverage[:, self.drivers.index(d), si] = cov.reason[:, j]
        found = {model: cov.missing(drivers) for model, drivers in specs.items()}
        for item, model, mask in masks:
            bad, which, code = found[model]
            for a in np.flatnonzero(bad & mask & (self.reason[item, :, si] == "")):
                self.driver[item, a, si] = which[a]
                self.reason[item, a, si] = code[a]
                self.text[item, a, si] = reason_text(
                    code[a], which[a], extent=self.extent, region=str(regions[a]),
                    coverage=attrs.get(which[a], ""))
        return {model: f[0] for model, f in found.items()}

    def take(self, part: slice) -> Gaps:
        """The cells of the assets in ``part`` (a copy, for a partition's result)."""
        return Gaps(self.extent, self.drivers, self.driver[:, part].copy(),
                    self.reason[:, part].copy(), self.text[:, part].copy(),
                    self.coverage[part].copy(), self.source[part].copy())

    def put(self, part: slice, other: Gaps) -> None:
        """Write a partition's cells back."""
        self.driver[:, part], self.reason[:, part] = other.driver, other.reason
        self.text[:, part], self.coverage[part] = other.text, other.coverage
        self.source[part] = other.source

    def variables(self) -> dict[str, tuple[tuple[str, ...], np.ndarray]]:
        """The results' coverage variables."""
        ias, ads = ("item", "asset", "scenario"), ("asset", "driver", "scenario")
        return {
            "not_assessed_driver": (ias, self.driver.astype(str)),
            "not_assessed_reason": (ias, self.reason.astype(str)),
            "not_assessed_text": (ias, self.text.astype(str)),
            "coverage": (ads, self.coverage.astype(str)),
            "data_source": (ads, self.source.astype(str)),
        }
