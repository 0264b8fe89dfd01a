"""A site's own PUE fit in the engine: ``climrisk pue-fit`` on a monthly record, and the fitted
sensitivity replacing the pue_per_degc parameter for that site."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from climrisk.engine import run
from climrisk.engine.physical.pue_fit import delta_pue_monthly
from climrisk.grids import open_default
from climrisk.register import default_register_dir, load_register
from climrisk.register.models import Register

DRY = np.array([-3, 0, 7, 15, 21, 26, 28, 27, 22, 14, 5, -1.0])
WET = DRY * 0.8 + 2


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "climrisk.cli", *args], capture_output=True,
                          text=True, timeout=120)


def _record(path: Path, pue: np.ndarray) -> Path:
    rows = ["month,pue,dry_bulb_c,wet_bulb_c"]
    rows += [f"{m + 1},{p:.6f},{d},{w:.2f}" for m, (p, d, w) in enumerate(zip(pue, DRY, WET,
                                                                              strict=True))]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_pue_fit_prints_the_fit_and_the_sites_sensitivity(tmp_path: Path) -> None:
    # Exact synthetic record: PUE = 1.2 + 0.002 T_db + 0.01 max(0, T_wb - 12).
    pue = 1.2 + 0.002 * DRY + 0.01 * np.maximum(np.round(WET, 2) - 12, 0)
    res = _cli("pue-fit", str(_record(tmp_path / "bj.csv", pue)))
    assert res.returncode == 0, res.stderr
    assert "+ 0.00200 x dry bulb + 0.01000 x max(0, wet bulb - 12)" in res.stdout
    assert "R2 1.000" in res.stdout and "n 12; dof 9" in res.stdout
    expected = float(delta_pue_monthly(np.array(0.002), np.array(0.01), np.round(WET, 2),
                                       np.array(12.0), np.array(1.0), np.array(0.8)))
    found = re.search(r"pue_per_degc_site: ([0-9.]+)", res.stdout)
    assert found and float(found.group(1)) == pytest.approx(expected, abs=1e-5)


def test_a_record_without_a_column_or_with_text_is_refused_with_its_place(
    tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("month,pue,dry_bulb_c\n1,1.3,2\n", encoding="utf-8")
    res = _cli("pue-fit", str(bad))
    assert res.returncode != 0 and "no column wet_bulb_c" in res.stderr
    assert "Traceback" not in res.stderr
    text = tmp_path / "text.csv"
    text.write_text("pue,dry_bulb_c,wet_bulb_c\n1.3,2,1\n=cmd(),3,2\n", encoding="utf-8")
    res = _cli("pue-fit", str(text))
    assert res.returncode != 0 and f"{text}:3: pue: not a number" in res.stderr


@pytest.fixture(scope="module")
def bundled() -> Register:
    return load_register(default_register_dir())


@pytest.fixture(scope="module")
def grid() -> xr.Dataset:
    return open_default()


def _with_slope(reg: Register, slope: float) -> Register:
    assets = [a.model_copy(update={"attributes": {**a.attributes, "pue_per_degc_site": slope}})
              if a.id == "bj-yizhuang" else a for a in reg.assets]
    return reg.model_copy(update={"assets": assets})


def test_the_fitted_sensitivity_replaces_the_parameter_at_its_site(
    bundled: Register, grid: xr.Dataset
) -> None:
    def cooling(reg: Register) -> xr.DataArray:
        ds = run(reg, grid, samples=50, seed=4, scenarios=["ssp585"]).dataset
        return ds["amount"].sel(item="PR-02", channel="operating-cost-increase", stat="mean",
                                scenario="ssp585",
                                horizon="long")

    base = cooling(bundled)
    flat = cooling(_with_slope(bundled, 0.0))
    double = cooling(_with_slope(bundled, 0.02))
    # only bj-yizhuang moves: its cooling energy goes to zero with a zero fitted slope, and
    # rises with a steeper one; the other sites keep the parameter's draws
    others = [a for a in base["asset"].values if a != "bj-yizhuang"]
    assert flat.sel(asset=others).values == pytest.approx(base.sel(asset=others).values)
    assert float(flat.sel(asset="bj-yizhuang")) < float(base.sel(asset="bj-yizhuang"))
    assert float(double.sel(asset="bj-yizhuang")) > float(base.sel(asset="bj-yizhuang"))
