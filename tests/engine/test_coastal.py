"""Coastal flooding: still-water levels by return period, the trapezoidal EAD with a standard of
protection, and "not exposed" for sites no coastal water reaches."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from climrisk.engine import run
from climrisk.engine.catalogue import JRC_CURVES
from climrisk.engine.physical import sea_level
from climrisk.engine.portfolio import CURVES
from climrisk.grids import open_default
from climrisk.register import default_register_dir, load_register
from climrisk.register.models import CoastProfile, Register

COMMERCIAL = np.array(CURVES.index("commercial"))


def test_coastal_ead_over_return_periods_by_hand() -> None:
    # Levels 2.0/2.6/3.2 m at RP 10/100/1000, ground 3.0 m, rise 0.5 m: depths 0/0.1/0.7 m.
    # Commercial curve: 0.1 m -> 0.377 x 0.2 = 0.0754; 0.7 m -> 0.377 + 0.161 x 0.4 = 0.4414.
    rp = np.array([10.0, 100.0, 1000.0])
    depth = sea_level.overtopping_depth(np.array(0.5), np.array(3.0), np.array([2.0, 2.6, 3.2]))
    assert depth == pytest.approx([0.0, 0.1, 0.7])
    # Losses 0 / 75.4 / 441.4 m on 1,000 m: (0.1-0.01)(0+75.4)/2 = 3.393,
    # (0.01-0.001)(75.4+441.4)/2 = 2.3256, tail 0.001 x 441.4 = 0.4414; EAD = 6.1600 m.
    ead, p = sea_level.coastal_damage(depth, rp, np.array(0.0), np.array(1e9), JRC_CURVES,
                                      COMMERCIAL)
    assert float(ead) == pytest.approx(6.16e6, rel=1e-4)
    assert float(p) == pytest.approx(0.01)
    # A 100-year sea wall keeps out everything up to p = 0.01: 2.3256 + 0.4414 = 2.767 m.
    walled, _ = sea_level.coastal_damage(depth, rp, np.array(100.0), np.array(1e9), JRC_CURVES,
                                         COMMERCIAL)
    assert float(walled) == pytest.approx(2.767e6, rel=1e-4)
    assert bool(sea_level.reaches(depth))
    # Ground at 4.0 m: 3.2 + 0.5 stays 0.3 m below it at the rarest return period.
    dry = sea_level.overtopping_depth(np.array(0.5), np.array(4.0), np.array([2.0, 2.6, 3.2]))
    assert not bool(sea_level.reaches(dry))


def test_level_at_a_return_period_is_linear_in_log_return_period() -> None:
    rp = np.array([[10.0, 1000.0, np.inf]])
    levels = np.array([[2.0, 3.0, 3.0]])
    assert sea_level.level_at(rp, levels, 100.0) == pytest.approx([2.5])
    assert sea_level.level_at(rp, levels, 5.0) == pytest.approx([2.0])


def test_a_profile_must_rise_with_the_return_period() -> None:
    with pytest.raises(ValueError, match="must not fall"):
        CoastProfile(return_periods=[10, 100], still_water_m=[3.0, 2.0])


@pytest.fixture(scope="module")
def bundled() -> Register:
    return load_register(default_register_dir())


@pytest.fixture(scope="module")
def grid() -> xr.Dataset:
    return open_default()


def test_no_coast_reaches_the_bundled_sites_so_pr03_is_not_exposed(
    bundled: Register, grid: xr.Dataset
) -> None:
    ds = run(bundled, grid, samples=50, seed=3).dataset
    assert not bool(ds["exposed"].sel(item="PR-03").any())
    assert bool(ds["item_total"].sel(item="PR-03").isnull().all())
    assert bool(ds["exposed"].sel(item="PR-01").all())


def test_a_site_with_a_storm_tide_above_its_ground_is_exposed_and_quantified(
    bundled: Register, grid: xr.Dataset
) -> None:
    profile = CoastProfile(return_periods=[10, 100, 1000], still_water_m=[3.2, 4.1, 4.9],
                           protection_rp=200)
    assets = [a.model_copy(update={"coast": profile}) if a.id == "sh-pujiang" else a
              for a in bundled.assets]
    ds = run(bundled.model_copy(update={"assets": assets}), grid, samples=50, seed=3).dataset
    assert bool(ds["exposed"].sel(item="PR-03").all())
    total = ds["item_total"].sel(item="PR-03", stat="mean")
    assert bool((total > 0).all())
    # Only the 1000-year level overtops the 4 m ground by much; with the 200-year wall the
    # damage comes from p <= 1/200, so the annual amount stays below 1/200 of the value.
    value = next(a.replacement_value for a in assets if a.id == "sh-pujiang")
    assert float(total.max()) < value / 200
