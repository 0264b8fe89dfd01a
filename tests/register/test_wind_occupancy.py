"""Typhoon wind damage by occupancy, end to end: the property register's concrete towers take
the core (regional) v_half and its logistics shed the real-estate pack's lighter-structure
value, and each building's expected annual damage matches the Emanuel form by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from climrisk.disclosure.pipeline import at_sites
from climrisk.engine import run
from climrisk.engine.parameters import default_parameters
from climrisk.grids.sets import open_scenarios
from climrisk.packs import packs_of
from climrisk.register import load_register
from climrisk.register.models import ParameterOverride, Register

REGISTERS = Path(__file__).resolve().parents[2] / "registers"
# wind_damage_emanuel.csv (scenario facts 7.3): mdd at 40 / 50 / 60 m/s
PUBLISHED = {112.8: [0.0044, 0.0213, 0.0576], 80.2: [0.0177, 0.0814, 0.1995]}


def _central(reg: Register) -> Register:
    """The register with tc_v_half fixed at its central values (the core's and the pack's
    logistics entry), so one sample is the hand calculation."""
    core = default_parameters()["tc_v_half"]
    pack = packs_of(["real-estate"])[0].places["tc_v_half"][0]
    assert (core.value, pack.where, pack.value) == (112.8, "kind:logistics", 80.2)
    fixed = core.model_copy(update={"low": core.value, "high": core.value})
    place = ParameterOverride.model_validate(
        {**pack.model_dump(exclude_none=True), "low": pack.value, "high": pack.value})
    params = reg.parameters.model_copy(update={
        "parameters": {**reg.parameters.parameters, "tc_v_half": fixed},
        "by": {**reg.parameters.by, "tc_v_half": [place]}})
    return reg.model_copy(update={"parameters": params})


def _ead(wind: list[float], rps: list[float], value: float, v_half: float) -> float:
    """Emanuel (2011) damage at each return period's wind, trapezoid over 1/RP, the rarest
    event's loss held beyond it."""
    x = np.maximum(np.array(wind) - 25.7, 0) / (v_half - 25.7)
    loss = x**3 / (1 + x**3) * value
    p = 1 / np.array(rps)
    return float(np.sum((p[:-1] - p[1:]) * (loss[:-1] + loss[1:]) / 2) + p[-1] * loss[-1])


def test_each_occupancy_gets_its_own_v_half_in_the_wind_model() -> None:
    for v_half, mdd in PUBLISHED.items():
        x = (np.array([40.0, 50.0, 60.0]) - 25.7) / (v_half - 25.7)
        np.testing.assert_allclose(x**3 / (1 + x**3), mdd, atol=5e-5)
    reg = _central(load_register(REGISTERS / "hk-property"))
    grid = at_sites(reg, open_scenarios().composed).grid
    ds = run(reg, grid, samples=4, seed=3, scenarios=["ssp245"]).dataset
    item = reg.item("PR-03")
    kinds = {reg.asset(a).kind for a in item.assets}
    assert "logistics" in kinds and len(kinds) > 2
    for asset_id in item.assets:
        asset = reg.asset(asset_id)
        assert asset.wind is not None
        v_half = 80.2 if asset.kind == "logistics" else 112.8
        expected = _ead(asset.wind.wind_ms, asset.wind.return_periods,
                        asset.replacement_value, v_half)
        got = ds["amount"].sel(item="PR-03", asset=asset_id, channel="asset-damage",
                               stat="mean", scenario="ssp245")
        np.testing.assert_allclose(got.values, expected, rtol=1e-9)
    # the lighter structure loses a larger share of its value at the same winds
    shed = reg.asset("hk-kwaichung-logistics")
    assert _ead(shed.wind.wind_ms, shed.wind.return_periods, 1.0, 80.2) > 2 * _ead(  # type: ignore[union-attr]
        shed.wind.wind_ms, shed.wind.return_periods, 1.0, 112.8)  # type: ignore[union-attr]


@pytest.mark.parametrize("name", ["tc_downtime_days_full_damage"])
def test_wind_downtime_is_worded_for_any_asset(name: str) -> None:
    source = default_parameters()[name].source.lower()
    assert "data cent" not in source and "cooling plant" not in source
