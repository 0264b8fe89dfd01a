"""e-5b and e-5c: cross-industry metrics, IFRS S2 ¶29(b)–(g).

(b)–(d) come from the engine (assets and revenue vulnerable to transition and physical risk,
or aligned with opportunities, at the register's materiality thresholds), one range across
scenarios per horizon; (e)–(g) come from the register, which explains any figure it lacks.
"""

from __future__ import annotations

from climrisk.disclosure.context import Context
from climrisk.disclosure.labels import label, same, words
from climrisk.disclosure.table import Cell, Column, Comparable, Number, Table, num
from climrisk.disclosure.units import money_decimals, money_scale, money_total_unit

PERCENT = 100
PERCENT_DECIMALS = 1
PRICE_DECIMALS = 2
ENGINE_CATEGORIES = {"transition": "29(b)", "physical": "29(c)", "opportunity": "29(d)"}
BASES = ("assets", "revenue")


def vulnerability_table(ctx: Context) -> Table:
    """29(b)–(d): one row per category and basis; amount and percent ranges per horizon."""
    total_unit = money_total_unit(ctx.register)
    columns = [
        Column("paragraph", label("col.ifrs_s2")),
        Column("metric", label("col.metric")),
        Column("basis", label("col.denominator")),
    ]
    for h in ctx.register.horizons:
        columns.append(
            Column(
                f"amount_{h.id}",
                label("col.amount_in").format(horizon=words(h.name)),
                total_unit,
                numeric=True,
            )
        )
        columns.append(
            Column(
                f"percent_{h.id}",
                label("col.percent_in").format(horizon=words(h.name)),
                label("unit.percent"),
                numeric=True,
            )
        )
    rows: list[tuple[Cell, ...]] = []
    keys: list[str] = []
    for category, paragraph in ENGINE_CATEGORIES.items():
        for basis in BASES:
            cells: list[Cell] = [
                same(paragraph),
                label(f"metric.{category}"),
                label(f"denominator.{basis}"),
            ]
            members = [
                it
                for it in ctx.register.items
                if it.category.kind == category and it.quantification
            ]
            for h in ctx.register.horizons:
                amount = ctx.effects.cross_industry(category, basis, "amount", h.id)
                share = ctx.effects.cross_industry(category, basis, "percent", h.id)
                cells.append(
                    ctx.book.cell(
                        amount,
                        cid=f"e-5b/{category}/{basis}/{h.id}",
                        table="e-5b",
                        column=f"amount_{h.id}",
                        statistic="scenario-extremes",
                        scale=money_scale(ctx.register),
                        decimals=money_decimals(ctx.register),
                        items=members,
                        scenarios=tuple(ctx.effects.scenarios),
                        horizons=(h.id,),
                    )
                )
                cells.append(
                    ctx.book.cell(
                        share,
                        cid=f"e-5b/{category}/{basis}/{h.id}/percent",
                        table="e-5b",
                        column=f"percent_{h.id}",
                        statistic="scenario-extremes",
                        scale=1.0,
                        decimals=PERCENT_DECIMALS,
                        items=members,
                        scenarios=tuple(ctx.effects.scenarios),
                        horizons=(h.id,),
                        unit="%",
                    )
                )
            rows.append(tuple(cells))
            keys.append(f"{category}/{basis}")
    mat = ctx.register.main.materiality
    notes = (
        label("note.e-5b.range"),
        label("note.e-5b.thresholds").format(
            physical=f"{mat.physical_loss_share * PERCENT:g}",
            transition=f"{mat.transition_cost_share * PERCENT:g}",
        ),
        label("note.e-5b.opportunity").format(text=words(mat.opportunity_basis)),
    )
    return Table(
        "e-5b",
        "cross-industry-vulnerability",
        label("table.e-5b"),
        tuple(columns),
        tuple(rows),
        notes,
        Comparable(tuple(keys), 3),  # paragraph, metric and basis name the row
    )


def register_metrics_table(ctx: Context) -> Table:
    """29(e)–(g): capital deployment, internal carbon price and remuneration."""
    reg = ctx.register.main
    currency = reg.entity.currency
    columns = (
        Column("paragraph", label("col.ifrs_s2")),
        Column("metric", label("col.metric")),
        Column("value", label("col.value"), numeric=True),
        Column("unit", label("col.unit")),
        Column("explanation", label("col.explanation")),
    )
    capital, price, pay = reg.capital_deployment, reg.internal_carbon_price, reg.remuneration
    rows: tuple[tuple[Cell, ...], ...] = (
        (
            same("29(e)"),
            label("metric.capital_deployment"),
            None
            if capital.amount is None
            else Number(capital.amount / money_scale(ctx.register), money_decimals(ctx.register)),
            money_total_unit(ctx.register),
            words(capital.description),
        ),
        (
            same("29(f)"),
            label("metric.carbon_price"),
            num(price.price, PRICE_DECIMALS),
            label("unit.per_tonne").format(currency=currency),
            label("fmt.applied").format(
                applied=label("yes" if price.applied else "no"), text=words(price.explanation)
            ),
        ),
        (
            same("29(g)"),
            label("metric.remuneration"),
            None
            if pay.share_linked is None
            else Number(pay.share_linked * PERCENT, PERCENT_DECIMALS),
            label("unit.percent"),
            words(pay.description),
        ),
    )
    return Table("e-5c", "cross-industry-register", label("table.e-5c"), columns, rows)
