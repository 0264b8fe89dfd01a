"""Fixtures of the engine tests: the synthetic grid, register and one shared run."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import xarray as xr

sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine_synthetic import make_grid, make_register

from climrisk.register.models import Register


@pytest.fixture(scope="session")
def grid() -> xr.Dataset:
    return make_grid()


@pytest.fixture(scope="session")
def register() -> Register:
    return make_register()


@pytest.fixture(scope="session")
def results(register: Register, grid: xr.Dataset):  # type: ignore[no-untyped-def]
    from climrisk.engine import run

    return run(register, grid, samples=400, seed=7)
