"""What-if: a changed assumption re-runs the engine and moves the numbers the right way."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

TRANSITION = "Transition risk, CNY thousand per year"


def _open(app: Callable[[], AppTest]) -> AppTest:
    at = app().run()
    return at.switch_page("views/whatif.py").run()


def _value(at: AppTest, label: str) -> float:
    return float(next(m.value for m in at.metric if m.label == label).replace(",", ""))


def test_base_case_shows_no_change(app: Callable[[], AppTest]) -> None:
    at = _open(app)
    assert not at.exception
    assert at.title[0].value == "What-if analysis"
    assert "base case" in at.info[0].value
    assert (at.dataframe[0].value["Change (CNY thousand)"] == 0).all()


def test_doubling_the_carbon_price_raises_transition_costs(app: Callable[[], AppTest]) -> None:
    at = _open(app)
    base = _value(at, TRANSITION)
    at.slider(key="wi_carbon").set_value(2.0)
    at.button(key="FormSubmitter:whatif_form-Run the what-if").click().run()
    assert not at.exception
    after = _value(at, TRANSITION)
    assert after > base
    metric = next(m for m in at.metric if m.label == TRANSITION)
    assert metric.delta.startswith("+")
    table = at.dataframe[0].value
    transition = table[table["Type"] == "Transition risk"]
    assert (transition["Change (CNY thousand)"] >= 0).all()
    assert (transition["Change (CNY thousand)"] > 0).any()
    assert "carbon price × 2.0" in " ".join(c.value for c in at.caption)


def test_cheaper_power_lowers_costs_and_the_reset_restores_the_base(
    app: Callable[[], AppTest],
) -> None:
    at = _open(app)
    base = _value(at, TRANSITION)
    at.slider(key="wi_power").set_value(0.5)
    at.slider(key="wi_discount").set_value(12.0)
    at.button(key="FormSubmitter:whatif_form-Run the what-if").click().run()
    assert _value(at, TRANSITION) < base
    assert at.session_state["whatif"]["discount_rate"] == 0.12

    at.switch_page("views/overview.py").run()
    at.switch_page("views/whatif.py").run()
    assert _value(at, TRANSITION) < base  # the what-if outlives a page change

    next(b for b in at.button if b.label == "Reset to the base case").click().run()
    assert _value(at, TRANSITION) == base
