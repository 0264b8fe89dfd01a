"""Currencies: ISO 4217 codes, and a HKD register reported in HKD at the FX table's rate."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from climrisk.currency import MissingRateError, fx_table, usd_rate
from climrisk.disclosure.units import money_unit
from climrisk.engine import Assumptions, run
from climrisk.register import load_register
from climrisk.register.terms import currency_hint, iso_currency

MINIMAL = Path(__file__).resolve().parents[1] / "data" / "registers" / "minimal"
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "engine"))

from engine_synthetic import carbon, grid_factor, make_grid  # noqa: E402


def test_iso_codes_and_hints() -> None:
    assert iso_currency("HKD") and iso_currency("CNY") and not iso_currency("RMB")
    assert currency_hint("RMB").startswith("did you mean 'CNY'?")
    assert "'HKD'" in currency_hint("HKX")


def test_every_table_rate_has_a_source_and_status() -> None:
    for rate in fx_table().values():
        assert iso_currency(rate.currency) and rate.per_usd > 0
        assert rate.source and rate.status in {"verified", "recalled", "estimate"}
    with pytest.raises(MissingRateError, match="give entity.usd_rate"):
        usd_rate("HKD", 1990)


def test_a_hkd_register_reports_in_hkd_at_the_table_rate(tmp_path: Path) -> None:
    root = tmp_path / "hkd"
    shutil.copytree(MINIMAL, root)
    main = root / "register.yaml"
    text = main.read_text(encoding="utf-8").replace("currency: CNY", "currency: HKD")
    text = text.replace("  usd_rate: 7.19\n", "").replace(
        "  usd_rate_basis: PBOC central parity, 2024 average\n", "")
    main.write_text(text, encoding="utf-8")
    reg = load_register(root)
    assert money_unit(reg).en.startswith("HKD")

    res = run(reg, make_grid(), Assumptions(pass_through=1.0), samples=500, seed=3,
              scenarios=["ngfs-nz2050"])
    ds = res.dataset
    assert ds.attrs["currency"] == "HKD" and ds["item_total"].attrs["units"] == "HKD yr-1"
    assert ds.attrs["usd_rate"] == 7.80 and "FX table" in ds.attrs["usd_rate_basis"]
    assert "HKMA" in ds.attrs["usd_rate_basis"]
    got = float(ds["amount"].sel(item="TR-01", asset="dc-north", channel="operating-cost",
                                 scenario="ngfs-nz2050", horizon="long", stat="mean"))
    deflator = (1.42 + 1.44 + 1.44) / 3
    scope1 = 120.5 * 120_000 / 180_000
    hand = carbon("ngfs-nz2050", 2050) * deflator * 7.80 * (120_000 * grid_factor(2050) + scope1)
    assert got == pytest.approx(hand, rel=2e-3)
