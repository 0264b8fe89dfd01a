"""``climrisk scenarios show VARIABLE``: one readable row per scenario and year."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr
from typer.testing import CliRunner

from climrisk.cli import app
from climrisk.commands.grid_summary import shown_years, summary

runner = CliRunner()


def _field() -> xr.DataArray:
    """Two scenarios, 2025–2100, three quantiles, cells at 0° and 60° N; one cell masked."""
    years = np.arange(2025, 2101)
    base = np.array([[10.0, 10.0], [40.0, np.nan]])  # lat × lon, median
    values = np.stack([np.stack([base - 1, base, base + 1]) * k for k in (1.0, 2.0)])
    values = np.broadcast_to(values[:, None], (2, years.size, 3, 2, 2))
    return xr.DataArray(
        values, name="hot_days",
        dims=("scenario", "year", "quantile", "lat", "lon"),
        coords={"scenario": ["ssp126", "ssp585"], "year": years,
                "quantile": [0.05, 0.5, 0.95], "lat": [0.0, 60.0], "lon": [100.0, 101.0]},
        attrs={"units": "d yr-1", "long_name": "hot days"},
    )


def test_years_are_each_decade_and_the_ends() -> None:
    assert shown_years(list(range(2025, 2101))) == [2025, *range(2030, 2101, 10)]
    assert shown_years([2030, 2050]) == [2030, 2050]


def test_cells_are_summarised_by_hand() -> None:
    table = summary(_field())
    assert list(table.index.get_level_values("year").unique()) == [2025, *range(2030, 2101, 10)]
    row = table.loc[("ssp126", 2050)]
    # Area weights cos 0° = 1 and cos 60° = 0.5 over the three cells with a value:
    # (10 + 10 + 0.5 × 40) / (1 + 1 + 0.5) = 16.
    assert row["mean"] == "16"
    assert (row["min"], row["max"]) == ("10", "40")
    assert (row["cells"], row["masked"]) == ("3", "1")
    assert row["mean p5"] == "15" and row["mean p95"] == "17"
    assert table.loc[("ssp585", 2050)]["mean"] == "32"


def test_a_series_without_a_map_shows_its_percentiles() -> None:
    series = _field().isel(lat=0, lon=0, drop=True)
    table = summary(series)
    assert list(table.columns) == ["p5", "median", "p95"]
    assert tuple(table.loc[("ssp585", 2100)]) == ("18", "20", "22")


def test_show_prints_the_table_not_a_describe() -> None:
    result = runner.invoke(app, ["scenarios", "show", "hot_days", "--scenario", "ssp245"])
    assert result.exit_code == 0, result.output
    assert "std" not in result.output and "count" not in result.output
    lines = result.output.splitlines()
    header = next(ln for ln in lines if "mean p95" in ln)
    # Hot days come from the regional layer alone, summarised on its own cells, all held.
    assert lines[0] == "source 1 of 1: bundled default default.nc"
    assert "over the 145 x 249 grid cells" in result.output
    assert header.split() == ["cells", "min", "mean", "max", "mean", "p5", "mean", "p95"]
    assert sum(ln.split()[0] in {"ssp245", "2030", "2050", "2100"} for ln in lines) >= 4
    assert "weighted by cell area" in result.output


@pytest.mark.parametrize("year", ["2050"])
def test_show_one_year_keeps_the_scenarios_apart(year: str) -> None:
    result = runner.invoke(app, ["scenarios", "show", "carbon_price", "--year", year])
    assert result.exit_code == 0, result.output
    assert "ngfs-nz2050" in result.output and "ssp126" in result.output


def test_show_summarises_each_source_of_a_set_on_its_own_cells() -> None:
    result = runner.invoke(app, ["scenarios", "show", "tas_change", "--scenario", "ssp585",
                                 "--year", "2050"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.index("source 1 of 2: bundled default world.nc") < out.index(
        "source 2 of 2: bundled default default.nc")
    assert "over the 181 x 360 grid cells" in out and "over the 145 x 249 grid cells" in out
    # The worldwide layer holds land cells only: the ocean is counted as masked.
    world = out[:out.index("source 2 of 2")]
    assert "masked" in world
    assert "a later one wins at a site" in out


def test_a_scenario_no_source_holds_names_the_analogue_rule() -> None:
    result = runner.invoke(app, ["scenarios", "show", "rx1day_change", "--scenario",
                                 "ngfs-nz2050"])
    assert result.exit_code != 0
    assert "no source holds scenario ngfs-nz2050" in result.output
    assert "analogue" in result.output
