"""Climate resilience (IFRS S2 ¶22(a)): what the analysis concludes, per scenario.

The summary sentence is computed from the results, so the disclosure states the conclusion
the analysis supports; management's own statement follows it, labelled as such. Table e-4r
gives, per scenario, the modelled totals as a share of revenue next to management's
conclusion on implications, uncertainties and capacity to adjust (¶22(a)(i)–(iii)).
"""

from __future__ import annotations

from climrisk.disclosure.context import Context
from climrisk.disclosure.labels import Words, label, same, words
from climrisk.disclosure.table import Cell, Column, Comparable, Table

PERCENT = 100
PERCENT_DECIMALS = 2


def _share(ctx: Context, risk: bool, scenario: str, horizon: str) -> float | None:
    revenue = ctx.register.latest_metrics.revenue_million * 1e6
    if not revenue:
        return None
    return ctx.effects.total(risk, scenario, horizon) / revenue * PERCENT


def resilience_summary(ctx: Context) -> Words:
    """One sentence: modelled risks and opportunities against revenue at the last horizon."""
    horizon = ctx.register.horizons[-1]
    scenarios = ctx.effects.scenarios
    risks = {s: _share(ctx, True, s, horizon.id) or 0.0 for s in scenarios}
    opps = {s: _share(ctx, False, s, horizon.id) or 0.0 for s in scenarios}
    worst = max(risks, key=lambda s: risks[s])
    high = [
        i.id
        for i in ctx.register.items
        if (r := ctx.effects.worst_rating(i.id, ctx.item_horizons(i))) and r.band == _top(ctx)
    ]
    return label("para.resilience_model").format(
        horizon=words(horizon.name),
        low=f"{min(risks.values()):.{PERCENT_DECIMALS}f}",
        high=f"{max(risks.values()):.{PERCENT_DECIMALS}f}",
        scenario=ctx.scenario_label(worst),
        olow=f"{min(opps.values()):.{PERCENT_DECIMALS}f}",
        ohigh=f"{max(opps.values()):.{PERCENT_DECIMALS}f}",
        items=same(", ".join(high) if high else "—"),
        band=words(next(b.label for b in ctx.register.main.scales.bands if b.id == _top(ctx))),
    )


def _top(ctx: Context) -> str:
    return max(ctx.register.main.scales.bands, key=lambda b: b.min_score).id


def resilience_table(ctx: Context) -> Table:
    """Per scenario: modelled totals per horizon as % of revenue, and management's conclusion."""
    horizons = ctx.register.horizons
    risk_items = [i for i in ctx.register.items if i.category.is_risk and ctx.effects.has(i.id)]
    columns = (
        Column("scenario", label("col.scenario")),
        *(
            Column(
                f"risks_{h.id}",
                label("col.risks_share").format(horizon=words(h.name)),
                label("unit.percent"),
                numeric=True,
            )
            for h in horizons
        ),
        Column("implications", label("col.implications")),
        Column("uncertainties", label("col.uncertainties")),
        Column("capacity", label("col.capacity_to_adjust")),
        Column("approved", label("col.approved")),
    )
    revenue = ctx.register.latest_metrics.revenue_million * 1e6
    rows: list[tuple[Cell, ...]] = []
    keys: list[str] = []
    for choice in ctx.register.main.scenario_analysis.scenarios:
        if choice.id not in ctx.effects.scenarios:
            continue
        keys.append(choice.id)
        c = choice.conclusion
        shares = [
            ctx.book.cell(
                ctx.effects.total(True, choice.id, h.id) if revenue else None,
                cid=f"e-4r/{choice.id}/{h.id}",
                table="e-4r",
                column=f"risks_{h.id}",
                statistic="mean",
                scale=revenue / PERCENT if revenue else 1.0,
                decimals=PERCENT_DECIMALS,
                items=risk_items,
                scenarios=(choice.id,),
                horizons=(h.id,),
                unit="% of revenue",
            )
            for h in horizons
        ]
        rows.append(
            (
                ctx.scenario_label(choice.id),
                *shares,
                words(c.implications) if c else label("resilience.none"),
                words(c.uncertainties) if c else None,
                words(c.capacity_to_adjust) if c else None,
                same(f"{c.approved_by}, {c.approved_on.isoformat()}") if c else None,
            )
        )
    return Table(
        "e-4r",
        "resilience",
        label("table.e-4r"),
        columns,
        tuple(rows),
        (label("note.e-4r.shares"),),
        # the scenario names the row; its shares and management's conclusion are per period
        Comparable(tuple(keys), 1),
    )
