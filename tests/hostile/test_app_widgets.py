"""Register text in the app's widgets: escaped where Streamlit renders Markdown, plain where not.

Streamlit renders Markdown in widget labels, in the options of ``segmented_control``,
``pills``, ``radio`` and ``select_slider``, and in every cell of ``st.table``; it shows
``selectbox`` and ``multiselect`` options (and ``st.dataframe`` cells) as plain text. So
a horizon name (a segmented control's option) and an item title in the register list (an
``st.table`` cell) must arrive escaped, and the same title in the item picker (a selectbox
option) exactly as written: escaping it there would show backslashes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from climrisk.escaping import app_text

ATTACK = "**Short** ![x](https://e.vil/p.png) :red[term] <b>now</b>"
TITLE = "Flood **[win](javascript:alert(1))**"


@pytest.fixture
def poisoned(tmp_path: Path, register_copy: Callable[..., Path]) -> Path:
    root = register_copy()
    main = root / "register.yaml"
    main.write_text(main.read_text("utf-8").replace("en: Short term", f"en: {ATTACK!r}"),
                    "utf-8")
    item = root / "items" / "PR-01.yaml"
    text = item.read_text("utf-8")
    item.write_text(re.sub(r"(title:\s*\n\s*en:\s*)(.+)", lambda m: m[1] + repr(TITLE), text,
                           count=1), "utf-8")
    return root


def test_horizon_option_is_escaped_and_item_picker_is_plain(
        poisoned: Path, app_factory: Callable[[], object],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLIMRISK_REGISTER", str(poisoned))
    at = app_factory().run()  # type: ignore[attr-defined]
    assert not at.exception, at.exception
    options = at.segmented_control(key="horizon").options
    assert app_text(ATTACK) in options
    rendered = MarkdownIt("commonmark").renderInline(app_text(ATTACK))
    assert "<img" not in rendered and "<strong>" not in rendered and "<b>" not in rendered
    at.switch_page("views/register.py").run()
    assert not at.exception, at.exception
    pickers = [s for s in at.selectbox if any(TITLE in str(o) for o in s.options)]
    assert pickers, [s.options for s in at.selectbox]
    assert not any("\\*" in str(o) for o in pickers[0].options)
    # st.table renders Markdown in every cell: the register list shows the title escaped
    cells = {str(v) for table in at.table for v in table.value.to_numpy().ravel()}
    assert any(app_text(TITLE) in c for c in cells), cells
    assert not any(TITLE in c for c in cells)
