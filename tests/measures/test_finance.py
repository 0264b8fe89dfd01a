"""NPV, benefit-cost ratio and payback year against hand calculations."""

from __future__ import annotations

import numpy as np
import pytest

from climrisk.measures.finance import (
    appraisal_years,
    benefit_cost_ratio,
    benefit_weights,
    cost_flows,
    discount_factors,
    interpolation_weights,
    payback_year,
    present_value,
)
from climrisk.register.measures import Measure


def _measure(**changes: object) -> Measure:
    spec = {
        "id": "M-1",
        "name": {"en": "Barrier", "zh-Hant": "擋水牆"},
        "items": ["PR-01"],
        "assets": ["dc-bj"],
        "effects": [{"kind": "flood-protection", "return_period": 100}],
        "cost": {
            "capex": {2025: 1000.0},
            "opex_per_year": 50.0,
            "basis": {"en": "quote", "zh-Hant": "報價"},
            "estimate": False,
        },
        "start_year": 2026,
        "lifetime_years": 3,
        "owner": "Facilities",
        "status": "planned",
    }
    spec.update(changes)
    return Measure.model_validate(spec)


def test_cash_flows_and_present_values_by_hand() -> None:
    m = _measure()
    years = appraisal_years([m], 2024)
    assert years.tolist() == [2025, 2026, 2027, 2028]
    assert cost_flows(m, years).tolist() == [1000.0, 50.0, 50.0, 50.0]
    r = 0.1
    # 1000/1.1 + 50/1.1^2 + 50/1.1^3 + 50/1.1^4
    hand = 909.0909090909 + 41.3223140496 + 37.5657400451 + 34.1506727683
    assert present_value(cost_flows(m, years), years, 2024, r) == pytest.approx(hand, rel=1e-9)
    assert discount_factors(np.array([2023, 2024, 2025]), 2024, r).tolist() == [0, 0, 1 / 1.1]


def test_npv_bcr_and_payback_by_hand() -> None:
    m = _measure()
    years = appraisal_years([m], 2024)
    r = 0.1
    benefit = np.array([0.0, 600.0, 600.0, 600.0])  # 600 a year while in effect
    cost = cost_flows(m, years)
    pv_b = 600 / 1.1**2 + 600 / 1.1**3 + 600 / 1.1**4  # 495.868 + 450.789 + 409.808
    pv_c = present_value(cost, years, 2024, r)  # 909.091 + 41.322 + 37.566 + 34.151
    assert present_value(benefit, years, 2024, r) == pytest.approx(pv_b)
    assert pv_b - pv_c == pytest.approx(1356.465 - 1022.130, abs=1e-3)
    assert benefit_cost_ratio(pv_b, pv_c) == pytest.approx(1356.465 / 1022.130, abs=1e-5)
    # discounted cumulative net: -909.09, -909.09 + 454.55, -454.55 + 413.22, -41.32 + 375.66
    assert payback_year(benefit, cost, years, 2024, r) == 2028
    assert payback_year(benefit / 10, cost, years, 2024, r) is None
    assert benefit_cost_ratio(5.0, 0.0) == float("inf")


def test_benefit_interpolates_between_analysis_years_and_is_flat_outside() -> None:
    years = np.arange(2025, 2061)
    w = interpolation_weights(years, [2030, 2050])
    values = w @ np.array([100.0, 300.0])
    assert values[0] == 100 and values[years.tolist().index(2040)] == 200 and values[-1] == 300
    active = (years >= 2030) & (years <= 2031)
    pv = benefit_weights(years, active, [2030, 2050], 2024, 0.05) @ np.array([100.0, 300.0])
    assert pv == pytest.approx(100 / 1.05**6 + 110 / 1.05**7)
