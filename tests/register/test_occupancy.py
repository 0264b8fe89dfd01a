"""Flood damage by occupancy: a flood profile that names no depth-damage curve takes the curve
of its kind's occupancy from the register's packs (power plants flood as industrial sites,
homes as residential buildings); a curve the asset names is kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

from climrisk.engine.catalogue import JRC_CURVES
from climrisk.engine.portfolio import CURVES
from climrisk.register import load_register

REGISTERS = Path(__file__).resolve().parents[2] / "registers"


def test_plants_take_the_industrial_curve_and_a_named_curve_is_kept(tmp_path: Path) -> None:
    reg = load_register(REGISTERS / "hk-power-utility")
    assert reg.asset("castle-peak").flood.curve == "industrial"  # type: ignore[union-attr]
    root = tmp_path / "reg"
    shutil.copytree(REGISTERS / "hk-power-utility", root)
    path = root / "assets" / "castle-peak.yaml"
    path.write_text(path.read_text("utf-8").replace("flood:\n", "flood:\n  curve: commercial\n"),
                    "utf-8")
    assert load_register(root).asset("castle-peak").flood.curve == "commercial"  # type: ignore[union-attr]


def test_the_occupancy_curve_gives_the_published_damage_ratio() -> None:
    # JRC Asia at 0.5 m (scenario facts 7.2): industrial 0.283, commercial 0.377, residential 0.327
    depth = np.full((1, 3, 1), 0.5)
    index = np.array([[CURVES.index(c)] for c in ("industrial", "commercial", "residential")])
    np.testing.assert_allclose(JRC_CURVES(depth, index).ravel(), [0.283, 0.377, 0.327])
