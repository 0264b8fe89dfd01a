"""e-4c: the item x site pairs the scenario data could not assess, and why.

A site beyond the data's extent, a cell outside a variable's coverage (sea level inland), or
a region a table lacks leaves the pair out of e-4a's totals; listing each one keeps the
totals honest about what they do not include.
"""

from __future__ import annotations

from climrisk.disclosure.context import Context
from climrisk.disclosure.labels import join, label
from climrisk.disclosure.table import Cell, Column, Table, code


def not_assessed_table(ctx: Context) -> Table:
    """One row per item, asset, driver and reason, with the scenarios it applies to."""
    columns = (
        Column("id", label("col.id")),
        Column("asset", label("col.asset")),
        Column("driver", label("col.driver")),
        Column("reason", label("col.reason")),
        Column("scenarios", label("col.scenarios")),
    )
    gaps = ctx.effects.not_assessed()
    everywhere = len(ctx.effects.scenarios)
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (
            code(g.item),
            code(g.asset),
            code(g.driver),
            label(f"not_assessed.{g.reason}"),
            label("scenarios.all")
            if len(g.scenarios) == everywhere
            else join([ctx.scenario_label(s) for s in g.scenarios]),
        )
        for g in gaps
    )
    notes = (label("note.e-4c.excluded" if gaps else "note.e-4c.none"),)
    return Table("e-4c", "not-assessed", label("table.e-4c"), columns, rows, notes)
