"""Exposure and financial-effects engine: register + scenario grids → money per channel.

``run(register, grid)`` returns ``Results``; vulnerability models live in ``physical``,
``transition`` and ``opportunity`` as pure array functions. Heavy imports are deferred so that
``import climrisk.engine`` stays fast for the command line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from climrisk.lazy import exports

if TYPE_CHECKING:
    from climrisk.engine.assumptions import Assumptions
    from climrisk.engine.results import Results
    from climrisk.engine.runner import run

__all__ = ["Assumptions", "Results", "run"]

_HOMES = {
    "Assumptions": "climrisk.engine.assumptions",
    "Results": "climrisk.engine.results",
    "run": "climrisk.engine.runner",
}

__getattr__ = exports(_HOMES)
