"""The disclosure as a Word document per language, for the team that drafts the ESG report.

Built with python-docx: the template's own styles (Title, Heading 1–3, Table Grid, Caption),
real Word tables whose header row repeats on every page, landscape A4, and a table's notes as
Word footnotes on its caption. The saved file is made byte-deterministic the same way as the
workbook: fixed document dates and zip timestamps.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from xml.sax.saxutils import escape

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from climrisk.disclosure.document import Document, Heading
from climrisk.disclosure.formats.workbook import ZIP_EPOCH, fixed_zip
from climrisk.disclosure.labels import Words, label
from climrisk.disclosure.table import Table, cell_text

EAST_ASIAN_FONT = "Noto Sans CJK TC"
"""Asked for by name; Word falls back to the reader's Chinese font (e.g. Microsoft JhengHei)."""
LATIN_FONT = "Arial"
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot hold; register text is untrusted, so they are dropped, not fatal."""
HEAD_FILL = "EEF2F5"


def _clean(text: str) -> str:
    return NOT_XML.sub("", text)


class _Footnotes:
    """Word footnotes: python-docx reads and writes the body only, so the footnotes part is
    written here as the OOXML it is (a separator, a continuation separator, then the notes)."""

    def __init__(self) -> None:
        self.notes: list[str] = []

    def add(self, paragraph: Paragraph, text: str) -> None:
        """A superscript footnote reference at the end of ``paragraph``."""
        self.notes.append(_clean(text))
        paragraph._p.append(parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="{len(self.notes)}"/></w:r>'
        ))

    def attach(self, doc: object) -> None:
        """Add the footnotes part to the package and relate the document to it."""
        w = nsdecls("w")
        separators = "".join(
            f'<w:footnote w:type="{kind}" w:id="{i}"><w:p><w:pPr><w:spacing w:after="0"/>'
            f"</w:pPr><w:r><w:{kind}/></w:r></w:p></w:footnote>"
            for i, kind in ((-1, "separator"), (0, "continuationSeparator"))
        )
        notes = "".join(
            f'<w:footnote w:id="{i}"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
            f'<w:r><w:rPr><w:vertAlign w:val="superscript"/><w:sz w:val="16"/></w:rPr>'
            f'<w:footnoteRef/></w:r><w:r><w:rPr><w:sz w:val="16"/></w:rPr>'
            f'<w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>'
            for i, text in enumerate(self.notes, start=1)
        )
        blob = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {w}>'
        blob += separators + notes + "</w:footnotes>"
        part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES,
                    blob.encode("utf-8"), doc.part.package)  # type: ignore[attr-defined]
        doc.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)  # type: ignore[attr-defined]
        settings = doc.settings.element  # type: ignore[attr-defined]
        settings.append(parse_xml(
            f'<w:footnotePr {w}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
        ))


def _styles(doc: object, lang: str) -> None:
    """Fonts for Latin and Chinese text and the document's language, on the Normal style."""
    normal = doc.styles["Normal"]  # type: ignore[attr-defined]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(9.5)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)
    lang_el = normal.element.get_or_add_rPr().find(qn("w:lang"))
    if lang_el is None:
        lang_el = parse_xml(f"<w:lang {nsdecls('w')}/>")
        normal.element.get_or_add_rPr().append(lang_el)
    lang_el.set(qn("w:val"), "en-GB")
    lang_el.set(qn("w:eastAsia"), "zh-HK")
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        style = doc.styles[name]  # type: ignore[attr-defined]
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), EAST_ASIAN_FONT)
        style.font.color.rgb = RGBColor(0x1D, 0x27, 0x33)


def _landscape(doc: object) -> None:
    section = doc.sections[0]  # type: ignore[attr-defined]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))


def word_table(doc: object, table: Table, lang: str, footnotes: _Footnotes) -> None:
    """One disclosure table: caption with its notes as footnotes, header row repeated."""
    caption = doc.add_paragraph(style="Caption")  # type: ignore[attr-defined]
    caption.add_run(_clean(f"{table.id} {table.title.in_(lang)}")).bold = True
    caption.paragraph_format.keep_with_next = True
    for note in table.notes:
        footnotes.add(caption, note.in_(lang))
    grid = doc.add_table(rows=1, cols=len(table.columns))  # type: ignore[attr-defined]
    grid.style = doc.styles["Table Grid"]  # type: ignore[attr-defined]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = grid.rows[0]
    header._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
    for cell, column in zip(header.cells, table.columns, strict=True):
        _fill(cell, column.title(lang), bold=True, right=column.numeric)
        cell._tc.get_or_add_tcPr().append(parse_xml(
            f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{HEAD_FILL}"/>'
        ))
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, column, value in zip(cells, table.columns, row, strict=True):
            _fill(cell, cell_text(value, lang), bold=False, right=column.numeric)


def _fill(cell: object, text: str, *, bold: bool, right: bool) -> None:
    paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
    run = paragraph.add_run(_clean(text))
    run.bold = bold
    run.font.size = Pt(8)
    paragraph.paragraph_format.space_after = Pt(0)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def word_bytes(doc: Document, lang: str, date: str | None) -> bytes:
    """The whole disclosure in ``lang`` as a .docx file."""
    out = new_docx()
    _styles(out, lang)
    _landscape(out)
    footnotes = _Footnotes()
    out.add_heading(_clean(doc.title.in_(lang)), level=0)
    for key, value in doc.facts:
        p = out.add_paragraph()
        p.add_run(_clean(key.in_(lang)) + "  ").bold = True
        p.add_run(_clean(value.in_(lang)))
        p.paragraph_format.space_after = Pt(0)
    for part in doc.parts:
        out.add_heading(_clean(part.heading.in_(lang)), level=1)
        for block in part.blocks:
            if isinstance(block, Heading):
                out.add_heading(_clean(block.words.in_(lang)), level=2)
            elif isinstance(block, Words):
                out.add_paragraph(_clean(block.in_(lang)))
            elif isinstance(block, Table):
                word_table(out, block, lang, footnotes)
    out.add_heading(_clean(label("section.provenance").in_(lang)), level=1)
    for key, value in doc.provenance.lines():
        p = out.add_paragraph()
        p.add_run(_clean(key) + "  ").bold = True
        p.add_run(_clean(value)).font.size = Pt(8)
        p.paragraph_format.space_after = Pt(0)
    footnotes.attach(out)
    stamp = dt.datetime.fromisoformat(date) if date else dt.datetime(*ZIP_EPOCH)
    props = out.core_properties
    props.title = _clean(doc.title.in_(lang))
    props.author = props.last_modified_by = "climrisk"
    props.language = lang
    props.created = props.modified = stamp
    props.revision = 1
    buffer = io.BytesIO()
    out.save(buffer)
    return fixed_zip(buffer.getvalue(), stamp)
