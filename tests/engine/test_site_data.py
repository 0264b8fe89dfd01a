"""A site's own hazard values win over the grid there, and are recorded as site data."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
import xarray as xr

from climrisk.engine import run
from climrisk.engine.site_data import SiteData, citation
from climrisk.register.models import Asset, Register, SiteValues
from tests.engine.engine_synthetic import SCENARIOS, make_register, tas

SOURCE = "Beijing Climate Center, site study for the Beijing DC (2024)"


def _with_hazards(register: Register, asset_id: str, hazards: dict[str, dict]) -> Register:
    assets = [a.model_copy(update={"hazards": {k: SiteValues.model_validate(v)
                                               for k, v in hazards.items()}})
              if a.id == asset_id else a for a in register.assets]
    return register.model_copy(update={"assets": assets})


def _grid_hot_days(s: str, year: int) -> float:
    """The synthetic grid's median hot days, 10 + 20 x local warming (from 2025, its first
    year, which a run holds for earlier years)."""
    return float(10 + 20 * tas(s, max(year, 2025))[1])


def _path(offset: float) -> dict[str, dict[int, float]]:
    return {s: {y: _grid_hot_days(s, y) + offset for y in (2024, 2030, 2050)} for s in SCENARIOS}


def test_values_are_read_linear_between_years_and_held_beyond() -> None:
    given = SiteValues(source=SOURCE, date=dt.date(2024, 6, 1),
                       by_scenario={"ssp245": {2030: 20.0, 2050: 40.0}})
    asset_like = type("A", (), {"hazards": {"hot_days": given}})
    data = SiteData.from_assets([asset_like()], {"hot_days"}, ["ssp245", "ssp585"],  # type: ignore[list-item]
                                [2024, 2030, 2040, 2060])
    assert data.values["hot_days"]["ssp245"][:, 0].tolist() == [20.0, 20.0, 30.0, 40.0]
    assert "ssp585" not in data.values["hot_days"]  # not given: the grid stays
    assert data.cite["hot_days"]["ssp245"][0] == f"site data: {SOURCE} (2024-06-01)"


def test_one_form_only() -> None:
    with pytest.raises(ValueError, match="either value"):
        SiteValues(source=SOURCE, date=dt.date(2024, 1, 1), value=1.0,
                   by_scenario={"ssp245": {2030: 1.0}})
    with pytest.raises(ValueError, match="either value"):
        SiteValues(source=SOURCE, date=dt.date(2024, 1, 1))


def _no_spread(grid: xr.Dataset) -> xr.Dataset:
    """Site values carry no quantile spread; the same grid without one, to compare against."""
    mid = grid["hot_days"].sel(quantile=0.5)
    return grid.assign(hot_days=mid.expand_dims(quantile=grid["quantile"].values)
                       .transpose(*grid["hot_days"].dims).assign_attrs(grid["hot_days"].attrs))


def test_site_values_equal_to_the_grid_change_nothing_but_the_source(grid: xr.Dataset) -> None:
    grid = _no_spread(grid)
    base = run(make_register(), grid, samples=200, seed=3).dataset
    reg = _with_hazards(make_register(), "dc-bj",
                        {"hot_days": {"source": SOURCE, "date": "2024-06-01",
                                      "by_scenario": _path(0.0)}})
    ds = run(reg, grid, samples=200, seed=3).dataset
    np.testing.assert_allclose(ds["amount"].values, base["amount"].values, rtol=1e-6)
    src = ds["data_source"].sel(driver="hot_days")
    assert (src.sel(asset="dc-bj") == f"site data: {SOURCE} (2024-06-01)").all()
    others = src.drop_sel(asset="dc-bj")
    assert not others.str.startswith("site data").any()


def test_more_hot_days_at_the_site_cost_more_there_only(grid: xr.Dataset) -> None:
    base = run(make_register(), grid, samples=200, seed=3).dataset
    reg = _with_hazards(make_register(), "dc-bj",
                        {"hot_days": {"source": SOURCE, "date": "2024-06-01",
                                      "by_scenario": {s: {2024: _grid_hot_days(s, 2024),
                                                          2050: _grid_hot_days(s, 2050) + 30}
                                                      for s in SCENARIOS}}})
    ds = run(reg, grid, samples=200, seed=3).dataset
    pick = {"channel": "revenue", "horizon": "long", "stat": "mean"}
    item = next(i for i in ds["item"].values
                if float(abs(base["amount"].sel(item=i, asset="dc-bj", **pick)).max()) > 0
                and "heat-outage" in str(ds["model"].sel(item=i).values))
    more = ds["amount"].sel(item=item, **pick)
    before = base["amount"].sel(item=item, **pick)
    assert (more.sel(asset="dc-bj") > before.sel(asset="dc-bj")).all()
    np.testing.assert_allclose(more.drop_sel(asset="dc-bj"), before.drop_sel(asset="dc-bj"))


def test_a_site_outside_the_grid_is_assessed_for_what_it_gives(grid: xr.Dataset) -> None:
    moved = [a.model_copy(update={"location": a.location.model_copy(
        update={"lat": -33.9, "lon": 151.2})}) if a.id == "dc-bj" else a
        for a in make_register().assets]
    outside = make_register().model_copy(update={"assets": moved})
    gaps = run(outside, grid, samples=100, seed=3).dataset["coverage"]
    assert (gaps.sel(asset="dc-bj", driver="hot_days") == "outside").all()
    reg = _with_hazards(outside, "dc-bj", {"hot_days": {
        "source": SOURCE, "date": "2024-06-01", "value": 25.0}})
    ds = run(reg, grid, samples=100, seed=3).dataset
    assert (ds["coverage"].sel(asset="dc-bj", driver="hot_days") == "").all()
    assert (ds["coverage"].sel(asset="dc-bj", driver="tas_change") == "outside").all()
    assert ds["data_source"].sel(asset="dc-bj", driver="hot_days").str.startswith(
        "site data").all()


def test_citation_names_source_and_date() -> None:
    v = SiteValues(source="HKO 2024", date=dt.date(2024, 3, 1), value=3.0)
    assert citation(v) == "site data: HKO 2024 (2024-03-01)"
    assert isinstance(Asset.model_fields["hazards"].default_factory(), dict)  # type: ignore[misc]
