"""Carbon markets, green power, wind, trapezoidal EAD and the PUE fit against hand calculations."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from climrisk.engine.parameters import default_parameters
from climrisk.engine.physical import flood, pue_fit, wind
from climrisk.engine.transition import carbon_markets as cm

EMANUEL_CSV = Path(__file__).parent / "data" / "wind_damage_emanuel.csv"


def test_covered_emitter_pays_only_on_the_shortfall_of_its_benchmark_allocation() -> None:
    # A coal unit: 1,000,000 MWh at 0.85 t/MWh = 850,000 t; benchmark 0.8 t/MWh allocates
    # 800,000 t free; shortfall 50,000 t x CNY 95.96 = CNY 4,798,000.
    cost = cm.national_ets_cost(
        np.array(850_000.0), np.array(1_000_000.0), np.array(0.8), np.array(95.96), True
    )
    assert cost == pytest.approx(50_000 * 95.96)
    # Better than the benchmark: surplus allowances, no compliance cost (never negative).
    assert (
        cm.national_ets_cost(
            np.array(780_000.0), np.array(1e6), np.array(0.8), np.array(95.96), True
        )
        == 0.0
    )
    # Not covered: nothing.
    assert (
        cm.national_ets_cost(
            np.array(850_000.0), np.array(1e6), np.array(0.8), np.array(95.96), False
        )
        == 0.0
    )


def test_beijing_pilot_indirect_emissions_cost_by_hand() -> None:
    # 45,000 MWh x 0.5703 t/MWh + 10 t diesel = 25,673.5 t >= 5,000 t threshold: covered.
    # Free allocation 95 % -> shortfall 5 % = 1,283.675 t x CNY 102 = CNY 130,934.85.
    p = default_parameters()
    e = cm.pilot_emissions(
        np.array(10.0), np.array(45_000.0), p["ets_pilot_electricity_factor"].value
    )
    assert e == pytest.approx(25_673.5)
    cost = cm.pilot_ets_cost(
        e,
        p["ets_pilot_beijing_threshold_t"].value,
        p["ets_pilot_allocation_ratio"].value,
        p["ets_pilot_beijing_price"].value,
        np.array(True),
    )
    assert cost == pytest.approx(25_673.5 * 0.05 * 102)
    # Below the threshold (8,000 MWh -> 4,572 t) the unit is not covered.
    small = cm.pilot_emissions(np.array(10.0), np.array(8_000.0), 0.5703)
    assert cm.pilot_ets_cost(small, 5000.0, 0.95, 102.0, np.array(True)) == 0.0


def test_beijing_market_covers_a_beijing_data_centre_and_tianjin_does_not() -> None:
    t = cm.market_table()
    assert t.pilot_for("Beijing", "Beijing", "self-built-data-center").id == "beijing-pilot"
    assert t.pilot_for("Tianjin", "Tianjin", "self-built-data-center") is None
    assert t.pilot_for("Guangdong", "Shenzhen", "office").id == "shenzhen-pilot"
    assert t.pilot_for("Guangdong", "Guangzhou", "office") is None
    assert t.pilot_for("Hubei", "Wuhan", "office") is None
    names = set(default_parameters())
    assert set(t.parameters()) <= names


def test_gec_cost_of_an_80_percent_green_power_share_by_hand() -> None:
    # 56,000 MWh, 175 kW PV x 1,200 kWh/kW = 210 MWh own (0.375 %); certificates for
    # 56,000 x (0.8 - 0.00375) = 44,590 MWh x CNY 2.31 = CNY 103,002.9.
    own = 175 * 1200 / (56_000 * 1000)
    mwh = cm.green_power_mwh(np.array(56_000.0), 0.8, own)
    assert mwh == pytest.approx(44_590.0)
    assert cm.green_power_cost(np.array(56_000.0), 0.8, own, 2.31) == pytest.approx(44_590 * 2.31)
    # A site already above the share buys nothing.
    assert cm.green_power_cost(np.array(1000.0), 0.8, 0.9, 2.31) == 0.0


def test_market_price_path_keeps_todays_price_and_adds_the_scenario_rise() -> None:
    assert cm.market_price_path(102.0, 103.5, 103.5) == pytest.approx(102.0)
    assert cm.market_price_path(102.0, 500.0, 103.5) == pytest.approx(102 + 396.5)
    assert cm.market_price_path(102.0, 50.0, 103.5) == pytest.approx(102.0)
    assert cm.market_price_path(102.0, 500.0, 103.5, multiplier=0.0) == 0.0


def test_shadow_price_is_price_times_emissions() -> None:
    assert cm.shadow_carbon_cost(np.array(1000.0), 300.0) == pytest.approx(300_000.0)


def test_trapezoidal_ead_with_a_50_year_standard_of_protection_by_hand() -> None:
    # Losses 0/10/20/50 at RP 10/50/100/500, i.e. p = 0.1/0.02/0.01/0.002.
    # SoP 50 years: nothing above p = 0.02; trapezoids (0.02-0.01)(10+20)/2 = 0.15 and
    # (0.01-0.002)(20+50)/2 = 0.28, flat tail 0.002 x 50 = 0.1; EAD = 0.53.
    rp = np.array([10.0, 50.0, 100.0, 500.0])
    losses = np.array([0.0, 10.0, 20.0, 50.0])
    w = flood.trapezoid_weights(rp, 50.0)
    assert float(losses @ w) == pytest.approx(0.53)
    # Unprotected adds (0.1-0.02)(0+10)/2 = 0.4.
    assert float(losses @ flood.trapezoid_weights(rp, 0.0)) == pytest.approx(0.93)
    # A SoP between return periods interpolates the loss at it: SoP 75 -> p = 1/75;
    # L(1/75) = 10 + (20-10) (0.02 - 1/75) / 0.01 = 16.667.
    p_s = 1 / 75
    l_s = 10 + 10 * (0.02 - p_s) / 0.01
    expected = (p_s - 0.01) * (l_s + 20) / 2 + 0.28 + 0.1
    assert float(losses @ flood.trapezoid_weights(rp, 75.0)) == pytest.approx(expected)
    assert flood.damage_probability(losses, rp, 50.0) == pytest.approx(0.02)
    assert flood.damage_probability(losses, rp, 0.0) == pytest.approx(0.02)
    assert flood.damage_probability(losses, rp, 200.0) == pytest.approx(0.005)


def test_trapezoid_is_above_the_rectangle_lower_bound_and_padding_changes_nothing() -> None:
    rp = np.array([[10.0, 50.0, 100.0, 500.0, np.inf]])
    losses = np.array([[0.0, 10.0, 20.0, 50.0, 50.0]])
    trap = float((losses * flood.trapezoid_weights(rp, 0.0)).sum())
    rect = float((losses * flood.event_weights(rp, 0.0)).sum())
    assert trap == pytest.approx(0.93)
    assert trap > rect


def _emanuel_rows() -> list[dict[str, str]]:
    # The published table, as computed from Eberenz et al. 2021 calibrations (scenario facts 7.3).
    with EMANUEL_CSV.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize(
    ("column", "v_half"),
    [
        ("mdd_WP3_China_TDR1.0_vhalf112.8", 112.8),
        ("mdd_WP3_RMSF_vhalf80.2", 80.2),
        ("mdd_WP3_EDR_q25_vhalf53.8", 53.8),
        ("mdd_Emanuel_USA_vhalf74.7", 74.7),
    ],
)
def test_emanuel_damage_matches_the_published_table(column: str, v_half: float) -> None:
    rows = _emanuel_rows()
    v = np.array([float(r["wind_ms"]) for r in rows])
    table = np.array([float(r[column]) for r in rows])
    assert wind.emanuel_damage(v, v_half) == pytest.approx(table, abs=5e-5)


def test_emanuel_damage_at_50_ms_by_hand() -> None:
    # x = (50 - 25.7) / (112.8 - 25.7) = 0.27899; x^3 = 0.021716; mdd = 0.021254
    x = (50 - 25.7) / (112.8 - 25.7)
    assert wind.emanuel_damage(50.0, 112.8) == pytest.approx(x**3 / (1 + x**3))
    assert wind.emanuel_damage(50.0, 112.8) == pytest.approx(0.0213, abs=5e-5)


def test_wind_ead_and_downtime_over_return_periods() -> None:
    rp = np.array([10.0, 50.0, 100.0])
    v = np.array([30.0, 45.0, 60.0])
    mdd = wind.emanuel_damage(v, 112.8)
    ead, p = wind.wind_damage(v, rp, 0.0, np.array(1e8), 112.8)
    assert ead == pytest.approx(float(1e8 * mdd @ flood.trapezoid_weights(rp, 0.0)))
    assert p == pytest.approx(0.1)
    lost, _ = wind.wind_downtime(v, rp, 50.0, np.array(3.65e8), 112.8, 90.0)
    days = mdd * 90
    assert lost == pytest.approx(float(days * 1e6 @ flood.trapezoid_weights(rp, 50.0)))


def test_pue_fit_recovers_a_synthetic_monthly_series() -> None:
    # Beijing-like monthly climate; PUE = 1.20 + 0.002 T_db + 0.012 max(0, T_wb - 12).
    db = np.array([-3.0, 0.5, 7.0, 14.5, 20.5, 24.5, 26.5, 25.5, 20.5, 13.0, 4.5, -1.5])
    wb = np.array([-5.0, -2.5, 2.5, 8.0, 14.0, 19.0, 22.5, 22.0, 16.5, 9.0, 1.5, -3.5])
    db2, wb2 = (
        np.tile(db, 2) + np.repeat([0.0, 0.8], 12),
        np.tile(wb, 2) + np.repeat([0.0, 0.6], 12),
    )
    truth = 1.20 + 0.002 * db2 + 0.012 * np.maximum(wb2 - 12.0, 0.0)
    exact = pue_fit.fit_pue(truth, db2, wb2, 12.0)
    assert (exact.b0, exact.b_db, exact.b_wb) == pytest.approx((1.20, 0.002, 0.012), abs=1e-9)
    assert exact.r2 == pytest.approx(1.0)
    assert exact.n == 24 and exact.dof == 21
    noisy = truth + np.random.default_rng(7).normal(0, 0.003, truth.size)
    fit = pue_fit.fit_pue(noisy, db2, wb2, 12.0)
    assert abs(fit.b_wb - 0.012) < 3 * fit.se_wb
    assert abs(fit.b_db - 0.002) < 3 * fit.se_db
    assert fit.r2 > 0.9 and fit.rmse < 0.005
    # 1 degC of warming (wet bulb 0.8 degC): dry-bulb part 0.002 plus the wet-bulb part over
    # the months above (or crossing) the 12 degC changeover.
    d = pue_fit.delta_pue_monthly(0.002, 0.012, wb, 12.0, 1.0, 0.8)
    by_hand = 0.002 + 0.012 * np.mean(np.maximum(wb + 0.8 - 12, 0) - np.maximum(wb - 12, 0))
    assert d == pytest.approx(by_hand)


def test_pue_fit_refuses_too_short_or_collinear_series() -> None:
    with pytest.raises(pue_fit.PueFitError, match="too few"):
        pue_fit.fit_pue(np.ones(4), np.ones(4), np.ones(4), 12.0)
    with pytest.raises(pue_fit.PueFitError, match="do not vary independently"):
        pue_fit.fit_pue(np.linspace(1.2, 1.4, 12), np.arange(12.0), np.zeros(12), 12.0)
