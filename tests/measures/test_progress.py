"""Target progress: the value the linked measures imply at the target year, and the gap."""

from __future__ import annotations

import pytest
from engine_synthetic import make_register

from climrisk.measures.progress import target_progress
from climrisk.register.measures import MeasuresFile
from climrisk.register.models import Target, TargetsFile


def _measure(mid: str, effect: dict, targets: list[str], start: int = 2025) -> dict:
    return {
        "id": mid, "name": {"en": mid, "zh-Hant": mid}, "items": ["TR-01"], "assets": ["dc-bj"],
        "effects": [effect],
        "cost": {"capex": {start: 1.0}, "basis": {"en": "t", "zh-Hant": "t"}, "estimate": True},
        "start_year": start, "lifetime_years": 30, "owner": "Ops", "status": "planned",
        "targets": targets,
    }


def _register(measures: list[dict], targets: list[dict]):  # type: ignore[no-untyped-def]
    reg = make_register()
    book = MeasuresFile.model_validate({
        "schema_version": 1, "measures": measures,
    })
    tfile = TargetsFile.model_validate({"schema_version": 1, "targets": targets})
    return reg.model_copy(update={"measures": book, "targets": tfile})


GHG = {
    "id": "ghg", "name": {"en": "g", "zh-Hant": "g"}, "metric": "ghg-scope1-2",
    "objective": {"en": "g", "zh-Hant": "g"}, "kind": "absolute", "direction": "at-most",
    "target_year": 2030, "target_value": 60000, "actuals": {2023: 90000, 2024: 80000},
}
PUE = {
    "id": "pue", "name": {"en": "p", "zh-Hant": "p"}, "metric": "pue",
    "objective": {"en": "p", "zh-Hant": "p"}, "kind": "intensity", "direction": "at-most",
    "target_year": 2025, "target_value": 1.3,
}


def test_pue_target_implied_by_a_retrofit_weighted_by_electricity() -> None:
    reg = _register([_measure("m", {"kind": "pue", "value": 1.25}, ["pue"])], [PUE])
    p = target_progress(reg, reg.targets.targets[0])
    bj = 100000 * 1.25 / 1.374  # IT load unchanged
    hand = (1.25 * bj + 1.4 * 50000) / (bj + 50000)
    assert p.measures == ("m",)
    assert p.implied == pytest.approx(hand)
    assert p.gap == pytest.approx(hand - 1.3)


def test_ghg_target_moves_by_the_green_power_it_buys() -> None:
    green = _measure("g", {"kind": "green-power", "share": 0.5}, ["ghg"])
    late = _measure("late", {"kind": "green-power", "share": 1.0}, ["ghg"], start=2031)
    reg = _register([green, late], [GHG])
    t = Target.model_validate(GHG)
    p = target_progress(reg, t)
    cut = 100000 * 0.5 * 0.5703  # dc-bj electricity x share x the register's Scope 2 factor
    assert p.measures == ("g", "late")  # both named; only the one in effect by 2030 counts
    assert p.implied == pytest.approx(80000 - cut)
    assert p.gap == pytest.approx(80000 - cut - 60000)
    assert p.progress == pytest.approx((90000 - 80000) / (90000 - 60000))


def test_a_target_already_measured_or_not_modelled_has_no_implied_value() -> None:
    due = {**GHG, "target_year": 2024}
    wue = {**PUE, "id": "wue", "metric": "wue"}
    reg = _register([_measure("g", {"kind": "green-power", "share": 0.5}, ["ghg"])], [due, wue])
    for t in reg.targets.targets:
        assert target_progress(reg, t).implied is None
