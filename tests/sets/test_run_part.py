"""A run composes only the scenarios, years and variables it reads; the values are the same.

For sites scattered worldwide the cells around them approach the whole merged grid, so what
keeps composing bounded is leaving out what the run does not read. Composing less must not
change a value: each cell of each scenario-year map is placed on its own.
"""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from climrisk.grids.sets import Composed, open_scenarios

LAT = np.array([-33.86, 39.9, -1.29, 52.5])  # Sydney, Beijing, Nairobi, Berlin
LON = np.array([151.21, 116.4, 36.82, 13.4])
SCENARIOS = ["ssp245", "ngfs-nz2050"]


@pytest.fixture(scope="module")
def composed() -> Composed:
    got = open_scenarios().composed
    assert got is not None
    return got


def test_the_run_part_equals_the_whole_composition_at_its_years(composed: Composed) -> None:
    whole = composed.around(LAT, LON)
    part = composed.around(LAT, LON, scenarios=SCENARIOS, years=[2024, 2032, 2050],
                           variables=["tasmax_change", "carbon_price", "gsat"])
    grid = part.grid
    assert sorted(map(str, grid.data_vars)) == ["carbon_price", "gsat", "tasmax_change"]
    assert list(grid["scenario"].values) == SCENARIOS
    # The first year (which says which source holds a cell), and the years around 2032.
    assert list(grid["year"].values) == [2025, 2032, 2050]
    for name in grid.data_vars:
        expected = whole.grid[name].sel(scenario=SCENARIOS, year=grid["year"].values)
        xr.testing.assert_identical(grid[name].load(), expected.load())
    for s in SCENARIOS:
        np.testing.assert_array_equal(part.winners_at("tasmax_change", s, LAT, LON),
                                      whole.winners_at("tasmax_change", s, LAT, LON))


def test_a_part_asked_for_more_composes_it_from_where_it_was_cut(composed: Composed) -> None:
    """The first-inundation year reads every sea-level year: a part cut to a run's years
    gives them all again, never only its own."""
    part = composed.around(LAT, LON, scenarios=SCENARIOS, years=[2030],
                           variables=["tasmax_change"])
    again = part.around(LAT, LON, scenarios=SCENARIOS, variables=["sea_level_change"])
    full = composed.around(LAT, LON).grid["sea_level_change"].sel(scenario=SCENARIOS)
    xr.testing.assert_identical(again.grid["sea_level_change"].load(), full.load())
    same = part.around(LAT, LON, scenarios=["ssp245"], years=[2030],
                       variables=["tasmax_change"])
    assert list(same.grid["scenario"].values) == ["ssp245"]
    assert same.cut_from is part.cut_from
