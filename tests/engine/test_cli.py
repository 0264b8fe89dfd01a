"""``climrisk score`` on the minimal test register and the synthetic grid."""

from __future__ import annotations

from pathlib import Path

from engine_synthetic import make_grid
from typer.testing import CliRunner

from climrisk.cli import app

MINIMAL = Path(__file__).resolve().parents[1] / "data" / "registers" / "minimal"


def test_score_prints_and_writes(tmp_path: Path) -> None:
    grid = tmp_path / "grid.nc"
    make_grid().to_netcdf(grid)
    out = tmp_path / "out"
    res = CliRunner().invoke(
        app,
        [
            "score",
            "--register",
            str(MINIMAL),
            "--grid",
            str(grid),
            "--scenarios",
            "ssp245,ssp585",
            "--samples",
            "50",
            "--out",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    assert "TR-01" in res.output and "Company totals" in res.output and "ssp585" in res.output
    assert (out / "results.nc").is_file() and (out / "results.csv").is_file()


def test_unknown_scenario_is_a_user_error(tmp_path: Path) -> None:
    grid = tmp_path / "grid.nc"
    make_grid().to_netcdf(grid)
    res = CliRunner().invoke(
        app,
        [
            "score",
            "--register",
            str(MINIMAL),
            "--grid",
            str(grid),
            "--scenarios",
            "nope",
            "--samples",
            "5",
        ],
    )
    assert res.exit_code == 2
    assert "nope" in res.output
