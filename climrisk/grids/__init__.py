"""Scenario grids: one CF-1.11 xarray format for every physical and transition variable.

See ``docs/architecture.md`` for the contract (names, dims, coordinates) and
``climrisk/data/variables.yaml`` for the variable table. Public API::

    open_default()                      the bundled default grid (cached)
    open_grid(path)                     any grid file (netCDF, or Zarr if installed)
    sample(obj, lat, lon, method, names)  values at sites (lat/lon -> site)
    check_grid(ds)                      validate a dataset against the contract
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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
from climrisk.lazy import exports

if TYPE_CHECKING:
    from climrisk.grids.metadata import check_grid, variables
    from climrisk.grids.sampling import sample
    from climrisk.grids.scenarios import QUANTILES, REGIONS, SCENARIO_IDS, SCENARIOS, YEARS
    from climrisk.grids.storage import open_default, open_grid, write_grid

# Loaded on first use, so that ``climrisk.grids.sampling`` (numpy only) and the command line
# do not import xarray and pandas with the package.
_HOMES = {
    "check_grid": "climrisk.grids.metadata",
    "variables": "climrisk.grids.metadata",
    "sample": "climrisk.grids.sampling",
    "QUANTILES": "climrisk.grids.scenarios",
    "REGIONS": "climrisk.grids.scenarios",
    "SCENARIO_IDS": "climrisk.grids.scenarios",
    "SCENARIOS": "climrisk.grids.scenarios",
    "YEARS": "climrisk.grids.scenarios",
    "open_default": "climrisk.grids.storage",
    "open_grid": "climrisk.grids.storage",
    "write_grid": "climrisk.grids.storage",
}

__getattr__ = exports(_HOMES)


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
