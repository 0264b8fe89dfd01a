"""The scenario explorer: maps of two scenarios and site series with uncertainty bands."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import REPO


def _array(value: object) -> np.ndarray:
    """A plotly JSON array: a list, or a typed array (``dtype``, base64 ``bdata``, ``shape``)."""
    if isinstance(value, dict):
        flat = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        shape = value.get("shape")
        return flat.reshape([int(n) for n in str(shape).split(",")]) if shape else flat
    return np.asarray(value, dtype=float)


def _charts(at: AppTest) -> list[object]:
    return list(at.get("plotly_chart"))


def test_explorer_shows_two_maps_and_site_series(app: Callable[[], AppTest]) -> None:
    at = app().run()
    at.switch_page("views/explorer.py").run()
    assert not at.exception
    assert at.title[0].value == "Scenario explorer"
    assert len(_charts(at)) == 3  # left map, right map, site series
    assert at.selectbox(key="ex_scenario_a").value != at.selectbox(key="ex_scenario_b").value


def test_switching_variable_year_and_scenario(app: Callable[[], AppTest]) -> None:
    at = app().run()
    at.switch_page("views/explorer.py").run()
    at.selectbox(key="ex_variable").select("hot_days").run()
    at.select_slider(key="ex_year").set_value(2080).run()
    at.selectbox(key="ex_scenario_b").select("ssp585").run()
    at.selectbox(key="ex_quantile").select(0.95).run()
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "35" in captions  # the hot-day threshold, from the grid's own description
    assert any("days per year" in s.format_func(s.value)
               for s in at.selectbox if s.key == "ex_variable")
    at.multiselect(key="ex_sites").set_value(["bj-yizhuang"]).run()
    assert not at.exception


def test_masked_cells_are_blank_and_the_map_has_coasts(
        app: Callable[[], AppTest], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A grid whose sea level holds no value inland (NaN): those cells reach the map as gaps
    (blank, no hover), never as zero, and a caption says what a blank cell means."""
    from climrisk.grids import open_default, write_grid

    grid = open_default().sel(lat=slice(20, 45), lon=slice(105, 125)).load()
    inland = grid["lon"] < 112
    grid["sea_level_change"] = grid["sea_level_change"].where(~inland)
    path = tmp_path / "masked.nc"
    write_grid(grid, path)
    at = app()
    monkeypatch.setenv("CLIMRISK_GRID", str(path))
    at.run()
    at.switch_page("views/explorer.py").run()
    at.selectbox(key="ex_variable").select("sea_level_change").run()
    assert not at.exception
    spec = json.loads(_charts(at)[0].proto.spec)
    heat = next(tr for tr in spec["data"] if tr["type"] == "heatmap")
    z, lons = _array(heat["z"]), _array(heat["x"])
    assert z.shape[1] == lons.size
    # Not a number where the grid has none: plotly.js leaves such a cell out (a gap). East
    # of 112° E the bundled sea level itself holds values on coastal cells only.
    assert np.isnan(z[:, lons < 112]).all() and np.isfinite(z[:, lons >= 112]).any()
    assert heat["hoverongaps"] is False
    lines = [tr for tr in spec["data"] if tr.get("mode") == "lines"]
    assert len(lines) == 2 and all(_array(tr["x"]).size > 50 for tr in lines)  # coast, borders
    assert any("Blank cells" in c.value for c in at.caption)


def test_each_source_of_the_variable_shows_its_status_and_method(
        app: Callable[[], AppTest]) -> None:
    """As `scenarios list` and table e-3v: the bundled set's two layers each give their own
    status and method for the variable shown, the winning (regional) layer first."""
    import xarray as xr

    at = app().run()
    at.switch_page("views/explorer.py").run()
    at.selectbox(key="ex_variable").select("hot_days").run()
    at.selectbox(key="ex_variable").select("rx1day_change").run()
    assert not at.exception
    captions = [c.value for c in at.caption if "Method and sources" in c.value]
    world = xr.open_dataset(REPO / "scenarios" / "world.nc")["rx1day_change"].attrs
    assert world["climrisk_status"] == "derived"
    assert len(captions) == 1 and captions[0].startswith("**bundled default world.nc**: Derived.")
    assert world["climrisk_source"][:40] in captions[0]
    at.selectbox(key="ex_variable").select("tasmax_change").run()
    captions = [c.value for c in at.caption if "Method and sources" in c.value]
    assert [c.split("**")[1] for c in captions] == ["bundled default default.nc",
                                                     "bundled default world.nc"]
    assert all(": Estimate." in c for c in captions)


def test_grid_method_text_is_escaped_and_status_translated(
        app: Callable[[], AppTest], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A grid's own method text is data: shown as written, never as a link or HTML; its
    status word comes from the catalogue in the chosen language."""
    from climrisk.grids import open_default, write_grid

    grid = open_default().sel(lat=slice(20, 45), lon=slice(105, 125)).load()
    grid["tasmax_change"].attrs.update(
        climrisk_status="published", climrisk_method="[see](javascript:alert(1)) <b>x</b>")
    path = tmp_path / "hostile.nc"
    write_grid(grid, path)
    monkeypatch.setenv("CLIMRISK_GRID", str(path))
    at = app().run()
    at.switch_page("views/explorer.py").run()
    assert not at.exception
    shown = next(c.value for c in at.caption if "Method and sources" in c.value)
    assert shown == ("**hostile.nc**: Published. Method and sources: "
                     r"\[see\](javascript\:alert(1)) \<b\>x\</b\>")
