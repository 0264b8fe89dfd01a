"""What-if sliders follow the register's industry packs: a utility with no data center gets no
PUE slider, and its own pack's knob moves its own model's numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[2]
UTILITY = REPO / "registers" / "hk-power-utility"
PHYSICAL = "Physical risk, HKD thousand per year"


@pytest.fixture
def utility_app(monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("CLIMRISK_REGISTER", str(UTILITY))
    monkeypatch.delenv("CLIMRISK_GRID", raising=False)
    monkeypatch.chdir(REPO)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=300).run()
    return at.switch_page("views/whatif.py").run()


def _value(at: AppTest, label: str) -> float:
    return float(next(m.value for m in at.metric if m.label == label).replace(",", ""))


def test_a_utility_gets_its_packs_sliders_and_no_pue_slider(utility_app: AppTest) -> None:
    at = utility_app
    assert not at.exception
    keys = {s.key for s in at.slider}
    assert "wi_knob_heat_derating_sensitivity" in keys
    assert not any("pue" in str(k) for k in keys)
    words = " ".join([*(s.label for s in at.slider), *(c.value for c in at.caption)])
    assert "PUE" not in words and "Heat derating sensitivity" in words

    base = _value(at, PHYSICAL)
    at.slider(key="wi_knob_heat_derating_sensitivity").set_value(2.0)
    at.button(key="FormSubmitter:whatif_form-Run the what-if").click().run()
    assert not at.exception
    assert _value(at, PHYSICAL) > base  # twice the derating per degree costs more
    assert "Heat derating sensitivity × 2.0" in " ".join(c.value for c in at.caption)
