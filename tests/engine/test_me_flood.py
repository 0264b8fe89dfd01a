"""The data-center M&E flood-damage option: ground-level plant lost once the water reaches it,
the rest on the building's JRC curve (component method)."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from climrisk.engine import run
from climrisk.packs.data_centers import physics
from climrisk.register import default_register_dir, load_register
from climrisk.register.models import Quantification, Register


def test_m_and_e_losses_by_hand() -> None:
    # Depths 0 / 0.2 / 0.8 m, building ratio 0 / 0.113 / 0.418, value 100, M&E 40 % on a
    # 0.3 m plinth: 0; 0.6 x 0.113 = 6.78 (plant still dry); 0.6 x 0.418 + 0.4 = 65.08.
    losses = physics.m_and_e_flood_losses(
        np.array([0.0, 0.2, 0.8]), np.array([0.0, 0.113, 0.418]), np.array(100.0),
        np.array(0.4), np.array(0.3))
    assert losses == pytest.approx([0.0, 6.78, 65.08])


def test_the_hazus_substation_function_by_hand() -> None:
    # flUtilFltyDmgFn ID 65 (ESSM): 4 % at 2 ft, 6 % at 3 ft, 15 % from 10 ft on;
    # 0.7 m = 2.2966 ft -> 4 + 0.2966 x 2 = 4.593 %
    curve = physics.hazus_curve(65)
    assert curve(np.array([0.0, 0.7, 4.0])) == pytest.approx([0.0, 0.04593, 0.15], abs=1e-5)
    with pytest.raises(KeyError, match="no Hazus utility damage function 999"):
        physics.hazus_curve(999)


def test_m_and_e_on_the_hazus_function_by_hand() -> None:
    # Depths 0 / 0.2 / 1.0 m, building 0 / 0.113 / 0.5, value 100, M&E 40 % on a 0.3 m
    # plinth: 0; 0.6 x 11.3 = 6.78 (plant dry); 0.6 x 50 + 0.4 x 4.593 (0.7 m above it) = 31.84
    losses = physics.m_and_e_curve_losses(
        np.array([0.0, 0.2, 1.0]), np.array([0.0, 0.113, 0.5]), np.array(100.0),
        np.array(0.4), np.array(0.3), physics.hazus_curve())
    assert losses == pytest.approx([0.0, 6.78, 30 + 0.4 * 4.5932], abs=1e-3)


@pytest.fixture(scope="module")
def bundled() -> Register:
    return load_register(default_register_dir())


@pytest.fixture(scope="module")
def grid(bundled: Register) -> xr.Dataset:
    """The bundled set around the register's sites: the wettest-day change the flood models
    read comes from its worldwide layer, not the regional file alone."""
    from climrisk.disclosure.pipeline import at_sites
    from climrisk.grids.sets import open_scenarios

    return at_sites(bundled, open_scenarios().composed).grid


def _me(reg: Register, share: float, plinth: float) -> Register:
    pr01 = reg.item("PR-01").model_copy(update={"quantification": [
        Quantification(model="flood-damage", channel="fixed-asset-impairment",
                       assets=["tj-yixianyuan"]),
        Quantification(model="m-and-e-flood-damage", channel="revenue-decrease",
                       assets=["tj-yixianyuan"]),
    ]})
    assets = [a.model_copy(update={"attributes": {**a.attributes, "me_share": share,
                                                  "me_plinth_m": plinth}})
              if a.id == "tj-yixianyuan" else a for a in reg.assets]
    return reg.model_copy(update={
        "items": [pr01 if i.id == "PR-01" else i for i in reg.items], "assets": assets})


def test_without_m_and_e_the_option_is_the_building_curve(
    bundled: Register, grid: xr.Dataset
) -> None:
    # Same depths and draws: the option lands in the second channel so the two sit side by side.
    ds = run(_me(bundled, 0.0, 0.3), grid, samples=30, seed=9, scenarios=["ssp245"]).dataset
    amt = ds["amount"].sel(item="PR-01", asset="tj-yixianyuan", stat="mean")
    building = amt.sel(channel="fixed-asset-impairment").values
    option = amt.sel(channel="revenue-decrease").values
    assert option == pytest.approx(building, rel=1e-12)


def test_plant_at_ground_level_raises_the_damage(bundled: Register, grid: xr.Dataset) -> None:
    ds = run(_me(bundled, 0.5, 0.0), grid, samples=30, seed=9, scenarios=["ssp245"]).dataset
    amt = ds["amount"].sel(item="PR-01", asset="tj-yixianyuan", stat="mean")
    assert bool((amt.sel(channel="revenue-decrease") > amt.sel(
        channel="fixed-asset-impairment")).all())


def test_the_hazus_option_runs_and_sits_between_the_building_curve_and_total_m_and_e_loss(
    bundled: Register, grid: xr.Dataset
) -> None:
    pr01 = bundled.item("PR-01").model_copy(update={"quantification": [
        Quantification(model="m-and-e-flood-damage", channel="fixed-asset-impairment",
                       assets=["tj-yixianyuan"]),
        Quantification(model="m-and-e-flood-damage-hazus", channel="revenue-decrease",
                       assets=["tj-yixianyuan"]),
    ]})
    reg = bundled.model_copy(update={"items": [pr01 if i.id == "PR-01" else i
                                               for i in bundled.items]})
    ds = run(reg, grid, samples=30, seed=9, scenarios=["ssp245"]).dataset
    amt = ds["amount"].sel(item="PR-01", asset="tj-yixianyuan", stat="mean")
    step = amt.sel(channel="fixed-asset-impairment").values
    hazus = amt.sel(channel="revenue-decrease").values
    assert np.all(hazus <= step) and np.all(hazus > 0)
