"""The evidence of every published amount: ``evidence.json`` and a readable ``evidence.html``.

Each money cell of the tables links to its record here: the value and which statistic it is,
its scenarios and horizons, and its input group (the models with their formulas and every
input with value, basis or source and the file and line it is recorded at).
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from climrisk.disclosure.document import Document
from climrisk.disclosure.evidence import Evidence, InputGroup
from climrisk.disclosure.formats.html import CSS, EVIDENCE_PAGE
from climrisk.disclosure.labels import label, words
from climrisk.disclosure.table import number_text

EVIDENCE_JSON = "evidence.json"
EVIDENCE_HTML = EVIDENCE_PAGE


def evidence_json(doc: Document) -> bytes:
    """Every cell record and input group, with the build's provenance."""
    book = doc.evidence
    data: dict[str, Any] = {
        "provenance": dict(doc.provenance.lines()),
        "groups": {
            gid: {
                "item": g.item,
                "channel": g.channel,
                "models": [{"model": m, "formula": f} for m, f in g.models],
                "inputs": [i.as_json() for i in g.inputs],
            }
            for gid, g in sorted(book.groups.items())
        },
        "cells": {cid: rec.as_json() for cid, rec in sorted(book.records.items())},
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def value_text(rec: Evidence) -> str:
    """The recorded value as printed in the tables."""
    if isinstance(rec.value, tuple):
        low, high = (number_text(v, rec.decimals) for v in rec.value)
        return low if low == high else f"{low}–{high}"
    return number_text(rec.value, rec.decimals)


def anchor(gid: str) -> str:
    """The HTML id of an input group."""
    return f"inputs-{gid}"


def _group_html(g: InputGroup, title: str, lang: str) -> str:
    head = "".join(
        f"<th>{escape(label(k).in_(lang))}</th>"
        for k in ("col.estimate_kind", "col.input", "col.value", "col.basis_source", "col.where",
                  "col.is_estimate")
    )
    rows = "".join(
        "<tr>"
        f"<td>{escape(label(f'input.{i.kind}').in_(lang))}</td><td>{escape(i.name)}</td>"
        f"<td>{escape(i.value)}"
        + (f" ({i.low:g}–{i.high:g})" if i.low is not None and i.high is not None else "")
        + f"</td><td>{escape(i.source)}</td><td>{escape(i.where)}</td>"
        f"<td>{escape(label('answer.yes' if i.estimate else 'answer.no').in_(lang))}</td></tr>"
        for i in g.inputs
    )
    models = "".join(
        f"<li><b>{escape(m)}</b>: <code>{escape(f)}</code></li>" for m, f in g.models
    )
    return (
        f'<section id="{escape(anchor(g.id))}"><h3>{escape(g.id)}: {escape(title)}</h3>'
        f"<ul>{models}</ul>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></section>"
    )


def _cell_html(rec: Evidence, lang: str) -> str:
    facts = [
        ("col.table", rec.table),
        ("col.value", f"{value_text(rec)} {rec.unit}"),
        ("col.statistic", label(f"stat.{rec.statistic}").in_(lang)),
        ("col.scenarios", ", ".join(rec.scenarios)),
        ("col.horizons_used", ", ".join(rec.horizons)),
        ("col.is_estimate", label("answer.yes" if rec.estimate else "answer.no").in_(lang)),
    ]
    dl = "".join(
        f"<dt>{escape(label(k).in_(lang))}</dt><dd>{escape(v)}</dd>" for k, v in facts
    )
    links = ", ".join(
        f'<a href="#{escape(anchor(g))}">{escape(g)}</a>' for g in rec.groups
    )
    dl += f"<dt>{escape(label('col.inputs').in_(lang))}</dt><dd>{links}</dd>"
    return (
        f'<section id="{escape(rec.id)}"><h4>{escape(rec.id)}</h4>'
        f'<dl class="facts">{dl}</dl></section>'
    )


def evidence_html(doc: Document, lang: str) -> str:
    """The evidence page in ``lang``: every cell, then every input group."""
    book = doc.evidence
    title = label("doc.evidence").in_(lang)
    out = [
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1><p>{escape(doc.title.in_(lang))}</p>",
        f"<p>{escape(label('para.evidence').in_(lang))}</p>",
        f"<h2>{escape(label('heading.cells').in_(lang))}</h2>",
    ]
    out += [_cell_html(rec, lang) for _, rec in sorted(book.records.items())]
    out.append(f"<h2>{escape(label('heading.inputs').in_(lang))}</h2>")
    titles = {i.id: words(i.title).in_(lang) for i in book.register.items}
    # a prior period's group may name an item this register no longer has
    out += [_group_html(g, titles.get(g.item, g.item), lang)
            for _, g in sorted(book.groups.items())]
    out.append(
        f'<footer><h2>{escape(label("section.provenance").in_(lang))}</h2><dl class="facts">'
    )
    out += [
        f"<dt>{escape(k)}</dt><dd><code>{escape(v)}</code></dd>" for k, v in doc.provenance.lines()
    ]
    out.append("</dl></footer></body></html>")
    return "\n".join(out) + "\n"
