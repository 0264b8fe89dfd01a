"""The app in Traditional Chinese: every page walked, and no English word of the app's own left.

Every string a page sends to the browser is collected from the element protos (titles,
captions, labels, help, placeholders, options, button and expander labels), plus table
headers and chart titles, legends and axis titles. What the register or the scenario grid
says (ids, names of scenarios, file paths in backticks) is data and is taken out first;
whatever English remains is an app label that did not go through the catalogue.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from climrisk.appdata import scenario_labels
from climrisk.disclosure.labels import catalogue
from climrisk.disclosure.pipeline import scenarios_for
from climrisk.escaping import app_text
from climrisk.register import load_register

PAGES = ("views/overview.py", "views/explorer.py", "views/register.py", "views/whatif.py",
         "views/measures.py", "views/disclosure.py")
WORD = re.compile(r"[A-Za-z][a-z]{2,}")
"""An English word: capitalised or lower case, three letters or more (acronyms pass)."""
ALLOWED = {"Language", "English", "Word"}
"""The language switch names itself and its languages in their own words; Word is a product."""
SKIP_FIELDS = {"id", "key", "form_id", "icon", "type", "format", "mime", "url", "spec", "theme",
               "data", "columns", "column_order", "editing_mode", "selection_mode", "label_visibility"}
"""Proto fields that hold machine words (ids, formats, chart JSON, table bytes), not text."""


def _strings(message: Message) -> Iterator[str]:
    for field, value in message.ListFields():
        if field.name in SKIP_FIELDS:
            continue
        values = value if isinstance(value, Sequence) and not isinstance(value, str) else [value]
        for v in values:
            if isinstance(v, str):
                yield v
            elif isinstance(v, Message):
                yield from _strings(v)


def _plotly_text(spec: str) -> Iterator[str]:
    """Titles, legend names and annotations (subplot titles) of a Plotly figure."""
    figure = json.loads(spec)
    layout = figure.get("layout", {})
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            yield str(axis.get("title", {}).get("text", ""))
    yield str(layout.get("title", {}).get("text", ""))
    for note in layout.get("annotations", []):
        yield str(note.get("text", ""))
    for trace in figure.get("data", []):
        if trace.get("showlegend", True) is not False:
            yield str(trace.get("name", ""))
        yield str(trace.get("hovertemplate", "")).split("%{")[0]
        colorbar = trace.get("colorbar", {}).get("title", {})
        yield str(colorbar.get("text", "") if isinstance(colorbar, dict) else "")


def page_texts(node: Any) -> Iterator[str]:
    """Every piece of text under an AppTest node."""
    proto = getattr(node, "proto", None)
    kind = getattr(node, "type", "")
    if kind == "plotly_chart" and proto is not None:
        yield from _plotly_text(proto.spec)
    elif kind == "code":  # a register file, shown as committed
        return
    elif kind in ("dataframe", "table"):
        frame = node.value
        yield from (str(c) for c in frame.columns)
        yield from (str(n) for n in frame.index.names if n)
    elif isinstance(proto, Message):
        yield from _strings(proto)
    for child in getattr(node, "children", {}).values():
        yield from page_texts(child)


def data_words() -> list[str]:
    """Text the app shows as it stands in the register or the grid, longest first."""
    reg = load_register()
    scen = scenarios_for(reg, None)  # the register's own set, as the app reads it
    grid = scen.grid
    found = set(scenario_labels(grid).values()) | {str(grid.attrs.get("title", ""))}
    # The grid's own metadata (what a variable is, its units, method and sources) and the
    # labels of the set's sources are data too: the scenario tables show them as they stand.
    found |= set(map(str, grid.data_vars))  # variable names, as the not-assessed table shows
    found |= {str(grid[v].attrs[k]) for v in grid.data_vars
              for k in ("long_name", "units", "climrisk_source") if k in grid[v].attrs}
    found |= {layer["label"] for layer in json.loads(grid.attrs.get("climrisk_set_layers", "[]"))}
    # Each source's own method and sources (the explorer shows every source's), also as
    # Markdown shows them: escaped, so that they read as written.
    layers = [ds for ds, _ in scen.composed.opened] if scen.composed is not None else []
    methods = {str(ds[v].attrs[k]) for ds in layers for v in ds.data_vars
               for k in ("climrisk_method", "climrisk_source") if k in ds[v].attrs}
    found |= methods | {app_text(m) for m in methods}
    found |= {i.id for i in reg.items} | {a.id for a in reg.assets} | {h.id for h in reg.horizons}
    found |= {i.owner for i in reg.items} | {a.location.city for a in reg.assets}
    found |= {r.owner for i in reg.items for r in i.responses if r.owner}
    if reg.main.entity.stock_codes:
        found |= {str(c) for c in reg.main.entity.stock_codes}
    found |= {i.source.document for i in reg.items if i.source is not None}
    found |= {i.source.locator for i in reg.items if i.source is not None and i.source.locator}
    if reg.main.entity.currency:
        found.add(reg.main.entity.currency)
    return sorted(found, key=len, reverse=True)


def english_in(texts: list[str], data: list[str]) -> list[str]:
    """The texts that still carry an English word once data and code spans are taken out."""
    bad = []
    for original in texts:
        rest = re.sub(r"`[^`]*`", " ", original)  # paths, commands, file names
        rest = re.sub(r"<[^>]+>|:material/\w+:|%\{[^}]*\}", " ", rest)  # markup, icons, formats
        for d in data:
            rest = rest.replace(d, " ")
        words = [w for w in WORD.findall(rest) if w not in ALLOWED]
        if words:
            bad.append(f"{original!r}: {', '.join(words)}")
    return bad


def _walk(at: AppTest) -> dict[str, list[str]]:
    at.segmented_control(key="lang").set_value("zh-Hant").run()
    found = {}
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, page
        texts = list(page_texts(at.main)) + list(page_texts(at.sidebar))
        if page == "views/disclosure.py":
            texts = _without_english_preview(texts)
        found[page] = texts
    return found


def _without_english_preview(texts: list[str]) -> list[str]:
    """The preview shows each table in English, then in Chinese, on purpose: the English
    table's heading, headers and notes are disclosure content, not app labels."""
    start = next(i for i, t in enumerate(texts) if t.startswith("##### English"))
    end = next(i for i, t in enumerate(texts) if t.startswith("##### 繁體中文"))
    assert start < end
    return texts[:start] + texts[end:]


@pytest.fixture(scope="module")
def zh_pages() -> dict[str, list[str]]:
    import os

    from tests.app.conftest import APP, REPO

    os.chdir(REPO)
    for name in ("CLIMRISK_REGISTER", "CLIMRISK_GRID"):
        os.environ.pop(name, None)
    return _walk(AppTest.from_file(APP, default_timeout=120).run())


@pytest.mark.parametrize("page", PAGES)
def test_every_page_speaks_traditional_chinese(zh_pages: dict[str, list[str]],
                                               page: str) -> None:
    texts = zh_pages[page]
    assert any(re.search(r"[\u4e00-\u9fff]", t) for t in texts), page
    assert english_in(texts, data_words()) == []


def test_the_check_catches_an_untranslated_label() -> None:
    data = data_words()
    assert english_in(["情景瀏覽", "`registers/kingsoft-cloud`", "SSP2-4.5"], data) == []
    assert english_in(["Scenario explorer"], data) == ["'Scenario explorer': Scenario, explorer"]
    assert english_in(["每年 CNY 百萬元 per year"], data) == ["'每年 CNY 百萬元 per year': per, year"]


def test_every_app_label_is_translated() -> None:
    """A catalogue entry whose Chinese still reads as English would pass a lazy copy."""
    for key, entry in catalogue().items():
        if key.startswith("app."):
            rest = re.sub(r"\{\w+\}|`[^`]*`", " ", entry["zh-Hant"])
            words = [w for w in WORD.findall(rest) if w not in ALLOWED]
            assert not words, (key, words)
