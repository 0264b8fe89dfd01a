"""e-3: the scenarios analysed, from the grid's scenario coordinates and the register's choice.

IFRS S2 ¶22(b)(i) asks for the scenarios and their sources, whether they are physical or
transition, whether one is aligned with the Paris Agreement, why each is relevant, the
horizons and the scope; the warming and carbon-price columns come from the grid itself.

Warming is each scenario's own: the mean of the data's last twenty years (2081–2100, the
period AR6 reports "by 2100" for). A scenario whose data hold only its analogue's copy (an
NGFS scenario in the bundled default) shows none, and the row says which analogue its
variables come from, so no borrowed number reads as the scenario's own.
"""

from __future__ import annotations

import re

import numpy as np
import xarray as xr

from climrisk.disclosure.context import Context
from climrisk.disclosure.labels import Words, join, label, same, words
from climrisk.disclosure.table import Cell, Column, Number, Span, Table, code
from climrisk.errors import warn_input
from climrisk.grids.scenarios import borrowed_from
from climrisk.register.locate import MAIN, problem

PARIS_LIMIT_K = 2.0  # Paris Agreement Art. 2.1(a): well below 2 °C above pre-industrial
WARMING_DECIMALS = 1
PRICE_DECIMALS = 0
MEDIAN, LOW_Q, HIGH_Q = 0.5, 0.05, 0.95
PERIOD_YEARS = 20  # AR6 reports end-of-century warming as the 2081-2100 mean
RATIONALE_TOLERANCE_K = 0.15  # a quoted "about 2.7 °C" rounds to the table's one decimal
QUOTED_WARMING = re.compile(r"(\d+(?:\.\d+)?)\s*(?:°C|℃)")


def scenario_definitions_table(ctx: Context) -> Table:
    """One row per scenario the register analyses."""
    grid = ctx.grid
    period = warming_period(grid)
    price_unit = (
        same(str(grid["carbon_price"].attrs.get("units", ""))) if "carbon_price" in grid else None
    )
    columns = (
        Column("scenario", label("col.scenario")),
        Column("label", label("col.scenario_label")),
        Column("family", label("col.family")),
        Column("type", label("col.scenario_type")),
        Column("source", label("col.source")),
        Column(
            "warming",
            label("col.warming").format(start=str(period[0]), end=str(period[1])),
            label("unit.kelvin"),
            numeric=True,
        ),
        Column("warming_range", label("col.warming_range"), label("unit.kelvin"), numeric=True),
        Column("paris", label("col.paris_aligned")),
        Column("borrowed", label("col.borrowed")),
        *(
            Column(
                f"carbon_price_{h.id}",
                label("col.carbon_price").format(year=str(h.analysis_year)),
                price_unit,
                numeric=True,
            )
            for h in ctx.register.horizons
        ),
        Column("why", label("col.why")),
    )
    analysis = ctx.register.main.scenario_analysis
    chosen = [(i, s) for i, s in enumerate(analysis.scenarios) if s.id in grid["scenario"].values]
    for i, s in chosen:
        check_rationale(ctx, i, s.id, s.why, own_warming(grid, s.id, period))
    rows = tuple(_row(ctx, s.id, words(s.why), period) for _, s in chosen)
    horizons = join(
        [
            label("fmt.horizon_year").format(name=words(h.name), year=str(h.analysis_year))
            for h in ctx.register.horizons
        ]
    )
    notes = (
        label("note.e-3.horizons").format(horizons=horizons),
        label("note.e-3.scope").format(text=words(analysis.scope)),
        label("note.e-3.sources").format(text=words(analysis.sources)),
        label("note.e-3.carried_out").format(date=analysis.carried_out.isoformat()),
        label("note.e-3.warming").format(start=str(period[0]), end=str(period[1])),
        label("note.e-3.paris").format(limit=f"{PARIS_LIMIT_K:.1f}"),
        label("note.e-3.borrowed"),
    )
    return Table("e-3", "scenario-definitions", label("table.e-3"), columns, rows, notes)


def _row(ctx: Context, scenario: str, why: Words, period: tuple[int, int]) -> tuple[Cell, ...]:
    grid = ctx.grid.sel(scenario=scenario)
    warming = own_warming(ctx.grid, scenario, period)
    prices = [_price(grid, h.analysis_year) for h in ctx.register.horizons]
    paris = label("not_determined") if warming is None else \
        label("yes" if warming[1] <= PARIS_LIMIT_K else "no")
    return (
        code(scenario),
        ctx.scenario_label(scenario),
        same(_coord(grid, "scenario_family")),
        label(f"scenario_type.{_coord(grid, 'scenario_type')}"),
        same(_source(grid)),
        None if warming is None else Number(warming[1], WARMING_DECIMALS),
        None if warming is None else Span(warming[0], warming[2], WARMING_DECIMALS),
        paris,
        _borrowed(ctx, scenario),
        *prices,
        why,
    )


def warming_period(grid: xr.Dataset) -> tuple[int, int]:
    """The data's last ``PERIOD_YEARS`` years, over which end-of-century warming is read."""
    final_year = int(grid["year"].max())
    return max(int(grid["year"].min()), final_year - PERIOD_YEARS + 1), final_year


def is_paris_aligned(grid: xr.Dataset, scenario: str) -> bool:
    """Whether the scenario's own median warming stays within the Paris limit."""
    warming = own_warming(grid, scenario, warming_period(grid))
    return warming is not None and warming[1] <= PARIS_LIMIT_K


def own_warming(grid: xr.Dataset, scenario: str,
                period: tuple[int, int]) -> tuple[float, float, float] | None:
    """The scenario's own GSAT over ``period`` (5 %, median, 95 %), ``None`` when the data
    hold none or only a copy of its analogue's."""
    if "gsat" not in grid or borrowed_from(grid["gsat"].attrs, scenario):
        return None
    gsat = grid["gsat"].sel(scenario=scenario, year=slice(*period)).mean("year")
    values = tuple(float(gsat.sel(quantile=q)) for q in (LOW_Q, MEDIAN, HIGH_Q))
    return None if not np.isfinite(values).all() else values  # type: ignore[return-value]


def check_rationale(ctx: Context, index: int, scenario: str, why: object,
                    warming: tuple[float, float, float] | None) -> None:
    """Warn where a scenario's stated reason quotes an end-of-century warming the data do
    not give, so the text and the table's numbers agree."""
    for lang, text in (("en", getattr(why, "en", "")), ("zh-Hant", getattr(why, "zh_hant", ""))):
        if "2100" not in text:
            continue
        for quoted in (float(m) for m in QUOTED_WARMING.findall(text)):
            if warming is not None and abs(quoted - warming[1]) <= RATIONALE_TOLERANCE_K:
                continue
            found = "no warming of its own" if warming is None else \
                f"{warming[1]:.{WARMING_DECIMALS}f} °C"
            warn_input(problem(
                ctx.register, MAIN, ("scenario_analysis", "scenarios", index, "why", lang),
                f"scenario {scenario}: the reason quotes {quoted:g} °C by 2100, the scenario "
                f"data give {found} (table e-3)",
                "make the text agree with the data, or import the scenario's own warming"))


def _borrowed(ctx: Context, scenario: str) -> Words:
    """Which analogue the scenario's physical or transition variables come from."""
    grid = ctx.grid
    parts = []
    for key, kind in (("physical_analogue", "physical"), ("transition_analogue", "transition")):
        if key not in grid.coords:
            continue
        other = str(grid[key].sel(scenario=scenario).item())
        if other != scenario:
            parts.append(label(f"borrowed.{kind}").format(analogue=ctx.scenario_label(other)))
    return join(parts, label("sep.items")) if parts else label("borrowed.none")


def _price(grid: xr.Dataset, year: int) -> Number | None:
    if "carbon_price" not in grid or year not in grid["year"].values:
        return None
    return Number(float(grid["carbon_price"].sel(year=year)), PRICE_DECIMALS)


def _coord(grid: xr.Dataset, name: str) -> str:
    return str(grid[name].item()) if name in grid.coords else ""


def _source(grid: xr.Dataset) -> str:
    """Sources of the variables that define the scenario's kind (physical or transition)."""
    kind = _coord(grid, "scenario_type")
    names = ("gsat",) if kind == "physical" else ("carbon_price",)
    sources = [str(grid[n].attrs.get("climrisk_source", "")) for n in names if n in grid]
    return "; ".join(s for s in sources if s) or str(grid.attrs.get("source", ""))
