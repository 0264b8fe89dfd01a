"""The engine end to end on the synthetic grid and register."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import xarray as xr
from engine_synthetic import carbon, grid_factor, make_register, power_price, tas

from climrisk.engine import Assumptions, run
from climrisk.engine.catalogue import catalogue
from climrisk.engine.drivers import quantile_weights
from climrisk.engine.parameters import ParameterSet, default_parameters
from climrisk.engine.physical.flood import DepthDamage, gridded_ead, trapezoid_weights
from climrisk.engine.ratings import band, level
from climrisk.grids.sampling import Stencil
from climrisk.engine.catalogue import catalogue


def test_every_parameter_is_documented() -> None:
    for name, p in default_parameters().items():
        assert p.unit and p.source and p.status, name


def test_register_overrides_parameters_by_name() -> None:
    dc = ParameterSet.resolve(None, ["data-centers"])["pue_per_degc"]
    ps = ParameterSet.resolve(
        {"pue_per_degc": dc.model_copy(update={"value": 0.02, "low": 0.02, "high": 0.02})},
        ["data-centers"],
    )
    assert ps.value("pue_per_degc") == 0.02
    assert ps.provenance(["pue_per_degc"])["pue_per_degc"]["origin"] == "register"
    with pytest.raises(KeyError):
        ParameterSet.resolve({"no_such": dc})
    with pytest.raises(KeyError):  # a pack's parameter without its pack
        ParameterSet.resolve({"pue_per_degc": dc})


def test_parameter_draws_stay_in_range_and_are_seeded() -> None:
    ps = ParameterSet.resolve(None, ["data-centers"])
    a = ps.draw(["pue_per_degc", "pue_rule_limit"], 2000, 3)
    p = ps["pue_per_degc"]
    assert a["pue_per_degc"].min() >= p.low and a["pue_per_degc"].max() <= p.high
    assert np.all(a["pue_rule_limit"] == 1.5)
    assert np.array_equal(a["pue_per_degc"], ps.draw(["pue_per_degc"], 2000, 3)["pue_per_degc"])


def test_quantile_weights_reproduce_the_grid_quantiles() -> None:
    w = quantile_weights(np.array([0.0, 0.05, 0.275, 0.5, 0.95, 1.0]))
    assert w == pytest.approx(
        np.array([[1, 0, 0], [1, 0, 0], [0.5, 0.5, 0], [0, 1, 0], [0, 0, 1], [0, 0, 1]])
    )
    u = np.random.default_rng(0).uniform(size=100000)
    v = quantile_weights(u) @ np.array([1.0, 2.0, 4.0])
    assert np.percentile(v, [5, 50, 95]) == pytest.approx([1.0, 2.0, 4.0], abs=0.02)


def test_bilinear_is_exact_for_a_plane() -> None:
    lat = np.arange(54.0, 17.9, -0.5)
    lon = np.arange(73.0, 135.1, 0.5)
    field = (2 * lat[:, None] + 3 * lon[None, :])[..., None].astype(np.float64)
    pts_lat = np.random.default_rng(2).uniform(18, 54, 3000)
    pts_lon = np.random.default_rng(3).uniform(73, 135, 3000)
    got = Stencil(lat, lon, pts_lat, pts_lon).apply(field)[:, 0]
    assert got == pytest.approx(2 * pts_lat + 3 * pts_lon)


def test_gridded_ead_matches_the_per_site_flood_path() -> None:
    lat, lon = np.arange(30.0, 41.0), np.arange(110.0, 121.0)
    rps = np.array([10.0, 100.0, 1000.0])
    depth = np.broadcast_to(np.array([0.5, 1.0, 2.0]), (lat.size, lon.size, 1, 3)).copy()
    depth *= (1 + 0.05 * (lat - 30))[:, None, None, None]
    plat, plon = np.array([33.3, 38.0]), np.array([112.0, 119.5])
    ead = gridded_ead(Stencil(lat, lon, plat, plon), depth, rps, 100.0, DepthDamage.jrc_asia())
    site_depth = np.array([0.5, 1.0, 2.0]) * (1 + 0.05 * (plat[:, None] - 30))
    expected = (DepthDamage.jrc_asia()(site_depth) * 100) @ trapezoid_weights(rps)
    assert ead[:, 0] == pytest.approx(expected)


def test_ratings_levels_and_bands(register) -> None:  # type: ignore[no-untyped-def]
    assert level(np.array([0.0, 0.005, 0.01, 0.7, np.nan]), [0, 0.01, 0.1, 0.5, 0.9])[
        :4
    ].tolist() == [1, 1, 2, 4]
    assert band(np.array([1, 6, 20]), register.main.scales).tolist() == ["low", "medium", "high"]


# An alternative to a model the synthetic register uses, run by its own tests
# (tests/engine/test_me_flood.py): one item quantifies M&E flood damage one way.
ALTERNATIVES = {"m-and-e-flood-damage-hazus"}


def test_result_layout_follows_the_contract(results, register) -> None:  # type: ignore[no-untyped-def]
    ds = results.dataset
    assert ds["amount"].dims == ("item", "asset", "channel", "scenario", "horizon", "stat")
    assert list(ds["stat"].values) == ["mean", "p5", "p50", "p95"]
    assert list(ds["horizon"].values) == ["short", "long"]
    assert ds["analysis_year"].values.tolist() == [2030, 2050]
    models = results.models
    # The provenance names exactly the models the items quantify, and those cover the pack.
    assert set(models) == {q.model for i in register.items for q in i.quantification}
    assert set(catalogue(["data-centers"])) - set(models) == ALTERNATIVES
    cc = models["carbon-cost"]
    assert "carbon_price" in cc["grid_variables"] and "usd2010_deflator" in cc["parameters"]
    assert cc["parameters"]["usd2010_deflator"]["source"]
    assert ds.attrs["grid_source"] == "synthetic test grid"
    assert ds.attrs["register_root"] == "tests/engine/synthetic"
    m = ds["amount"].sel(stat="mean")
    p5, p95 = ds["amount"].sel(stat="p5"), ds["amount"].sel(stat="p95")
    assert bool(((p5 <= m + 1e-6) | m.isnull()).all()) and bool(
        ((m <= p95 + 1e-6) | m.isnull()).all()
    )


def test_carbon_cost_matches_hand_calculation(register, grid) -> None:  # type: ignore[no-untyped-def]
    res = run(register, grid, Assumptions(pass_through=0.5), samples=4000, seed=1)
    got = res.dataset["amount"].sel(
        item="TR-01",
        asset="dc-bj",
        channel="opex",
        scenario="ngfs-nz2050",
        horizon="long",
        stat="mean",
    )
    deflator = (1.42 + 1.44 + 1.44) / 3  # triangular mean
    scope1 = 152.0 * 100000 / 152000
    hand = (
        carbon("ngfs-nz2050", 2050) * deflator * 7.19 * (100000 * grid_factor(2050) + scope1) * 0.5
    )
    assert float(got) == pytest.approx(hand, rel=2e-3)


def test_cooling_and_water_use_warming_since_the_reporting_year(grid) -> None:  # type: ignore[no-untyped-def]
    fixed = {
        n: {"value": v, "unit": "u", "source": "test", "status": "estimate"}
        for n, v in {
            "pue_per_degc": 0.01,
            "wue_per_degc": 0.05,
            "water_price": 9.5,
            "water_curtailment_per_hot_day": 0.01,
        }.items()
    }
    res = run(make_register(parameters=fixed), grid, samples=4000, seed=2)
    got = float(
        res.dataset["amount"].sel(
            item="PR-02",
            asset="dc-bj",
            channel="opex",
            scenario="ssp585",
            horizon="long",
            stat="mean",
        )
    )
    # reporting year 2024 precedes the grid, so warming counts from 2025; the quantile
    # factors (0.8, 1, 1.2) are symmetric, so the mean sample is the central path
    d_t = tas("ssp585", 2050)[1] - tas("ssp585", 2025)[1]
    it_kwh = 1e8 / 1.374
    cooling = it_kwh * 0.01 * d_t * power_price(2050)
    # Beijing's water stress is Aqueduct 4.0's pessimistic (SSP5-8.5) projection for the
    # province: extremely high (4) in 2050, so the curtailment is 4/3 of its calibration (3)
    water = it_kwh * 1.5 / 1000 * 0.05 * d_t * 9.5 + 20 * d_t * 0.01 * 0.3e9 / 365 * 4 / 3
    assert got == pytest.approx(cooling + water, rel=0.01)


def test_not_quantified_and_override(results) -> None:  # type: ignore[no-untyped-def]
    ds = results.dataset
    assert str(ds["not_quantified"].sel(item="TR-04").values) == "measurement-uncertainty-too-high"
    assert bool(ds["item_total"].sel(item="TR-04").isnull().all())
    tr2 = ds.sel(item="TR-02")
    assert (tr2["likelihood"] == 5).all() and (tr2["magnitude"] == 5).all()
    assert tr2["likelihood_modelled"].notnull().all()
    assert "Board judgement" in str(tr2["override_reason"].values)
    assert set(np.unique(ds["band"].values)) <= {"low", "medium", "high", ""}


def test_flood_likelihood_and_rp_losses(results) -> None:  # type: ignore[no-untyped-def]
    ds = results.dataset
    # dc-bj floods at the 10-year event, dc-sh only above its 20-year protection
    assert float(
        ds["probability"].sel(item="PR-01", scenario="ssp245", horizon="short")
    ) == pytest.approx(0.1)
    rp = ds["flood_loss_rp"].sel(asset="dc-sh", scenario="ssp245", horizon="short", stat="mean")
    assert float(rp.sel(return_period=10)) == 0 and float(rp.sel(return_period=100)) > 0
    assert bool(ds["flood_loss_rp"].sel(asset="office").isnull().all())


def test_scenarios_and_aggregates(results) -> None:  # type: ignore[no-untyped-def]
    ds = results.dataset
    tr1 = ds["item_total"].sel(item="TR-01", stat="mean", horizon="long")
    assert float(tr1.sel(scenario="ngfs-nz2050")) > float(tr1.sel(scenario="ssp245"))
    heat = ds["item_total"].sel(item="PR-02", stat="mean", horizon="long")
    assert float(heat.sel(scenario="ssp585")) > float(heat.sel(scenario="ssp245"))
    m = ds["amount"].sel(stat="mean")
    assert float(
        ds["item_total"].sel(item="PR-02", scenario="ssp245", horizon="long", stat="mean")
    ) == pytest.approx(float(m.sel(item="PR-02", scenario="ssp245", horizon="long").sum()))
    comp = ds["company_total"].sel(stat="mean")
    assert float(comp.sel(kind="transition").sum()) == pytest.approx(
        float(ds["site_total"].sel(stat="mean", kind="transition").sum())
    )
    pv = ds["present_value"].sel(item="TR-01", scenario="ssp245", horizon="short", stat="mean")
    assert float(pv) == pytest.approx(
        float(ds["item_total"].sel(item="TR-01", scenario="ssp245", horizon="short", stat="mean"))
        * sum(1.08**-n for n in range(1, 6))
    )


def test_cross_industry_metrics(results) -> None:  # type: ignore[no-untyped-def]
    ci = results.dataset["cross_industry"]
    assert ci.dims == ("category", "basis", "measure", "scenario", "horizon")
    pct = ci.sel(measure="percent")
    assert bool(((pct >= 0) & (pct <= 100)).all())
    # aligned: the self-built DC, 1e9 of 1.6e9 replacement value
    assert float(
        ci.sel(
            category="opportunity",
            basis="assets",
            measure="percent",
            scenario="ssp245",
            horizon="short",
        )
    ) == pytest.approx(62.5)
    assert (
        float(
            ci.sel(
                category="physical",
                basis="assets",
                measure="amount",
                scenario="ssp585",
                horizon="long",
            )
        )
        >= 1e9
    )


def test_seeded_runs_repeat(register, grid, results) -> None:  # type: ignore[no-untyped-def]
    again = run(register, grid, samples=400, seed=7)
    xr.testing.assert_identical(again.dataset, results.dataset)


def test_assumptions_move_the_numbers(register, grid) -> None:  # type: ignore[no-untyped-def]
    base = run(register, grid, samples=200, seed=1, scenarios=["ssp245"])
    high = run(
        register,
        grid,
        Assumptions(carbon_price_multiplier=2, electricity_price_multiplier=1.5),
        samples=200,
        seed=1,
        scenarios=["ssp245"],
    )
    sel = {"scenario": "ssp245", "horizon": "long", "stat": "mean"}
    assert float(high.dataset["item_total"].sel(item="TR-01", **sel)) == pytest.approx(
        2 * float(base.dataset["item_total"].sel(item="TR-01", **sel))
    )
    assert json.loads(high.dataset.attrs["assumptions"])["carbon_price_multiplier"] == 2


def test_writers_round_trip(results, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    nc = results.to_netcdf(tmp_path / "r.nc")
    back = xr.load_dataset(nc)
    assert float(back["amount"].sum()) == pytest.approx(float(results.dataset["amount"].sum()))
    df = results.frame()
    assert {
        "item",
        "asset",
        "channel",
        "scenario",
        "horizon",
        "stat",
        "amount",
        "model",
        "formula",
    } <= set(df.columns)
    assert results.to_csv(tmp_path / "r.csv").read_text().startswith("item,")


def test_a_site_outside_the_grid_is_not_assessed_and_the_rest_still_scores(  # type: ignore[no-untyped-def]
    grid,
) -> None:
    small = grid.sel(lat=slice(18, 35))  # Beijing (39.9 N) falls outside
    reg = make_register()
    res = run(reg, small, samples=50, seed=1)
    ds = res.dataset
    outside = ds["not_assessed_reason"].sel(asset="dc-bj")
    physical = [i for i, k in zip(ds["item"].values, ds["item_kind"].values) if k == "physical"]
    assert set(np.unique(outside.sel(item=physical).values)) == {"", "outside"}
    hit = [i for i in physical if (outside.sel(item=i) == "outside").all()]
    assert hit
    assert "lat 18 to 35" in str(ds["not_assessed_text"].sel(asset="dc-bj", item=hit[0])
                                 .isel(scenario=0).item())
    # models that read no site data (carbon prices, regional tables) still assess the site
    no_site = {m for m, spec in catalogue(reg.main.packs).items() if not spec.site_vars}
    for item in reg.items:
        if {q.model for q in item.quantification} <= no_site and "dc-bj" in item.assets:
            assert (ds["not_assessed_reason"].sel(asset="dc-bj", item=item.id) == "").all()
    # the other sites are scored exactly as without the outside one
    others = [a.id for a in reg.assets if a.id != "dc-bj"]
    alone = run(reg.model_copy(update={"assets": [a for a in reg.assets if a.id != "dc-bj"]}),
                small, samples=50, seed=1)
    for item in physical:
        got = ds["amount"].sel(item=item, asset=others, stat="mean")
        want = alone.dataset["amount"].sel(item=item, asset=others, stat="mean")
        np.testing.assert_allclose(got.values, want.values, rtol=1e-12, equal_nan=True)
    assert bool(ds["amount"].sel(asset="dc-bj", item=hit).isnull().all())
    assert (ds["coverage"].sel(asset="dc-bj", driver="tas_change") == "outside").all()
    assert (ds["coverage"].sel(asset=others, driver="tas_change") == "").all()


def test_a_cell_without_data_and_a_missing_region_are_not_assessed(grid) -> None:  # type: ignore[no-untyped-def]
    holes = grid.copy()
    slr = holes["sea_level_change"].copy()
    slr.loc[{"lat": slice(29, 34), "lon": slice(119, 124)}] = np.nan  # no sea level there
    holes["sea_level_change"] = slr
    holes = holes.sel(region=[r for r in holes["region"].values if r != "central-china"])
    res = run(make_register(), holes, samples=50, seed=1)
    ds = res.dataset
    reason = ds["not_assessed_reason"]
    driver = ds["not_assessed_driver"]
    sh = reason.sel(item="PR-03", asset="dc-sh")
    assert (sh == "masked").all()
    assert (driver.sel(item="PR-03", asset="dc-sh") == "sea_level_change").all()
    assert bool(ds["item_total"].sel(item="PR-03").isnull().all())  # its only site
    south = [a for a, r in zip(ds["asset"].values, make_register().assets)
             if str(r.grid_region) == "central-china"]
    assert south and "no_region" in set(reason.sel(asset=south).values.ravel())
    assert np.isfinite(ds["item_total"].sel(stat="mean")).any()


def test_scales_to_many_assets(register, grid) -> None:  # type: ignore[no-untyped-def]
    from climrisk.register.models import Asset

    big = _spread(register, 3000, "s", seed=0)
    res = run(big, grid, samples=1000, seed=3, scenarios=["ssp245"])
    amt = res.dataset["amount"].sel(
        item="TR-01", channel="opex", scenario="ssp245", horizon="long", stat="mean"
    )
    assert amt.sizes["asset"] == 3003 and bool(amt.notnull().all())
    assert isinstance(big.assets[-1], Asset)


def test_aggregates_without_asset_detail_match_the_detailed_run(  # type: ignore[no-untyped-def]
    register, grid
) -> None:
    """Totals summed per sample across asset blocks equal a one-block detailed run's."""
    from climrisk.engine.plan import BLOCK_ARRAYS

    big = _spread(register, 2500, "b", seed=1)
    kw = {"samples": 400, "seed": 5, "scenarios": ["ssp245", "ngfs-nz2050"]}
    full = run(big, grid, asset_detail=True, **kw).dataset
    budget = BLOCK_ARRAYS * 8 * 400 * 600  # five blocks of assets
    agg = run(big, grid, asset_detail=False, memory_budget=budget, **kw).dataset
    assert "amount" not in agg and "site_total" not in agg and "amount" in full
    for name in ("company_total", "channel_total", "item_total", "probability"):
        np.testing.assert_allclose(agg[name], full[name], rtol=1e-10, equal_nan=True)
    np.testing.assert_allclose(
        agg["site_mean"], full["site_total"].sel(stat="mean", drop=True), rtol=1e-10
    )
    assert agg["cross_industry"].equals(full["cross_industry"])
    assert agg["band"].equals(full["band"])


def test_asset_detail_defaults_to_the_size_of_amount(  # type: ignore[no-untyped-def]
    register, grid, monkeypatch
) -> None:
    import climrisk.engine.plan as plan

    kw = {"samples": 50, "seed": 2, "scenarios": ["ssp245"]}
    assert "amount" in run(register, grid, **kw).dataset
    monkeypatch.setattr(plan, "DETAIL_CELLS", 10)
    small = run(register, grid, **kw).dataset
    assert "amount" not in small and "site_mean" in small and "vulnerable" in small


def _spread(register, n: int, prefix: str, *, seed: int):  # type: ignore[no-untyped-def]
    """The register plus ``n`` copies of its first asset at seeded random sites in China."""
    proto = register.assets[0]
    rng = np.random.default_rng(seed)
    many = [
        proto.model_copy(
            update={
                "id": f"{prefix}{i}",
                "location": proto.location.model_copy(
                    update={"lat": float(rng.uniform(20, 50)), "lon": float(rng.uniform(80, 130))}
                ),
            }
        )
        for i in range(n)
    ]
    return register.model_copy(update={"assets": [*register.assets, *many]})
