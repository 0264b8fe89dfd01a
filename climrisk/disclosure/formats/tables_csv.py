"""CSV per table and language: localised headers, numbers without separators, UTF-8 with BOM.

The byte-order mark lets spreadsheet programs open the Chinese text correctly.
"""

from __future__ import annotations

import csv
import io

from climrisk.disclosure.table import Table, cell_value


def table_csv(table: Table, lang: str) -> bytes:
    """One table as CSV bytes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.title(lang) for c in table.columns])
    for row in table.rows:
        writer.writerow(["" if (v := cell_value(c, lang)) is None else v for c in row])
    return buffer.getvalue().encode("utf-8-sig")
