"""China's national ETS in the engine: a covered coal plant pays only on its shortfall below the
benchmark free allocation; a Hong Kong plant and a plant below the threshold pay nothing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from climrisk.engine import run
from climrisk.engine.parameters import default_parameters
from climrisk.engine.portfolio import AssetTable, Company
from climrisk.grids import open_default
from climrisk.register import load_register
from climrisk.register.models import Quantification, Register

UTILITY = Path(__file__).resolve().parents[2] / "registers" / "hk-power-utility"
FIXED = {"ets_national_price": 95.96, "ets_national_power_benchmark": 0.80, "cny_per_usd": 7.19}


def _national(reg: Register) -> Register:
    tr01 = reg.item("TR-01").model_copy(update={"quantification": [
        Quantification(model="national-ets", channel="operating-cost",
                       assets=["fangchenggang", "castle-peak"]),
    ]})
    defaults = default_parameters()
    fixed = {k: defaults[k].model_copy(update={"value": v, "low": v, "high": v, "cited": v})
             for k, v in FIXED.items()}
    params = reg.parameters.model_copy(
        update={"parameters": {**reg.parameters.parameters, **fixed}})
    return reg.model_copy(update={
        "items": [tr01 if i.id == "TR-01" else i for i in reg.items], "parameters": params})


def test_only_the_mainland_plant_is_in_the_national_market() -> None:
    table = AssetTable.from_register(load_register(UTILITY))
    market = dict(zip(table.ids, table.national_market, strict=True))
    assert market["fangchenggang"] == "national-ets"
    assert market["castle-peak"] == ""  # Hong Kong: outside mainland China's ETS
    assert market["jhajjar"] == ""  # India


def test_covered_coal_plant_current_cost_is_the_shortfall_times_the_price() -> None:
    reg = _national(load_register(UTILITY))
    ds = run(reg, open_default(), samples=20, seed=2, scenarios=["ssp245"]).dataset
    a = reg.asset("fangchenggang")
    assert a.activity is not None
    emissions = sum(a.activity.scope1_t.values())  # 11,526,408 t
    generation = sum(a.activity.generation_mwh.values())  # 13,560,480 MWh
    shortfall = emissions - generation * 0.80  # 678,024 t above the free allocation
    assert shortfall == pytest.approx(678024.0)
    hkd_per_cny = Company.from_register(reg).usd_rate / 7.19
    expected = shortfall * 95.96 * hkd_per_cny
    now = ds["current_effect"].sel(item="TR-01")
    assert float(now.sel(stat="mean")) == pytest.approx(expected, rel=1e-9)
    assert float(now.sel(stat="p5")) == pytest.approx(float(now.sel(stat="p95")))
    # later years add the scenario's rise since the reporting year, never below today's price
    later = ds["amount"].sel(item="TR-01", asset="fangchenggang", channel="operating-cost",
                             stat="mean")
    assert bool((later >= expected * (1 - 1e-9)).all())
    castle = ds["amount"].sel(item="TR-01", asset="castle-peak", channel="operating-cost")
    assert bool((np.nan_to_num(castle.values) == 0).all())
