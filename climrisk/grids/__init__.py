"""Scenario grids: one CF-1.11 xarray format for every physical and transition variable.

See ``docs/architecture.md`` for the contract (names, dims, coordinates) and
``climrisk/data/variables.yaml`` for the variable table. Public API::

    open_default()                      the bundled default grid (cached)
    open_grid(path)                     any grid file (netCDF, or Zarr if installed)
    sample(obj, lat, lon, method, names)  values at sites (lat/lon -> site)
    check_grid(ds)                      validate a dataset against the contract
"""

from __future__ import annotations

from climrisk.grids.errors import (
    BaselineError,
    CalendarError,
    GridContractError,
    GridError,
    GridExtentError,
    GridFileError,
    MissingVariableError,
    NoOverlapError,
    UnitsError,
)
from climrisk.grids.metadata import check_grid, variables
from climrisk.grids.sampling import sample
from climrisk.grids.scenarios import QUANTILES, REGIONS, SCENARIO_IDS, SCENARIOS, YEARS
from climrisk.grids.storage import open_default, open_grid, write_grid

__all__ = [
    "QUANTILES",
    "REGIONS",
    "SCENARIOS",
    "SCENARIO_IDS",
    "YEARS",
    "BaselineError",
    "CalendarError",
    "GridContractError",
    "GridError",
    "GridExtentError",
    "GridFileError",
    "MissingVariableError",
    "NoOverlapError",
    "UnitsError",
    "check_grid",
    "open_default",
    "open_grid",
    "sample",
    "variables",
    "write_grid",
]
