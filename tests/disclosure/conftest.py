"""Fixtures of the disclosure tests: an example register with synthetic results and grid.

The synthetic results follow the engine's results contract (docs/architecture.md) with
numbers made from the indices, so the golden files change only when the disclosure does.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from climrisk.disclosure.document import Document, compose
from climrisk.disclosure.provenance import Provenance, git_tree_id
from climrisk.engine.assemble import annuity, discounted_years
from climrisk.register import load_register
from climrisk.register.models import Register

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE / "data" / "example"
GOLDEN = HERE / "golden"
REPO = HERE.parents[1]
BUNDLED_OUT = REPO / "disclosures" / "kingsoft-cloud"
LANGS = ["en", "zh-Hant"]
STATS = ["mean", "p5", "p50", "p95"]


class FakeResults:
    """Stands in for ``climrisk.engine.Results``: only ``dataset`` is read."""

    def __init__(self, dataset: xr.Dataset) -> None:
        self.dataset = dataset


def synthetic_grid(scenarios: list[str]) -> xr.Dataset:
    """Scenario coordinates, GSAT and carbon price for ``scenarios``."""
    years = np.arange(2025, 2101)
    n = len(scenarios)
    ramp = (years - 2025) / 75
    gsat = np.stack([1.2 + ramp * (0.6 + 1.4 * i) for i in range(n)])[:, :, None] * np.array(
        [0.8, 1.0, 1.25]
    )
    price = np.stack([10 + ramp * 100 * (n - i) for i in range(n)])
    return xr.Dataset(
        {
            "gsat": (("scenario", "year", "quantile"), gsat),
            "carbon_price": (
                ("scenario", "year"),
                price,
                {"units": "USD2010 t-1", "climrisk_source": "test path",
                 "climrisk_status": "estimate", "long_name": "carbon price"},
            ),
        },
        coords={
            "scenario": scenarios,
            "year": years,
            "quantile": [0.05, 0.5, 0.95],
            "scenario_label": ("scenario", [s.upper() for s in scenarios]),
            "scenario_family": (
                "scenario",
                ["SSP" if s.startswith("ssp") else "NGFS" for s in scenarios],
            ),
            "scenario_type": (
                "scenario",
                ["physical" if s.startswith("ssp") else "transition" for s in scenarios],
            ),
        },
        attrs={
            "title": "synthetic grid",
            "source": "tests/disclosure/conftest.py",
            "climrisk_grid_version": "test",
        },
    )


def synthetic_results(reg: Register, scenarios: list[str]) -> FakeResults:
    """Results with amounts only for the items that name a quantification model."""
    items = [i.id for i in reg.items]
    assets = [a.id for a in reg.assets]
    channels = [c.id for c in reg.main.channels]
    horizons = [h.id for h in reg.horizons]
    shape = (len(items), len(assets), len(channels), len(scenarios), len(horizons), 4)
    amount = np.full(shape, np.nan)
    model = np.full((len(items), len(channels)), "", dtype=object)
    spread = np.array([1.0, 0.6, 0.95, 1.5])
    for i, item in enumerate(reg.items):
        for q in item.quantification:
            c = channels.index(q.channel)
            model[i, c] = q.model
            for a in range(len(assets)):
                for s in range(len(scenarios)):
                    for h in range(len(horizons)):
                        amount[i, a, c, s, h] = 1e5 * (i + 1) * (a + 2) * (s + 1) * (h + 1) * spread
    item_total = np.nansum(amount, axis=(1, 2))
    item_total[np.isnan(amount).all(axis=(1, 2))] = np.nan
    kinds = ["physical", "transition", "opportunity"]
    company = np.zeros((3, len(scenarios), len(horizons), 4))
    for i, item in enumerate(reg.items):
        company[kinds.index(item.category.kind)] += np.nan_to_num(item_total[i])
    lik = np.fromfunction(
        lambda i, s, h: 1 + (i + s + h) % 2, (len(items), len(scenarios), len(horizons))
    )
    mag = np.fromfunction(lambda i, s, h: 1 + (i * s + h) % 2, lik.shape)
    score = lik * mag
    band = np.where(score >= 3, "high", "low")
    ci = np.fromfunction(
        lambda c, b, m, s, h: (c + 1) * (b + 1) * (s + h + 1) * np.where(m == 0, 1e7, 1.0),
        (3, 2, 2, len(scenarios), len(horizons)),
    )
    # One pair the scenario data leaves out: the last asset lacks sea level in the last
    # scenario (a coverage mask), so e-4c has a row to render.
    reason = np.full((len(items), len(assets), len(scenarios)), "", dtype=object)
    driver = reason.copy()
    reason[0, -1, -1], driver[0, -1, -1] = "masked", "sea_level_change"
    drivers = ["carbon_price", "sea_level_change"]
    source = np.full((len(assets), len(drivers), len(scenarios)), "synthetic grid", dtype=object)
    source[-1, 1, -1] = ""
    ref = reg.main.entity.reporting_period.end.year
    spans = np.array([discounted_years(h.start_years, h.end_years, ref, 2100)
                      for h in reg.horizons])
    factor = [annuity(a, b, ref, reg.main.valuation.rate) for a, b in spans]
    ds = xr.Dataset(
        {
            "not_assessed_reason": (("item", "asset", "scenario"), reason.astype(str)),
            "not_assessed_driver": (("item", "asset", "scenario"), driver.astype(str)),
            "data_source": (("asset", "driver", "scenario"), source.astype(str)),
            "amount": (("item", "asset", "channel", "scenario", "horizon", "stat"), amount),
            "item_total": (("item", "scenario", "horizon", "stat"), item_total),
            "company_total": (("kind", "scenario", "horizon", "stat"), company),
            "likelihood": (("item", "scenario", "horizon"), lik),
            "magnitude": (("item", "scenario", "horizon"), mag),
            "band": (("item", "scenario", "horizon"), band),
            "override_reason": (("item",), np.array([""] * len(items))),
            "model": (("item", "channel"), model.astype(str)),
            "cross_industry": (("category", "basis", "measure", "scenario", "horizon"), ci),
        },
        coords={
            "item": items,
            "asset": assets,
            "channel": channels,
            "scenario": scenarios,
            "horizon": horizons,
            "stat": STATS,
            "driver": drivers,
            "kind": kinds,
            "category": kinds,
            "basis": ["assets", "revenue"],
            "measure": ["amount", "percent"],
            "annuity_factor": ("horizon", factor),
            "pv_first_year": ("horizon", spans[:, 0]),
            "pv_last_year": ("horizon", spans[:, 1]),
        },
    )
    return FakeResults(ds)


@pytest.fixture(scope="session")
def example_register() -> Register:
    """The example register of the golden files."""
    return load_register(EXAMPLE)


@pytest.fixture(scope="session")
def example_document(example_register: Register) -> Document:
    """The example disclosure, from synthetic results and grid."""
    scenarios = ["ssp126", "ssp245", "ngfs-nz2050"]
    grid = synthetic_grid(scenarios)
    provenance = Provenance(git_tree_id(EXAMPLE), {"title": "synthetic grid"}, {}, 10, 1)
    return compose(
        example_register, synthetic_results(example_register, scenarios), grid, provenance
    )


@pytest.fixture(scope="session")
def bundled_files() -> dict[str, bytes]:
    """Every output of the bundled register, rendered once per session with the real engine."""
    from climrisk.disclosure.pipeline import render

    return render(None, None, LANGS)


def run_cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """``climrisk`` in a subprocess, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "climrisk.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
