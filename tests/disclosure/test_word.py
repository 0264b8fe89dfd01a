"""The Word output: opened with python-docx, every table cell equals numbers.json."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import docx
import pytest

from climrisk.disclosure.document import Document
from climrisk.disclosure.labels import label
from climrisk.disclosure.outputs import render_files
from climrisk.disclosure.table import EMPTY, estimate_marker, number_text

from .conftest import LANGS


@pytest.fixture(scope="module")
def files(example_document: Document) -> dict[str, bytes]:
    return render_files(example_document, LANGS)


def _expected(value: Any, lang: str, decimals: int | None) -> str:
    """A numbers.json cell as the document prints it."""
    if value is None:
        return EMPTY
    if isinstance(value, dict) and "low" in value:
        low, high = (number_text(value[k], decimals or 0) for k in ("low", "high"))
        return low if low == high else f"{low}–{high}"
    if isinstance(value, dict):
        return str(value[lang])
    return str(value)


def _number(text: str) -> float:
    return float(text.replace(",", "").rstrip("%"))


@pytest.mark.parametrize("lang", LANGS)
def test_word_tables_equal_numbers_json(files: dict[str, bytes], lang: str) -> None:
    numbers = json.loads(files["numbers.json"])
    document = docx.Document(io.BytesIO(files[f"{lang}/disclosure.docx"]))
    assert len(document.tables) == len(numbers["tables"])
    for grid, (table_id, table) in zip(document.tables, numbers["tables"].items(), strict=True):
        rows = [[c.text for c in row.cells] for row in grid.rows]
        headers = [c["header"][lang] if c["unit"] is None else
                   label("fmt.header_unit").in_(lang).format(header=c["header"][lang],
                                                            unit=c["unit"][lang])
                   for c in table["columns"]]
        assert rows[0] == headers, table_id
        assert len(rows) - 1 == len(table["rows"]), table_id
        for shown, row in zip(rows[1:], table["rows"], strict=True):
            for text, column in zip(shown, table["columns"], strict=True):
                value = row[column["key"]]
                if isinstance(value, dict) and "evidence" in value:  # a traced amount
                    mark = estimate_marker(lang).replace("{value}", "")
                    if value["estimate"]:
                        assert text.endswith(mark), (table_id, column["key"])
                        text = text.removesuffix(mark)
                    value = value["value"]
                if isinstance(value, int | float) and not isinstance(value, bool):
                    assert _number(text) == pytest.approx(value), (table_id, column["key"])
                elif isinstance(value, dict) and "low" in value:
                    low, _, high = text.partition("–")
                    assert _number(low) == pytest.approx(value["low"]), table_id
                    assert _number(high or low) == pytest.approx(value["high"]), table_id
                else:
                    assert text == _expected(value, lang, None), (table_id, column["key"])


def test_word_has_headings_styles_and_footnotes(files: dict[str, bytes]) -> None:
    document = docx.Document(io.BytesIO(files["zh-Hant/disclosure.docx"]))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "Caption"} <= styles
    assert document.paragraphs[0].style.name == "Title"
    assert all(t.style.name == "Table Grid" for t in document.tables)
    header = document.tables[0].rows[0]._tr
    assert header.find(".//{*}tblHeader") is not None  # repeats on every page
    with zipfile.ZipFile(io.BytesIO(files["zh-Hant/disclosure.docx"])) as z:
        notes = z.read("word/footnotes.xml").decode()
        body = z.read("word/document.xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
    assert "footnotes.xml" in rels
    references = body.count("<w:footnoteReference ")
    assert references > 0
    assert notes.count("<w:footnoteRef/>") == references
    assert "分析" in notes  # the notes are in the document's language


def test_word_is_deterministic_with_fixed_dates(example_document: Document,
                                                files: dict[str, bytes]) -> None:
    again = render_files(example_document, LANGS)
    assert again["en/disclosure.docx"] == files["en/disclosure.docx"]
    with zipfile.ZipFile(io.BytesIO(files["en/disclosure.docx"])) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "1980-01-01T00:00:00Z" in core
