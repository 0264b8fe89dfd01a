"""``climrisk measures`` and ``climrisk sensitivity`` on the bundled register."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from climrisk.cli import app


def test_sensitivity_command_writes_the_ranking(tmp_path: Path) -> None:
    out = tmp_path / "tr01.csv"
    args = ["sensitivity", "--output", "item:TR-01", "--scenario", "ngfs-nz2050",
            "--method", "morris", "--samples", "8", "--seed", "3", "--out", str(out)]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "Morris sensitivity of item:TR-01 under ngfs-nz2050" in first.output
    text = out.read_text(encoding="utf-8")
    # TR-01 is the pilot-ETS cost: the free-allocation ratio drives it (see e-9).
    assert text.splitlines()[1].split(",")[7] == "ets_pilot_allocation_ratio"
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0 and out.read_text(encoding="utf-8") == text


def test_bad_sensitivity_output_is_a_user_error() -> None:
    res = CliRunner().invoke(app, ["sensitivity", "--output", "item:NOPE", "--scenario",
                                   "ssp585", "--samples", "4"])
    assert res.exit_code == 2
    assert "no quantified item 'NOPE'" in res.output
    assert "Traceback" not in res.output


def test_measures_command_prints_npv_bcr_and_payback(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["measures", "--samples", "20", "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert "discount rate of 8.0%" in res.output
    assert any(line.startswith("S-ALL") for line in res.output.splitlines())
    assert (tmp_path / "costbenefit.nc").is_file()
