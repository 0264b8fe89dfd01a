"""Sobol and Morris indices: a parameter that dominates by construction ranks first, and
a repeated run with the same seed gives the same bytes."""

from __future__ import annotations

import pytest
import xarray as xr
from engine_synthetic import make_register

from climrisk.errors import UserError
from climrisk.sensitivity import QUANTILE, analyse, ranking, to_csv


def _dominated():  # type: ignore[no-untyped-def]
    """Carbon cost only: the carbon price path is certain, the pass-through spans 10–90 %
    and the deflator 1.43–1.44, so the pass-through carries nearly all the variance."""
    params = {
        "carbon_pass_through": {"value": 0.5, "low": 0.1, "high": 0.9, "unit": "1",
                                "source": "test", "status": "estimate"},
        "usd2010_deflator": {"value": 1.435, "low": 1.43, "high": 1.44, "unit": "1",
                             "source": "test", "status": "estimate"},
    }
    reg = make_register(parameters=params)
    return reg.model_copy(update={"items": [reg.item("TR-01"), reg.item("PR-02")]})


def test_sobol_ranks_the_dominant_parameter_first_and_repeats_byte_for_byte(
    grid: xr.Dataset,
) -> None:
    reg = _dominated()
    a = analyse(reg, grid, "item:TR-01", "ngfs-nz2050", samples=128, seed=11)
    assert a.attrs["evaluations"] == 128 * (len(a["factor"]) + 2)
    for h in ("short", "long"):
        assert ranking(a, h)[0] == "carbon_pass_through"
        st = a["ST"].sel(horizon=h)
        assert float(st.sel(factor="carbon_pass_through")) > 0.95
        assert float(st.sel(factor="usd2010_deflator")) < 0.01
        assert float(a["ST_conf"].sel(horizon=h, factor="carbon_pass_through")) > 0
    b = analyse(reg, grid, "item:TR-01", "ngfs-nz2050", samples=128, seed=11)
    assert to_csv(a).encode() == to_csv(b).encode()
    assert a.equals(b)
    c = analyse(reg, grid, "item:TR-01", "ngfs-nz2050", samples=128, seed=12)
    assert to_csv(c) != to_csv(a)


def test_climate_quantile_is_a_factor_and_morris_screens(grid: xr.Dataset) -> None:
    reg = _dominated()
    m = analyse(reg, grid, "item:PR-02", "ssp585", method="morris", samples=40, seed=3)
    assert QUANTILE in m["factor"].values.tolist()
    assert float(m["mu_star"].sel(horizon="long", factor=QUANTILE)) > 0
    assert ranking(m, "long")[0] in m["factor"].values.tolist()
    total = analyse(reg, grid, "total:risk", "ssp585", samples=32, seed=3)
    assert "carbon_pass_through" in total["factor"].values.tolist()


def test_bad_requests_are_user_errors(grid: xr.Dataset) -> None:
    reg = _dominated()
    with pytest.raises(UserError, match="item:<id>"):
        analyse(reg, grid, "TR-01", "ssp585")
    with pytest.raises(UserError, match="no quantified item 'XX'"):
        analyse(reg, grid, "item:XX", "ssp585")
    with pytest.raises(UserError, match="scenario 'nope'"):
        analyse(reg, grid, "item:TR-01", "nope")
