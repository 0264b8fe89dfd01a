"""Typhoon wind through the engine: the register's return-period winds, the Emanuel damage with
the calibrated v_half, downtime, "not exposed" below the threshold, and a located refusal
when a site lacks the wind data a wind model needs."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from climrisk.engine import run
from climrisk.engine.parameters import default_parameters
from climrisk.engine.portfolio import Company
from climrisk.errors import RegisterError
from climrisk.grids import open_default
from climrisk.register import default_register_dir, load_register
from climrisk.register.models import Quantification, Register, WindProfile


@pytest.fixture(scope="module")
def bundled() -> Register:
    return load_register(default_register_dir())


@pytest.fixture(scope="module")
def grid() -> xr.Dataset:
    return open_default()


def _only_wind(reg: Register, profile: WindProfile | None, v_half: float) -> Register:
    """PR-01 quantified by the wind models on sh-pujiang alone, v_half and the downtime at
    full damage (90 days) fixed."""
    pr01 = reg.item("PR-01").model_copy(update={"quantification": [
        Quantification(model="wind-damage", channel="fixed-asset-impairment",
                       assets=["sh-pujiang"]),
        Quantification(model="wind-downtime", channel="revenue-decrease", assets=["sh-pujiang"]),
    ]})
    items = [pr01 if i.id == "PR-01" else i for i in reg.items]
    assets = [a.model_copy(update={"wind": profile}) if a.id == "sh-pujiang" else a
              for a in reg.assets]
    defaults = default_parameters()

    def fixed(name: str, value: float) -> object:
        return defaults[name].model_copy(
            update={"value": value, "low": value, "high": value, "cited": value})

    params = reg.parameters.model_copy(update={"parameters": {
        **reg.parameters.parameters, "tc_v_half": fixed("tc_v_half", v_half),
        "tc_downtime_days_full_damage": fixed("tc_downtime_days_full_damage", 90.0)}})
    return reg.model_copy(update={"items": items, "assets": assets, "parameters": params})


def test_wind_damage_in_the_engine_matches_the_hand_calculation(
    bundled: Register, grid: xr.Dataset
) -> None:
    # 40 / 50 / 60 m/s at 10 / 50 / 100 years, no design level, v_half 80.2 (RMSF):
    # mdd = x^3/(1+x^3), x = (v-25.7)/54.5: 0.01771 / 0.08140 / 0.19950 (wind_damage_emanuel.csv).
    profile = WindProfile(return_periods=[10, 50, 100], wind_ms=[40.0, 50.0, 60.0])
    reg = _only_wind(bundled, profile, 80.2)
    ds = run(reg, grid, samples=20, seed=1).dataset
    x = (np.array([40.0, 50.0, 60.0]) - 25.7) / 54.5
    mdd = x**3 / (1 + x**3)
    assert mdd == pytest.approx([0.0177, 0.0814, 0.1995], abs=1e-4)
    value = reg.asset("sh-pujiang").replacement_value
    loss = mdd * value
    # trapezoid over p: (0.1-0.02)(L10+L50)/2 + (0.02-0.01)(L50+L100)/2 + 0.01 L100
    ead = 0.08 * (loss[0] + loss[1]) / 2 + 0.01 * (loss[1] + loss[2]) / 2 + 0.01 * loss[2]
    got = ds["amount"].sel(item="PR-01", asset="sh-pujiang", channel="fixed-asset-impairment",
                           stat="mean")
    assert got.values == pytest.approx(ead, rel=1e-9)
    days = np.minimum(mdd * 90.0, 365)
    supported = Company.from_register(reg).revenue * reg.asset("sh-pujiang").revenue_dependency
    lost = days / 365 * supported
    expected = 0.08 * (lost[0] + lost[1]) / 2 + 0.01 * (lost[1] + lost[2]) / 2 + 0.01 * lost[2]
    down = ds["amount"].sel(item="PR-01", asset="sh-pujiang", channel="revenue-decrease",
                            stat="mean")
    assert down.values == pytest.approx(expected, rel=1e-9)


def test_winds_below_the_damage_threshold_leave_the_item_not_exposed(
    bundled: Register, grid: xr.Dataset
) -> None:
    calm = WindProfile(return_periods=[10, 100], wind_ms=[18.0, 24.0])
    ds = run(_only_wind(bundled, calm, 112.8), grid, samples=20, seed=1).dataset
    assert not bool(ds["exposed"].sel(item="PR-01").any())
    assert bool(ds["item_total"].sel(item="PR-01").isnull().all())


def test_a_wind_model_on_a_site_without_wind_data_is_refused_with_its_place(
    bundled: Register, grid: xr.Dataset
) -> None:
    with pytest.raises(RegisterError) as err:
        run(_only_wind(bundled, None, 112.8), grid, samples=20, seed=1)
    text = str(err.value)
    assert "items/PR-01.yaml:" in text and "needs the 'wind' section" in text
    assert "sh-pujiang" in text and "hint:" in text
