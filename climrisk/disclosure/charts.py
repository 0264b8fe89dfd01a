"""The charts of the disclosure, as data: scenario results and the GHG trend.

A chart holds its numbers and bilingual labels only; ``formats.svg`` draws it, so every
format and language shows the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from climrisk.disclosure.context import Context
from climrisk.disclosure.ghg import scope3_total
from climrisk.disclosure.labels import Words, label, same
from climrisk.disclosure.units import MONEY_SCALE, money_unit


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
            tuple(effects.total(risk, s, h.id) / MONEY_SCALE for s in effects.scenarios),
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
