"""e-3: the scenarios analysed, from the grid's scenario coordinates and the register's choice.

IFRS S2 ¶22(b)(i) asks for the scenarios and their sources, whether they are physical or
transition, whether one is aligned with the Paris Agreement, why each is relevant, the
horizons and the scope; the warming and carbon-price columns come from the grid itself.
"""

from __future__ import annotations

import xarray as xr

from climrisk.disclosure.context import Context
from climrisk.disclosure.labels import Words, join, label, same, words
from climrisk.disclosure.table import Cell, Column, Number, Span, Table, code

PARIS_LIMIT_K = 2.0  # Paris Agreement Art. 2.1(a): well below 2 °C above pre-industrial
WARMING_DECIMALS = 1
PRICE_DECIMALS = 0
MEDIAN, LOW_Q, HIGH_Q = 0.5, 0.05, 0.95


def scenario_definitions_table(ctx: Context) -> Table:
    """One row per scenario the register analyses."""
    grid = ctx.grid
    final_year = int(grid["year"].max())
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
            label("col.warming").format(year=str(final_year)),
            label("unit.kelvin"),
            numeric=True,
        ),
        Column("warming_range", label("col.warming_range"), label("unit.kelvin"), numeric=True),
        Column("paris", label("col.paris_aligned")),
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
    rows = tuple(
        _row(ctx, s.id, words(s.why), final_year)
        for s in analysis.scenarios
        if s.id in grid["scenario"].values
    )
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
        label("note.e-3.paris").format(limit=f"{PARIS_LIMIT_K:.1f}"),
    )
    return Table("e-3", "scenario-definitions", label("table.e-3"), columns, rows, notes)


def _row(ctx: Context, scenario: str, why: Words, final_year: int) -> tuple[Cell, ...]:
    grid = ctx.grid.sel(scenario=scenario)
    warming = _gsat(grid, final_year)
    prices = [_price(grid, h.analysis_year) for h in ctx.register.horizons]
    return (
        code(scenario),
        ctx.scenario_label(scenario),
        same(_coord(grid, "scenario_family")),
        label(f"scenario_type.{_coord(grid, 'scenario_type')}"),
        same(_source(grid)),
        None if warming is None else Number(warming[1], WARMING_DECIMALS),
        None if warming is None else Span(warming[0], warming[2], WARMING_DECIMALS),
        None if warming is None else label("yes" if is_paris_aligned(ctx.grid, scenario) else "no"),
        *prices,
        why,
    )


def is_paris_aligned(grid: xr.Dataset, scenario: str) -> bool:
    """Whether the scenario's median warming at the grid's last year stays below the limit."""
    final = _gsat(grid.sel(scenario=scenario), int(grid["year"].max()))
    return final is not None and final[1] <= PARIS_LIMIT_K


def _gsat(grid: xr.Dataset, year: int) -> tuple[float, float, float] | None:
    if "gsat" not in grid:
        return None
    gsat = grid["gsat"].sel(year=year)
    return tuple(float(gsat.sel(quantile=q)) for q in (LOW_Q, MEDIAN, HIGH_Q))  # type: ignore[return-value]


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
