"""Measures page: sets side by side under a chosen scenario, residual risk, tornado chart."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, MINIMAL


def _open(app: Callable[[], AppTest]) -> AppTest:
    at = app().run()
    return at.switch_page("views/measures.py").run()


def test_sets_compare_side_by_side_and_follow_the_scenario(app: Callable[[], AppTest]) -> None:
    at = _open(app)
    assert not at.exception
    assert at.title[0].value == "Measures"
    table = at.table[0].value
    assert [c.split(" · ")[0] for c in table.index] == ["S-TRANSITION", "S-ALL"]
    assert "Residual risk, Long term" in table.columns
    # All measures avoid more than the transition measures alone, in the short term.
    short = table["Loss avoided, Short term"]
    assert short.iloc[1] > short.iloc[0] > 0
    before = table["NPV (mean)"].tolist()
    at.selectbox(key="scenario").select("ngfs-nz2050").run()
    assert not at.exception
    after = at.table[0].value["NPV (mean)"].tolist()
    assert after != before


def test_tornado_ranks_inputs_of_the_declared_analyses(app: Callable[[], AppTest]) -> None:
    at = _open(app)
    assert at.selectbox(key="ms_analysis").options == [
        "TR-01 · NGFS Net Zero 2050", "PR-01 · SSP5-8.5"]
    frame = at.dataframe[0].value
    assert frame.iloc[:, 0].iloc[0] == "ets_pilot_allocation_ratio"  # TR-01: pilot-ETS free allocation
    assert frame.iloc[:, 1].is_monotonic_decreasing
    at.selectbox(key="ms_analysis").select("item:PR-01@ssp585").run()
    assert not at.exception
    assert at.dataframe[0].value.iloc[:, 0].iloc[0].startswith("flood_")


def test_a_register_without_measures_says_so(
    app: Callable[[], AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    app()  # sets the working directory and clears the environment
    monkeypatch.setenv("CLIMRISK_REGISTER", str(MINIMAL))
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("views/measures.py").run()
    assert not at.exception
    assert "no `measures.yaml`" in at.info[0].value
