"""A print-ready PDF per language: the HTML document laid out by WeasyPrint on A4 pages.

WeasyPrint was chosen over a headless browser's print: it installs from PyPI with the core
package (it needs Pango, which the base system already has), renders CSS paged media (page
numbers, running headers, ``target-counter`` for the table of contents and the content index's
page citations) and writes the same bytes for the same input. Chinese needs a CJK font on the
system (Debian's ``fonts-noto-cjk``, SIL Open Font Licence); a build that would print Chinese
without one refuses, rather than writing a PDF of empty boxes.
"""

from __future__ import annotations

import re
from functools import lru_cache

from climrisk.disclosure.document import Document
from climrisk.disclosure.formats.html import html_document
from climrisk.disclosure.labels import label
from climrisk.disclosure.table import cell_text
from climrisk.errors import UserError

FONTS = "'Noto Sans CJK TC', 'Noto Sans TC', sans-serif"
CJK_FONT_FIX = (
    "install a Traditional Chinese font: `apt-get install fonts-noto-cjk` on Debian or Ubuntu "
    "(`make run` does this where it can), or build English only with `--lang en`"
)


def _print_css(lang: str) -> str:
    """Page size, running header, page numbers, and page numbers after cross-references.

    Chinese text may break after any character, so the automatic table layout would give a
    short column (類別, 評級) a width of one or two characters; a minimum of four keeps such
    cells ("實體風險：慢性") to two lines."""
    page = _css_content(label("pdf.page").in_(lang),
                        {"page": "counter(page)", "pages": "counter(pages)"})
    ref = _css_content(label("pdf.ref").in_(lang),
                       {"page": "target-counter(attr(href), page)"})
    return f"""
@page {{ size: A4 landscape; margin: 14mm 12mm 16mm;
  @top-left {{ content: string(doctitle); font-size: 8pt; color: #5b6773; font-family: {FONTS}; }}
  @bottom-right {{ content: {page}; font-size: 8pt;
                  color: #5b6773; font-family: {FONTS}; }} }}
body {{ margin: 0; max-width: none; font-size: 9.5pt; }}
h1 {{ string-set: doctitle content(); }}
h2 {{ break-before: page; }} header + nav + section h2 {{ break-before: auto; }}
nav ol {{ columns: 1; }} nav ul {{ columns: 2; }}
nav a::after {{ content: leader(".") target-counter(attr(href), page); }}
nav a {{ color: inherit; text-decoration: none; }}
a.page-ref {{ color: inherit; text-decoration: none; }}
a.page-ref::after {{ content: {ref}; }}
table {{ font-size: 7.5pt; }} td {{ overflow-wrap: break-word; }}
:lang(zh) th, :lang(zh) td {{ min-width: 4.2em; }}
"""


def _css_content(template: str, counters: dict[str, str]) -> str:
    """A catalogue text with ``{placeholders}`` as a CSS ``content`` value: quoted strings
    around the counters (``"Page " counter(page) " of " counter(pages)``)."""
    parts = []
    for i, piece in enumerate(re.split(r"\{(\w+)\}", template)):
        if i % 2:
            parts.append(counters[piece])
        elif piece:
            parts.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(parts)


def cross_references(doc: Document, lang: str) -> dict[str, str]:
    """Text of a "where disclosed" cell → the anchor it names: a part by its heading, a table
    by the id it starts with (``e-3 and e-4 Scenario analysis`` → ``e-3``)."""
    refs = {part.heading.in_(lang): part.anchor for part in doc.parts}
    ids = {t.id for t in doc.tables}
    index = next((t for t in doc.tables if t.id == "e-7"), None)
    if index is None:
        return refs
    column = next((i for i, c in enumerate(index.columns) if c.key == "section"), None)
    if column is None:
        return refs
    for row in index.rows:
        shown = cell_text(row[column], lang)
        first = shown.split(" ", 1)[0]
        if first in ids:
            refs[shown] = first
    return refs


def pdf_bytes(doc: Document, lang: str, date: str | None) -> bytes:
    """The whole disclosure in ``lang`` as a PDF with page numbers."""
    html = html_document(doc, lang, _print_css(lang), cross_references(doc, lang))
    return _laid_out(html, doc.title.in_(lang), lang, date)


@lru_cache(maxsize=8)
def _laid_out(html: str, title: str, lang: str, date: str | None) -> bytes:
    """Layout is most of a build's time, so the same page is laid out once per process
    (``--check`` after a build, the app's preview, tests that render one document twice)."""
    return render_pdf(html, title, lang, date)


def render_pdf(html: str, title: str, lang: str, date: str | None) -> bytes:
    """Lay out ``html`` and write the PDF, with fixed metadata so the bytes are repeatable."""
    from weasyprint import HTML  # the engine loads Pango; only a PDF build needs it

    document = HTML(string=html).render()
    metadata = document.metadata
    metadata.title = title
    metadata.authors = ["climrisk"]
    metadata.created = metadata.modified = date
    metadata.lang = lang
    pdf = bytes(document.write_pdf(pdf_identifier=b"climrisk-" + lang.encode()))
    if lang != "en" and not any(CJK_FONT.search(str(f.family)) for f in document.fonts.values()):
        raise UserError(f"no Chinese font for the {lang} PDF; {CJK_FONT_FIX}")
    return pdf


CJK_FONT = re.compile(r"CJK|Han|Hei|Ming|Song|Kai|PingFang|WenQuanYi", re.IGNORECASE)
"""Families that hold Chinese characters; the fonts a PDF embeds are known after writing."""
