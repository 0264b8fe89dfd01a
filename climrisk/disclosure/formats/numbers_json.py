"""The JSON of all numbers: every table's cells, language-neutral, plus the provenance."""

from __future__ import annotations

import json
from typing import Any

from climrisk.disclosure.document import Document
from climrisk.disclosure.table import cell_json


def numbers_json(doc: Document) -> bytes:
    """Every table keyed by id; rows as objects keyed by column key."""
    tables: dict[str, Any] = {}
    for table in doc.tables:
        tables[table.id] = {
            "name": table.name,
            "title": table.title.neutral(),
            "columns": [
                {
                    "key": c.key,
                    "header": c.header.neutral(),
                    "unit": c.unit.neutral() if c.unit else None,
                }
                for c in table.columns
            ],
            "rows": [
                {c.key: cell_json(v) for c, v in zip(table.columns, row, strict=True)}
                for row in table.rows
            ],
        }
    data = {
        "title": doc.title.neutral(),
        "provenance": dict(doc.provenance.lines()),
        "tables": tables,
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
