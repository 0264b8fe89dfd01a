"""The app shell: every page on the bundled default, and another register chosen from outside."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import MINIMAL

PAGES = {
    "views/overview.py": "Climate risk overview",
    "views/explorer.py": "Scenario explorer",
    "views/register.py": "Risk register",
    "views/whatif.py": "What-if analysis",
    "views/disclosure.py": "Disclosure preview",
}


@pytest.mark.parametrize(("page", "title"), PAGES.items())
def test_every_page_runs_with_no_configuration(
    app: Callable[[], AppTest], page: str, title: str,
) -> None:
    at = app().run()
    at.switch_page(page).run()
    assert not at.exception
    assert not at.error
    assert at.title[0].value == title


def test_register_from_the_environment(
    app: Callable[[], AppTest], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CLIMRISK_REGISTER", str(MINIMAL))
    at = app().run()
    assert not at.exception
    assert at.session_state["source"].register_origin == "CLIMRISK_REGISTER environment variable"
    at.switch_page("views/register.py").run()
    assert at.subheader[0].value == "2 of 2 items"


def test_a_broken_register_from_the_environment_is_explained(
    app: Callable[[], AppTest], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CLIMRISK_REGISTER", str(MINIMAL / "items"))
    at = app().run()
    assert not at.exception
    assert "The register could not be read" in at.error[0].value
    assert "register.yaml" in at.error[0].value
    assert at.file_uploader(key="register_zip") is not None
