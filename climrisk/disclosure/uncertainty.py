"""u-1: measurement uncertainty (IFRS S1 ¶77–82): the estimates behind every marked amount.

For each item with an amount marked (E), one row per estimate behind it: what it is, its value,
its basis and where it is written down, and for engine parameters the range the Monte Carlo
draws it from. Together these estimates and the climate-model range cause the within-scenario
5th to 95th percentile range of e-4d, which the note points to.
"""

from __future__ import annotations

from climrisk.disclosure.context import Context
from climrisk.disclosure.labels import join, label, same
from climrisk.disclosure.table import Cell, Column, Table, code


def uncertainty_table(ctx: Context) -> Table:
    """Rows item × estimate, for every item whose published amounts are marked."""
    book = ctx.book
    marked: dict[str, set[str]] = {}
    for rec in book.records.values():
        if rec.estimate:
            for gid in rec.groups:
                marked.setdefault(book.groups[gid].item, set()).add(rec.table)
    columns = (
        Column("id", label("col.id")),
        Column("tables", label("col.tables")),
        Column("kind", label("col.estimate_kind")),
        Column("estimate", label("col.estimate")),
        Column("value", label("col.value")),
        Column("range", label("col.estimate_range")),
        Column("basis", label("col.basis_source")),
        Column("where", label("col.where")),
    )
    rows: list[tuple[Cell, ...]] = []
    for item in ctx.register.items:
        if item.id not in marked:
            continue
        tables = join([same(t) for t in sorted(marked[item.id])])
        for est in book.group(item).estimates:
            span = (
                same(f"{est.low:g}–{est.high:g}")
                if est.low is not None and est.high is not None
                else None
            )
            rows.append(
                (
                    code(item.id),
                    tables,
                    label(f"input.{est.kind}"),
                    same(est.name),
                    same(est.value),
                    span,
                    same(est.source),
                    same(est.where),
                )
            )
    return Table(
        "u-1",
        "measurement-uncertainty",
        label("table.u-1"),
        columns,
        tuple(rows),
        (label("note.u-1.marker"), label("note.u-1.range")),
    )

