"""After a server start the overview reads the stored base-case run instead of running it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from climrisk import appdata


def _forget_the_process() -> None:
    """What a server restart forgets: every in-process cache."""
    st.cache_resource.clear()
    st.cache_data.clear()


def test_a_restarted_app_shows_the_stored_run_without_running_the_engine(
        app: Callable[[], AppTest], stored_runs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _forget_the_process()
    first = app().run()
    assert not first.exception
    assert list((stored_runs / "runs").glob("*.nc"))
    shown = {m.label: m.value for m in first.metric}

    _forget_the_process()

    def no_engine(*args: object, **kwargs: object) -> None:
        raise AssertionError("the engine ran although the run is stored")

    monkeypatch.setattr(appdata, "run", no_engine)
    monkeypatch.setattr(appdata, "engine_scenarios", no_engine)
    again = app().run()
    assert not again.exception
    assert {m.label: m.value for m in again.metric} == shown
    assert again.table[0].value.equals(first.table[0].value)
    _forget_the_process()
