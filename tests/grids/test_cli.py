"""``climrisk scenarios``: commands print results, and user errors without tracebacks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from climrisk.cli import app
from climrisk.grids import open_grid

runner = CliRunner()


def test_list() -> None:
    result = runner.invoke(app, ["scenarios", "list"])
    assert result.exit_code == 0, result.output
    assert "ngfs-cp" in result.output and "physical: ssp370" in result.output
    assert "hot_days" in result.output and "d yr-1" in result.output


def test_show_at_a_site() -> None:
    result = runner.invoke(app, ["scenarios", "show", "carbon_price", "--year", "2030"])
    assert result.exit_code == 0, result.output
    assert "ngfs-nz2050" in result.output and "230" in result.output
    site = runner.invoke(app, ["scenarios", "show", "hot_days", "--scenario", "ssp245",
                               "--lat", "39.8", "--lon", "116.47"])
    assert site.exit_code == 0, site.output
    assert "median" in site.output and "2100" in site.output


def test_show_outside_the_grid_is_a_clean_error() -> None:
    result = runner.invoke(app, ["scenarios", "show", "hot_days", "--lat", "10", "--lon", "100"])
    assert result.exit_code == 2
    assert "no value at 10.0, 100.0" in result.output and "not assessed" in result.output
    assert "Traceback" not in result.output


def test_import_ngfs_writes_a_valid_grid(tmp_path: Path) -> None:
    pd.DataFrame({"Model": ["M"], "Scenario": ["NDCs"], "Region": ["China"],
                  "Variable": ["Price|Carbon"], "Unit": ["US$2010/t CO2"],
                  "2030": [20.0], "2050": [40.0]}).to_csv(tmp_path / "n.csv", index=False)
    out = tmp_path / "carbon.nc"
    result = runner.invoke(app, ["scenarios", "import", "ngfs", str(tmp_path / "n.csv"),
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert float(open_grid(out).carbon_price.sel(scenario="ngfs-ndc", year=2040)) == 30.0


def test_import_garbage_is_a_clean_error(garbage: Callable[[str], Path], tmp_path: Path) -> None:
    result = runner.invoke(app, ["scenarios", "import", "hazard-map", str(garbage("m.tif")),
                                 "--return-period", "10", "--out", str(tmp_path / "o.nc")])
    assert result.exit_code == 2
    assert "not a readable GeoTIFF" in result.output
    assert "Traceback" not in result.output


def test_build_default_check(monkeypatch: pytest.MonkeyPatch) -> None:
    import climrisk.grids.default as default

    monkeypatch.setattr(default, "stale_reasons", lambda *a, **k: ["carbon_price: values differ"])
    result = runner.invoke(app, ["scenarios", "build-default", "--check"])
    assert result.exit_code == 1
    assert "stale" in result.output and "climrisk scenarios build-default" in result.output
    monkeypatch.setattr(default, "stale_reasons", lambda *a, **k: [])
    assert runner.invoke(app, ["scenarios", "build-default", "--check"]).exit_code == 0
