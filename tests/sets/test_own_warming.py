"""A composed set keeps each scenario's own warming: an analogue's copy does not pass."""

from __future__ import annotations

import numpy as np

from climrisk.grids.scenarios import MAPPING_ATTR
from climrisk.grids.sets import open_scenarios


def test_the_bundled_set_holds_no_ngfs_warming_of_the_ssps() -> None:
    near = open_scenarios().composed.around(np.array([39.9]), np.array([116.4]))
    gsat = near.grid["gsat"]
    assert MAPPING_ATTR not in gsat.attrs
    assert np.isfinite(gsat.sel(scenario="ssp126").values).all()
    for ngfs in ("ngfs-nz2050", "ngfs-dt", "ngfs-cp"):
        assert np.isnan(gsat.sel(scenario=ngfs).values).all(), ngfs
    # Physical variables are still borrowed, as the e-3 column says.
    rain = near.grid["rx1day_change"].sel(lat=39.9, lon=116.4, method="nearest")
    assert np.allclose(rain.sel(scenario="ngfs-nz2050"), rain.sel(scenario="ssp126"),
                       equal_nan=True)
