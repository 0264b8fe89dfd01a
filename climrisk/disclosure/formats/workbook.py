"""An XLSX workbook per language, one sheet per table, made byte-deterministic.

openpyxl stamps ``docProps/core.xml`` with the current time and the zip entries with the
local clock, so the saved file is rewritten with one fixed timestamp (``--date`` or the zip
epoch) and entries in a fixed order.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from climrisk.disclosure.document import Document
from climrisk.disclosure.table import Number, Table, cell_value, estimate_marker
from climrisk.escaping import protect_cell, spreadsheet_cell

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
HEADER_FILL = PatternFill("solid", fgColor="EEF2F5")
MAX_WIDTH = 60
WRAP_TOP = Alignment(wrap_text=True, vertical="top")


def _append(ws: Worksheet, values: list[str | float | None]) -> None:
    """Add a row whose text stays text: no cell of register or grid text becomes a formula."""
    ws.append([spreadsheet_cell(v) for v in values])
    for cell in ws[ws.max_row]:
        protect_cell(cell)


def _sheet(wb: Workbook, table: Table, lang: str) -> None:
    ws = wb.create_sheet(table.id)
    _append(ws, [f"{table.id} {table.title.in_(lang)}"])
    ws["A1"].font = Font(bold=True, size=12)
    _append(ws, [c.title(lang) for c in table.columns])
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = WRAP_TOP
    for row in table.rows:
        # An estimate stays a number in the workbook; its marker is part of the number format.
        _append(
            ws,
            [
                round(c.value, c.decimals) if isinstance(c, Number) else cell_value(c, lang)
                for c in row
            ],
        )
        marker = estimate_marker(lang).replace("{value}", "").replace('"', "")
        for cell, source in zip(ws[ws.max_row], row, strict=True):
            if isinstance(source, Number):
                cell.number_format = (
                    "#,##0"
                    + ("." + "0" * source.decimals if source.decimals else "")
                    + (f'"{marker}"' if source.estimate else "")
                )
            cell.alignment = WRAP_TOP
    if table.notes:
        ws.append([])
        for note in table.notes:
            _append(ws, [note.in_(lang)])
    for i, col in enumerate(table.columns, start=1):
        longest = max(
            [
                len(col.title(lang)),
                *(len(str(cell_value(r[i - 1], lang) or "")) for r in table.rows),
            ]
        )
        ws.column_dimensions[get_column_letter(i)].width = min(MAX_WIDTH, max(10, longest + 2))
    ws.freeze_panes = "A3"


def workbook_bytes(doc: Document, lang: str, date: str | None) -> bytes:
    """The workbook of every table in ``lang``."""
    wb = Workbook()
    wb.remove(wb.active)
    for table in doc.tables:
        _sheet(wb, table, lang)
    stamp = dt.datetime.fromisoformat(date) if date else dt.datetime(*ZIP_EPOCH)
    wb.properties.creator = "climrisk"
    wb.properties.title = doc.title.in_(lang)
    wb.properties.created = stamp
    buffer = io.BytesIO()
    wb.save(buffer)
    return fixed_zip(buffer.getvalue(), stamp)


def fixed_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """The same archive with fixed timestamps everywhere."""
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for name in src.namelist():
            content = src.read(name)
            if name == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                    rb"\g<1>" + iso.encode() + rb"\g<2>",
                    content,
                )
            info = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            dst.writestr(info, content)
    return out.getvalue()
