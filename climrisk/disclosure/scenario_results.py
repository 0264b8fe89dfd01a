"""e-4: the scenario results matrix, items × scenario × horizon (IFRS S2 ¶22(a)).

Two views of the same grid of cells: the mean annual amount (e-4a) and the rating band
(e-4b). Rows are an item's own horizons; totals close e-4a so that risks and opportunities
can be read against each other, and the resilience assessment follows as a note.
"""

from __future__ import annotations

from climrisk.disclosure.context import Context
from climrisk.disclosure.labels import label, words
from climrisk.disclosure.table import Cell, Column, Table, Tagged, code
from climrisk.disclosure.units import money, money_unit


def _columns(ctx: Context, numeric: bool) -> tuple[Column, ...]:
    unit = money_unit(ctx.register) if numeric else None
    return (
        Column("id", label("col.id")),
        Column("title", label("col.title")),
        Column("horizon", label("col.horizon")),
        *(Column(s, ctx.scenario_label(s), unit, numeric=numeric) for s in ctx.effects.scenarios),
    )


def _item_rows(ctx: Context) -> list[tuple[str, str]]:
    return [
        (item.id, h)
        for item in ctx.register.items
        if ctx.effects.has(item.id)
        for h in ctx.item_horizons(item)
    ]


def scenario_amounts_table(ctx: Context) -> Table:
    """Mean annual amount of each quantified item per scenario and horizon."""
    effects = ctx.effects
    rows: list[tuple[Cell, ...]] = [
        (
            code(i),
            words(ctx.register.item(i).title),
            ctx.horizon_name(h),
            *(money(effects.amount(i, s, h)) for s in effects.scenarios),
        )
        for i, h in _item_rows(ctx)
    ]
    for risk, key in ((True, "row.total_risks"), (False, "row.total_opportunities")):
        rows.extend(
            (
                None,
                label(key),
                ctx.horizon_name(h.id),
                *(money(effects.total(risk, s, h.id)) for s in effects.scenarios),
            )
            for h in ctx.register.horizons
        )
    notes = (
        label("note.e-4.mean"),
        label("note.e-4.resilience").format(
            text=words(ctx.register.main.scenario_analysis.resilience)
        ),
    )
    return Table(
        "e-4a", "scenario-results", label("table.e-4a"), _columns(ctx, True), tuple(rows), notes
    )


def scenario_ratings_table(ctx: Context) -> Table:
    """Rating band of each quantified item per scenario and horizon."""
    bands = {b.id: words(b.label) for b in ctx.register.main.scales.bands}

    def cell(item_id: str, scenario: str, horizon: str) -> Tagged | None:
        rating = ctx.effects.rating(item_id, scenario, horizon)
        if rating is None:
            return None
        return Tagged(
            label("fmt.rating").format(
                band=bands[rating.band],
                likelihood=str(rating.likelihood),
                magnitude=str(rating.magnitude),
            ),
            f"band-{rating.band}",
        )

    rows = tuple(
        (
            code(i),
            words(ctx.register.item(i).title),
            ctx.horizon_name(h),
            *(cell(i, s, h) for s in ctx.effects.scenarios),
        )
        for i, h in _item_rows(ctx)
    )
    return Table(
        "e-4b",
        "scenario-ratings",
        label("table.e-4b"),
        _columns(ctx, False),
        rows,
        (label("note.e-4.rating"),),
    )
