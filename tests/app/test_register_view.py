"""The register browser: filters, search, an item's page and the language toggle."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from climrisk.register import load_register


def _open(app: Callable[[], AppTest]) -> AppTest:
    at = app().run()
    return at.switch_page("views/register.py").run()


def test_lists_every_item_of_the_bundled_register(app: Callable[[], AppTest]) -> None:
    reg = load_register()
    at = _open(app)
    assert not at.exception
    assert at.title[0].value == "Risk register"
    table = at.table[0].value
    assert list(table["Item"]) == [i.id for i in reg.items]
    assert set(table["Title"]) == {i.title.en for i in reg.items}


def test_filters_narrow_the_list(app: Callable[[], AppTest]) -> None:
    reg = load_register()
    at = _open(app)
    at.multiselect(key="reg_kinds").set_value(["opportunity"]).run()
    ids = list(at.table[0].value["Item"])
    assert ids == [i.id for i in reg.items if i.category.kind == "opportunity"]

    channel = reg.main.channels[0].id
    at.multiselect(key="reg_kinds").set_value([]).run()
    at.multiselect(key="reg_channels").set_value([channel]).run()
    ids = list(at.table[0].value["Item"])
    assert ids == [i.id for i in reg.items if channel in i.channels]


def test_search_and_item_page(app: Callable[[], AppTest]) -> None:
    reg = load_register()
    target = reg.items[-1]
    at = _open(app)
    at.text_input(key="reg_search").input(target.id.lower()).run()
    assert list(at.table[0].value["Item"]) == [target.id]
    assert at.header[0].value == target.title.en
    markdown = " ".join(m.value for m in at.markdown)
    assert target.description.en.strip()[:40] in markdown
    if target.source is not None:
        assert target.source.document in markdown
    assert any(target.id in c.value for c in at.caption)


def test_no_match_says_so(app: Callable[[], AppTest]) -> None:
    at = _open(app)
    at.text_input(key="reg_search").input("no item says xyzzy").run()
    assert not at.exception
    assert "No item matches" in at.info[0].value


def test_language_toggle_switches_register_text(app: Callable[[], AppTest]) -> None:
    reg = load_register()
    item = reg.items[0]
    at = _open(app)
    assert at.header[0].value == item.title.en

    at.segmented_control(key="lang").set_value("zh-Hant").run()
    assert not at.exception
    assert at.header[0].value == item.title.zh_hant
    assert set(at.table[0].value["標題"]) == {i.title.zh_hant for i in reg.items}
    markdown = " ".join(m.value for m in at.markdown)
    assert item.description.zh_hant.strip()[:20] in markdown
    assert item.description.en.strip()[:40] not in markdown

    at.segmented_control(key="lang").set_value("en").run()
    assert at.header[0].value == item.title.en
