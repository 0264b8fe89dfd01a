"""Storage chunks: one year of one scenario per chunk for variables over years and cells."""

from __future__ import annotations

import numpy as np
import xarray as xr

from climrisk.grids.storage import MAP_CHUNK_BYTES, TILE, chunks_for


def _var(dims: dict[str, int]) -> xr.DataArray:
    return xr.DataArray(np.zeros(tuple(dims.values()), np.float32), dims=tuple(dims))


def test_a_year_of_a_scenario_is_one_chunk() -> None:
    var = _var({"scenario": 10, "year": 76, "quantile": 3, "lat": 145, "lon": 249})
    assert chunks_for(var) == (1, 1, 3, 145, 249)


def test_a_large_map_is_tiled_within_a_year() -> None:
    side = int(np.sqrt(MAP_CHUNK_BYTES / 4)) + 10
    var = _var({"scenario": 2, "year": 3, "lat": side, "lon": side})
    assert chunks_for(var) == (1, 1, TILE["lat"], TILE["lon"])


def test_maps_without_years_and_paths_keep_tiles() -> None:
    hazard = _var({"return_period": 9, "lat": 100, "lon": 100})
    assert chunks_for(hazard) == (9, TILE["lat"], TILE["lon"])
    path = _var({"scenario": 10, "year": 76, "region": 7})
    assert chunks_for(path) == (1, 76, 7)
