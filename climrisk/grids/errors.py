"""Errors a user can fix when building, importing, checking or sampling a scenario grid.

Each subclass names one kind of mistake so that callers (the CLI, the app, tests) can tell a
wrong file from an asset outside the map without parsing messages.
"""

from __future__ import annotations

from climrisk.errors import UserError


class GridError(UserError):
    """A scenario grid or a file offered as one is unusable as it stands."""


class GridFileError(GridError):
    """A file cannot be read at all: not the format it claims, truncated, or garbage."""


class GridContractError(GridError):
    """A dataset breaks the grid contract: names, dims, units or coordinates."""


class MissingVariableError(GridError):
    """An input file lacks a variable or column the importer needs."""


class UnitsError(GridError):
    """An input carries units the importer does not know how to convert."""


class CalendarError(GridError):
    """An input's time axis cannot be decoded (unknown calendar or units)."""


class BaselineError(GridError):
    """The chosen baseline period is not (fully) covered by the input."""


class NoOverlapError(GridError):
    """An input does not overlap the region or the assets it is meant for."""


class GridExtentError(GridError):
    """Points to sample lie outside a grid's extent."""
