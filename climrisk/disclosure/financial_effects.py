"""e-2: current and anticipated financial effects per item and channel (IFRS S2 ¶15–21).

Each row is one item landing in one channel (a statement line item). Anticipated effects
are ranges per horizon from the engine; where no model quantifies the row, the cell stays
empty and the ¶19–21 reason says why.
"""

from __future__ import annotations

from climrisk.disclosure.context import Context
from climrisk.disclosure.exposure import backtest_notes, not_exposed_notes
from climrisk.disclosure.labels import Words, join, label, words
from climrisk.disclosure.table import Cell, Column, Comparable, Table, code
from climrisk.disclosure.units import money_decimals, money_scale, money_unit
from climrisk.register.models import Channel, Item


def financial_effects_table(ctx: Context) -> Table:
    """Rows item × channel; one anticipated-range column per register horizon."""
    unit = money_unit(ctx.register)
    columns = (
        Column("id", label("col.id")),
        Column("title", label("col.title")),
        Column("effect", label("col.effect")),
        Column("tcfd_category", label("col.tcfd_category")),
        Column("statement", label("col.statement")),
        Column("line_item", label("col.line_item")),
        Column("current", label("col.current_effect"), unit, numeric=True),
        *(
            Column(
                f"anticipated_{h.id}",
                label("col.anticipated").format(horizon=words(h.name)),
                unit,
                numeric=True,
            )
            for h in ctx.register.horizons
        ),
        Column("basis", label("col.basis")),
        Column("quantified", label("col.quantified")),
    )
    channels = {c.id: c for c in ctx.register.main.channels}
    rows = tuple(_row(ctx, item, channels[c]) for item in ctx.register.items for c in item.channels)
    modelled = any(
        ctx.effects.current_span(item.id, c) is not None
        for item in ctx.register.items
        for c in item.channels
    )
    current = ctx.register.main.narrative.current_financial_effects
    notes = (
        label("note.e-2.range"),
        *((label("note.e-2.current_model"),) if modelled else ()),
        *not_exposed_notes(ctx),
        *backtest_notes(ctx),
        *(() if current is None else (label("note.e-2.current").format(text=words(current)),)),
    )
    keys = tuple(f"{item.id}/{c}" for item in ctx.register.items for c in item.channels)
    # id, title, effect, TCFD category, statement and line item name the row; the amounts,
    # basis and status from "current" on belong to a period.
    return Table("e-2", "financial-effects", label("table.e-2"), columns, rows, notes,
                 Comparable(keys, 6))


def _row(ctx: Context, item: Item, channel: Channel) -> tuple[Cell, ...]:
    models = [q.model for q in item.quantification if q.channel == channel.id]
    horizons = ctx.item_horizons(item)
    unexposed = bool(models) and ctx.effects.not_exposed(item.id)
    ranges: list[Cell] = [
        None
        if not models or h.id not in horizons
        else label("exposure.none")
        if unexposed
        else ctx.book.cell(
            ctx.effects.span(item.id, [h.id], channel.id),
            cid=f"e-2/{item.id}/{channel.id}/{h.id}",
            table="e-2",
            column=f"anticipated_{h.id}",
            statistic="scenario-means",
            scale=money_scale(ctx.register),
            decimals=money_decimals(ctx.register),
            items=[item],
            channel=channel.id,
            scenarios=tuple(ctx.effects.scenarios),
            horizons=(h.id,),
        )
        for h in ctx.register.horizons
    ]
    quantified = not unexposed and any(r is not None for r in ranges)
    return (
        code(item.id),
        words(item.title),
        label("effect.cost" if item.category.is_risk else "effect.benefit"),
        label(f"tcfd.{channel.tcfd_category.value}"),
        label(f"statement.{channel.statement.value}"),
        words(channel.line_item),
        _current(ctx, item, channel),
        *ranges,
        join([label(f"model.{m}") for m in models]) if models else None,
        label("quantified.yes") if quantified else _reason(item, unexposed),
    )


def _current(ctx: Context, item: Item, channel: Channel) -> Cell:
    """The models' reporting-year amount where a recurring-cost model applies, else the
    qualitative note (event-driven and scenario effects have no current-period amount)."""
    span = ctx.effects.current_span(item.id, channel.id)
    if span is None:
        return label("current.qualitative")
    return ctx.book.cell(
        span,
        cid=f"e-2/{item.id}/{channel.id}/current",
        table="e-2",
        column="current",
        statistic="current-p5-p95",
        scale=money_scale(ctx.register),
        decimals=money_decimals(ctx.register),
        items=[item],
        channel=channel.id,
    )


def _reason(item: Item, unexposed: bool = False) -> Words:
    if unexposed:
        return label("quantified.not_exposed")
    if item.not_quantified is not None:
        return label("fmt.not_quantified").format(
            reason=label(f"reason.{item.not_quantified.value}")
        )
    return label("quantified.not_modelled")
