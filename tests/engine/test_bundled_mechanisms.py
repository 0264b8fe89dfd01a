"""The bundled register through the mechanism models: current-period effect, independence of
the items' scenario patterns, and the carbon-price what-if."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import xarray as xr

from climrisk.engine import run
from climrisk.engine.assumptions import Assumptions
from climrisk.engine.catalogue import catalogue
from climrisk.engine.parameters import ParameterSet
from climrisk.engine.portfolio import AssetTable
from climrisk.engine.transition import carbon_markets as cm
from climrisk.grids import open_default
from climrisk.packs.data_centers import physics
from climrisk.register import default_register_dir, load_register
from climrisk.register.models import Register

SAMPLES, SEED = 200, 11
WARMING = {"tas_change", "tasmax_change", "hot_days", "cdd", "rx1day_change", "sea_level_change"}


@pytest.fixture(scope="module")
def bundled() -> Register:
    return load_register(default_register_dir())


@pytest.fixture(scope="module")
def models(bundled: Register) -> dict:  # type: ignore[type-arg]
    return catalogue(bundled.main.packs)


@pytest.fixture(scope="module")
def grid() -> xr.Dataset:
    return open_default()


@pytest.fixture(scope="module")
def base(bundled: Register, grid: xr.Dataset) -> xr.Dataset:
    return run(bundled, grid, samples=SAMPLES, seed=SEED).dataset


def test_tr01_current_period_effect_is_the_mechanisms_reporting_year_cost(
    bundled: Register, base: xr.Dataset, models: dict
) -> None:
    """Recomputed from the pure functions with the engine's own parameter draws: the pilot
    carbon market at today's price on each covered site, green power (not yet in force in the
    reporting year) and the PUE rules (lease ceilings; Beijing's surcharge starts in 2026)."""
    item = bundled.item("TR-01")
    names = {p for q in item.quantification for p in models[q.model].parameters}
    d = ParameterSet.resolve(bundled.parameters, bundled.main.packs).draw(
        sorted(names), SAMPLES, SEED
    )
    table = AssetTable.from_register(bundled)
    row = {a: i for i, a in enumerate(table.ids)}
    latest = bundled.latest_metrics
    total_mwh = sum(a.electricity_mwh for a in bundled.assets)
    year = bundled.main.entity.reporting_period.end.year
    markets = cm.market_table()
    expected = np.zeros(SAMPLES)
    covered = []
    for a in bundled.assets:  # pilot-ets runs on all sites
        m = markets.pilot_for(a.location.province, a.location.city, a.kind)
        if m is None:
            continue
        scope1 = latest.ghg.scope1 * a.electricity_mwh / total_mwh
        e = cm.pilot_emissions(scope1, a.electricity_mwh, d["ets_pilot_electricity_factor"])
        cost = cm.pilot_ets_cost(
            e, d[m.threshold], d["ets_pilot_allocation_ratio"], d[m.price], True
        )
        bearer = 1.0 if a.ownership == "owned" else d["ets_pilot_lease_pass_through"]
        expected += cost * bearer
        covered.append(a.id)
    assert "bj-yizhuang" in covered  # Beijing: every unit from 5,000 t, data centres included
    assert "tj-yixianyuan" not in covered  # Tianjin covers industry only
    for a in bundled.resolve_assets(["data-centers"]):
        pue = table.attributes["pue"][row[a.id]]
        limit = table.attributes["lease_pue_limit"][row[a.id]]
        expected += physics.lease_pue_penalty(a.electricity_mwh, pue, limit, d["lease_pue_penalty"])
        assert year < d["green_power_required_from"].min()  # no certificates yet
    got = base["current_effect"].sel(item="TR-01")
    assert float(got.sel(stat="mean")) == pytest.approx(expected.mean(), rel=1e-9)
    assert float(got.sel(stat="p95")) == pytest.approx(np.percentile(expected, 95), rel=1e-9)
    assert float(got.sel(stat="mean")) > 0


def test_current_period_effect_is_only_given_for_recurring_cost_models(base: xr.Dataset) -> None:
    current = base["current_effect"].sel(stat="mean")
    for item in ("PR-01", "PR-02", "PR-03", "TR-04", "TR-05", "OP-01"):
        assert bool(current.sel(item=item).isnull()), item
    assert float(current.sel(item="TR-02")) > 0


def _proportional(a: np.ndarray, b: np.ndarray, tol: float = 1e-3) -> bool:
    """Whether two patterns are proportional (cosine similarity within ``tol`` of 1)."""
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    return bool(na and nb and abs(abs(a @ b) / (na * nb) - 1.0) < tol)


def _scenario_correlation(a: np.ndarray, b: np.ndarray) -> float | None:
    """Smallest |correlation| across horizons of two (scenario, horizon) patterns, over the
    horizons where both vary by scenario; ``None`` if they never both do."""
    rs = []
    for h in range(a.shape[1]):
        x, y = a[:, h], b[:, h]
        if np.ptp(x) > 1e-9 * max(1.0, np.abs(x).max()) and np.ptp(y) > 1e-9 * max(
            1.0, np.abs(y).max()
        ):
            rs.append(abs(float(np.corrcoef(x, y)[0, 1])))
    return min(rs) if rs else None


def _families(bundled: Register, models: dict, item_id: str) -> set[str]:  # type: ignore[type-arg]
    """The scenario drivers an item's mechanisms read, as families (warming, carbon, ...)."""
    out = set()
    for q in bundled.item(item_id).quantification:
        spec = models[q.model]
        for v in (*spec.site_vars, *spec.scalar_vars, *spec.regional_vars):
            out.add("warming" if v in WARMING else v)
    return out


def test_the_pattern_checks_catch_one_index_behind_several_items() -> None:
    price = np.array([[10, 50, 115], [10, 12, 12], [10, 230, 450]], float)
    index = price / (price + 100)
    assert _proportional(0.02 * index.ravel(), 0.3 * index.ravel())
    assert _scenario_correlation(0.02 * index, 5 + 0.3 * index) == pytest.approx(1.0)
    assert not _proportional(index.ravel(), (index + 1).ravel())


def test_no_two_items_scenario_patterns_are_proportional(
    bundled: Register, base: xr.Dataset, models: dict
) -> None:
    """No two items are one index: no pair's (scenario x horizon) patterns are proportional,
    and pairs that move together across scenarios (|r| > 0.99 at every horizon) share a driver
    on purpose (both read the carbon price, or both respond to warming)."""
    mean = base["item_total"].sel(stat="mean").transpose("item", "scenario", "horizon")
    quantified = [str(i) for i in mean["item"].values if bundled.item(str(i)).quantification]
    proportional, unexplained = [], []
    for a, b in itertools.combinations(quantified, 2):
        x, y = mean.sel(item=a).values, mean.sel(item=b).values
        if _proportional(x.ravel(), y.ravel()):
            proportional.append((a, b))
        r = _scenario_correlation(x, y)
        if (
            r is not None
            and r > 0.99
            and not _families(bundled, models, a) & _families(bundled, models, b)
        ):
            unexplained.append((a, b, r))
    assert not proportional
    assert not unexplained


def test_carbon_price_zero_changes_only_items_whose_mechanism_uses_it(
    bundled: Register, grid: xr.Dataset, base: xr.Dataset, models: dict
) -> None:
    zero = run(
        bundled, grid, Assumptions(carbon_price_multiplier=0.0), samples=SAMPLES, seed=SEED
    ).dataset
    uses = {
        it.id
        for it in bundled.items
        if any("carbon_price" in models[q.model].scalar_vars for q in it.quantification)
    }
    assert uses == {"TR-01", "TR-06", "OP-01"}
    for it in bundled.items:
        if not it.quantification:
            continue
        before = base["item_total"].sel(item=it.id).values
        after = zero["item_total"].sel(item=it.id).values
        if it.id in uses:
            assert not np.allclose(before, after), it.id
        else:
            np.testing.assert_array_equal(before, after, err_msg=it.id)
