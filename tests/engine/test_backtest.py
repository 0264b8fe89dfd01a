"""Back-test: the models' current-period effect against the amount the books recorded, within
the item's tolerance; the check fails a record the models do not reproduce."""

from __future__ import annotations

import pytest
import xarray as xr

from climrisk.disclosure.exposure import backtest_notes
from climrisk.engine import run
from climrisk.engine.backtest import NO_MODEL, OUTSIDE, WITHIN, backtest, basis_backtest
from climrisk.grids import open_default
from climrisk.register import default_register_dir, load_register
from climrisk.register.models import Register, ReportedEffect, ReportedQuantity


@pytest.fixture(scope="module")
def bundled() -> Register:
    return load_register(default_register_dir())


@pytest.fixture(scope="module")
def results(bundled: Register) -> xr.Dataset:
    return run(bundled, open_default(), samples=100, seed=5, scenarios=["ssp245"]).dataset


def _recording(reg: Register, records: dict[str, ReportedEffect]) -> Register:
    items = [i.model_copy(update={"reported_current": records[i.id]}) if i.id in records else i
             for i in reg.items]
    return reg.model_copy(update={"items": items})


def test_a_record_the_models_reproduce_passes_and_one_they_do_not_fails(
    bundled: Register, results: xr.Dataset
) -> None:
    modelled = float(results["current_effect"].sel(item="TR-02", stat="mean"))
    assert modelled > 0
    reg = _recording(bundled, {
        # within 10 %: the recorded cost is 5 % above the models' mean
        "TR-02": ReportedEffect(amount=modelled * 1.05, tolerance=0.10, source="ledger 6602"),
        # the books say three times what the mechanisms give: the check must fail
        "TR-01": ReportedEffect(
            amount=3 * float(results["current_effect"].sel(item="TR-01", stat="mean")),
            tolerance=0.25, source="carbon cost paid, note 7"),
        # an event model has no current-period mechanism: not back-tested, never a pass
        "PR-01": ReportedEffect(amount=1.0e6, source="insurance claims 2024"),
    })
    found = {b.item: b for b in backtest(reg, results)}
    assert found["TR-02"].status == WITHIN
    assert found["TR-02"].gap == pytest.approx(1 / 1.05 - 1)
    assert found["TR-01"].status == OUTSIDE
    assert found["TR-01"].gap == pytest.approx(-2 / 3)
    assert found["PR-01"].status == NO_MODEL and found["PR-01"].modelled is None
    assert set(found) == {"PR-01", "TR-01", "TR-02"}


def test_the_tolerance_is_the_boundary(bundled: Register, results: xr.Dataset) -> None:
    modelled = float(results["current_effect"].sel(item="TR-02", stat="mean"))
    just_in = _recording(bundled, {"TR-02": ReportedEffect(amount=modelled / 1.19,
                                                           tolerance=0.2, source="x")})
    just_out = _recording(bundled, {"TR-02": ReportedEffect(amount=modelled / 1.21,
                                                            tolerance=0.2, source="x")})
    assert backtest(just_in, results)[0].status == WITHIN
    assert backtest(just_out, results)[0].status == OUTSIDE


def test_the_disclosure_states_each_back_test(bundled: Register, results: xr.Dataset) -> None:
    modelled = float(results["current_effect"].sel(item="TR-02", stat="mean"))
    reg = _recording(bundled, {
        "TR-02": ReportedEffect(amount=modelled * 3, source="ledger 6602"),
        "PR-01": ReportedEffect(amount=1.0e6, source="claims"),
    })

    class _Effects:
        dataset = results

    class _Ctx:  # the notes read only the register and the results
        register = reg
        effects = _Effects()

    notes = backtest_notes(_Ctx())  # type: ignore[arg-type]
    text = [n.en for n in notes]
    assert any("TR-02" in t and "OUTSIDE" in t and "ledger 6602" in t for t in text)
    assert any("PR-01" in t and "not back-tested" in t for t in text)


def test_the_bundled_register_s_reported_quantities_are_back_tested(
    bundled: Register, results: xr.Dataset
) -> None:
    found = {(b.item, b.quantity): b for b in basis_backtest(bundled, results)}
    assert set(found) == {("OP-01", "scope2_location_t"), ("PR-02", "water_m3")}
    water = found[("PR-02", "water_m3")]
    # own-operations data centers: IT energy (electricity / PUE) x WUE, by hand
    hand = 45000 / 1.374 * 1.94 + 56000 / 1.269 * 2.13
    assert water.modelled == pytest.approx(hand)
    assert water.recorded == 182233.40 and water.gap == pytest.approx(hand / 182233.40 - 1)
    assert water.status == (WITHIN if abs(water.gap) <= 0.25 else OUTSIDE)
    scope2 = found[("OP-01", "scope2_location_t")]
    # electricity of the own-operations sites (104,800 MWh) x the scenario data's regional
    # factors, against the reported 57,638.74 t at the national 0.5366 t/MWh
    assert 104800 * 0.4 < scope2.modelled < 104800 * 0.8
    assert scope2.status == (WITHIN if abs(scope2.gap) <= 0.10 else OUTSIDE)


def test_a_reported_quantity_the_models_miss_fails_and_one_no_model_gives_is_not_tested(
    bundled: Register, results: xr.Dataset
) -> None:
    items = []
    for i in bundled.items:
        if i.id == "PR-02":
            i = i.model_copy(update={"reported_basis": [
                ReportedQuantity(quantity="water_m3", amount=400000, source="meter log"),
                ReportedQuantity(quantity="scope2_location_t", amount=1.0, source="inventory")]})
        items.append(i)
    reg = bundled.model_copy(update={"items": items})
    found = {(b.item, b.quantity): b for b in basis_backtest(reg, results)}
    assert found[("PR-02", "water_m3")].status == OUTSIDE
    assert found[("PR-02", "scope2_location_t")].status == NO_MODEL

    class _Effects:
        dataset = results

    class _Ctx:
        register = reg
        effects = _Effects()

    text = [n.en for n in backtest_notes(_Ctx())]  # type: ignore[arg-type]
    assert any("PR-02" in t and "OUTSIDE" in t and "water drawn" in t for t in text)
    assert any("PR-02" in t and "not back-tested" in t and "Scope 2" in t for t in text)
