"""The PDF: text extracted from its pages holds every e-5 figure, pages are numbered, the
content index cites pages, and the same document gives the same bytes."""

from __future__ import annotations

import io
import json
import re

import pytest
from pypdf import PdfReader

from climrisk.disclosure.document import Document
from climrisk.disclosure.formats.html import html_document
from climrisk.disclosure.formats.pdf import _print_css, cross_references, pdf_bytes, render_pdf
from climrisk.disclosure.outputs import render_files
from climrisk.disclosure.table import Number, cell_text

from .conftest import LANGS


@pytest.fixture(scope="module")
def files(example_document: Document) -> dict[str, bytes]:
    return render_files(example_document, LANGS)


def _pages(data: bytes) -> list[str]:
    """Each page's text, with line breaks and the spaces a layout adds inside a cell dropped."""
    return [re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(io.BytesIO(data)).pages]


@pytest.mark.parametrize("lang", LANGS)
def test_every_e5_figure_is_in_the_pdf_text(example_document: Document,
                                            files: dict[str, bytes], lang: str) -> None:
    numbers = json.loads(files["numbers.json"])["tables"]["e-5"]
    table = next(t for t in example_document.tables if t.id == "e-5")
    figures = []
    for row, values in zip(table.rows, numbers["rows"], strict=True):
        for column, cell in zip(table.columns, row, strict=True):
            if isinstance(cell, Number):
                assert values[column.key] == pytest.approx(cell.value, abs=10**-cell.decimals)
                figures.append(cell_text(cell, lang))
    assert len(figures) > 5
    text = "".join(_pages(files[f"{lang}/disclosure.pdf"]))
    assert [f for f in figures if f not in text] == []


@pytest.mark.parametrize(("lang", "footer", "cited"),
                         [("en", r"Page(\d+)of(\d+)", r"Governance,p\.(\d+)"),
                          ("zh-Hant", r"第(\d+)頁，共(\d+)頁", r"管治（第(\d+)頁）")])
def test_pages_are_numbered_and_the_index_cites_them(files: dict[str, bytes], lang: str,
                                                     footer: str, cited: str) -> None:
    pages = _pages(files[f"{lang}/disclosure.pdf"])
    for number, text in enumerate(pages, start=1):
        found = re.search(footer, text)
        assert found, number
        assert (int(found[1]), int(found[2])) == (number, len(pages))
    index = next(p for p in reversed(pages) if "e-7" in p)
    page = int(re.search(cited, index)[1])
    heading = "Governance" if lang == "en" else "管治"
    assert heading in pages[page - 1]


def test_pdf_is_deterministic(example_document: Document, files: dict[str, bytes]) -> None:
    """A fresh layout, not the per-process cache, gives the same bytes."""
    doc = example_document
    html = html_document(doc, "en", _print_css("en"), cross_references(doc, "en"))
    again = render_pdf(html, doc.title.in_("en"), "en", doc.provenance.date)
    assert again == files["en/disclosure.pdf"] == pdf_bytes(doc, "en", doc.provenance.date)
