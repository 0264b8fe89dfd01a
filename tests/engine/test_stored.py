"""Stored runs: read back exactly, keyed by every input, and never in the way."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from climrisk.engine import Results, stored
from climrisk.errors import UserError
from climrisk.grids.sets import data_digest
from climrisk.grids.set_file import ScenarioSetError


def _results() -> Results:
    ds = xr.Dataset(
        {"item_total": (("item", "scenario", "stat"), np.arange(8.0).reshape(2, 2, 2)),
         "exposed": (("item", "scenario"), np.array([[True, False], [False, True]])),
         "data_source": (("item",), np.array(["bundled default", "site data: 工程 (2024)"]))},
        coords={"item": ["PR-01", "TR-01"], "scenario": ["ssp126", "ssp585"],
                "stat": ["mean", "p95"]},
        attrs={"currency": "HKD", "samples": 1000, "models": '{"flood": {}}'},
    )
    return Results(ds)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(stored.CACHE_ENV, str(tmp_path))
    return tmp_path / "runs"


def test_a_stored_run_reads_back_identical_with_its_labels(store: Path) -> None:
    res = _results()
    labels = {"ssp126": "SSP1-2.6", "ssp585": "SSP5-8.5 高排放"}
    stored.save("k1", res, labels)
    kept = stored.load("k1")
    assert kept is not None
    back, back_labels = kept
    xr.testing.assert_identical(back.dataset, res.dataset)
    assert back_labels == labels
    assert stored.LABELS_ATTR not in res.dataset.attrs  # the caller's run is not touched


def test_every_part_of_the_key_counts() -> None:
    base = ("reg", "hash", "data", 1000, 42, (1.0, None))
    keys = {stored.run_key(*base)}
    for i, changed in enumerate(("reg2", "hash2", "data2", 999, 43, (2.0, None))):
        parts = list(base)
        parts[i] = changed
        keys.add(stored.run_key(*parts))
    assert len(keys) == 7
    assert stored.run_key(*base) == stored.run_key(*base)


def test_a_missing_damaged_or_turned_off_store_is_no_run(store: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    assert stored.load("absent") is None
    store.mkdir(parents=True)
    (store / "bad.nc").write_bytes(b"not a netCDF file")
    assert stored.load("bad") is None
    monkeypatch.setenv(stored.CACHE_ENV, "")
    stored.save("k", _results(), {})
    assert stored.load("k") is None
    assert not (store / "k.nc").exists()


def test_the_store_keeps_the_most_recently_used(store: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stored, "KEEP", 2)
    for i, key in enumerate(("a", "b", "c")):
        stored.save(key, _results(), {})
        os.utime(store / f"{key}.nc", ns=(i * 10**9, i * 10**9))
    stored.save("d", _results(), {})
    assert sorted(p.stem for p in store.glob("*.nc")) == ["c", "d"]
    assert not list(store.glob("*.part"))


def test_an_unwritable_store_only_costs_a_run(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the store's folder would be")
    monkeypatch.setenv(stored.CACHE_ENV, str(blocker))
    stored.save("k", _results(), {})  # no exception
    assert stored.load("k") is None


def _set(folder: Path, grid: str) -> Path:
    path = folder / "set.yaml"
    path.write_text(f"schema_version: 1\nname: s\nsources:\n  - grid: {grid}\n",
                    encoding="utf-8")
    return path


def test_the_data_digest_follows_the_bytes_of_every_grid_a_set_reads(tmp_path: Path) -> None:
    grid = tmp_path / "g.nc"
    grid.write_bytes(b"first")
    path = _set(tmp_path, "g.nc")
    first = data_digest(path)
    assert data_digest(path) == first
    grid.write_bytes(b"second, longer")
    assert data_digest(path) != first
    assert data_digest(None) != first  # the bundled default


def test_the_data_digest_refuses_what_compose_refuses(tmp_path: Path) -> None:
    inner = tmp_path / "upload"
    inner.mkdir()
    (tmp_path / "outside.nc").write_bytes(b"x")
    with pytest.raises(ScenarioSetError, match="outside the register folder"):
        data_digest(_set(inner, "../outside.nc"), within=inner)
    with pytest.raises(UserError, match="no such grid file"):
        data_digest(_set(inner, "missing.nc"))
