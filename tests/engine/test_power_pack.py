"""The power-generation pack's drought derating and fuel price cost against hand calculations,
through the engine on the Hong Kong utility register: drought from the soil-moisture driver of
the worldwide layer (or a site's own values), fuel prices from an NGFS/IAMC table imported
into a scenario set; without the driver or the prices the cells are "not assessed", never 0."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from typer.testing import CliRunner

from climrisk.cli import app
from climrisk.disclosure.pipeline import at_sites
from climrisk.engine import run
from climrisk.engine.parameters import default_parameters
from climrisk.engine.portfolio import Company
from climrisk.grids.sets import open_scenarios
from climrisk.packs import packs_of
from climrisk.packs.power_generation.models import drought_lost_mwh, fuel_price_cost
from climrisk.register import load_register
from climrisk.register.models import Register, SiteValues

REGISTER = Path(__file__).resolve().parents[2] / "registers" / "hk-power-utility"
FIXED = {"drought_derating_thermal_per_sd": 0.02, "generation_margin_per_mwh": 100.0,
         "cny_per_usd": 7.1, "tariff_pass_through": 0.8, "heat_rate_coal": 9.7,
         "fuel_price_coal": 5.4, "heat_rate_gas": 6.9, "heat_rate_oil": 10.3,
         "fuel_price_oil": 13.2}
GAS_PRICE_NOW = 10.0  # registers/hk-power-utility/parameters.yaml, US$/GJ


@pytest.fixture(scope="module")
def utility() -> Register:
    """The utility register with the parameters fixed at one value, and its own gas price."""
    reg = load_register(REGISTER)
    known = {**default_parameters(), **packs_of(reg.main.packs)[0].parameters}
    fixed = {n: known[n].model_copy(update={"value": v, "low": v, "high": v, "cited": None})
             for n, v in FIXED.items()}
    own = reg.parameters.parameters["fuel_price_gas"]  # the register's sourced price
    assert own.value == GAS_PRICE_NOW and own.source
    fixed["fuel_price_gas"] = own.model_copy(update={"low": own.value, "high": own.value})
    params = reg.parameters.model_copy(update={"parameters": {
        **reg.parameters.parameters, **fixed}})
    return reg.model_copy(update={"parameters": params})


@pytest.fixture(scope="module")
def grid(utility: Register, tmp_path_factory: pytest.TempPathFactory) -> xr.Dataset:
    """The bundled default with an NGFS table's fuel prices imported into a set over it, read
    around the utility's sites (composed once: it is the slow step)."""
    tmp = tmp_path_factory.mktemp("fuel")
    the_set = tmp / "fuel.yaml"
    the_set.write_text("schema_version: 1\nname: fuel\nsources:\n  - default: bundled\n",
                       encoding="utf-8")
    res = CliRunner().invoke(app, ["scenarios", "import", "ngfs", str(_iamc(tmp / "ngfs.csv")),
                                   "--out", str(tmp / "prices.nc"), "--set", str(the_set)])
    assert res.exit_code == 0, res.output
    assert "added prices.nc" in res.output
    return at_sites(utility, open_scenarios(the_set).composed).grid


def test_the_pure_functions_match_the_hand_calculation() -> None:
    # 1,000,000 MWh, fully exposed, drying from -0.5 to -1.5 sd: 1e6 * 1.0 * 0.02 = 20,000 MWh
    assert drought_lost_mwh(1e6, 1.0, -1.5, -0.5, 0.02) == pytest.approx(20_000)
    assert drought_lost_mwh(1e6, 1.0, 0.4, -0.5, 0.02) == 0  # wetting gives nothing back
    assert drought_lost_mwh(1e6, 0.0, -1.5, -0.5, 0.02) == 0  # seawater cooling
    # 1,000,000 MWh * 9.7 GJ/MWh * 5.4 US$/GJ * (3.0/2.5 - 1) * (1 - 0.8) = 2,095,200 US$
    assert fuel_price_cost(1e6, 9.7, 5.4, 3.0, 2.5, 0.8) == pytest.approx(2_095_200)


def test_drought_derating_costs_the_lost_margin_of_freshwater_plants_only(
    utility: Register, grid: xr.Dataset
) -> None:
    own = SiteValues(source="test catchment study", date="2024-06-30",
                     by_scenario={"ssp585": {2024: -0.5, 2050: -1.5}})
    assets = [a.model_copy(update={"hazards": {"soil_moisture_change": own}})
              if a.id == "yallourn" else a for a in utility.assets]
    reg = utility.model_copy(update={"assets": assets})
    ds = run(reg, grid, samples=3, seed=2, scenarios=["ssp585"]).dataset
    amount = ds["amount"].sel(item="PR-04", channel="revenue", stat="mean", scenario="ssp585")
    company = Company.from_register(reg)
    yallourn = reg.asset("yallourn")
    generation = sum(yallourn.activity.generation_mwh.values())  # type: ignore[union-attr]
    lost = generation * 1.0 * 1.0 * 0.02  # 1 sd of drying since 2024, fully freshwater-cooled
    money = lost * 100.0 * company.usd_rate / 7.1  # CNY margin in HKD
    got = amount.sel(asset="yallourn", horizon="long")
    assert company.reporting_year == 2024
    assert float(got) == pytest.approx(money, rel=1e-9)  # the whole plant, before equity share
    for seawater in ("castle-peak", "black-point", "daya-bay", "fangchenggang"):
        assert float(amount.sel(asset=seawater).max()) == 0.0
    assert bool(ds["exposed"].sel(item="PR-04").all())


def test_a_site_without_soil_moisture_is_not_assessed_with_the_reason(
    utility: Register, grid: xr.Dataset
) -> None:
    ds = run(utility, grid.drop_vars("soil_moisture_change"), samples=3, seed=2,
             scenarios=["ssp585"]).dataset
    reason = ds["not_assessed_reason"].sel(item="PR-04", scenario="ssp585")
    assert set(reason.sel(asset=["jhajjar", "yallourn"]).values) == {"no_variable"}
    assert bool(ds["item_total"].sel(item="PR-04").isnull().all())  # never 0


def _iamc(path: Path) -> Path:
    """An NGFS explorer export (wide IAMC layout) with primary-energy prices in US$2010/GJ."""
    years = ["2020", "2025", "2030", "2040", "2050"]
    paths = {("Net Zero 2050", "Coal"): [2.0, 2.5, 2.0, 1.5, 1.2],
             ("Net Zero 2050", "Gas"): [6.0, 8.0, 7.0, 6.0, 5.0],
             ("Net Zero 2050", "Oil"): [9.0, 12.0, 10.0, 8.0, 6.0],
             ("Current Policies", "Coal"): [2.0, 2.5, 2.75, 3.25, 3.5],
             ("Current Policies", "Gas"): [6.0, 8.0, 8.5, 9.5, 10.0],
             ("Current Policies", "Oil"): [9.0, 12.5, 13.0, 13.5, 14.0]}
    rows = [{"Model": "REMIND-MAgPIE 3.3-4.8", "Scenario": s, "Region": "World",
             "Variable": f"Price|Primary Energy|{fuel}", "Unit": "US$2010/GJ",
             **dict(zip(years, values, strict=True))} for (s, fuel), values in paths.items()]
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def test_fuel_price_cost_from_an_imported_ngfs_table(utility: Register, grid: xr.Dataset) -> None:
    assert grid["coal_price"].attrs["units"] == "USD2010 GJ-1"
    ds = run(utility, grid, samples=3, seed=2, scenarios=["ngfs-cp", "ngfs-nz2050"]).dataset
    cell = ds["amount"].sel(item="TR-04", channel="operating-cost", stat="mean")
    rate = Company.from_register(utility).usd_rate
    # Current Policies, medium horizon (2035: midway between 2030 and 2040) against the
    # reporting year 2024, which takes the set's first year 2025 (the bundled default starts
    # there; years outside a grid take its first or last year)
    coal, gas = 3.0 / 2.5, 9.0 / 8.0
    castle = 12_595_128 * 9.7 * 5.4 * (coal - 1) * (1 - 0.8) * rate
    black = 14_125_500 * 6.9 * GAS_PRICE_NOW * (gas - 1) * (1 - 0.8) * rate
    got = cell.sel(scenario="ngfs-cp", horizon="medium")  # the whole plant, before equity share
    assert float(got.sel(asset="castle-peak")) == pytest.approx(castle, rel=1e-6)
    assert float(got.sel(asset="black-point")) == pytest.approx(black, rel=1e-6)
    # Net Zero 2050 lowers coal and gas prices by 2050: a saving, not a cost
    assert float(cell.sel(scenario="ngfs-nz2050", horizon="long", asset="castle-peak")) < 0
    assert not np.isnan(ds["item_total"].sel(item="TR-04", scenario="ngfs-cp").values).any()


def test_fuel_price_cost_without_prices_is_not_assessed_with_the_import_hint(
    utility: Register, grid: xr.Dataset
) -> None:
    bundled = grid.drop_vars(["coal_price", "gas_price", "oil_price"])  # what the default holds
    ds = run(utility, bundled, samples=3, seed=2, scenarios=["ngfs-cp"]).dataset
    text = ds["not_assessed_text"].sel(item="TR-04", asset="castle-peak", scenario="ngfs-cp")
    assert "coal_price" in str(text.values) and "climrisk scenarios import ngfs" in str(
        text.values)
    assert bool(ds["item_total"].sel(item="TR-04").isnull().all())  # never 0
