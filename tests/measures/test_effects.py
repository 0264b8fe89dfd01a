"""Measures change the engine's inputs; the engine re-run on the same seed gives exact gains."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr
from engine_synthetic import make_register

from climrisk.engine import run
from climrisk.engine.parameters import ParameterSet
from climrisk.engine.physical.flood import JRC_ASIA, JRC_ASIA_DEPTH_M
from climrisk.measures import apply_measures, appraise
from climrisk.register.measures import Measure, MeasuresFile
from climrisk.register.models import Register

FIXED = {"value": 0.0, "unit": "1", "source": "test", "status": "estimate"}


def _measure(mid: str, assets: list[str], effects: list[dict], **extra: object) -> dict:
    return {
        "id": mid,
        "name": {"en": mid, "zh-Hant": mid},
        "items": ["PR-01"],
        "assets": assets,
        "effects": effects,
        "cost": {
            "capex": {2025: 1e6},
            "basis": {"en": "test", "zh-Hant": "測試"},
            "estimate": True,
        },
        "start_year": 2025,
        "lifetime_years": 30,
        "owner": "Ops",
        "status": "planned",
        **extra,
    }


def _with(register: Register, measures: list[dict], sets: list[dict] | None = None) -> Register:
    book = MeasuresFile.model_validate(
        {
            "schema_version": 1,
            "measures": measures,
            "sets": sets or [],
        }
    )
    return register.model_copy(update={"measures": book})


def _flood_only(register: Register) -> Register:
    return register.model_copy(update={"items": [register.item("PR-01")]})


def test_flood_barrier_avoids_exactly_the_ead_up_to_its_standard(grid: xr.Dataset) -> None:
    # No rainfall scaling: the register's depths hold in every year and sample.
    reg = _flood_only(make_register(parameters={"flood_depth_rain_elasticity": FIXED}))
    barrier = _measure("barrier", ["dc-bj"], [{"kind": "flood-protection", "return_period": 100}])
    reg = _with(reg, [barrier])
    base = run(reg, grid, samples=50, seed=3)
    after = run(apply_measures(reg, reg.measures.measures), grid, samples=50, seed=3)

    curve = dict(zip(JRC_ASIA_DEPTH_M, JRC_ASIA["commercial"], strict=True))
    loss = {rp: curve[d] * 1e9 for rp, d in ((10, 0.5), (100, 1.0), (1000, 2.0))}
    # Trapezoidal EAD over exceedance probability, flat beyond the rarest return period; a
    # 100-year standard removes exactly the segment of events more frequent than 1 in 100.
    up_to_100 = (loss[10] + loss[100]) / 2 * (1 / 10 - 1 / 100)
    above_100 = (loss[100] + loss[1000]) / 2 * (1 / 100 - 1 / 1000) + loss[1000] * (1 / 1000)

    def damage(res: object) -> float:
        return float(
            res.dataset["amount"].sel(  # type: ignore[attr-defined]
                item="PR-01", asset="dc-bj", channel="damage", scenario="ssp245",
                horizon="long", stat="mean",
            )
        )

    assert damage(base) == pytest.approx(up_to_100 + above_100, rel=1e-12)
    assert damage(after) == pytest.approx(above_100, rel=1e-12)
    # The other site is untouched.
    sh = {"item": "PR-01", "asset": "dc-sh", "channel": "damage"}
    assert float(after.dataset["amount"].sel(**sh).sum()) == float(
        base.dataset["amount"].sel(**sh).sum()
    )

    cb = appraise(reg, grid, samples=50, seed=3)
    total = base.dataset["item_total"] - after.dataset["item_total"]
    got = cb["avoided"].sel(option="barrier")
    assert np.allclose(got.sel(stat="mean"), total.sel(item="PR-01", stat="mean"), rtol=1e-12)
    assert float(cb["avoided"].sel(option="barrier", stat="p5").min()) >= 0


def test_green_power_cuts_carbon_cost_by_exactly_its_share(grid: xr.Dataset) -> None:
    reg = make_register()
    latest = reg.metrics.years[0]
    ghg = latest.ghg.model_copy(update={"scope1": 0.0})  # all carbon cost is grid electricity
    metrics = reg.metrics.model_copy(update={"years": [latest.model_copy(update={"ghg": ghg})]})
    reg = reg.model_copy(
        update={"metrics": metrics, "items": [reg.item("TR-01")]}
    )
    green = _measure("green", ["all"], [{"kind": "green-power", "share": 0.3}], items=["TR-01"])
    reg = _with(reg, [green])
    base = run(reg, grid, samples=200, seed=5, keep_samples=True)
    after = run(apply_measures(reg, reg.measures.measures), grid, samples=200, seed=5,
                keep_samples=True)
    b, a = base.dataset["item_sample"].sel(item="TR-01"), after.dataset["item_sample"].sel(
        item="TR-01"
    )
    assert float(b.min()) > 0
    assert np.allclose(a, 0.7 * b, rtol=1e-12)  # in every sample, scenario and horizon
    cb = appraise(reg, grid, samples=200, seed=5, baseline=base)
    assert np.allclose(
        cb["avoided"].sel(option="green", stat="mean"), 0.3 * b.mean("sample"), rtol=1e-12
    )


def test_measures_apply_in_order_and_leave_the_register_alone() -> None:
    reg = make_register()
    first = Measure.model_validate(_measure("a", ["dc-bj"], [{"kind": "pue", "value": 1.3}]))
    second = Measure.model_validate(
        _measure("b", ["dc-bj"], [{"kind": "pue-reduction", "by": 0.1}])
    )
    after = apply_measures(reg, [first, second])
    bj = after.asset("dc-bj")
    assert bj.attributes["pue"] == pytest.approx(1.2)
    # IT load is unchanged: electricity scales with PUE.
    assert bj.electricity_mwh == pytest.approx(100000 * 1.2 / 1.374)
    assert reg.asset("dc-bj").attributes["pue"] == 1.374
    liquid = Measure.model_validate(
        _measure("c", ["all"], [{"kind": "parameter", "parameter": "pue_per_degc",
                                 "factor": 0.5}])
    )
    p = apply_measures(reg, [liquid]).parameters.parameters["pue_per_degc"]
    d = ParameterSet.resolve(None, reg.main.packs)["pue_per_degc"]
    assert (p.low, p.value, p.high) == pytest.approx((d.low / 2, d.value / 2, d.high / 2))
    assert "pue_per_degc" not in reg.parameters.parameters


def test_a_set_counts_interactions_once_and_members_only_while_in_effect(
    grid: xr.Dataset,
) -> None:
    reg = _flood_only(make_register(parameters={"flood_depth_rain_elasticity": FIXED}))
    barrier = _measure("barrier", ["dc-bj"], [{"kind": "flood-protection", "return_period": 100}])
    proof = _measure("proof", ["dc-bj"], [{"kind": "flood-depth-reduction", "metres": 0.5}],
                     start_year=2040, lifetime_years=20)
    reg = _with(reg, [barrier, proof],
                [{"id": "both", "name": {"en": "b", "zh-Hant": "b"},
                  "measures": ["barrier", "proof"]}])
    cb = appraise(reg, grid, samples=30, seed=3)
    mean = cb["avoided"].sel(stat="mean", scenario="ssp245")
    alone = mean.sel(option="barrier") + mean.sel(option="proof")
    # 2050: both in effect, the combined benefit is less than the sum (the barrier already
    # keeps out the small floods the proofing would have reduced).
    assert float(mean.sel(option="both", horizon="long")) < float(alone.sel(horizon="long"))
    # 2030: the proofing has not started, the standalone proofing shows nothing.
    assert float(mean.sel(option="proof", horizon="short")) == 0
    assert float(cb["pv_cost"].sel(option="both")) == pytest.approx(2e6 / 1.08)
    assert cb["option_kind"].values.tolist() == ["measure", "measure", "set"]
