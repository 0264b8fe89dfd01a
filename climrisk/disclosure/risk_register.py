"""e-1: the risk and opportunity table, in the report's columns plus rating and range.

The report's published table has category, impact on business and value chain, potential
financial impact, horizon and responses (IFRS S2 ¶10, ¶13, ¶14); the modelled rating and the
quantified range are what scenario analysis adds to it.
"""

from __future__ import annotations

from climrisk.disclosure.context import Context, category_words, listed
from climrisk.disclosure.labels import Words, join, label, words
from climrisk.disclosure.table import Cell, Column, Table, Tagged, code
from climrisk.disclosure.units import money_span, money_unit
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
        Column("stated_level", label("col.stated_level")),
        Column("rating", label("col.rating")),
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
        (label("note.e-1.rating"), label("note.e-1.range")),
    )


def _row(ctx: Context, item: Item) -> tuple[Cell, ...]:
    horizons = ctx.item_horizons(item)
    stated = label(f"level.{item.stated_level}") if item.stated_level else None
    return (
        code(item.id),
        category_words(item),
        words(item.title),
        words(item.description),
        listed([s.value for s in item.value_chain], "value_chain"),
        words(item.financial_impact),
        join([ctx.horizon_name(h) for h in horizons]),
        stated,
        rating_cell(ctx, item, horizons),
        money_span(ctx.effects.span(item.id, horizons)),
        _responses(item),
    )


def rating_cell(ctx: Context, item: Item, horizons: list[str]) -> Tagged | None:
    """Worst band across scenarios and horizons, with its likelihood × magnitude."""
    rating = ctx.effects.worst_rating(item.id, horizons)
    if rating is None:
        return None
    band = next(b for b in ctx.register.main.scales.bands if b.id == rating.band)
    key = "fmt.rating_override" if rating.overridden else "fmt.rating"
    text = label(key).format(
        band=words(band.label), likelihood=str(rating.likelihood), magnitude=str(rating.magnitude)
    )
    return Tagged(text, f"band-{band.id}")


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
