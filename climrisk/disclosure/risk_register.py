"""e-1: the risk and opportunity table, in the report's columns plus rating and range.

The report's published table has category, impact on business and value chain, potential
financial impact, horizon and responses (IFRS S2 ¶10, ¶13, ¶14); the modelled rating and the
quantified range are what scenario analysis adds to it.
"""

from __future__ import annotations

from climrisk.disclosure.context import Context, category_words, listed
from climrisk.disclosure.exposure import not_exposed_notes
from climrisk.disclosure.labels import Words, join, label, same, words
from climrisk.disclosure.reconciliation import assess
from climrisk.disclosure.table import Cell, Column, Table, Tagged, code
from climrisk.disclosure.units import money_decimals, money_scale, money_unit
from climrisk.register.models import Item


def risk_register_table(ctx: Context) -> Table:
    """One row per risk or opportunity, in register order."""
    columns = (
        Column("id", label("col.id")),
        Column("category", label("col.category")),
        Column("title", label("col.title")),
        Column("impact", label("col.impact")),
        Column("value_chain", label("col.value_chain")),
        Column("financial_impact", label("col.financial_impact")),
        Column("horizons", label("col.horizons")),
        Column("level", label("col.level_reconciled")),
        Column("rating_basis", label("col.rating_basis")),
        Column("range", label("col.quantified_range"), money_unit(ctx.register), numeric=True),
        Column("responses", label("col.responses")),
    )
    rows = tuple(_row(ctx, item) for item in ctx.register.items)
    return Table(
        "e-1",
        "risks-opportunities",
        label("table.e-1"),
        columns,
        rows,
        (label("note.e-1.rating"), label("note.e-1.range"), *not_exposed_notes(ctx)),
    )


def _row(ctx: Context, item: Item) -> tuple[Cell, ...]:
    horizons = ctx.item_horizons(item)
    level, basis = rating_cells(ctx, item)
    return (
        code(item.id),
        category_words(ctx.register, item),
        words(item.title),
        words(item.description),
        listed([s.value for s in item.value_chain], "value_chain"),
        words(item.financial_impact),
        join([ctx.horizon_name(h) for h in horizons]),
        level,
        basis,
        label("exposure.none")
        if ctx.effects.not_exposed(item.id)
        else ctx.book.cell(
            ctx.effects.span(item.id, horizons),
            cid=f"e-1/{item.id}",
            table="e-1",
            column="range",
            statistic="scenario-means",
            scale=money_scale(ctx.register),
            decimals=money_decimals(ctx.register),
            items=[item],
            scenarios=tuple(ctx.effects.scenarios),
            horizons=tuple(horizons),
        ),
        _responses(item),
    )


def rating_cells(ctx: Context, item: Item) -> tuple[Tagged | None, Words | None]:
    """The published (reconciled) level and the words that say where it comes from."""
    a = assess(ctx.register, ctx.effects, item)
    bands = {b.id: words(b.label) for b in ctx.register.main.scales.bands}
    if a.level is None:
        return None, None
    level = Tagged(bands[a.level], f"band-{a.level}")
    model = None
    if a.model is not None:
        key = "fmt.rating_override" if a.model.overridden else "fmt.rating_at"
        model = label(key).format(
            band=bands[a.model.band],
            likelihood=str(a.model.likelihood),
            magnitude=str(a.model.magnitude),
            scenario=ctx.scenario_label(a.scenario or ""),
            horizon=ctx.horizon_name(a.horizon or ""),
        )
    r = a.reconciliation
    values = {"model": model, "management": bands[a.management] if a.management else None}
    if r is not None:
        values |= {"why": words(r.explanation), "by": same(r.by), "on": same(r.on.isoformat())}
    return level, label(f"basis.{a.basis}").format(
        **{k: v for k, v in values.items() if v is not None}
    )


def _responses(item: Item) -> Words | None:
    if not item.responses:
        return None
    parts = [
        label("fmt.response").format(
            action=words(r.action), status=label(f"status.{r.status.value}")
        )
        for r in item.responses
    ]
    return join(parts, label("sep.items"))
