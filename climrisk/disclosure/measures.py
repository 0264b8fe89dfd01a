"""e-8 and e-9: the quantified transition plan and resilience (IFRS S2 ¶14(a), ¶22) and what
drives the numbers (measurement uncertainty).

e-8a lists each response measure: status, owner, what it answers, its cost and the range of
its net present value, benefit-cost ratio and payback year across the scenarios. e-8b shows
each measure set per scenario: the annual loss it avoids at each horizon, the risk left after
it, and its NPV. e-9 ranks the inputs behind the register's chosen outputs by their total
Sobol index (or Morris μ*).
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import xarray as xr

from climrisk.disclosure.context import Context
from climrisk.disclosure.labels import Words, join, label, same, words
from climrisk.disclosure.present_value import rate_basis
from climrisk.disclosure.table import Cell, Column, Number, Span, Table, code, num
from climrisk.disclosure.units import money_decimals, money_scale, money_total_unit, money_unit
from climrisk.register.measures import Measure

RATIO_DECIMALS = 2
INDEX_DECIMALS = 3
TOP_FACTORS = 3


def _span(values: np.ndarray, decimals: int, scale: float = 1.0,
          estimate: bool = False) -> Span | None:
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return None
    return Span(float(finite.min()) / scale, float(finite.max()) / scale, decimals,
                estimate=estimate)


def _money(
    ctx: Context,
    value: float | tuple[float, float] | None,
    cid: str,
    items: list[str],
    estimate: bool,
    **where: object,
) -> Number | Span | None:
    """A money cell with its evidence (the inputs of the items the amount is built from),
    marked as an estimate also when the measure's cost is one."""
    known = {i.id for i in ctx.register.items}
    table, column = cid.split("/")[0], cid.split("/")[-1]
    cell = ctx.book.cell(
        value, cid=cid, table=table, column=column, statistic=str(where.pop("statistic", "mean")),
        scale=money_scale(ctx.register), decimals=money_decimals(ctx.register),
        items=[ctx.register.item(i) for i in items if i in known], **where,  # type: ignore[arg-type]
    )
    if cell is not None and estimate and not cell.estimate:
        cell = replace(cell, estimate=True)
    return cell


def measures_table(ctx: Context) -> Table | None:
    """One row per measure: what it is, what it costs, what it buys across the scenarios."""
    book = ctx.register.measures
    ds = ctx.effects.dataset
    if book is None or not book.measures or "npv" not in ds:
        return None
    total = money_total_unit(ctx.register)
    columns = (
        Column("id", label("col.id")),
        Column("measure", label("col.response_measure")),
        Column("status", label("col.status")),
        Column("owner", label("col.owner")),
        Column("answers", label("col.answers")),
        Column("in_effect", label("col.in_effect")),
        Column("capex", label("col.capex"), total, numeric=True),
        Column("opex", label("col.opex"), money_unit(ctx.register), numeric=True),
        Column("cost_basis", label("col.cost_basis")),
        Column("npv", label("col.npv_range"), total, numeric=True),
        Column("bcr", label("col.bcr_range"), numeric=True),
        Column("payback", label("col.payback_range")),
    )
    rows = tuple(_measure_row(ctx, ds, m) for m in book.measures)
    notes = (
        label("note.e-8.method").format(
            rate=same(f"{ctx.register.main.valuation.rate:.1%}"),
            basis=rate_basis(ctx.register),
            samples=same(str(ds.attrs.get("appraisal_samples", ""))),
            seed=same(str(ds.attrs.get("appraisal_seed", ""))),
        ),
        label("note.e-8.estimate"),
    )
    return Table("e-8a", "measures", label("table.e-8a"), columns, rows, notes)


def _measure_row(ctx: Context, ds: xr.Dataset, m: Measure) -> tuple[Cell, ...]:
    npv = ds["npv"].sel(option=m.id, stat="mean").values
    bcr = ds["bcr"].sel(option=m.id).values
    years = ds["payback_year"].sel(option=m.id).values
    basis = words(m.cost.basis)
    est = m.cost.estimate
    if est:
        basis = label("fmt.estimate_basis").format(text=basis)
    return (
        code(m.id),
        words(m.name),
        label(f"status.{m.status.value}"),
        same(m.owner),
        same(", ".join(m.items)),
        same(f"{m.start_year}–{m.end_year}"),
        _money(ctx, sum(m.cost.capex.values()), f"e-8a/{m.id}/capex", m.items, est),
        _money(ctx, m.cost.opex_per_year, f"e-8a/{m.id}/opex", m.items, est),
        basis,
        _money(ctx, _range(npv), f"e-8a/{m.id}/npv", m.items, est),
        _span(np.where(np.isinf(bcr), np.nan, bcr), RATIO_DECIMALS, estimate=est),
        _payback(years),
    )


def _range(values: np.ndarray) -> tuple[float, float] | None:
    finite = values[np.isfinite(values)]
    return (float(finite.min()), float(finite.max())) if finite.size else None


def _payback(years: np.ndarray) -> Words:
    found = years[np.isfinite(years)]
    never = label("payback.never")
    if found.size == 0:
        return never
    first, last = int(found.min()), int(found.max())
    text = same(str(first) if first == last else f"{first}–{last}")
    if found.size < years.size:
        return join([text, label("payback.some_never")], label("sep.items"))
    return text


def measure_sets_table(ctx: Context) -> Table | None:
    """Rows set x scenario: loss avoided and risk left per horizon, NPV, BCR, payback."""
    book = ctx.register.measures
    ds = ctx.effects.dataset
    if book is None or not book.sets or "npv" not in ds:
        return None
    unit = money_unit(ctx.register)
    total = money_total_unit(ctx.register)
    horizons = ctx.register.horizons
    columns = (
        Column("set", label("col.measure_set")),
        Column("scenario", label("col.scenario")),
        *(Column(f"avoided_{h.id}", label("col.avoided").format(horizon=words(h.name)), unit,
                 numeric=True) for h in horizons),
        *(Column(f"residual_{h.id}", label("col.residual").format(horizon=words(h.name)), unit,
                 numeric=True) for h in horizons),
        Column("npv", label("col.npv"), total, numeric=True),
        Column("npv_range", label("col.npv_p5_p95"), total, numeric=True),
        Column("bcr", label("col.bcr"), numeric=True),
        Column("payback", label("col.payback")),
    )
    rows: list[tuple[Cell, ...]] = []
    risks = [i.id for i in ctx.register.items if i.category.kind != "opportunity"]
    for s in book.sets:
        answered = sorted({i for m in book.members(s) for i in m.items})
        for sc in ctx.effects.scenarios:
            at = {"option": s.id, "scenario": sc}
            npv = ds["npv"].sel(**at)
            year = float(ds["payback_year"].sel(**at))
            bcr = float(ds["bcr"].sel(**at))
            est = bool(ds["cost_is_estimate"].sel(option=s.id))
            rows.append((
                join([code(s.id), words(s.name)], same(" ")),
                ctx.scenario_label(sc),
                *(_money(ctx, float(ds["avoided"].sel(**at, horizon=h.id, stat="mean")),
                         f"e-8b/{s.id}/{sc}/avoided_{h.id}", answered, est,
                         scenarios=(sc,), horizons=(h.id,))
                  for h in horizons),
                *(_money(ctx, float(ds["residual_risk"].sel(**at, horizon=h.id, stat="mean")),
                         f"e-8b/{s.id}/{sc}/residual_{h.id}", risks, est,
                         scenarios=(sc,), horizons=(h.id,))
                  for h in horizons),
                _money(ctx, float(npv.sel(stat="mean")), f"e-8b/{s.id}/{sc}/npv", answered,
                       est, scenarios=(sc,)),
                _money(ctx, (float(npv.sel(stat="p5")), float(npv.sel(stat="p95"))),
                       f"e-8b/{s.id}/{sc}/npv_range", answered, est, scenarios=(sc,),
                       statistic="p5-p95"),
                Number(bcr, RATIO_DECIMALS, estimate=est) if math.isfinite(bcr) else None,
                same(str(int(year))) if math.isfinite(year) else label("payback.never"),
            ))
    members = tuple(
        label("note.e-8b.members").format(
            set=code(s.id), members=same(" → ".join(s.measures))
        )
        for s in book.sets
    )
    return Table("e-8b", "measure-sets", label("table.e-8b"), columns, tuple(rows),
                 (label("note.e-8b.method"), *members))


def sensitivity_table(ctx: Context) -> Table | None:
    """The most influential inputs of each declared analysis, per horizon."""
    ds = ctx.effects.dataset
    if "sens_index" not in ds:
        return None
    columns = (
        Column("output", label("col.output")),
        Column("scenario", label("col.scenario")),
        Column("horizon", label("col.horizon")),
        Column("rank", label("col.rank"), numeric=True),
        Column("factor", label("col.factor")),
        Column("first_order", label("col.first_order"), numeric=True),
        Column("first_order_conf", label("col.index_conf"), numeric=True),
        Column("total", label("col.total_index"), numeric=True),
        Column("total_conf", label("col.index_conf"), numeric=True),
        Column("design", label("col.design")),
    )
    rows: list[tuple[Cell, ...]] = []
    for a in ds["analysis"].values:
        sel = ds.sel(analysis=a)
        method = str(sel["sens_method"].values)
        design = label("fmt.design").format(
            method=label(f"method.{method}"),
            samples=same(str(int(sel["sens_samples"]))),
            evaluations=same(str(int(sel["sens_evaluations"]))),
            seed=same(str(int(sel["sens_seed"]))),
        )
        for h in ctx.register.horizons:
            idx = sel["sens_index"].sel(horizon=h.id)
            order = np.argsort(-np.nan_to_num(idx.values, nan=-np.inf), kind="stable")
            # Inputs whose index rounds to zero explain nothing; the top one always shows.
            shown = [i for n, i in enumerate(order) if np.isfinite(idx.values[i])
                     and (n == 0 or round(float(idx.values[i]), INDEX_DECIMALS) > 0)]
            shown = shown[:TOP_FACTORS]
            for rank, i in enumerate(shown, start=1):
                f = str(idx["factor"].values[i])
                rows.append((
                    same(str(sel["sens_output"].values)),
                    ctx.scenario_label(str(sel["sens_scenario"].values)),
                    ctx.horizon_name(h.id),
                    Number(rank, 0),
                    _factor(f),
                    _index(sel, "sens_first", h.id, i),
                    _index(sel, "sens_first_conf", h.id, i),
                    Number(float(idx.values[i]), INDEX_DECIMALS),
                    _index(sel, "sens_index_conf", h.id, i),
                    design,
                ))
    return Table("e-9", "sensitivity", label("table.e-9"), columns, tuple(rows),
                 (label("note.e-9.method"),))


def _index(sel: xr.Dataset, name: str, horizon: str, i: int) -> Number | None:
    v = float(sel[name].sel(horizon=horizon).values[i])
    return num(v if math.isfinite(v) else None, INDEX_DECIMALS)


def _factor(name: str) -> Words:
    from climrisk.sensitivity import QUANTILE

    return label("factor.climate_quantile") if name == QUANTILE else code(name)
