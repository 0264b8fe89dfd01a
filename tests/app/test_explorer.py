"""The scenario explorer: maps of two scenarios and site series with uncertainty bands."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest


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
