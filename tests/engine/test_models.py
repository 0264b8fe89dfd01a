"""Each vulnerability model against a hand calculation."""

from __future__ import annotations

import numpy as np
import pytest

from climrisk.engine import opportunity
from climrisk.engine.catalogue import JRC_CURVES
from climrisk.engine.physical import flood, heat, sea_level
from climrisk.engine.physical.flood import DepthDamage
from climrisk.engine.portfolio import CURVES
from climrisk.engine.transition import carbon, energy, market, policy
from climrisk.packs.data_centers import physics


def test_ead_of_one_curve_by_hand() -> None:
    # commercial JRC curve at 0.5, 1.0, 2.0 m: 0.377, 0.538, 0.763; trapezoids over p = 1/RP:
    # (0.1 - 0.01)(37.7 + 53.8)/2 + (0.01 - 0.001)(53.8 + 76.3)/2 + flat tail 0.001 x 76.3
    ead, losses, p = flood.flood_damage(
        np.array([0.5, 1.0, 2.0]),
        np.array([10.0, 100.0, 1000.0]),
        np.array(0.0),
        np.array(100.0),
        DepthDamage.jrc_asia("commercial"),
    )
    assert ead == pytest.approx(0.09 * 45.75 + 0.009 * 65.05 + 0.001 * 76.3)
    assert losses == pytest.approx([37.7, 53.8, 76.3])
    assert p == pytest.approx(0.1)


def test_protection_standard_removes_events_up_to_it() -> None:
    # SoP 100 years: nothing more frequent than p = 0.01; the 100-year loss starts the curve.
    ead, _, p = flood.flood_damage(
        np.array([0.5, 1.0, 2.0]),
        np.array([10.0, 100.0, 1000.0]),
        np.array(100.0),
        np.array(100.0),
        DepthDamage.jrc_asia("commercial"),
    )
    assert ead == pytest.approx(0.009 * 65.05 + 0.001 * 76.3)
    assert p == pytest.approx(0.01)


def test_padded_return_periods_weigh_nothing() -> None:
    w = flood.event_weights(np.array([[10.0, 100.0, np.inf]]))
    assert w == pytest.approx(np.array([[0.09, 0.01, 0.0]]))


@pytest.mark.parametrize("kind", ["commercial", "industrial", "residential"])
def test_table_lookup_equals_linear_interpolation(kind: str) -> None:
    curve = DepthDamage.jrc_asia(kind)
    depth = np.random.default_rng(1).uniform(-1, 9, 5000)
    expected = np.interp(np.maximum(depth, 0), curve.depth, curve.damage)
    assert curve(depth) == pytest.approx(expected, abs=1e-12)
    assert curve(depth.astype(np.float32)).dtype == np.float32
    assert curve(np.array([6.0, 20.0])) == pytest.approx([1.0, 1.0])


def test_irregular_knots_fall_back_to_interp() -> None:
    curve = DepthDamage((0, 0.3, 1.7), (0, 0.2, 0.9))
    assert curve(np.array([0.15, 1.0])) == pytest.approx([0.1, 0.2 + 0.7 * 0.5])


def test_depth_scales_with_wettest_day_rainfall() -> None:
    d = flood.scale_depth(np.array([1.0, 2.0]), np.array(0.21), np.array(0.10), np.array(1.0))
    assert d == pytest.approx([1.1, 2.2])
    d = flood.scale_depth(np.array([1.0]), np.array(0.21), np.array(0.10), np.array(2.0))
    assert d == pytest.approx([1.21])


def test_flood_downtime_by_hand() -> None:
    # 1.0 m over a 0.15 m threshold at 15 d/m = 12.75 days; revenue supported 365e6 → 12.75e6
    # at RP 100, nothing at RP 10: trapezoid (0.1 - 0.01)(0 + 12.75e6)/2 + tail 0.01 x 12.75e6
    lost, p = flood.flood_downtime(
        np.array([0.1, 1.0]),
        np.array([10.0, 100.0]),
        np.array(0.0),
        np.array(365e6),
        np.array(15.0),
        np.array(0.15),
    )
    assert lost == pytest.approx(0.09 * 12.75e6 / 2 + 12.75e6 * 0.01)
    assert p == pytest.approx(0.01)


def test_cooling_energy_by_hand() -> None:
    # IT energy 1e8/1.3 kWh x ΔPUE 0.01 = 769,230.8 kWh x 0.7 CNY
    kwh = physics.cooling_energy_kwh(
        np.array([100000.0, 2000.0]),
        np.array([1.3, 1.0]),
        np.array(1.0),
        np.array([True, False]),
        np.array(0.01),
        np.array(0.01),
    )
    assert kwh == pytest.approx([1e8 / 1.3 * 0.01, 2e6 * 0.01])
    assert physics.cooling_energy_cost(kwh[:1], 0.7) == pytest.approx([538461.538], rel=1e-6)


def test_heat_outage_by_hand() -> None:
    cost, p = heat.heat_outage(
        np.array(20.0),
        np.array(10.0),
        np.array(1e9),
        np.array(0.001),
        np.array(6.0),
        np.array(20000.0),
    )
    p_hand = 1 - 0.999**20
    assert p == pytest.approx(p_hand)
    assert cost == pytest.approx(p_hand * 6 / 8760 * 1e9 + 10 * 20000)


def test_water_stress_by_hand() -> None:
    # IT 8e7 kWh x 1.5 L/kWh = 120,000 m3; +5 %/degC → 6,000 m3 x 9.5 = 57,000
    # 5 extra hot days x 1 % x 365e6 / 365 = 50,000
    cost = physics.water_stress(
        np.array(100000.0),
        np.array(1.25),
        np.array(1.5),
        np.array(1.0),
        np.array(15.0),
        np.array(10.0),
        np.array(365e6),
        np.array(0.05),
        np.array(9.5),
        np.array(0.01),
    )
    assert cost == pytest.approx(57000 + 50000)
    # An extremely-high-stress basin (Aqueduct 4) curtails 4/3 of the calibration (high, 3).
    extreme = physics.water_stress(
        np.array(100000.0), np.array(1.25), np.array(1.5), np.array(1.0), np.array(15.0),
        np.array(10.0), np.array(365e6), np.array(0.05), np.array(9.5), np.array(0.01),
        np.array(4.0),
    )
    assert extreme == pytest.approx(57000 + 50000 * 4 / 3)



def test_sea_level_by_hand() -> None:
    # One 1-in-100 level of 2 m: a site at 2 m with 0.5 m of rise takes 0.5 m of water
    # (commercial 0.377) in p <= 0.01, flat tail: 0.377 x 1e9 / 100; one at 3 m stays dry.
    depth = sea_level.overtopping_depth(
        np.array([0.5, 0.0]), np.array([2.0, 3.0]), np.array([[2.0], [2.0]])
    )
    loss, p = sea_level.coastal_damage(
        depth, np.array([[100.0], [100.0]]), np.array(0.0), np.array(1e9), JRC_CURVES,
        np.array(CURVES.index("commercial")),
    )
    assert loss == pytest.approx([0.377 * 1e9 / 100, 0.0])
    assert p == pytest.approx([0.01, 0.0])
    years = np.array([2030, 2040, 2050])
    first = sea_level.first_inundation_year(
        years, np.array([[0.1, 0.3, 0.6], [0.0, 0.0, 0.1]]), np.array([2.25, 2.25]), 2.0
    )
    assert first[0] == 2040 and np.isnan(first[1])


def test_carbon_cost_of_one_site_in_one_year_by_hand() -> None:
    # 50 USD2010/t x 1.44 x 7.19 = 517.68 CNY/t; 100,000 MWh x 0.55 + 100 t = 55,100 t; x 0.5
    price = carbon.carbon_price_local(np.array(50.0), np.array(1.44), 7.19)
    assert price == pytest.approx(517.68)
    emissions = carbon.site_emissions(np.array(100000.0), np.array(0.55), np.array(100.0))
    assert carbon.carbon_cost(price, emissions, np.array(0.5)) == pytest.approx(
        517.68 * 55100 * 0.5
    )


def test_electricity_price_by_hand() -> None:
    assert energy.electricity_price_cost(
        np.array(1000.0), np.array(0.75), np.array(0.70)
    ) == pytest.approx(50000)


def test_beijing_surcharge_at_pue_1374_vs_limit_135() -> None:
    # over-limit share (1.374 - 1.35) / 1.374 of 1e8 kWh = 1,746,724.9 kWh x 0.2 CNY
    cost = physics.pue_surcharge(
        np.array(100000.0),
        np.array(1.374),
        np.array(1.35),
        np.array(0.2),
        np.array(0.5),
        np.array(1.0),
    )
    assert cost == pytest.approx(1e8 * 0.024 / 1.374 * 0.2)
    assert cost == pytest.approx(349344.98, rel=1e-7)


def test_beijing_surcharge_high_rate_and_below_limit() -> None:
    cost = physics.pue_surcharge(
        np.array([100000.0, 100000.0]),
        np.array([2.8, 1.3]),
        np.array(1.35),
        np.array(0.2),
        np.array(0.5),
        np.array(1.0),
    )
    assert cost == pytest.approx([1e8 * 1.45 / 2.8 * 0.5, 0.0])


def test_lease_pue_penalty_by_hand() -> None:
    cost = physics.lease_pue_penalty(
        np.array([100000.0, 100000.0]), np.array([1.4, 1.4]), np.array([1.3, np.nan]), np.array(0.2)
    )
    assert cost == pytest.approx([1e8 * 0.1 / 1.4 * 0.2, 0.0])


def test_disclosure_compliance_by_regulatory_phase_by_hand() -> None:
    # Comply-or-explain (before 2026): half of 3 m; mandatory: all of it; assurance from 2028
    # adds 1.5 m; a site with a quarter of the electricity carries a quarter.
    def cost(year: int) -> float:
        return float(policy.disclosure_compliance(3e6, year, 2026, 0.5, 1.5e6, 2028, 0.25))

    assert cost(2025) == pytest.approx(375_000)
    assert cost(2026) == pytest.approx(750_000)
    assert cost(2029) == pytest.approx(1_125_000)
    # Never mandatory (a Main Board issuer under comply-or-explain): half, plus assurance.
    assert float(
        policy.disclosure_compliance(3e6, 2029, np.inf, 0.5, 1.5e6, 2028, 1.0)
    ) == pytest.approx(3e6)


def test_market_models_by_hand() -> None:
    # 0.2 PUE above the benchmark = 2 tenths x 1 % x 1e9 = 2e7, from 2030 only
    assert physics.lagging_site_loss(1e9, 1.45, 1.25, 0.01, 2030, 2030) == pytest.approx(2e7)
    assert physics.lagging_site_loss(1e9, 1.45, 1.25, 0.01, 2029, 2030) == 0.0
    assert physics.lagging_site_loss(1e9, 1.20, 1.25, 0.01, 2040, 2030) == 0.0
    # Customers' requirement: 0 in 2024, 0.6 by 2030 -> 0.3 in 2027; 0.75 in 2035.
    assert market.customer_requirement(2027, 2024, 0.6, 0.9, 1.0) == pytest.approx(0.3)
    assert market.customer_requirement(2035, 2024, 0.6, 0.9, 1.0) == pytest.approx(0.75)
    assert market.customer_requirement(2060, 2024, 0.6, 0.9, 1.0) == pytest.approx(1.0)
    # 1e9 x 30 % segment x 5 % churn x 0.3 required x (0.62 / 0.8273 fossil share)
    lost = market.customer_segment_loss(1e9, 0.3, 0.05, 0.3, 0.62, 0.8273)
    assert lost == pytest.approx(1e9 * 0.3 * 0.05 * 0.3 * 0.62 / 0.8273)
    # Refinanced 3 of 5 years; 30 bp per 100 USD2010/t at 230 USD2010/t = 69 bp on 0.6 x 4e8.
    refinanced = market.refinanced_share(2027, 2024, 5.0)
    assert refinanced == pytest.approx(0.6)
    assert market.financing_cost(4e8, refinanced, 0.003, 230.0) == pytest.approx(4e8 * 0.6 * 0.0069)
    assert market.refinanced_share(2040, 2024, 5.0) == 1.0


def test_opportunity_models_by_hand() -> None:
    # avoided per kWh: 0.7 + 517.68 CNY/t x 0.55 t/MWh / 1000 x 0.5 = 0.842362
    avoided = opportunity.avoided_cost_per_kwh(
        np.array(0.7), np.array(517.68), np.array(0.55), np.array(0.5)
    )
    assert avoided == pytest.approx(0.842362)
    saved = physics.efficiency_savings(
        np.array([100000.0, 2000.0]),
        np.array([1.25, 1.0]),
        np.array([True, False]),
        np.array(0.05),
        avoided,
    )
    assert saved == pytest.approx([1e8 * 0.05 / 1.25 * 0.842362, 0.0])
    assert opportunity.onsite_pv(np.array(1000.0), np.array(1200.0), avoided) == pytest.approx(
        1.2e6 * 0.842362
    )
    assert opportunity.green_revenue(1e9, 0.02, 0.5) == pytest.approx(1e7)
    # 4e8 debt, 60 % refinanced, half of it green, 20 bp saved
    assert opportunity.sustainable_finance(4e8, 0.6, 0.5, 0.002) == pytest.approx(240_000)


def test_models_vectorise_over_samples_and_assets() -> None:
    s, a = 7, 5
    cost = carbon.carbon_cost(np.full((s, 1), 500.0), np.full((1, a), 10.0), np.full((s, 1), 0.5))
    assert cost.shape == (s, a)
    ead, losses, _ = flood.flood_damage(
        np.full((s, a, 3), 1.0),
        np.array([10.0, 100.0, 1000.0]),
        np.zeros(a),
        np.full(a, 100.0),
        DepthDamage.jrc_asia(),
    )
    assert ead.shape == (s, a) and losses.shape == (s, a, 3)
