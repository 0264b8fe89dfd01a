"""Markdown: the whole document per language, and each table on its own for review diffs.

Every text goes through ``climrisk.escaping`` (``markdown_text`` for text, ``markdown_code``
for provenance values), so register or grid text never becomes HTML, a link, an image or a
heading in the rendered page.
"""

from __future__ import annotations

from climrisk.disclosure.charts import BarChart
from climrisk.disclosure.document import Document, Heading
from climrisk.disclosure.labels import Words, label
from climrisk.disclosure.provenance import Provenance
from climrisk.disclosure.table import Table, cell_text
from climrisk.escaping import markdown_cell, markdown_code
from climrisk.escaping import markdown_text as _escape


def markdown_table(table: Table, lang: str) -> str:
    """One table with its title and notes, as GitHub-flavoured Markdown."""
    head = [markdown_cell(c.title(lang)) for c in table.columns]
    align = ["---:" if c.numeric else "---" for c in table.columns]
    lines = [
        f"### {_escape(table.id)} {_escape(table.title.in_(lang))}",
        "",
        "| " + " | ".join(head) + " |",
        "| " + " | ".join(align) + " |",
    ]
    lines += [
        "| " + " | ".join(markdown_cell(cell_text(c, lang)) for c in row) + " |"
        for row in table.rows
    ]
    if table.notes:
        lines.append("")
        lines += [f"- {_escape(n.in_(lang))}" for n in table.notes]
    return "\n".join(lines) + "\n"


def chart_path(chart: BarChart) -> str:
    """Where a chart's SVG sits, relative to the language folder."""
    return f"charts/{chart.id}.svg"


def provenance_markdown(provenance: Provenance, lang: str) -> str:
    """The provenance footer as a Markdown list."""
    lines = [f"## {_escape(label('section.provenance').in_(lang))}", ""]
    lines += [f"- {_escape(k)}: {markdown_code(v)}" for k, v in provenance.lines()]
    return "\n".join(lines) + "\n"


def markdown_document(doc: Document, lang: str) -> str:
    """The whole disclosure in one Markdown file."""
    out = [f"# {_escape(doc.title.in_(lang))}", ""]
    out += [
        f"- {_escape(label('fmt.fact').format(key=k, value=v).in_(lang))}" for k, v in doc.facts
    ]
    for part in doc.parts:
        out += ["", f"## {_escape(part.heading.in_(lang))}", ""]
        for block in part.blocks:
            if isinstance(block, Heading):
                out += [f"#### {_escape(block.words.in_(lang))}", ""]
            elif isinstance(block, Words):
                out += [_escape(block.in_(lang)), ""]
            elif isinstance(block, Table):
                out += [markdown_table(block, lang)]
            else:
                out += [f"![{_escape(block.title.in_(lang))}]({chart_path(block)})", ""]
    out += ["", provenance_markdown(doc.provenance, lang)]
    return "\n".join(out).replace("\n\n\n", "\n\n")
