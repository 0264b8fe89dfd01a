"""From downloaded files to the disclosure: CMIP6, AR6 and NGFS imports composed into a set.

The test writes a CMIP6 historical + SSP2-4.5 pair of monthly ``tas`` (noleap calendar, the
CMIP6 global attributes), an AR6 sea-level projection file (quantiles x years x locations in
mm, tide gauges) and an NGFS explorer CSV (wide IAMC layout), imports each into a set over
the bundled default with ``climrisk scenarios import ... --set``, builds the disclosure of a
register with sites in China, Hong Kong, India, Malaysia and Australia with ``climrisk build
--set``, and checks named cells against amounts computed here from the files' own numbers.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import cftime
import numpy as np
import pandas as pd
import pytest
import xarray as xr
from typer.testing import CliRunner

from climrisk.cli import app
from climrisk.engine.physical.flood import DepthDamage
from climrisk.grids.storage import open_default

from .world_register import ELECTRICITY_MWH, PUE, PUE_PER_DEGC, VALUE, write_world_register

TREND = 0.03  # K per year in the CMIP6 files
NZ_PRICE = {2025: 50.0, 2030: 140.0, 2040: 300.0, 2050: 500.0}  # US$2010/t CO2
GAUGE_RISE_MM_PER_YEAR = 10.0  # AR6 file: sea level = 10 mm per year after 2020
EXTREME_M = 2.0
FOREIGN_DCS = ("dc-mumbai", "dc-kl", "dc-sydney")


def _cmip6(path: Path, experiment: str, years: tuple[int, int]) -> Path:
    dates = [cftime.datetime(y, m, 15, calendar="noleap")
             for y in range(years[0], years[1] + 1) for m in range(1, 13)]
    lat, lon = np.arange(-60.0, 61.0, 10.0), np.arange(0.0, 360.0, 10.0)
    year_of = np.array([d.year for d in dates], dtype=float)
    values = np.broadcast_to((288.0 + TREND * (year_of - 1850))[:, None, None],
                             (len(dates), lat.size, lon.size)).astype("f4")
    ds = xr.Dataset(
        {"tas": (("time", "lat", "lon"), values,
                 {"units": "K", "standard_name": "air_temperature"})},
        coords={"time": ("time", dates), "lat": ("lat", lat, {"units": "degrees_north"}),
                "lon": ("lon", lon, {"units": "degrees_east"})},
        attrs={"source_id": "TEST-ESM1", "experiment_id": experiment,
               "variant_label": "r1i1p1f1", "mip_era": "CMIP6"},
    )
    ds.to_netcdf(path, encoding={"time": {"units": "days since 1850-01-01",
                                          "calendar": "noleap"}})
    return path


def _ar6(path: Path) -> Path:
    """Tide gauges at Sydney, Mumbai and Hong Kong; the same rise at every quantile."""
    lats, lons = (-33.85, 18.92, 22.30), (151.23, 72.83, 114.17)
    quantiles = np.round(np.linspace(0, 1, 21), 2)
    years = np.arange(2020, 2151, 10)
    mm = (years - 2020) * GAUGE_RISE_MM_PER_YEAR
    values = np.broadcast_to(mm[None, :, None], (quantiles.size, years.size, len(lats)))
    ds = xr.Dataset(
        {"sea_level_change": (("quantiles", "years", "locations"), values.astype("i2"),
                              {"units": "mm"}),
         "lat": ("locations", np.array(lats)), "lon": ("locations", np.array(lons))},
        coords={"quantiles": quantiles, "years": years, "locations": [1, 2, 3]},
    )
    ds.to_netcdf(path)
    return path


def _ngfs(path: Path) -> Path:
    row = {"Model": "GCAM 6.0 NGFS", "Scenario": "Net Zero 2050", "Region": "World",
           "Variable": "Price|Carbon", "Unit": "US$2010/t CO2",
           **{str(y): v for y, v in NZ_PRICE.items()}}
    pd.DataFrame([row]).to_csv(path, index=False)
    return path


def _ok(args: list[str]) -> str:
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    return res.output


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    tmp = tmp_path_factory.mktemp("e2e")
    reg = write_world_register(tmp / "register")
    main = reg / "register.yaml"
    main.write_text(main.read_text(encoding="utf-8").replace(
        "  carried_out:", "    - id: ngfs-nz2050\n      why: {en: Orderly net zero, zh-Hant: "
        "有序淨零}\n  carried_out:"), encoding="utf-8")
    (reg / "items" / "PR-02.yaml").write_text(
        (reg / "items" / "PR-02.yaml").read_text(encoding="utf-8").replace(
            "assets: [data-centers]", f"assets: [{', '.join(FOREIGN_DCS)}]"), encoding="utf-8")
    params = reg / "parameters.yaml"
    params.write_text(params.read_text(encoding="utf-8") + (
        f"  extreme_sea_level_m:\n    value: {EXTREME_M}\n    low: {EXTREME_M}\n"
        f"    high: {EXTREME_M}\n    unit: m\n    source: fixed for the test\n"
        "    status: estimate\n"), encoding="utf-8")
    files = tmp / "downloads"
    files.mkdir()
    hist = _cmip6(files / "tas_Amon_TEST-ESM1_historical_r1i1p1f1_gn_185001-201412.nc",
                  "historical", (1850, 2014))
    ssp = _cmip6(files / "tas_Amon_TEST-ESM1_ssp245_r1i1p1f1_gn_201501-210012.nc",
                 "ssp245", (2015, 2100))
    the_set = tmp / "sets" / "world.yaml"
    grids = tmp / "grids"
    # The default's own sea level is left out: the AR6 gauges, coast only, replace it.
    the_set.parent.mkdir()
    the_set.write_text(
        "schema_version: 1\nname: world\nsources:\n  - default: bundled\n"
        "    variables: [gsat, tas_change, tasmax_change, hot_days, cdd, rx1day_change,\n"
        "                carbon_price, grid_emission_factor, electricity_price]\n",
        encoding="utf-8")
    out = _ok(["scenarios", "import", "cmip6", str(ssp), "--historical", str(hist),
               "--scenario", "ssp245", "--model", "TEST-ESM1", "--member", "r1i1p1f1",
               "--out", str(grids / "cmip6-ssp245.nc"), "--set", str(the_set)])
    assert "added cmip6-ssp245.nc" in out
    _ok(["scenarios", "import", "ar6-sea-level", str(_ar6(files / "ssp245_gauges.nc")),
         "--scenario", "ssp245", "--out", str(grids / "ar6-ssp245.nc"), "--set", str(the_set)])
    _ok(["scenarios", "import", "ngfs", str(_ngfs(files / "ngfs_phase5.csv")),
         "--out", str(grids / "ngfs.nc"), "--set", str(the_set)])
    listing = _ok(["scenarios", "list", "--set", str(the_set)])
    dist = tmp / "out"
    _ok(["build", "--register", str(reg), "--set", str(the_set), "--out", str(dist),
         "--lang", "en"])
    return {"dist": dist, "listing": listing, "set": the_set, "register": reg}


def _table(built: dict[str, object], name: str) -> list[dict[str, str]]:
    path = Path(str(built["dist"])) / "en" / "tables" / name
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def _number(text: str) -> float:
    """A table cell's amount; an estimate carries the marker " (E)" after it."""
    return float(text.removesuffix(" (E)").replace(",", ""))


def test_the_set_says_which_source_wins(built: dict[str, object]) -> None:
    listing = str(built["listing"])
    assert "tas_change            ssp245       cmip6-ssp245.nc" in listing
    assert "carbon_price          ngfs-nz2050  ngfs.nc" in listing
    assert "sea_level_change      ssp245       ar6-ssp245.nc" in listing
    assert "source_id=TEST-ESM1" in listing and "member_id=r1i1p1f1" in listing


def test_carbon_price_cells_are_the_ngfs_prices(built: dict[str, object]) -> None:
    row = next(r for r in _table(built, "e-3-scenario-definitions.csv")
               if r["Scenario"] == "ngfs-nz2050")
    years, prices = list(NZ_PRICE), list(NZ_PRICE.values())
    for year in (2027, 2050):
        want = float(np.interp(year, years, prices))
        cell = next(v for k, v in row.items() if str(year) in k and "arbon" in k)
        assert _number(cell) == pytest.approx(want, abs=0.5)


def test_cooling_cell_is_the_cmip6_warming_times_the_hand_formula(
    built: dict[str, object],
) -> None:
    default = open_default()
    rows = _table(built, "e-4a-scenario-results.csv")
    for horizon, year in (("Short term", 2027), ("Long term", 2050)):
        d_tas = TREND * (year - 2025)  # reference year 2024 is before the grid: its first year
        price = float(default["electricity_price"].sel(
            scenario="ssp245", year=year, region="hong-kong"))
        per_kelvin = len(FOREIGN_DCS) * ELECTRICITY_MWH * 1000 / PUE * PUE_PER_DEGC * price
        want = per_kelvin * d_tas / 1000  # the table prints thousands
        # Grids store tas_change to 0.01 K (least_significant_digit 2): each of the two
        # years read may be off by half of that, and the table rounds to a thousand.
        slack = per_kelvin * 0.01 / 1000 + 0.5
        row = next(r for r in rows if r["ID"] == "PR-02" and r["Horizon"] == horizon)
        assert _number(row["SSP2-4.5 (CNY thousand per year)"]) == pytest.approx(want, abs=slack)


def test_sea_level_cell_follows_the_ar6_gauge_and_inland_sites_have_none(
    built: dict[str, object],
) -> None:
    curve = DepthDamage.jrc_asia("commercial")
    rows = _table(built, "e-4a-scenario-results.csv")
    row = next(r for r in rows if r["ID"] == "PR-03" and r["Horizon"] == "Long term")
    slr = GAUGE_RISE_MM_PER_YEAR * (2050 - 2020) / 1000
    # Sydney (1.5 m) and Mumbai (1 m) sit by a gauge; Hong Kong's office (2 m) too.
    depths = [max(0.0, slr + EXTREME_M - e) for e in (1.5, 1.0, 2.0)]
    want = float(np.sum(curve(np.array(depths)))) * VALUE / 100 / 1000
    assert _number(row["SSP2-4.5 (CNY thousand per year)"]) == pytest.approx(want, rel=1e-3)
    gaps = _table(built, "e-4c-not-assessed.csv")
    everywhere = {(r["Site"], r["Scenario variable"]) for r in gaps
                  if r["Scenarios"] == "all scenarios analysed"}
    assert ("dc-north", "sea_level_change") in everywhere  # Beijing: no coast within reach
    assert ("dc-kl", "sea_level_change") in everywhere  # Kuala Lumpur: inland
    assert ("dc-sydney", "sea_level_change") not in everywhere
    # NGFS Net Zero 2050 borrows SSP1-2.6's physical data, which this set does not hold
    # for sea level: the coastal sites are "not assessed" there rather than given SSP2-4.5's.
    nz = {(r["Site"], r["Scenario variable"]) for r in gaps if r["Scenarios"] == "NGFS Net Zero 2050"}
    assert ("dc-sydney", "sea_level_change") in nz
