"""e-4p: the present value of each item's effect over its horizons, at the register's rate.

The engine gives each horizon's mean annual effect at the horizon's analysis year. Held flat
over the horizon's years and discounted to the end of the reporting period, that amount has
the present value ``annual × Σ (1 + r)^-n``, n = the horizon's years after the reporting year.
The rate is the register's ``valuation.discount_rate`` (or climrisk's default, said so).
"""

from __future__ import annotations

from climrisk.disclosure.context import Context
from climrisk.disclosure.labels import Words, label, same, words
from climrisk.disclosure.table import Cell, Column, Comparable, Number, Table, code
from climrisk.disclosure.units import money_decimals, money_scale, money_total_unit
from climrisk.register.models import Register


def rate_basis(register: Register) -> Words:
    """Where the discount rate comes from: the register's basis, or that it is the default."""
    basis = register.main.valuation.discount_rate_basis
    return label("valuation.default_rate_basis") if basis is None else words(basis)


def present_value_table(ctx: Context) -> Table:
    """Present value of each quantified item's mean effect, per horizon and scenario."""
    ds = ctx.effects.dataset
    factor = {str(h): float(f) for h, f in zip(ds["horizon"].values, ds["annuity_factor"].values,
                                               strict=True)}
    years = {str(h): same(f"{int(a)}–{int(b)}") for h, a, b in zip(
        ds["horizon"].values, ds["pv_first_year"].values, ds["pv_last_year"].values, strict=True)}

    def pv(item_id: str, s: str, h: str) -> Cell:
        annual = ctx.effects.amount(item_id, s, h)
        return ctx.book.cell(
            None if annual is None else annual * factor[h],
            cid=f"e-4p/{item_id}/{h}/{s}",
            table="e-4p",
            column=s,
            statistic="present-value",
            scale=money_scale(ctx.register),
            decimals=money_decimals(ctx.register),
            items=[ctx.register.item(item_id)],
            scenarios=(s,),
            horizons=(h,),
            unit=money_total_unit(ctx.register).en,
        )

    columns = (
        Column("id", label("col.id")),
        Column("title", label("col.title")),
        Column("horizon", label("col.horizon")),
        Column("years", label("col.pv_years")),
        Column("factor", label("col.annuity_factor"), numeric=True),
        *(Column(s, ctx.scenario_label(s), money_total_unit(ctx.register), numeric=True)
          for s in ctx.effects.scenarios),
    )
    keyed = [(item.id, h) for item in ctx.register.items if ctx.effects.has(item.id)
             for h in ctx.item_horizons(item)]
    rows = tuple(
        (
            code(item.id),
            words(item.title),
            ctx.horizon_name(h),
            years[h],
            Number(factor[h], 3),
            *(pv(item.id, s, h) for s in ctx.effects.scenarios),
        )
        for item in ctx.register.items
        if ctx.effects.has(item.id)
        for h in ctx.item_horizons(item)
    )
    valuation = ctx.register.main.valuation
    notes = (
        label("note.e-4p.method").format(rate=same(f"{valuation.rate:.1%}"),
                                         basis=rate_basis(ctx.register)),
        label("note.e-4p.estimate"),
    )
    comparable = Comparable(tuple(f"{i}/{h}" for i, h in keyed), 3)  # years onwards: per period
    return Table("e-4p", "present-values", label("table.e-4p"), columns, rows, notes, comparable)
