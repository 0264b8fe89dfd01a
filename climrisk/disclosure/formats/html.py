"""One self-contained, print-ready HTML page per language: inline CSS and SVG, no script."""

from __future__ import annotations

from climrisk.disclosure.document import Document, Heading
from climrisk.disclosure.formats.svg import chart_svg
from climrisk.disclosure.labels import Words, label
from climrisk.disclosure.table import Number, Span, Table, Tagged, cell_text
from climrisk.escaping import html_text as escape

EVIDENCE_PAGE = "evidence.html"  # beside the disclosure, one per language

CSS = """
@page { size: A4 landscape; margin: 12mm; }
:root { --ink: #1d2733; --muted: #5b6773; --rule: #d5dbe1; --head: #eef2f5; }
body { font-family: 'Noto Sans CJK TC', 'Noto Sans TC', 'PingFang TC', 'Microsoft JhengHei',
       Arial, sans-serif; color: var(--ink); margin: 24px auto; max-width: 1200px;
       font-size: 13px; line-height: 1.45; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 18px; border-bottom: 2px solid
var(--ink); padding-bottom: 3px; margin-top: 28px; break-after: avoid; }
h3 { font-size: 14px; margin: 18px 0 6px; break-after: avoid; } h4 { font-size: 13px;
margin: 12px 0 4px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
nav ol { columns: 2; font-size: 12px; } nav ol > li { break-inside: avoid-column; }
table { border-collapse: collapse; width: 100%; font-size: 11px; margin-bottom: 4px; }
th, td { border: 1px solid var(--rule); padding: 3px 5px; vertical-align: top; text-align: left; }
th { background: var(--head); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num, td:first-child { white-space: nowrap; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
ul.notes { font-size: 11px; color: var(--muted); margin-top: 2px; }
.band-low { background: #e3f1e4; } .band-medium { background: #fff1cc; }
.band-high { background: #f8d7d5; }
.status-disclosed, .status-met { background: #e3f1e4; }
.status-partial, .status-in-progress, .status-explained { background: #fff1cc; }
.status-not-disclosed, .status-missed, .status-no-data { background: #f8d7d5; }
figure { margin: 10px 0; break-inside: avoid; } figure svg { width: 100%; max-width: 760px; }
footer { margin-top: 32px; border-top: 1px solid var(--rule); font-size: 11px;
         color: var(--muted); }
footer code { font-size: 10px; word-break: break-all; }
"""


def _p(words: Words, lang: str) -> str:
    return f"<p>{escape(words.in_(lang))}</p>"


def html_table(table: Table, lang: str, refs: dict[str, str] | None = None) -> str:
    """One table with caption and notes; a cell whose text is a key of ``refs`` links to that
    anchor (the PDF prints the page it lands on)."""
    num_class = ' class="num"'
    head = "".join(
        f"<th{num_class if c.numeric else ''}>{escape(c.title(lang))}</th>" for c in table.columns
    )
    body = []
    for row in table.rows:
        cells = []
        for col, cell in zip(table.columns, row, strict=True):
            classes = (["num"] if col.numeric else []) + (
                [cell.tag] if isinstance(cell, Tagged) else []
            )
            attr = f' class="{" ".join(classes)}"' if classes else ""
            shown = cell_text(cell, lang)
            text = escape(shown)
            if isinstance(cell, Number | Span) and cell.ref is not None:
                text = f'<a href="{EVIDENCE_PAGE}#{escape(cell.ref)}">{text}</a>'
            elif refs and shown in refs:
                text = f'<a class="page-ref" href="#{refs[shown]}">{text}</a>'
            cells.append(f"<td{attr}>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    notes = ""
    if table.notes:
        notes = (
            '<ul class="notes">'
            + "".join(f"<li>{escape(n.in_(lang))}</li>" for n in table.notes)
            + "</ul>"
        )
    return (
        f'<section id="{table.id}"><h3>{escape(table.id)} {escape(table.title.in_(lang))}</h3>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        f"{notes}</section>"
    )


def html_document(doc: Document, lang: str, print_css: str = "",
                  refs: dict[str, str] | None = None) -> str:
    """The whole disclosure as one HTML page; the PDF adds its page CSS and cross-references."""
    out = [
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(doc.title.in_(lang))}</title><style>{CSS}{print_css}</style></head><body>",
        f'<header><h1>{escape(doc.title.in_(lang))}</h1><dl class="facts">',
    ]
    out += [f"<dt>{escape(k.in_(lang))}</dt><dd>{escape(v.in_(lang))}</dd>" for k, v in doc.facts]
    out.append("</dl></header><nav><ol>")
    for part in doc.parts:
        out.append(f'<li><a href="#{part.anchor}">{escape(part.heading.in_(lang))}</a><ul>')
        out += [
            f'<li><a href="#{t.id}">{escape(t.id)} {escape(t.title.in_(lang))}</a></li>'
            for t in part.blocks
            if isinstance(t, Table)
        ]
        out.append("</ul></li>")
    out.append("</ol></nav>")
    for part in doc.parts:
        out.append(f'<section id="{part.anchor}"><h2>{escape(part.heading.in_(lang))}</h2>')
        for block in part.blocks:
            if isinstance(block, Heading):
                out.append(f"<h4>{escape(block.words.in_(lang))}</h4>")
            elif isinstance(block, Words):
                out.append(_p(block, lang))
            elif isinstance(block, Table):
                out.append(html_table(block, lang, refs))
            else:
                out.append(f"<figure>{chart_svg(block, lang)}</figure>")
        out.append("</section>")
    out.append(
        f'<footer><h2>{escape(label("section.provenance").in_(lang))}</h2><dl class="facts">'
    )
    out += [
        f"<dt>{escape(k)}</dt><dd><code>{escape(v)}</code></dd>" for k, v in doc.provenance.lines()
    ]
    out.append("</dl></footer></body></html>")
    return "\n".join(out) + "\n"
