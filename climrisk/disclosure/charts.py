"""The charts of the disclosure, as data: scenario results and the GHG trend.

A chart holds its numbers and bilingual labels only; ``formats.svg`` draws it, so every
format and language shows the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from climrisk.disclosure.context import Context
from climrisk.disclosure.ghg import scope3_total
from climrisk.disclosure.labels import Words, label, same
from climrisk.disclosure.units import money_scale, money_unit


@dataclass(frozen=True)
class Series:
    """One named series of values, one value per category."""

    name: Words
    values: tuple[float, ...]


@dataclass(frozen=True)
class BarChart:
    """Grouped (or stacked) vertical bars."""

    id: str
    title: Words
    unit: Words
    categories: tuple[Words, ...]
    series: tuple[Series, ...]
    stacked: bool = False


def scenario_chart(ctx: Context, risk: bool) -> BarChart:
    """Total mean annual risk cost (or opportunity benefit) per scenario, one bar per horizon."""
    effects = ctx.effects
    series = tuple(
        Series(
            ctx.horizon_name(h.id),
            tuple(effects.total(risk, s, h.id) / money_scale(ctx.register) for s in effects.scenarios),
        )
        for h in ctx.register.horizons
    )
    key = "chart.scenario_risks" if risk else "chart.scenario_opportunities"
    return BarChart(
        key.split(".")[1].replace("_", "-"),
        label(key),
        money_unit(ctx.register),
        tuple(ctx.scenario_label(s) for s in effects.scenarios),
        series,
    )


def ghg_chart(ctx: Context) -> BarChart:
    """Scope 1, 2 (location-based) and 3 by year, stacked."""
    years = sorted(ctx.register.metrics.years, key=lambda y: y.year)
    series = (
        Series(label("ghg.scope1"), tuple(y.ghg.scope1 for y in years)),
        Series(label("ghg.scope2_location"), tuple(y.ghg.scope2_location for y in years)),
        Series(label("ghg.scope3"), tuple(scope3_total(y.ghg) or 0.0 for y in years)),
    )
    return BarChart(
        "ghg-trend",
        label("chart.ghg_trend"),
        label("unit.tco2e"),
        tuple(same(str(y.year)) for y in years),
        series,
        stacked=True,
    )


SENSITIVITY_FACTORS = 6
"""Inputs a sensitivity chart shows: the most influential by their largest total index."""


def sensitivity_charts(ctx: Context) -> tuple[BarChart, ...]:
    """Per declared analysis, the total index of its most influential inputs per horizon."""
    ds = ctx.effects.dataset
    if "sens_index" not in ds:
        return ()
    from climrisk.sensitivity import QUANTILE

    charts = []
    for n, a in enumerate(ds["analysis"].values):
        sel = ds["sens_index"].sel(analysis=a)
        top = sel.fillna(0).max("horizon")
        order = [i for i in top.argsort().values[::-1] if float(top.values[i]) > 0]
        names = [str(sel["factor"].values[i]) for i in order[:SENSITIVITY_FACTORS]]
        if not names:
            continue
        title = label("chart.sensitivity").format(
            output=same(str(ds["sens_output"].sel(analysis=a).values)),
            scenario=ctx.scenario_label(str(ds["sens_scenario"].sel(analysis=a).values)),
        )
        series = tuple(
            Series(ctx.horizon_name(h.id),
                   tuple(float(sel.sel(horizon=h.id, factor=f).fillna(0)) for f in names))
            for h in ctx.register.horizons
        )
        categories = tuple(label("factor.climate_quantile_short") if f == QUANTILE else same(f)
                           for f in names)
        charts.append(BarChart(f"sensitivity-{n + 1}", title, label("unit.variance_share"),
                               categories, series))
    return tuple(charts)
