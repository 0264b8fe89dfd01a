"""CSV per table and language: localised headers, numbers without separators, UTF-8 with BOM.

The byte-order mark lets spreadsheet programs open the Chinese text correctly; text that a
spreadsheet would evaluate gets a leading apostrophe (``climrisk.escaping.csv_cell``).
"""

from __future__ import annotations

import csv
import io

from climrisk.disclosure.table import Table, cell_value
from climrisk.escaping import csv_cell


def table_csv(table: Table, lang: str) -> bytes:
    """One table as CSV bytes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_cell(c.title(lang)) for c in table.columns])
    for row in table.rows:
        writer.writerow([csv_cell(cell_value(c, lang)) for c in row])
    return buffer.getvalue().encode("utf-8-sig")
