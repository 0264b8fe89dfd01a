"""Importers: turn published scenario and hazard files into validated climrisk grids.

Each importer checks what it reads and raises a ``climrisk.grids.errors`` subclass of
``UserError`` that says exactly what is wrong, so a bad file never ends in a traceback.
"""

from __future__ import annotations

from climrisk.grids.importers.ar6_sea_level import import_ar6_sea_level
from climrisk.grids.importers.cmip6 import import_cmip6
from climrisk.grids.importers.hazard_map import import_hazard_map
from climrisk.grids.importers.iamc import import_iamc, read_iamc

__all__ = ["import_ar6_sea_level", "import_cmip6", "import_hazard_map", "import_iamc",
           "read_iamc"]
