"""Per-asset activity and holdings: a plant's own Scope 1 replaces the allocation by
electricity use, and a joint venture's effects count at the group's equity share."""

from __future__ import annotations

import copy

import pytest

from climrisk.engine import Assumptions, run
from climrisk.register.models import Asset, Register
from engine_synthetic import ASSETS, carbon, grid_factor, make_register

DEFLATOR = (1.42 + 1.44 + 1.44) / 3  # triangular mean of usd2010_deflator
COMPANY_SCOPE1 = 152.0  # metrics.yaml of the synthetic register


def _with(changes: dict[str, dict[str, object]]) -> Register:
    reg = make_register()
    assets = []
    for raw in ASSETS:
        a = copy.deepcopy(raw)
        a.update(changes.get(str(a["id"]), {}))
        assets.append(Asset.model_validate(a))
    return reg.model_copy(update={"assets": assets})


def _carbon(res: object, asset: str) -> float:
    return float(
        res.dataset["amount"].sel(  # type: ignore[attr-defined]
            item="TR-01", asset=asset, channel="opex", scenario="ngfs-nz2050", horizon="long",
            stat="mean",
        )
    )


def test_own_scope1_replaces_the_electricity_share(grid) -> None:  # type: ignore[no-untyped-def]
    """dc-bj reports 40 t of its own diesel Scope 1; the other 112 t of the company's 152 t are
    spread over dc-sh (50,000 MWh) and the office (2,000 MWh) by electricity use."""
    reg = _with({"dc-bj": {"activity": {"scope1_t": {"diesel": 30.0, "gas": 10.0},
                                        "source": "meter readings"}}})
    res = run(reg, grid, Assumptions(pass_through=0.5), samples=4000, seed=1)
    price = carbon("ngfs-nz2050", 2050) * DEFLATOR * 7.19
    gf = grid_factor(2050)
    own = price * (100_000 * gf + 40.0) * 0.5
    allocated = price * (50_000 * gf + (COMPANY_SCOPE1 - 40.0) * 50_000 / 52_000) * 0.5
    assert _carbon(res, "dc-bj") == pytest.approx(own, rel=2e-3)
    assert _carbon(res, "dc-sh") == pytest.approx(allocated, rel=2e-3)
    rule = res.dataset.attrs["scope1_allocation"]
    assert "own activity data (activity.scope1_t) for dc-bj" in rule
    assert "112.00 t of 152.00 t" in rule and "dc-sh, office" in rule


def test_joint_venture_effects_count_at_the_equity_share(grid) -> None:  # type: ignore[no-untyped-def]
    whole = run(make_register(), grid, Assumptions(pass_through=0.5), samples=2000, seed=1)
    jv = _with({"dc-sh": {"holding": {"entity": "Shanghai JV Co", "relation": "joint-venture",
                                      "equity_share": 0.25}}})
    part = run(jv, grid, Assumptions(pass_through=0.5), samples=2000, seed=1)
    assert _carbon(part, "dc-sh") == pytest.approx(0.25 * _carbon(whole, "dc-sh"), rel=1e-9)
    assert _carbon(part, "dc-bj") == pytest.approx(_carbon(whole, "dc-bj"), rel=1e-9)


def test_holding_shares_follow_the_consolidation_approach() -> None:
    from climrisk.register.models import Holding

    jv = Holding(entity="JV", relation="joint-venture", equity_share=0.7)
    assert jv.inventory_share("operational-control") == 0.0
    assert jv.inventory_share("equity-share") == 0.7
    assert Holding(entity="JV", relation="joint-venture", equity_share=0.7,
                   operated=True).inventory_share("operational-control") == 1.0
    assert Holding(entity="S", relation="subsidiary", equity_share=0.7).financial_share == 1.0
    assert Holding(entity="D", relation="deconsolidated").financial_share == 0.0
