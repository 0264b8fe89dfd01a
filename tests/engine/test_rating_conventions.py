"""Rating conventions: each one gives the levels its definition predicts, by hand.

The synthetic register's scales: likelihood thresholds 0, 0.01, 0.1, 0.5, 0.9 (annual or
sample probability) and magnitude thresholds 0, 0.0001, 0.001, 0.01, 0.05 (share of revenue).
"""

from __future__ import annotations

import copy

import numpy as np
import pytest
import xarray as xr

from climrisk.engine import run
from climrisk.engine.ratings import RatingInputs, magnitude_level, rate
from climrisk.register.models import Scales

from engine_synthetic import MAIN, SCENARIOS, make_register

SCALES = Scales.model_validate(MAIN["scales"])
REVENUE = 1000.0 * 1e6


def _scales(**conventions: object) -> Scales:
    data = copy.deepcopy(MAIN["scales"])
    data["conventions"] = conventions
    return Scales.model_validate(data)


def _inputs(share: float, exceed: list[float], *, event: bool = False, p: float = np.nan):
    one = np.ones((1, 1, 1))
    return RatingInputs(
        mean_share=one * share,
        probability=one * p,
        exceedance=np.array(exceed, float)[None, None, None, :],
        is_event=np.array([event]),
        is_physical=np.array([True]),
        horizon_years=np.array([5.0]),
        scenarios=["ssp245"],
    )


def test_exceedance_keeps_the_level_pair_with_the_highest_score() -> None:
    # P(reach level m) = 1, 0.95, 0.3, 0.02, 0 -> likelihood 5, 5, 3, 2, (none reaches 5)
    # scores 5, 10, 9, 4 -> Likely-certain minor effect wins: 5 x 2
    lik, mag, names = rate(_scales(chronic="exceedance"), _inputs(0.002, [1, 0.95, 0.3, 0.02, 0]))
    assert (float(lik.item()), float(mag.item())) == (5, 2)
    assert names == ["chronic:exceedance"]


def test_exceedance_prefers_the_larger_magnitude_on_a_tie() -> None:
    # scores 1x? : likelihood 3, 3, 3, 3, 1 -> 3, 6, 9, 12, 5 -> 3 x 4
    lik, mag, _ = rate(_scales(), _inputs(0.02, [0.2, 0.2, 0.2, 0.2, 0.005]))
    assert (float(lik.item()), float(mag.item())) == (3, 4)


def test_an_effect_that_never_occurs_rates_one_by_one() -> None:
    lik, mag, _ = rate(_scales(), _inputs(0.0, [0, 0, 0, 0, 0]))
    assert (float(lik.item()), float(mag.item())) == (1, 1)


def test_central_rates_the_mean_and_the_chance_of_reaching_it() -> None:
    # mean share 0.002 -> magnitude 3; 30 % of samples reach 0.001 -> likelihood 3
    lik, mag, _ = rate(_scales(chronic="central"), _inputs(0.002, [1, 0.95, 0.3, 0.02, 0]))
    assert (float(lik.item()), float(mag.item())) == (3, 3)


@pytest.mark.parametrize(("kind", "expected"), [("annual-probability", 3), ("horizon-probability", 3)])
def test_event_magnitude_is_the_loss_given_the_event(kind: str, expected: int) -> None:
    # expected annual loss 0.0005 of revenue at p = 0.1: loss given the event 0.005 -> level 3,
    # where rating the expected loss itself would count p twice (level 2)
    lik, mag, names = rate(_scales(event=kind), _inputs(0.0005, [1] * 5, event=True, p=0.1))
    assert float(mag.item()) == 3
    # within 5 years: 1 - 0.9^5 = 0.41 -> still level 3 (0.1 to 0.5)
    assert float(lik.item()) == expected
    assert names == [f"event:{kind}"]


def _run(grid: xr.Dataset, **conventions: object) -> xr.Dataset:
    scales = copy.deepcopy(MAIN["scales"])
    scales["conventions"] = conventions
    reg = make_register(scales=scales)
    return run(reg, grid, samples=200, seed=3).dataset


def test_floods_rate_on_annual_probability_and_loss_given_the_event(grid: xr.Dataset) -> None:
    ds = _run(grid, event="annual-probability")
    pr = ds.sel(item="PR-01")
    # dc-bj floods from the 10-year event: p = 0.1 -> likelihood 3 in every cell
    assert (pr["likelihood"] == 3).all()
    given = pr["item_total"].sel(stat="mean") / pr["probability"] / REVENUE
    np.testing.assert_array_equal(pr["magnitude"].values, magnitude_level(given.values, SCALES))
    assert str(ds["rating_convention"].sel(item="PR-01").item()) == "event:annual-probability"


def test_horizon_probability_grows_with_the_horizon(grid: xr.Dataset) -> None:
    ds = _run(grid, event="horizon-probability")
    lik = ds["likelihood"].sel(item="PR-01")
    # short: 5 years, 1 - 0.9^5 = 0.41 -> 3; long: 2050 - 2024 - 5 = 21 years, 0.89 -> 4
    assert (lik.sel(horizon="short") == 3).all()
    assert (lik.sel(horizon="long") == 4).all()


def test_scenario_plausibility_sets_transition_likelihood(grid: xr.Dataset) -> None:
    plausibility = {"ssp245": 3, "ssp585": 1, "ngfs-nz2050": 5}
    ds = _run(grid, transition="scenario-plausibility", scenario_plausibility=plausibility)
    tr = ds.sel(item="TR-01")
    for s in SCENARIOS:
        assert (tr["likelihood"].sel(scenario=s) == plausibility[s]).all()
    share = tr["item_total"].sel(stat="mean") / REVENUE
    np.testing.assert_array_equal(tr["magnitude"].values, magnitude_level(share.values, SCALES))
    # physical chronic items keep their own convention
    assert str(ds["rating_convention"].sel(item="PR-02").item()) == "chronic:exceedance"


def test_exceedance_in_the_engine_matches_the_simulated_shares(grid: xr.Dataset) -> None:
    ds = _run(grid, transition="exceedance")
    tr = ds.sel(item="TR-01", scenario="ngfs-nz2050", horizon="long")
    exceed = tr["exceedance"].values
    assert exceed[0] == 1.0 and np.all(np.diff(exceed) <= 0)
    lik, mag, _ = rate(
        SCALES,
        RatingInputs(
            np.array([[[float(tr["revenue_share"])]]]),
            np.full((1, 1, 1), np.nan),
            exceed[None, None, None, :],
            np.array([False]),
            np.array([False]),
            np.array([21.0]),
            ["ngfs-nz2050"],
        ),
    )
    assert (float(tr["likelihood"]), float(tr["magnitude"])) == (lik.item(), mag.item())
