"""Uploading a register zip: a good one is used, a bad one is explained and changes nothing."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from tests.app.conftest import MINIMAL, zip_register


def _broken(name: str, text: str) -> str:
    """Two mistakes in one item: an unknown status and a missing owner."""
    if name == "items/PR-01.yaml":
        return text.replace("status: in-progress", "status: halfway").replace(
            "owner: Infrastructure\n", ""
        )
    return text


def _upload(at: AppTest, name: str, data: bytes) -> AppTest:
    return at.file_uploader(key="register_zip").set_value((name, data, "application/zip")).run()


def test_bad_upload_lists_each_problem_and_keeps_the_session(app: Callable[[], AppTest]) -> None:
    at = app().run()
    at.switch_page("views/register.py").run()
    before = at.session_state["source"]
    items_before = at.subheader[0].value

    _upload(at, "broken.zip", zip_register(MINIMAL, _broken))

    assert not at.exception
    message = at.error[0].value
    assert "broken.zip" in message
    assert "items/PR-01.yaml:" in message
    lines = [line for line in message.splitlines() if "items/PR-01.yaml:" in line]
    assert any(": status:" in line or ".status:" in line for line in lines)
    assert any("owner" in line for line in lines)
    assert at.session_state["source"] == before
    assert at.title[0].value == "Risk register"
    assert at.subheader[0].value == items_before


def test_upload_that_is_not_a_zip_is_refused(app: Callable[[], AppTest]) -> None:
    at = app().run()
    _upload(at, "register.zip", b"definitely not a zip")
    assert not at.exception
    assert "not a zip file" in at.error[0].value
    at.switch_page("views/register.py").run()
    assert not at.exception
    assert at.title[0].value == "Risk register"


def test_good_upload_switches_the_register(app: Callable[[], AppTest]) -> None:
    at = app().run()
    _upload(at, "minimal.zip", zip_register(MINIMAL))
    at.switch_page("views/register.py").run()
    assert not at.exception
    assert not at.error
    assert at.subheader[0].value == "2 of 2 items"
    assert at.session_state["source"].register_origin == "uploaded minimal.zip"
