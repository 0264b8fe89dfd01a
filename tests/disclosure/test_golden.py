"""Golden files: every table of the example register, in both languages, as Markdown.

Run ``pytest tests/disclosure --update-golden`` to rewrite them after an intended change,
then review the diff of ``tests/disclosure/golden``.
"""

from __future__ import annotations

import pytest

from climrisk.disclosure.document import Document
from climrisk.disclosure.formats.markdown import markdown_table
from climrisk.disclosure.formats.tables_csv import table_csv

from .conftest import GOLDEN, LANGS

TABLE_IDS = [
    "s-1", "e-1", "e-2", "e-3", "e-3v", "s-3", "e-4a", "e-4d", "e-4p", "e-4b", "e-4c", "e-4r", "s-2",
    "e-5", "e-5b", "e-5c", "e-5d", "e-6", "u-1", "u-2", "e-7",
]


def test_the_document_has_every_layout(example_document: Document) -> None:
    assert [t.id for t in example_document.tables] == TABLE_IDS


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("table_id", TABLE_IDS)
def test_table_matches_golden(
    example_document: Document, table_id: str, lang: str, update_golden: bool
) -> None:
    table = next(t for t in example_document.tables if t.id == table_id)
    for suffix, data in (
        (".md", markdown_table(table, lang).encode()),
        (".csv", table_csv(table, lang)),
    ):
        golden = GOLDEN / lang / f"{table.name}{suffix}"
        if update_golden:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_bytes(data)
        assert golden.is_file(), f"{golden} missing: run pytest --update-golden"
        assert data == golden.read_bytes(), (
            f"{golden.name} ({lang}) differs from the golden file; if intended, run "
            "`pytest tests/disclosure --update-golden` and review the diff"
        )
