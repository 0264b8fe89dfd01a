"""Markdown: the whole document per language, and each table on its own for review diffs."""

from __future__ import annotations

from climrisk.disclosure.charts import BarChart
from climrisk.disclosure.document import Document, Heading
from climrisk.disclosure.labels import Words, label
from climrisk.disclosure.provenance import Provenance
from climrisk.disclosure.table import Table, cell_text


def _escape(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def markdown_table(table: Table, lang: str) -> str:
    """One table with its title and notes, as GitHub-flavoured Markdown."""
    head = [_escape(c.title(lang)) for c in table.columns]
    align = ["---:" if c.numeric else "---" for c in table.columns]
    lines = [
        f"### {table.id} {table.title.in_(lang)}",
        "",
        "| " + " | ".join(head) + " |",
        "| " + " | ".join(align) + " |",
    ]
    lines += [
        "| " + " | ".join(_escape(cell_text(c, lang)) for c in row) + " |" for row in table.rows
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
    lines = [f"## {label('section.provenance').in_(lang)}", ""]
    lines += [f"- {k}: `{v}`" for k, v in provenance.lines()]
    return "\n".join(lines) + "\n"


def markdown_document(doc: Document, lang: str) -> str:
    """The whole disclosure in one Markdown file."""
    out = [f"# {doc.title.in_(lang)}", ""]
    out += [f"- {label('fmt.fact').format(key=k, value=v).in_(lang)}" for k, v in doc.facts]
    for part in doc.parts:
        out += ["", f"## {part.heading.in_(lang)}", ""]
        for block in part.blocks:
            if isinstance(block, Heading):
                out += [f"#### {block.words.in_(lang)}", ""]
            elif isinstance(block, Words):
                out += [_escape(block.in_(lang)), ""]
            elif isinstance(block, Table):
                out += [markdown_table(block, lang)]
            else:
                out += [f"![{block.title.in_(lang)}]({chart_path(block)})", ""]
    out += ["", provenance_markdown(doc.provenance, lang)]
    return "\n".join(out).replace("\n\n\n", "\n\n")
