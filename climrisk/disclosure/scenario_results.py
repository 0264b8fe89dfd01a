"""e-4: the scenario results matrix, items × scenario × horizon (IFRS S2 ¶22(a)).

Two views of the same grid of cells: the mean annual amount (e-4a) and the rating band
(e-4b). Rows are an item's own horizons; totals close e-4a so that risks and opportunities
can be read against each other.
"""

from __future__ import annotations

from climrisk.disclosure.context import Context
from climrisk.disclosure.labels import label, words
from climrisk.disclosure.table import Cell, Column, Comparable, Table, Tagged, code
from climrisk.disclosure.units import money_decimals, money_scale, money_unit


def _columns(ctx: Context, numeric: bool) -> tuple[Column, ...]:
    unit = money_unit(ctx.register) if numeric else None
    return (
        Column("id", label("col.id")),
        Column("title", label("col.title")),
        Column("horizon", label("col.horizon")),
        *(Column(s, ctx.scenario_label(s), unit, numeric=numeric) for s in ctx.effects.scenarios),
    )


PERIOD_FROM = 3
"""The scenario columns, after id, title and horizon, belong to a period."""


def _comparable(rows: list[tuple[str, str]]) -> Comparable:
    return Comparable(tuple(f"{i}/{h}" for i, h in rows), PERIOD_FROM)


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

    def mean(i: str, s: str, h: str) -> Cell:
        return ctx.book.cell(
            effects.amount(i, s, h),
            cid=f"e-4a/{i}/{h}/{s}",
            table="e-4a",
            column=s,
            statistic="mean",
            scale=money_scale(ctx.register),
            decimals=money_decimals(ctx.register),
            items=[ctx.register.item(i)],
            scenarios=(s,),
            horizons=(h,),
        )

    keyed = _item_rows(ctx)
    rows: list[tuple[Cell, ...]] = [
        (
            code(i),
            words(ctx.register.item(i).title),
            ctx.horizon_name(h),
            *(mean(i, s, h) for s in effects.scenarios),
        )
        for i, h in keyed
    ]
    for risk, key in ((True, "row.total_risks"), (False, "row.total_opportunities")):
        members = [
            it
            for it in ctx.register.items
            if it.category.is_risk == risk and effects.has(it.id)
        ]
        name = "total-risks" if risk else "total-opportunities"
        keyed += [(name, h.id) for h in ctx.register.horizons]
        rows.extend(
            (
                None,
                label(key),
                ctx.horizon_name(h.id),
                *(
                    ctx.book.cell(
                        effects.total(risk, s, h.id),
                        cid=f"e-4a/{name}/{h.id}/{s}",
                        table="e-4a",
                        column=s,
                        statistic="mean",
                        scale=money_scale(ctx.register),
                        decimals=money_decimals(ctx.register),
                        items=members,
                        scenarios=(s,),
                        horizons=(h.id,),
                    )
                    for s in effects.scenarios
                ),
            )
            for h in ctx.register.horizons
        )
    notes = (label("note.e-4.mean"),)
    return Table("e-4a", "scenario-results", label("table.e-4a"), _columns(ctx, True),
                 tuple(rows), notes, _comparable(keyed))


def scenario_uncertainty_table(ctx: Context) -> Table:
    """5th to 95th percentile of each item within each scenario: what the estimates cause."""
    rows = tuple(
        (
            code(i),
            words(ctx.register.item(i).title),
            ctx.horizon_name(h),
            *(
                ctx.book.cell(
                    ctx.effects.span(i, [h], scenarios=[s], low="p5", high="p95"),
                    cid=f"e-4d/{i}/{h}/{s}",
                    table="e-4d",
                    column=s,
                    statistic="p5-p95",
                    scale=money_scale(ctx.register),
                    decimals=money_decimals(ctx.register),
                    items=[ctx.register.item(i)],
                    scenarios=(s,),
                    horizons=(h,),
                )
                for s in ctx.effects.scenarios
            ),
        )
        for i, h in _item_rows(ctx)
    )
    return Table(
        "e-4d",
        "scenario-uncertainty",
        label("table.e-4d"),
        _columns(ctx, True),
        rows,
        (label("note.e-4d.range"),),
        _comparable(_item_rows(ctx)),
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
        _comparable(_item_rows(ctx)),
    )
