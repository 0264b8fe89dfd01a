"""Disclosure preview: the built tables in both languages and the files to download."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from climrisk import appdata
from climrisk.disclosure.pipeline import render


def test_preview_shows_a_table_in_both_languages(app: Callable[[], AppTest]) -> None:
    at = app().run()
    at.switch_page("views/disclosure.py").run()
    assert not at.exception
    assert at.title[0].value == "Disclosure preview"
    headings = [m.value for m in at.markdown if m.value.startswith("#####")]
    assert headings[0].startswith("##### English")
    assert headings[1].startswith("##### 繁體中文")
    assert len(at.table) == 2
    assert at.table[0].value.shape == at.table[1].value.shape

    options = at.selectbox(key="dp_table").options
    at.selectbox(key="dp_table").set_value(at.selectbox(key="dp_table").options[-1]).run()
    assert not at.exception
    assert len(options) > 5


def test_downloads_match_what_the_build_writes(app: Callable[[], AppTest]) -> None:
    at = app().run()
    at.switch_page("views/disclosure.py").run()
    downloads = {b.key for b in at.get("download_button")}
    assert downloads == {f"{kind}_{lang}" for kind in ("xlsx", "html", "docx", "csv")
                         for lang in ("en", "zh-Hant")}
    ours = appdata.disclosure(at.session_state["source"]).files
    assert ours == render(None, None, ["en", "zh-Hant"], pdf=False)
