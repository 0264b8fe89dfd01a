"""The overview: pickers, headline figures, the rating matrix and effects by channel."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from climrisk.register import load_register


def test_overview_renders_on_the_bundled_default(app: Callable[[], AppTest]) -> None:
    reg = load_register()
    at = app().run()
    assert not at.exception
    assert at.title[0].value == "Climate risk overview"
    labels = [m.label for m in at.metric]
    assert "Physical risks, CNY thousand per year" in labels
    assert "Assets vulnerable to physical risk" in labels
    matrix = at.table[0].value
    medium = [i for i in reg.items if "medium" in i.horizons]
    assert list(matrix["Item"]) == [i.id for i in medium]
    assert set(matrix["Band"]) <= {b.label.en for b in reg.main.scales.bands} | {""}
    channels = at.dataframe[0].value
    assert set(channels["Channel"]) <= {c.name.en for c in reg.main.channels}
    assert (channels["5th percentile"] <= channels["Mean (CNY thousand)"]).all()
    assert (channels["Mean (CNY thousand)"] <= channels["95th percentile"]).all()


def test_scenario_and_horizon_pickers_change_the_figures(app: Callable[[], AppTest]) -> None:
    at = app().run()
    before = {m.label: m.value for m in at.metric}
    at.selectbox(key="scenario").select("ngfs-nz2050").run()
    at.segmented_control(key="horizon").set_value("long").run()
    assert not at.exception
    after = {m.label: m.value for m in at.metric}
    assert after["Transition risks, CNY thousand per year"] != (
        before["Transition risks, CNY thousand per year"])
    assert "NGFS Net Zero 2050" in at.selectbox(key="scenario").format_func(
        at.selectbox(key="scenario").value)


def test_choices_survive_a_page_change(app: Callable[[], AppTest]) -> None:
    at = app().run()
    at.selectbox(key="scenario").select("ssp585").run()
    at.segmented_control(key="horizon").set_value("long").run()
    at.switch_page("views/register.py").run()
    at.switch_page("views/overview.py").run()
    assert at.session_state["scenario"] == "ssp585"
    assert at.session_state["horizon"] == "long"


def test_language_toggle_reaches_the_overview(app: Callable[[], AppTest]) -> None:
    reg = load_register()
    at = app().run()
    at.segmented_control(key="lang").set_value("zh-Hant").run()
    assert not at.exception
    titles = set(at.table[0].value["標題"].str.rstrip(" ★"))
    assert titles <= {i.title.zh_hant for i in reg.items}
    assert reg.main.entity.name.zh_hant in at.caption[0].value
