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


def test_the_app_server_warms_the_base_case_before_the_first_visit(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from climrisk import app_server

    minimal = Path(__file__).resolve().parents[1] / "data" / "registers" / "minimal"
    monkeypatch.setenv("CLIMRISK_CACHE_DIR", "")  # no stored run: the warm-up must run it
    monkeypatch.setenv("CLIMRISK_REGISTER", str(minimal))
    monkeypatch.delenv("CLIMRISK_GRID", raising=False)
    _forget_the_process()
    assert app_server.warm([]).startswith("base case ready in ")

    def no_engine(*args: object, **kwargs: object) -> None:
        raise AssertionError("the first visit ran the engine although the server warmed it")

    monkeypatch.setattr(appdata, "run", no_engine)
    monkeypatch.setattr(appdata, "engine_scenarios", no_engine)
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"),
                           default_timeout=120).run()
    assert not at.exception
    assert at.metric
    _forget_the_process()


def test_a_register_that_cannot_be_read_is_left_for_the_page(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from climrisk import app_server

    monkeypatch.setenv("CLIMRISK_REGISTER", str(tmp_path))  # no register.yaml
    _forget_the_process()
    assert app_server.warm([]).startswith("not warmed: ")
    _forget_the_process()
