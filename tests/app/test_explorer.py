"""The scenario explorer: maps of two scenarios and site series with uncertainty bands."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest


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
