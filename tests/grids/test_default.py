"""The bundled default reproduces the published numbers it is built from, and is fresh."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from climrisk.grids import check_grid, sample, sea_level, write_grid
from climrisk.grids.default import default_path, stale_reasons
from climrisk.grids.heat import CITY_COORDS, days_above, hot_day_model, mean_for_days
from climrisk.grids.scenarios import SCENARIOS

# IPCC AR6 WG1 Table SPM.1, 2081-2100 best estimate and very likely range (degC).
SPM1_2081_2100 = {"ssp126": (1.3, 1.8, 2.4), "ssp245": (2.1, 2.7, 3.5),
                  "ssp370": (2.8, 3.6, 4.6), "ssp585": (3.3, 4.4, 5.7)}
# AR6 Table 9.9 GMSL medians for 2100 (m, vs 1995-2014).
GMSL_2100 = {"ssp126": 0.44, "ssp245": 0.56, "ssp370": 0.68, "ssp585": 0.77}
# Scenario facts 5.1(d), US$2010/t, 2030 and 2050.
CARBON = {"ngfs-nz2050": (230, 450), "ngfs-b2c": (50, 115), "ngfs-dt": (12, 110),
          "ngfs-ndc": (20, 40), "ngfs-cp": (12, 12), "ngfs-fw": (12, 40)}
# d25a central (SSP2-4.5 median) relative sea level, m: 2030, 2050, 2100.
D25A = {(39.0, 117.72): (0.09, 0.19, 0.50), (32.13, 121.62): (0.16, 0.32, 0.81),
        (31.0, 121.0): (0.09, 0.20, 0.54), (32.0, 121.0): (0.09, 0.20, 0.55),
        (39.0, 117.0): (0.08, 0.18, 0.47)}
FAR_FROM_COAST = (45.0, 90.0)


def test_default_file_is_fresh(fresh_default: xr.Dataset) -> None:
    """The committed file equals a rebuild: values within storage precision
    (``xr.testing.assert_allclose``) and every attribute exactly."""
    assert stale_reasons(fresh=fresh_default) == [], "run `climrisk scenarios build-default`"


def test_staleness_is_detected(fresh_default: xr.Dataset, tmp_path: Path) -> None:
    changed = fresh_default[["carbon_price"]].copy(deep=True)
    changed["carbon_price"][0, 0] += 1.0
    write_grid(changed, tmp_path / "old.nc")
    reasons = stale_reasons(tmp_path / "old.nc", fresh=fresh_default[["carbon_price"]])
    assert reasons and "carbon_price: values differ" in reasons[0]


def test_file_is_small_and_valid(committed_default: xr.Dataset) -> None:
    assert default_path().stat().st_size < 40 * 2**20
    check_grid(committed_default)


@pytest.mark.parametrize("ssp", list(SPM1_2081_2100))
def test_gsat_2081_2100_means_reproduce_spm1(committed_default: xr.Dataset, ssp: str) -> None:
    means = committed_default.gsat.sel(scenario=ssp, year=slice(2081, 2100)).mean("year")
    np.testing.assert_allclose(means.values, SPM1_2081_2100[ssp], atol=0.05)


def test_gsat_paths_are_smooth_and_ordered(committed_default: xr.Dataset) -> None:
    gsat = committed_default.gsat
    assert (gsat.diff("quantile") > 0).all()
    assert float(abs(gsat.diff("year").diff("year")).max()) < 0.01


@pytest.mark.parametrize("ssp", list(GMSL_2100))
def test_gmsl_2100_medians_reproduce_table_9_9(ssp: str) -> None:
    gmsl, _ = sea_level.gmsl()
    assert abs(float(gmsl.sel(scenario=ssp, year=2100, quantile=0.5)) - GMSL_2100[ssp]) <= 0.01


def test_sea_level_only_near_the_coast(committed_default: xr.Dataset) -> None:
    """Inland cells hold no sea level (Beijing, Wuhan, far inland); coastal cities do."""
    slr = committed_default.sea_level_change.sel(scenario="ssp585", year=2100, quantile=0.95)
    inland = sample(slr, [39.9, 30.6, FAR_FROM_COAST[0]], [116.4, 114.3, FAR_FROM_COAST[1]],
                    method="nearest")
    assert np.isnan(inland.values).all()
    coast = sample(slr, [22.3, 31.2, 39.1], [114.2, 121.5, 117.2], method="nearest")
    assert np.isfinite(coast.values).all()


def test_local_rsl_method_reproduces_d25a_points() -> None:
    lat = xr.DataArray([p[0] for p in D25A], dims="site")
    lon = xr.DataArray([p[1] for p in D25A], dims="site")
    rsl, _ = sea_level.relative_sea_level(lat, lon)
    rate, _ = sea_level.subsidence_rate(lat, lon)
    elapsed = xr.DataArray([2030, 2050, 2100], dims="year", coords={"year": [2030, 2050, 2100]})
    without_subsidence = rsl.sel(scenario="ssp245", quantile=0.5, year=[2030, 2050, 2100]) - (
        rate * (elapsed - sea_level.BASELINE_MIDPOINT))
    expected = np.array(list(D25A.values()))
    np.testing.assert_allclose(without_subsidence.transpose("site", "year").values, expected,
                               atol=1e-9)


def test_local_rsl_on_the_grid_near_d25a_points(committed_default: xr.Dataset) -> None:
    coastal = {p: v for p, v in D25A.items() if p != (39.0, 117.0)}  # a box ~70 km inland
    lats, lons = zip(*coastal, strict=True)
    grid = sample(committed_default.sea_level_change.sel(scenario="ssp245", quantile=0.5,
                                                         year=[2030, 2050, 2100]), lats, lons)
    rate, _ = sea_level.subsidence_rate(committed_default.lat, committed_default.lon)
    subsidence = sample(rate.rename("rate"), lats, lons)
    elapsed = grid.year - sea_level.BASELINE_MIDPOINT
    local = (grid - subsidence * elapsed).transpose("site", "year").values
    # 0.25-degree bilinear sampling of a field that is exact at the points.
    np.testing.assert_allclose(local, np.array(list(coastal.values())), atol=0.04)


def test_subsidence_adds_to_tianjin_and_shanghai(committed_default: xr.Dataset) -> None:
    slr = sample(committed_default.sea_level_change.sel(scenario="ssp245", quantile=0.5,
                                                        year=2050), [39.1, 31.2, 22.3],
                 [117.2, 121.5, 114.2], method="nearest")
    tianjin, shanghai, hong_kong = slr.values
    assert tianjin > hong_kong + 0.3  # 10 mm/yr for 45 years
    assert shanghai > hong_kong + 0.15  # 5 mm/yr


@pytest.mark.parametrize("scenario", list(CARBON))
def test_carbon_prices_are_the_scenario_facts_values(committed_default: xr.Dataset,
                                                     scenario: str) -> None:
    values = committed_default.carbon_price.sel(scenario=scenario, year=[2030, 2050])
    assert values.values.tolist() == list(CARBON[scenario])


def test_analogues_carry_values_across_families(committed_default: xr.Dataset) -> None:
    ds = committed_default
    for s in SCENARIOS:
        xr.testing.assert_equal(ds.hot_days.sel(scenario=s.id, drop=True),
                                ds.hot_days.sel(scenario=s.physical_analogue, drop=True))
        xr.testing.assert_equal(ds.carbon_price.sel(scenario=s.id, drop=True),
                                ds.carbon_price.sel(scenario=s.transition_analogue, drop=True))
        assert ds.physical_analogue.sel(scenario=s.id).item() == s.physical_analogue


def test_hot_day_method_reproduces_the_beijing_normal() -> None:
    model = hot_day_model()
    mean0 = mean_for_days(10.6, model)
    assert float(days_above(np.array(mean0), model)) == pytest.approx(10.6)
    assert model.cities["Beijing"] == 10.6
    assert model.baseline_gwl == 0.9


def test_hot_days_grow_with_warming(committed_default: xr.Dataset) -> None:
    bj = sample(committed_default.hot_days.sel(quantile=0.5), [CITY_COORDS["Beijing"][0]],
                [CITY_COORDS["Beijing"][1]]).isel(site=0)
    assert 10.6 < float(bj.sel(scenario="ssp245", year=2025)) < 20
    assert float(bj.sel(scenario="ssp585", year=2100)) > float(bj.sel(scenario="ssp126",
                                                                      year=2100))


def test_local_warming_scalings(committed_default: xr.Dataset) -> None:
    ds = committed_default.sel(scenario="ssp245", year=2100, quantile=0.5)
    gsat = float(ds.gsat)
    at36 = ds.sel(lat=36.0, lon=110.0)
    assert float(at36.tas_change) == pytest.approx(1.2 * gsat, abs=0.01)
    assert float(at36.tasmax_change) == pytest.approx(1.1 * gsat, abs=0.01)
    assert "rx1day_change" not in committed_default  # the worldwide layer holds it


def test_grid_emission_factors_start_from_mee_2023(fresh_default: xr.Dataset) -> None:
    ef = fresh_default.grid_emission_factor.sel(scenario="ngfs-cp")
    start = np.interp(2023, [2023, 2030], [1.0, 0.85])
    assert start == 1.0
    assert float(ef.sel(region="north-china", year=2030)) == pytest.approx(0.6361 * 0.85,
                                                                           rel=1e-6)
    nz = fresh_default.grid_emission_factor.sel(scenario="ngfs-nz2050", year=2060)
    assert (nz < ef.sel(year=2060)).all()


def test_cf_metadata(committed_default: xr.Dataset) -> None:
    ds = committed_default
    assert ds.attrs["Conventions"] == "CF-1.11"
    assert ds.attrs["climrisk_baseline_period"] == "1850-1900"
    assert "build_default" in ds.attrs["history"]
    for name in ("gsat", "tas_change", "tasmax_change"):
        assert ds[name].attrs["units_metadata"] == "temperature: difference"
    for name, var in ds.data_vars.items():
        assert var.attrs["climrisk_status"] in {"estimate", "verified", "recalled"}, name
        assert "scenarios/sources/" in var.attrs["climrisk_source"], name
    assert ds.lat.attrs["units"] == "degrees_north"
    assert list(ds.region.values) == ["north-china", "northeast-china", "east-china",
                                      "central-china", "northwest-china", "south-china",
                                      "hong-kong"]


def test_cited_rows_trace_every_carbon_price(committed_default: xr.Dataset) -> None:
    """The lines named in ``climrisk_source`` are exactly the values on the grid."""
    import re

    from climrisk.grids import sources
    from climrisk.grids.scenarios import NGFS_NAMES

    cited = re.search(r"ngfs_carbon_price\.csv:([\d,\-]+)",
                      committed_default.carbon_price.attrs["climrisk_source"])
    assert cited
    lines: set[int] = set()
    for part in cited.group(1).split(","):
        a, _, b = part.partition("-")
        lines.update(range(int(a), int(b or a) + 1))
    table = sources.read("ngfs_carbon_price.csv").set_index("line").loc[sorted(lines)]
    ids = {name: sid for sid, name in NGFS_NAMES.items()}
    for row in table.itertuples():
        grid = committed_default.carbon_price.sel(scenario=ids[row.scenario], year=row.year)
        assert float(grid) == pytest.approx(row.carbon_price, abs=0.01)
    assert len(table) == 6 * 9
