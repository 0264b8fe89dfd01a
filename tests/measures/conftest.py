"""Measures tests run on the engine tests' synthetic grid and register."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import xarray as xr

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "engine"))

from engine_synthetic import make_grid


@pytest.fixture(scope="session")
def grid() -> xr.Dataset:
    return make_grid()
